#include "app/gui/study/studychoices.h"

#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <set>

namespace dplab {

namespace {

using StudyJson = nlohmann::ordered_json;

// Sections that are text, checks or the app's own, not parameters of the run.
bool studySkippedKey(const std::string &key)
{
    static const std::set<std::string> skipped = {"dplab",    "name",   "description", "narrative",
                                                  "expect",   "layout", "run",         "seed",
                                                  "captions", "checks", "choices"};
    return skipped.count(key) > 0;
}

QString studyNumberText(double v)
{
    return QString::number(v, 'g', 6);
}

void collectStudyParameters(const StudyJson &node, const std::string &path, QStringList &out)
{
    if (node.is_object()) {
        for (const auto &[key, value] : node.items()) {
            if (path.empty() && studySkippedKey(key))
                continue;
            collectStudyParameters(value, path.empty() ? key : path + "." + key, out);
        }
    } else if (node.is_array()) {
        for (std::size_t i = 0; i < node.size(); ++i)
            collectStudyParameters(node[i], path + "[" + std::to_string(i) + "]", out);
    } else {
        const QString values = StudyChoices::valuesAround(node);
        if (!values.isEmpty())
            out << QString::fromStdString(path) + QLatin1Char('=') + values;
    }
}

void collectStudyMetrics(const StudyJson &node, const std::string &path, QStringList &out)
{
    if (node.is_object()) {
        for (const auto &[key, value] : node.items())
            collectStudyMetrics(value, path.empty() ? key : path + "." + key, out);
    } else if (node.is_number() && !path.empty()) {
        const QString name = QString::fromStdString(path);
        if (!out.contains(name))
            out << name;
    }
}

} // namespace

QString StudyChoices::valuesAround(const StudyJson &current)
{
    if (current.is_boolean())
        return QStringLiteral("false,true");
    if (current.is_number()) {
        const double v = current.get<double>();
        QStringList out;
        if (current.is_number_integer()) {
            std::set<long long> seen;
            const long long n = current.get<long long>();
            const std::vector<long long> candidates =
                n <= 4 ? std::vector<long long>{1, 2, 3, 4}
                       : std::vector<long long>{n / 2, (3 * n) / 4, n, (5 * n) / 4};
            for (long long c : candidates)
                if (seen.insert(c).second)
                    out << QString::number(c);
        } else if (v >= 0 && v <= 1) {
            for (double c : {0.0, v / 2, v, std::min(1.0, 2 * v)})
                if (!out.contains(studyNumberText(c)))
                    out << studyNumberText(c);
            if (v == 0)
                out = QStringList{QStringLiteral("0"), QStringLiteral("0.1"), QStringLiteral("0.2"),
                                  QStringLiteral("0.3")};
        } else {
            for (double f : {0.5, 0.75, 1.0, 1.25})
                out << studyNumberText(v * f);
        }
        return out.join(QLatin1Char(','));
    }
    if (current.is_string()) {
        static const QRegularExpression duration(
            QStringLiteral("^([0-9]+(?:\\.[0-9]+)?)(us|ms|s|m|h)$"));
        const auto m = duration.match(QString::fromStdString(current.get<std::string>()));
        if (!m.hasMatch())
            return {};
        const double v = m.captured(1).toDouble();
        const QString unit = m.captured(2);
        if (v == 0)
            return QStringLiteral("0%1,10%1,50%1,100%1").arg(unit);
        QStringList out;
        for (double f : {0.5, 1.0, 2.0, 5.0})
            out << studyNumberText(v * f) + unit;
        return out.join(QLatin1Char(','));
    }
    return {};
}

QStringList StudyChoices::parameters(const QByteArray &scenarioText)
{
    const StudyJson root = StudyJson::parse(
        scenarioText.constData(), scenarioText.constData() + scenarioText.size(), nullptr, false);
    QStringList out;
    if (root.is_object())
        collectStudyParameters(root, {}, out);
    // What a class varies first: the patterns' settings, the load, the services; then the rest
    // (duration, sampling, network).
    auto rank = [](const QString &choice) {
        static const QStringList order = {QStringLiteral("patterns"), QStringLiteral("workload"),
                                          QStringLiteral("services"), QStringLiteral("faults")};
        const qsizetype at =
            order.indexOf(choice.section(QRegularExpression(QStringLiteral("[.=\\[]")), 0, 0));
        return at < 0 ? order.size() : at;
    };
    std::stable_sort(out.begin(), out.end(),
                     [&](const QString &a, const QString &b) { return rank(a) < rank(b); });
    return out;
}

QStringList StudyChoices::metrics(const StudyJson &summary, const std::vector<std::string> &first)
{
    QStringList out;
    for (const std::string &m : first)
        if (!out.contains(QString::fromStdString(m)))
            out << QString::fromStdString(m);
    collectStudyMetrics(summary, {}, out);
    return out;
}

} // namespace dplab
