// The bounded trace for long runs (issue 9): `dplab-cli run --trace-limit N` streams
// trace.jsonl while the run goes and keeps only the last N events in memory. Its trace.jsonl
// has the same bytes and its summary.json the same figures as a normal run (and as a run that
// keeps changesets, which the CLI no longer does); memory never holds more than N events; the
// exports that need events no longer kept say so.
#include "tests/support/clitestsupport.h"
#include "tests/support/testsupport.h"

#include "patterns/scenarioinput.h"
#include "simulation/observe/tracering.h"
#include "simulation/scenario/scenarioloader.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

using namespace dplab;
using namespace dplab::test;

namespace {

const std::string kLessons = DPLAB_SOURCE_DIR "/scenarios/";

TraceEvent eventAt(std::uint64_t id)
{
    TraceEvent e;
    e.id = id;
    e.time = static_cast<SimTime>(id) * kMillisecond;
    return e;
}

nlohmann::json summaryWithoutWallTime(const std::string &path)
{
    nlohmann::json j = nlohmann::json::parse(readFile(path));
    j.erase("wall_s");
    return j;
}

/// How many chains of evidence the summary's checks hold; removes them from the summary.
std::size_t takeEvidence(nlohmann::json &summary)
{
    std::size_t n = 0;
    for (auto &c : summary["checks"]) {
        n += c.value("evidence", nlohmann::json::array()).size();
        c.erase("evidence");
    }
    return n;
}

} // namespace

class TestBoundedTrace : public QObject
{
    Q_OBJECT

private slots:
    void ringKeepsTheLastEvents()
    {
        Scenario sc;
        World world(sc);
        TraceRing ring(3);
        for (std::uint64_t id = 1; id <= 2; ++id)
            ring.onEvent(eventAt(id), world);
        QCOMPARE(ring.size(), std::size_t{2});
        QCOMPARE(ring.dropped(), std::uint64_t{0});
        QCOMPARE(ring.kept()[0].id, std::uint64_t{1});
        for (std::uint64_t id = 3; id <= 8; ++id)
            ring.onEvent(eventAt(id), world);
        QCOMPARE(ring.seen(), std::uint64_t{8});
        QCOMPARE(ring.size(), std::size_t{3});
        QCOMPARE(ring.dropped(), std::uint64_t{5});
        const TraceLog kept = ring.kept();
        QCOMPARE(kept.size(), std::size_t{3});
        for (std::size_t i = 0; i < 3; ++i)
            QCOMPARE(kept[i].id, std::uint64_t{6 + i});
        QCOMPARE(ring.memoryBytes(), 3 * sizeof(TraceEvent));

        TraceRing none(0);
        none.onEvent(eventAt(1), world);
        QCOMPARE(none.seen(), std::uint64_t{1});
        QCOMPARE(none.size(), std::size_t{0});
        QVERIFY(none.kept().empty());
    }

    void memoryNeverHoldsMoreThanTheLimit()
    {
        ScenarioInput loader;
        LoadResult r = loader.loadFile(kLessons + "outbox-vs-dual-write.json");
        QVERIFY(r.ok());
        Scenario sc = *r.scenario;
        sc.duration = 8 * kSecond;
        RunOptions o;
        o.traceLimit = 5000;
        std::vector<LoadError> errors;
        auto run = Run::create(sc, o, &errors);
        QVERIFY(run);
        QVERIFY(!run->trace());
        const TraceRing *ring = run->traceRing();
        QVERIFY(ring);
        World &w = run->world();
        std::size_t most = 0;
        while (w.now() < sc.duration) {
            w.runUntil(w.now() + 50 * kMillisecond);
            most = std::max(most, ring->size());
            QVERIFY(ring->memoryBytes() <= 5000 * sizeof(TraceEvent));
        }
        w.finish();
        QCOMPARE(most, std::size_t{5000});
        QVERIFY2(ring->seen() > 10000, qPrintable(QString::number(ring->seen())));
        QCOMPARE(run->summary()["events"].get<std::uint64_t>(), ring->seen());
    }

    void boundedRunWritesTheSameFiles()
    {
        QTemporaryDir dir;
        const std::string normal = dir.filePath("normal").toStdString();
        const std::string bounded = dir.filePath("bounded").toStdString();
        const std::string none = dir.filePath("none").toStdString();
        const std::string lesson = kLessons + "outbox-vs-dual-write.json";
        QCOMPARE(cli({"run", lesson, "--until", "12s", "--out", normal, "--quiet"}).code, 0);
        const CliResult b =
            cli({"run", lesson, "--until", "12s", "--out", bounded, "--trace-limit", "1000"});
        QCOMPARE(b.code, 0);
        QVERIFY2(
            b.out.find("memory kept the last 1000 (--trace-limit, 62 KiB); the databases hold ") !=
                std::string::npos,
            b.out.c_str());
        QCOMPARE(
            cli({"run", lesson, "--until", "12s", "--out", none, "--quiet", "--trace-limit", "0"})
                .code,
            0);

        const std::string trace = readFile(normal + "/trace.jsonl");
        QVERIFY(trace.size() > 100000);
        QVERIFY(trace == readFile(bounded + "/trace.jsonl"));
        QVERIFY(trace == readFile(none + "/trace.jsonl"));
        // The same, but for the evidence of the failed check: it needs the whole trace (and the
        // changesets kept with it), which a bounded run does not keep.
        nlohmann::json full = summaryWithoutWallTime(normal + "/summary.json");
        nlohmann::json kept = summaryWithoutWallTime(bounded + "/summary.json");
        nlohmann::json nothing = summaryWithoutWallTime(none + "/summary.json");
        QCOMPARE(takeEvidence(full), std::size_t{4}); // 4 distinct lost events by 12 s
        QCOMPARE(takeEvidence(kept), std::size_t{0});
        QCOMPARE(takeEvidence(nothing), std::size_t{0});
        QCOMPARE(kept, full);
        QCOMPARE(nothing, full);
        QVERIFY(readFile(bounded + "/metrics.csv") == readFile(normal + "/metrics.csv"));
        QVERIFY(!QFileInfo::exists(
            QString::fromStdString(bounded + "/trace.jsonl.tmp-" + std::to_string(::getpid()))));

        // A bounded CLI run keeps no changesets; the trace is the one of a run that keeps them
        // (the app's), commit numbers included.
        ScenarioInput loader;
        LoadResult r = loader.loadFile(lesson);
        QVERIFY(r.ok());
        Scenario sc = *r.scenario;
        sc.duration = 12 * kSecond;
        QVERIFY(traceText(sc) == trace);
    }

    void exportsSayWhatTheyNeed()
    {
        QTemporaryDir dir;
        const std::string lesson = kLessons + "outbox-vs-dual-write.json";
        const std::string out = dir.filePath("x").toStdString();
        const CliResult chrome = cli({"run", lesson, "--until", "6s", "--out", out, "--quiet",
                                      "--trace-limit", "2000", "--export", "chrome"});
        QCOMPARE(chrome.code, int(ExitUsage));
        QVERIFY2(chrome.err.find(
                     "--export chrome draws the whole trace, but --trace-limit 2000 kept only "
                     "the last 2000 events") != std::string::npos,
                 chrome.err.c_str());
        const CliResult early =
            cli({"run", lesson, "--until", "6s", "--out", out, "--quiet", "--trace-limit", "2000",
                 "--export", "mermaid", "--window", "1s..2s"});
        QCOMPARE(early.code, int(ExitUsage));
        QVERIFY2(
            early.err.find("--export mermaid needs the events from 1 s") != std::string::npos ||
                early.err.find("--export mermaid needs the events from 1s") != std::string::npos,
            early.err.c_str());
        // A window inside the kept events draws as from the whole trace.
        const std::string full = dir.filePath("full").toStdString();
        // (Cut at 6 s the lesson's expectations fail: exit 1, files written.)
        QCOMPARE(cli({"run", lesson, "--until", "6s", "--out", full, "--quiet", "--export",
                      "mermaid", "--window", "5.9s.."})
                     .code,
                 int(ExitChecksFailed));
        QCOMPARE(cli({"run", lesson, "--until", "6s", "--out", out, "--quiet", "--trace-limit",
                      "2000", "--export", "mermaid", "--window", "5.9s.."})
                     .code,
                 int(ExitChecksFailed));
        const std::string mmd = readFile(out + "/sequence.mmd");
        QVERIFY(mmd.size() > 1000);
        QVERIFY(mmd == readFile(full + "/sequence.mmd"));
        // With a ring that never overflowed, chrome works.
        QCOMPARE(cli({"run", lesson, "--until", "1s", "--out", out, "--quiet", "--trace-limit",
                      "1000000", "--export", "chrome"})
                     .code,
                 int(ExitChecksFailed));
        QVERIFY(readFile(out + "/trace.perfetto.json").size() > 1000);

        QCOMPARE(cli({"run", lesson, "--trace-limit", "10", "--no-trace"}).code, int(ExitUsage));
        QCOMPARE(cli({"run", lesson, "--trace-limit", "10", "--max-trace", "10"}).code,
                 int(ExitUsage));
        QCOMPARE(cli({"run", lesson, "--trace-limit", "many"}).code, int(ExitUsage));
    }
};

QTEST_GUILESS_MAIN(TestBoundedTrace)
#include "tst_boundedtrace.moc"
