// The pattern modules' writers (PatternCatalog::writePatterns): what the app writes back for
// "patterns" loads as the same patterns.

#include "patterns/module/patterncatalog.h"
#include "simulation/scenario/scenarioloader.h"
#include "tests/support/patternsettings.h"

#include <QDir>
#include <QTest>

#include <fstream>
#include <sstream>

using namespace dplab;

namespace {

const PatternCatalog &catalog()
{
    static const PatternCatalog modules = PatternCatalog::builtins();
    return modules;
}

nlohmann::ordered_json write(const PatternSwitches &patterns)
{
    return catalog().writePatterns(patterns);
}

std::string readFile(const QString &path)
{
    std::ifstream in(path.toStdString(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// Loads `text`, failing the test with the loader's messages when it does not load.
Scenario load(const std::string &text, const std::string &name)
{
    LoadResult r = ScenarioLoader(catalog()).loadText(text, name);
    std::string errors;
    for (const auto &e : r.errors)
        errors += e.toString() + "\n";
    if (!r.ok())
        qWarning("%s", errors.c_str());
    return r.ok() ? *r.scenario : Scenario{};
}

/// The scenario file with "patterns" replaced by what the writer makes of `patterns`.
std::string withPatterns(const std::string &text, const PatternSwitches &patterns)
{
    auto root = nlohmann::ordered_json::parse(text);
    root["patterns"] = write(patterns);
    return root.dump(2);
}

} // namespace

/** Tests of writing "patterns" back: every setting survives a round trip. */
class TestPatternsWriter : public QObject
{
    Q_OBJECT

private slots:
    void everyLessonRoundTrips_data()
    {
        QTest::addColumn<QString>("path");
        const QDir dir(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios"));
        const QStringList lessons = dir.entryList({QStringLiteral("*.json")}, QDir::Files);
        QVERIFY(lessons.size() >= 7);
        for (const QString &name : lessons)
            if (name != QLatin1String("schema.json"))
                QTest::newRow(qPrintable(name)) << dir.filePath(name);
    }

    void everyLessonRoundTrips()
    {
        QFETCH(QString, path);
        const std::string text = readFile(path);
        const Scenario original = load(text, path.toStdString());
        QVERIFY(!original.name.empty());
        const Scenario again = load(withPatterns(text, original.patterns), "rewritten");
        QVERIFY(!again.name.empty());
        QCOMPARE(write(again.patterns).dump(), write(original.patterns).dump());
        QCOMPARE(again.patterns.switches().size(), original.patterns.switches().size());
    }

    void everySettingSurvives()
    {
        // Non-default values everywhere, so a setting the writer forgets shows up.
        PatternSwitches p;
        turnOn(p, DataSettings{});
        CompositionSettings c;
        c.mode = CompositionSettings::Mode::Sequential;
        c.timeout = 150 * kMillisecond;
        c.retries = 3;
        c.breakerFailures = 7;
        c.breakerOpenFor = 1500 * kMillisecond;
        c.cacheTtl = 250 * kMicrosecond;
        turnOn(p, c);
        turnOn(p, ReplicationSettings{});
        turnOn(p, CqrsSettings{});
        turnOn(p, DualWriteSettings{});
        turnOn(p, IdempotentConsumersSettings{});
        EventSourcingSettings es;
        es.snapshotEvery = 7;
        es.poll = 35 * kMillisecond;
        es.batch = 12;
        turnOn(p, es);
        SagaSettings saga;
        saga.style = SagaSettings::Style::Choreography;
        saga.stepTimeout = 3 * kSecond;
        saga.stepRetries = 2;
        turnOn(p, saga);
        TwoPhaseCommitSettings tpc;
        tpc.timeout = 400 * kMillisecond;
        turnOn(p, tpc);
        const auto json = write(p);
        QCOMPARE(json.at("data").get<std::string>(), std::string("shared"));
        QCOMPARE(json.at("composition").at("mode").get<std::string>(), std::string("sequential"));
        QCOMPARE(json.at("composition").at("timeout").get<std::string>(), std::string("150ms"));
        QCOMPARE(json.at("composition").at("circuit_breaker").at("open_for").get<std::string>(),
                 std::string("1.5s"));
        QCOMPARE(json.at("composition").at("cache_ttl").get<std::string>(), std::string("250us"));
        QCOMPARE(json.at("dual_write").get<std::string>(), std::string("publish-first"));
        QVERIFY(!json.contains("outbox"));

        const std::string file = R"({"dplab": 1, "name": "w", "duration": "1s",
            "services": [{"name": "orders", "role": "orders"}],
            "workload": [{"operation": "place_order", "rate": 1}]})";
        const Scenario back = load(withPatterns(file, p), "written");
        QCOMPARE(write(back.patterns).dump(), json.dump());
        QCOMPARE(settingsOf<CompositionSettings>(back)->cacheTtl, 250 * kMicrosecond);
        QCOMPARE(settingsOf<CompositionSettings>(back)->breakerFailures, 7);
        QCOMPARE(settingsOf<EventSourcingSettings>(back)->snapshotEvery, 7);
        QCOMPARE(settingsOf<EventSourcingSettings>(back)->poll, 35 * kMillisecond);
        QCOMPARE(settingsOf<EventSourcingSettings>(back)->batch, 12);
        QCOMPARE(settingsOf<SagaSettings>(back)->stepRetries, 2);
        QCOMPARE(settingsOf<TwoPhaseCommitSettings>(back)->timeout, 400 * kMillisecond);

        // No breaker is written as false, and reads back as none.
        c.breakerFailures = 0;
        turnOn(p, c);
        p.erase(DataSettings::kKey);
        const Scenario noBreaker = load(withPatterns(file, p), "written");
        QCOMPARE(settingsOf<CompositionSettings>(noBreaker)->breakerFailures, 0);
    }
};

QTEST_GUILESS_MAIN(TestPatternsWriter)
#include "tst_patternswriter.moc"
