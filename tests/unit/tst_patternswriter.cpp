// PatternsWriter: what the app writes back for "patterns" loads as the same patterns.

#include "scenario/patternswriter.h"
#include "scenario/scenarioloader.h"
#include "scenarioinput.h"

#include <QDir>
#include <QTest>

#include <fstream>
#include <sstream>

using namespace dplab;

namespace {

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
    LoadResult r = ScenarioInput().loadText(text, name);
    std::string errors;
    for (const auto &e : r.errors)
        errors += e.toString() + "\n";
    if (!r.ok())
        qWarning("%s", errors.c_str());
    return r.ok() ? *r.scenario : Scenario{};
}

/// The scenario file with "patterns" replaced by what the writer makes of `patterns`.
std::string withPatterns(const std::string &text, const PatternsSpec &patterns)
{
    auto root = nlohmann::ordered_json::parse(text);
    root["patterns"] = PatternsWriter::toJson(patterns);
    return root.dump(2);
}

} // namespace

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
        QCOMPARE(PatternsWriter::toJson(again.patterns).dump(),
                 PatternsWriter::toJson(original.patterns).dump());
        QCOMPARE(again.patterns.enabled.size(), original.patterns.enabled.size());
    }

    void everySettingSurvives()
    {
        // Non-default values everywhere, so a setting the writer forgets shows up.
        PatternsSpec p;
        p.data = PatternsSpec::Data::Shared;
        CompositionSpec c;
        c.mode = CompositionSpec::Mode::Sequential;
        c.timeout = 150 * kMillisecond;
        c.retries = 3;
        c.breakerFailures = 7;
        c.breakerOpenFor = 1500 * kMillisecond;
        c.cacheTtl = 250 * kMicrosecond;
        p.composition = c;
        p.replication = true;
        p.cqrs = true;
        p.dualWrite = PatternsSpec::DualWrite::PublishFirst;
        p.idempotentConsumers = true;
        p.eventSourcing = EventSourcingSpec{7, 35 * kMillisecond, 12};
        SagaSpec saga;
        saga.style = SagaSpec::Style::Choreography;
        saga.stepTimeout = 3 * kSecond;
        saga.stepRetries = 2;
        p.saga = saga;
        p.twoPhaseCommit = TwoPhaseCommitSpec{400 * kMillisecond};
        const auto json = PatternsWriter::toJson(p);
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
        QCOMPARE(PatternsWriter::toJson(back.patterns).dump(), json.dump());
        QCOMPARE(back.patterns.composition->cacheTtl, 250 * kMicrosecond);
        QCOMPARE(back.patterns.composition->breakerFailures, 7);
        QCOMPARE(back.patterns.eventSourcing->snapshotEvery, 7);
        QCOMPARE(back.patterns.eventSourcing->poll, 35 * kMillisecond);
        QCOMPARE(back.patterns.eventSourcing->batch, 12);
        QCOMPARE(back.patterns.saga->stepRetries, 2);
        QCOMPARE(back.patterns.twoPhaseCommit->timeout, 400 * kMillisecond);

        // No breaker is written as false, and reads back as none.
        p.composition->breakerFailures = 0;
        p.data = PatternsSpec::Data::PerService;
        const Scenario noBreaker = load(withPatterns(file, p), "written");
        QCOMPARE(noBreaker.patterns.composition->breakerFailures, 0);
    }
};

QTEST_GUILESS_MAIN(TestPatternsWriter)
#include "tst_patternswriter.moc"
