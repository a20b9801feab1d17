#include "app/gui/compare/comparisonsetup.h"

#include "app/gui/simulationdocument.h"
#include "patterns/module/patterncatalog.h"
#include "simulation/scenario/faultwriter.h"

#include <QCoreApplication>

namespace dplab {

namespace {

using Json = nlohmann::ordered_json;

QString tr(const char *text)
{
    return QCoreApplication::translate("ComparisonSetup", text);
}

QString readable(const std::string &key)
{
    return QString::fromStdString(key).replace(QLatin1Char('_'), QLatin1Char(' '));
}

QString valueText(const Json &v)
{
    return v.is_string() ? QString::fromStdString(v.get<std::string>())
                         : QString::fromStdString(v.dump());
}

/// The settings of one pattern that differ, as "key.setting value" on each side.
void settingsDiff(const std::string &prefix, const Json &a, const Json &b, QStringList *sideA,
                  QStringList *sideB)
{
    if (!a.is_object() || !b.is_object()) {
        sideA->append(readable(prefix) + QLatin1Char(' ') + valueText(a));
        sideB->append(readable(prefix) + QLatin1Char(' ') + valueText(b));
        return;
    }
    for (const auto &[k, va] : a.items()) {
        const auto it = b.find(k);
        if (it == b.end())
            sideA->append(readable(prefix + "." + k) + QLatin1Char(' ') + valueText(va));
        else if (*it != va)
            settingsDiff(prefix + "." + k, va, *it, sideA, sideB);
    }
    for (const auto &[k, vb] : b.items())
        if (a.find(k) == a.end())
            sideB->append(readable(prefix + "." + k) + QLatin1Char(' ') + valueText(vb));
}

} // namespace

QByteArray scenarioTextOf(const SimulationDocument &document, QString *error)
{
    if (!document.hasRun()) {
        if (error)
            *error = tr("No scenario is open.");
        return {};
    }
    RunSpec run;
    run.interventions = document.world().interventions();
    return document.textToSave(nullptr, error, run.interventions.empty() ? nullptr : &run);
}

std::optional<std::vector<ScenarioOverride>> parseOverrideLines(const QString &lines,
                                                                QStringList *errors)
{
    std::vector<ScenarioOverride> out;
    QStringList bad;
    const QStringList all = lines.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < all.size(); ++i) {
        const QString line = all[i].trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        std::string why;
        if (auto o = ScenarioOverride::parse(line.toStdString(), &why))
            out.push_back(std::move(*o));
        else
            bad << tr("line %1: %2").arg(i + 1).arg(QString::fromStdString(why));
    }
    if (errors)
        *errors = bad;
    if (!bad.isEmpty())
        return std::nullopt;
    return out;
}

std::optional<ScenarioOverride> patternsOverride(const Json &from, const Json &to)
{
    if (from == to)
        return std::nullopt;
    std::string why;
    return ScenarioOverride::parse("patterns=" + to.dump(), &why);
}

std::pair<QString, QString> describeVariants(const PatternCatalog &catalog, const Scenario &a,
                                             const Scenario &b,
                                             const std::vector<ScenarioOverride> &overridesB)
{
    const Json pa = catalog.writePatterns(a.patterns), pb = catalog.writePatterns(b.patterns);
    QStringList sideA, sideB;
    // Switches are written only when on: a key one side lacks is a pattern switched off there.
    for (const auto &[k, va] : pa.items()) {
        const auto it = pb.find(k);
        if (it == pb.end()) {
            sideA << readable(k) + tr(" on");
            sideB << readable(k) + tr(" off");
        } else if (*it != va) {
            settingsDiff(k, va, *it, &sideA, &sideB);
        }
    }
    for (const auto &[k, vb] : pb.items()) {
        if (pa.find(k) == pa.end()) {
            sideA << readable(k) + tr(" off");
            sideB << readable(k) + tr(" on");
        }
    }
    for (const ScenarioOverride &o : overridesB)
        if (!jsonPathWithin(o.jsonPath(), "patterns"))
            sideB << QString::fromStdString(o.text());
    const bool same = sideA.isEmpty() && sideB.isEmpty();
    if (sideA.isEmpty())
        sideA << tr("as it is");
    if (sideB.isEmpty())
        sideB << (same ? tr("the same") : tr("as it is"));
    return {sideA.join(QStringLiteral(", ")), sideB.join(QStringLiteral(", "))};
}

} // namespace dplab
