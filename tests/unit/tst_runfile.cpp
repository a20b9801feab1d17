// Run files: a scenario with the interventions made during a run replays that run exactly.

#include "tests/support/testsupport.h"

#include "patterns/scenarioinput.h"
#include "simulation/scenario/faultwriter.h"
#include "simulation/scenario/scenarioloader.h"

#include <QFile>
#include <QTest>

using namespace dplab;
using namespace dplab::test;

namespace {

std::string lessonText(const char *name)
{
    QFile f(QString(DPLAB_SOURCE_DIR "/scenarios/%1.json").arg(name));
    if (!f.open(QIODevice::ReadOnly))
        throw std::runtime_error("cannot read lesson");
    return f.readAll().toStdString();
}

Scenario load(const std::string &text)
{
    LoadResult r = ScenarioInput().loadText(text, "run.json");
    if (!r.ok())
        throw std::runtime_error(r.errors.front().toString());
    return *r.scenario;
}

std::string trace(Run &run)
{
    std::ostringstream out;
    writeTraceJsonl(out, run.trace()->events(), run.world().names());
    return out.str();
}

FaultSpec crash(const std::string &service, SimTime length)
{
    FaultSpec f;
    f.kind = FaultSpec::Kind::Crash;
    f.service = service;
    f.duration = length;
    return f;
}

} // namespace

/** Tests of the "run" section: interventions replay, the loader checks them. */
class TestRunFile : public QObject
{
    Q_OBJECT

private slots:
    void interventionsReplayByteForByte()
    {
        // A run driven like the app drives it: slices of time, single steps, faults injected
        // and ended by hand between them.
        const std::string text = lessonText("outbox-vs-dual-write");
        const Scenario sc = load(text);
        auto live = makeRun(sc);
        World &w = live->world();
        w.runUntil(1200 * kMillisecond + 333);
        QVERIFY(w.injectFault(crash("orders", 400 * kMillisecond)).empty());
        for (int i = 0; i < 17; ++i)
            w.step();
        FaultSpec drop;
        drop.kind = FaultSpec::Kind::Drop;
        drop.target = "bus";
        drop.probability = 0.3;
        QVERIFY(w.injectFault(drop).empty());
        const std::uint64_t dropId = w.faults().all().back().id;
        for (int slice = 0; slice < 3; ++slice)
            QVERIFY(w.runEvents(700, 5 * kSecond) > 0);
        w.runUntil(w.now() + 250 * kMillisecond);
        QVERIFY(w.endFault(dropId));
        FaultSpec slow;
        slow.kind = FaultSpec::Kind::Latency;
        slow.target = "bus";
        slow.latency = Distribution::lognormal(20 * kMillisecond, 300 * kMillisecond);
        slow.duration = 2 * kSecond;
        QVERIFY(w.injectFault(slow).empty());
        w.runToEnd();
        QCOMPARE(w.interventions().size(), std::size_t{4});

        // Saved as a run file, loaded, run straight to the end: the same trace.
        RunSpec runSpec;
        runSpec.interventions = w.interventions();
        runSpec.playhead = 1234;
        runSpec.bookmarks.push_back({99, "the crash"});
        nlohmann::ordered_json file = nlohmann::ordered_json::parse(text);
        file["run"] = runToJson(runSpec);
        const Scenario again = load(file.dump(2));
        QCOMPARE(again.run.interventions.size(), std::size_t{4});
        QCOMPARE(again.run.playhead.value_or(0), std::uint64_t{1234});
        QCOMPARE(again.run.bookmarks.at(0).name, std::string("the crash"));
        auto replayed = makeRun(again);
        replayed->runToEnd();
        const std::string a = trace(*live), b = trace(*replayed);
        QVERIFY(a.size() > 100000);
        QVERIFY2(a == b, "the replayed run differs from the live one");
        // And the replay keeps the interventions, so saving it again writes the same section.
        QVERIFY(runToJson(RunSpec{replayed->world().interventions(), 1234, {{99, "the crash"}}}) ==
                file["run"]);
        // Without the interventions the run is different (the test can fail).
        auto plain = makeRun(sc);
        plain->runToEnd();
        QVERIFY(trace(*plain) != a);
    }

    void faultsRoundTripThroughTheWriter()
    {
        // Every kind of fault, written and read back, is the same fault.
        const std::string text = lessonText("outbox-vs-dual-write");
        const Scenario sc = load(text);
        std::vector<FaultSpec> faults;
        FaultSpec p;
        p.kind = FaultSpec::Kind::Partition;
        p.between = {{"orders"}, {"bus", "order-view"}};
        p.at = 1500;
        p.duration = 2 * kSecond;
        faults.push_back(p);
        faults.push_back(crash("orders", kSecond));
        FaultSpec bus;
        bus.kind = FaultSpec::Kind::BusDown;
        faults.push_back(bus);
        FaultSpec lat;
        lat.kind = FaultSpec::Kind::Latency;
        lat.target = "orders->inventory";
        lat.latency = Distribution::uniform(kMillisecond, 7 * kMillisecond);
        faults.push_back(lat);
        FaultSpec dup;
        dup.kind = FaultSpec::Kind::Duplicate;
        dup.target = "topic:order-events";
        dup.probability = 0.25;
        faults.push_back(dup);
        FaultSpec cac;
        cac.kind = FaultSpec::Kind::CrashAfterCommit;
        cac.service = "orders";
        cac.probability = 0.125;
        cac.restartAfter = 1500 * kMillisecond;
        faults.push_back(cac);
        nlohmann::ordered_json file = nlohmann::ordered_json::parse(text);
        file["faults"] = nlohmann::ordered_json::array();
        for (const auto &f : faults)
            file["faults"].push_back(faultToJson(f));
        const Scenario back = load(file.dump());
        QCOMPARE(back.faults.size(), faults.size());
        for (std::size_t i = 0; i < faults.size(); ++i) {
            QVERIFY(faultToJson(back.faults[i]) == faultToJson(faults[i]));
            QCOMPARE(back.faults[i].between, faults[i].between);
            QCOMPARE(back.faults[i].probability, faults[i].probability);
            QVERIFY(back.faults[i].latency == faults[i].latency);
        }
        QCOMPARE(sc.faults.empty(), false);
    }

    void badRunSectionsAreReported_data()
    {
        QTest::addColumn<QString>("run");
        QTest::addColumn<QString>("message");
        QTest::newRow("both") << R"({"interventions": [{"step": 3, "at": "1s", "end_fault": 1,
                                 "fault": {"kind": "bus-down", "at": "1s"}}]})"
                              << "run.interventions[0]: expected exactly one of";
        QTest::newRow("no step") << R"({"interventions": [{"at": "1s", "end_fault": 2}]})"
                                 << "run.interventions[0]: missing required key \"step\"";
        QTest::newRow("backwards") << R"({"interventions": [{"step": 9, "at": "1s", "end_fault": 2},
                                      {"step": 3, "at": "2s", "end_fault": 1}]})"
                                   << "run.interventions[1]: expected interventions in the order";
        QTest::newRow("bad fault") << R"({"interventions": [{"step": 1,
                                      "fault": {"kind": "crash", "at": "1s", "service": "nobody"}}]})"
                                   << "run.interventions[0].fault.service: unknown service";
        QTest::newRow("unknown key") << R"({"playhed": 3})"
                                     << "run.playhed";
        QTest::newRow("bookmark") << R"({"bookmarks": [{"event": -1, "name": "x"}]})"
                                  << "run.bookmarks[0].event";
    }

    void badRunSectionsAreReported()
    {
        QFETCH(QString, run);
        QFETCH(QString, message);
        nlohmann::ordered_json file =
            nlohmann::ordered_json::parse(lessonText("outbox-vs-dual-write"));
        file["run"] = nlohmann::ordered_json::parse(run.toStdString());
        const std::string text = file.dump(2);
        LoadResult r = ScenarioInput().loadText(text, "run.json");
        QVERIFY(!r.ok());
        QString all;
        for (const auto &e : r.errors)
            all += QString::fromStdString(e.toString()) + "\n";
        QVERIFY2(all.contains(message), qPrintable(all));
        QVERIFY2(all.startsWith("run.json:"), qPrintable(all)); // with line:column
    }
};

QTEST_APPLESS_MAIN(TestRunFile)
#include "tst_runfile.moc"
