// The recipe of docs/adding-a-pattern.md, followed for a pattern of the test's own: a settings
// struct, a module and one registration line, and nothing else changed anywhere. The files,
// the runs and the app's Patterns panel must all pick it up.
#include "app/gui/panels/patternspanel.h"
#include "app/gui/simulationdocument.h"
#include "patterns/module/patterncatalog.h"
#include "patterns/module/switches.h"
#include "patterns/scenarioinput.h"
#include "simulation/world/world.h"
#include "tests/support/guitestsupport.h"

#include <QCheckBox>
#include <QFile>
#include <QSpinBox>
#include <QUndoStack>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <memory>

using namespace dplab;

namespace {

/// 2. The settings: "patterns.demo", with one parameter.
struct DemoSettings : PatternSettings
{
    static constexpr const char *kKey = "demo";
    int level = 3;
};

/// 3. The module: its JSON, a check, a summary section and its Patterns panel controls.
class DemoModule : public PatternModule
{
public:
    std::string key() const override { return "demo"; }
    std::string title() const override { return "Demo"; }
    void read(loader::LoaderContext &ctx, loader::ObjectReader &r,
              PatternSwitches &out) const override
    {
        switches::read<DemoSettings>(ctx, r, out, [](loader::ObjectReader &o, DemoSettings &s) {
            o.allowOnly({"level"});
            o.readInteger("level", s.level, 1, 9);
        });
    }
    void write(const PatternSwitches &in, nlohmann::ordered_json &out) const override
    {
        if (const DemoSettings *s = settingsOf<DemoSettings>(in))
            out["demo"] = {{"level", s->level}};
    }
    void addChecks(const World &world, std::vector<CheckResult> &out) const override
    {
        if (const DemoSettings *s = settingsOf<DemoSettings>(world.scenario())) {
            CheckResult c;
            c.id = "demo.level_is_odd";
            c.name = "the demo level is odd";
            c.ok = s->level % 2 == 1;
            c.detail = "level " + std::to_string(s->level);
            out.push_back(c);
        }
    }
    void addSummary(const World &world, nlohmann::ordered_json &out) const override
    {
        if (const DemoSettings *s = settingsOf<DemoSettings>(world.scenario()))
            out["demo"] = {{"level", s->level}};
    }
    std::vector<PatternControl> controls() const override
    {
        return {controls::onOff<DemoSettings>("Demo pattern"),
                controls::count<DemoSettings>("Level", "set the demo level to %1",
                                              &DemoSettings::level, 1, 9)};
    }
};

/// 4. The registration: the built-in modules and one line for the new one.
std::shared_ptr<const PatternCatalog> catalogWithDemo()
{
    auto catalog = std::make_shared<PatternCatalog>();
    registerBuiltins(*catalog);
    catalog->add(std::make_unique<DemoModule>());
    return catalog;
}

QByteArray queueLabWith(const nlohmann::ordered_json &demo)
{
    QFile f(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/queue-lab.json"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    auto j = nlohmann::ordered_json::parse(f.readAll().toStdString());
    j["patterns"]["demo"] = demo;
    j["duration"] = "2s";
    j.erase("expect");
    j.erase("narrative");
    return QByteArray::fromStdString(j.dump(2));
}

} // namespace

class TestGuiModules : public QObject
{
    Q_OBJECT

private slots:
    void theFilesAndTheRunsKnowIt()
    {
        const ScenarioInput builtins;
        const std::string text = queueLabWith({{"level", 5}}).toStdString();
        // Unknown to the build without it: refused by name, never run without it.
        const LoadResult refused = builtins.loadText(text, "demo.json");
        QVERIFY(!refused.errors.empty());
        QVERIFY2(refused.errors.front().toString().find("patterns.demo") != std::string::npos,
                 refused.errors.front().toString().c_str());

        const ScenarioInput input(catalogWithDemo());
        LoadResult loaded = input.loadText(text, "demo.json");
        QVERIFY2(loaded.errors.empty(),
                 loaded.errors.empty() ? "" : loaded.errors.front().toString().c_str());
        const DemoSettings *s = settingsOf<DemoSettings>(*loaded.scenario);
        QVERIFY(s);
        QCOMPARE(s->level, 5);
        QCOMPARE(input.catalog().writePatterns(loaded.scenario->patterns)["demo"],
                 nlohmann::ordered_json({{"level", 5}}));

        RunResult built = input.build(*loaded.scenario, RunOptions{});
        QVERIFY(built.run);
        built.run->runToEnd();
        const auto summary = built.run->summary();
        QCOMPARE(summary["demo"]["level"].get<int>(), 5);
        bool found = false;
        for (const CheckResult &c : built.run->checks())
            if (c.id == "demo.level_is_odd") {
                found = true;
                QVERIFY(c.ok);
                QCOMPARE(c.detail, std::string("level 5"));
            }
        QVERIFY(found);

        // Its own rule for a bad value, with the file's position and the JSON path.
        const LoadResult bad =
            input.loadText(queueLabWith({{"level", 12}}).toStdString(), "demo.json");
        QVERIFY(!bad.errors.empty());
        QCOMPARE(bad.errors.front().path, std::string("patterns.demo.level"));
        QVERIFY(bad.errors.front().line > 0);
    }

    void thePatternsPanelShowsItAndChangesIt()
    {
        SimulationDocument doc(catalogWithDemo());
        QString error;
        QVERIFY2(doc.loadText(queueLabWith({{"level", 5}}), QStringLiteral("demo.json"), &error),
                 qPrintable(error));
        PatternsPanel panel(&doc);
        QCheckBox *on = panel.switchOf(QStringLiteral("demo"));
        auto *level = qobject_cast<QSpinBox *>(panel.controlOf("demo", "Level"));
        QVERIFY(on && level);
        QCOMPARE(on->text(), QStringLiteral("Demo pattern"));
        QVERIFY(on->isChecked());
        QCOMPARE(level->value(), 5);
        QVERIFY(level->isEnabled());
        QVERIFY(panel.explainButtonOf(QStringLiteral("demo")));

        doc.advanceTo(500 * kMillisecond);
        level->setValue(7);
        QVERIFY2(panel.message().isEmpty(), qPrintable(panel.message()));
        QCOMPARE(settingsOf<DemoSettings>(doc.scenario())->level, 7);
        QCOMPARE(doc.undoStack()->undoText(), QStringLiteral("set the demo level to 7"));
        QCOMPARE(doc.now(), 500 * kMillisecond); // simulated again up to the playhead

        on->setChecked(false);
        QVERIFY(!doc.scenario().patterns.isOn("demo"));
        QCOMPARE(doc.undoStack()->undoText(), QStringLiteral("turn off demo pattern"));
        QVERIFY(!level->isEnabled());
        QCOMPARE(level->value(), 3); // what turning it on again gives

        doc.undoStack()->undo();
        QVERIFY(on->isChecked());
        QCOMPARE(level->value(), 7);
    }
};

QTEST_MAIN(TestGuiModules)
#include "tst_guimodules.moc"
