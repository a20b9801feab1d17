// The timeline: a playhead that moves the databases back and forth through a recorded run.

#include "tests/support/databasetestsupport.h"
#include "tests/support/testsupport.h"

#include "patterns/scenarioinput.h"
#include "simulation/kernel/rng.h"
#include "simulation/scenario/scenarioloader.h"
#include "simulation/timeline/timeline.h"
#include "simulation/timeline/tracestate.h"

#include <QTest>

#include <map>

using namespace dplab;
using namespace dplab::test;

namespace {

/// Every service's database, dumped table by table (in shared mode the one database once).
std::vector<std::string> dumpWorld(World &w)
{
    std::vector<std::string> lines;
    std::vector<const Database *> seen;
    for (std::size_t s = 0; s < w.serviceCount(); ++s) {
        Database &db = w.service(static_cast<std::int16_t>(s)).database();
        if (std::find(seen.begin(), seen.end(), &db) != seen.end())
            continue;
        seen.push_back(&db);
        lines.push_back("== " + w.names().services[s]);
        for (auto &line : dump(db))
            lines.push_back(std::move(line));
    }
    return lines;
}

Scenario lesson(const char *name, SimTime duration)
{
    const std::string path = std::string(DPLAB_SOURCE_DIR) + "/scenarios/" + name + ".json";
    LoadResult r = ScenarioInput().loadFile(path);
    if (!r.ok())
        throw std::runtime_error(path + ": " + r.errors.front().toString());
    Scenario sc = *r.scenario;
    sc.duration = std::min(sc.duration, duration);
    sc.narrative.clear();
    sc.expect.clear();
    return sc;
}

/// First mismatching line, for a readable failure.
QString firstDifference(const std::vector<std::string> &a, const std::vector<std::string> &b)
{
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
        if (a[i] != b[i])
            return QString::fromStdString("line " + std::to_string(i) + ": " + a[i] + "  vs  " +
                                          b[i]);
    return QString("lengths %1 vs %2").arg(a.size()).arg(b.size());
}

} // namespace

/** Tests of Timeline: seeks equal straight runs, steps are exact, checkpoints are used. */
class TestTimeline : public QObject
{
    Q_OBJECT

private slots:
    void seekEqualsStraightRun_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("checkpointEvery");
        QTest::newRow("outbox, checkpoints") << "outbox-vs-dual-write" << 64;
        QTest::newRow("saga orchestration") << "saga-orchestration" << 64;
        QTest::newRow("event sourcing") << "event-sourcing" << 100;
        QTest::newRow("two-phase commit") << "two-phase-commit-vs-saga" << 50;
        QTest::newRow("shared database") << "shared-vs-per-service" << 64;
        QTest::newRow("replication") << "replication" << 64;
        QTest::newRow("cqrs, no checkpoints") << "cqrs-lag" << 0;
    }

    void seekEqualsStraightRun()
    {
        // While the run goes on, dump every database at a few moments; then seek to each of
        // them in a scrambled order: every table of every service must be as it was.
        QFETCH(QString, name);
        QFETCH(int, checkpointEvery);
        const Scenario sc = lesson(name.toUtf8().constData(), 4 * kSecond);
        auto run = makeRun(sc);
        World &w = run->world();
        Timeline timeline(w, run->trace()->events(),
                          TimelineOptions{static_cast<std::size_t>(checkpointEvery)});
        std::map<std::size_t, std::vector<std::string>> expected;
        for (SimTime t = 300 * kMillisecond; t <= sc.duration; t += 450 * kMillisecond) {
            w.runUntil(t);
            timeline.sync();
            QCOMPARE(timeline.position(), run->trace()->events().size());
            expected[timeline.position()] = dumpWorld(w);
        }
        QVERIFY(w.commits().size() > 60);
        expected[0] = {};
        std::vector<std::size_t> positions;
        for (const auto &[p, lines] : expected)
            positions.push_back(p);
        Rng rng = Rng::stream(7, "timeline-test");
        for (std::size_t i = positions.size(); i > 1; --i)
            std::swap(positions[i - 1], positions[rng.below(i)]);
        std::vector<std::string> start;
        for (std::size_t p : positions) {
            timeline.seek(p);
            QCOMPARE(timeline.position(), p);
            const auto now = dumpWorld(w);
            if (p == 0) {
                start = now; // the seed: checked below against a fresh world
                continue;
            }
            QVERIFY2(now == expected[p], qPrintable(firstDifference(now, expected[p])));
        }
        auto fresh = makeRun(sc);
        QVERIFY2(start == dumpWorld(fresh->world()),
                 qPrintable(firstDifference(start, dumpWorld(fresh->world()))));
        // Far seeks restore images (even without periodic checkpoints, the one at the start).
        QVERIFY(timeline.imagesRestored() > 0);

        // Back live, the run goes on exactly as a run that never moved its databases.
        timeline.goLive();
        QVERIFY(timeline.live());
        w.runToEnd();
        fresh->world().runToEnd();
        QVERIFY(dumpWorld(w) == dumpWorld(fresh->world()));
        std::ostringstream a, b;
        writeTraceJsonl(a, run->trace()->events(), w.names());
        writeTraceJsonl(b, fresh->trace()->events(), fresh->world().names());
        QVERIFY(a.str() == b.str());
    }

    void stepBackThenForwardIsExact()
    {
        const Scenario sc = lesson("saga-orchestration", 2 * kSecond);
        auto run = makeRun(sc);
        World &w = run->world();
        Timeline timeline(w, run->trace()->events(), TimelineOptions{128});
        w.runUntil(sc.duration);
        timeline.sync();
        const auto end = dumpWorld(w);
        const std::size_t frontier = timeline.frontier();
        // Step back one event at a time past at least 60 commits, checking a few on the way
        // against a seek from far away (which restores a checkpoint and rolls forward).
        std::size_t commitsSeen = 0;
        std::map<std::size_t, std::vector<std::string>> onTheWay;
        while (commitsSeen < 60) {
            const std::size_t before = timeline.commitsApplied();
            QVERIFY(timeline.stepBack());
            QVERIFY(!timeline.live());
            QVERIFY(timeline.commitsApplied() <= before);
            commitsSeen += before - timeline.commitsApplied();
            if (before != timeline.commitsApplied() && onTheWay.size() < 5)
                onTheWay[timeline.position()] = dumpWorld(w);
        }
        QCOMPARE(timeline.time(), run->trace()->events()[timeline.position() - 1].time);
        for (const auto &[p, lines] : onTheWay) {
            timeline.seek(0);
            timeline.seek(p);
            QVERIFY2(dumpWorld(w) == lines, qPrintable(firstDifference(dumpWorld(w), lines)));
        }
        while (timeline.stepForward()) {
        }
        QCOMPARE(timeline.position(), frontier);
        QVERIFY(timeline.live());
        QVERIFY2(dumpWorld(w) == end, qPrintable(firstDifference(dumpWorld(w), end)));
    }

    void seekTimeLandsOnTheLastEventAtOrBefore()
    {
        const Scenario sc = lesson("queue-lab", kSecond);
        auto run = makeRun(sc);
        Timeline timeline(run->world(), run->trace()->events());
        run->world().runUntil(sc.duration);
        timeline.sync();
        const TraceLog &trace = run->trace()->events();
        const SimTime t = trace[trace.size() / 2].time;
        timeline.seekTime(t);
        QCOMPARE(timeline.time(), t);
        QVERIFY(trace[timeline.position() - 1].time <= t);
        QVERIFY(timeline.position() == trace.size() || trace[timeline.position()].time > t);
        timeline.seekTime(-5);
        QCOMPARE(timeline.position(), std::size_t{0});
        timeline.seekTime(kSimTimeMax);
        QVERIFY(timeline.live());
    }

    void withoutChangesetsThePlayheadStaysLive()
    {
        Scenario sc = lesson("outbox-vs-dual-write", kSecond);
        RunOptions o;
        o.world.captureChangesets = false;
        std::vector<LoadError> errors;
        auto run = Run::create(sc, o, &errors);
        QVERIFY(run);
        Timeline timeline(run->world(), run->trace()->events());
        run->world().runUntil(sc.duration);
        timeline.sync();
        QVERIFY(!timeline.canRewind());
        QVERIFY(!timeline.stepBack());
        timeline.seek(3);
        QVERIFY(timeline.live());
    }

    void traceStateMatchesTheLiveWorld_data()
    {
        // The samples are taken every 37 ms from 0 to 19.98 s (541 of them). downSamples counts
        // (sample, service) pairs with the service down, queuedSamples adds up the queues seen:
        // both follow from each lesson's faults and load, so they are exact.
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("downSamples");
        QTest::addColumn<int>("queuedSamples");
        // No crash in it. A worker waiting for the shared database's lock stays busy, so a
        // request queues only while every worker of its service waits: seen at 4 samples.
        QTest::newRow("shared database (lock waits)") << "shared-vs-per-service" << 0 << 4;
        // crash-after-commit from 5 s (p = 0.03): orders crashes 11 times before 20 s and is
        // back 500 ms later, down for 13 or 14 samples each (500 / 37 = 13.5): 8 x 13 + 2 x 14,
        // and 2 for the crash at 19.94 s. Four to eight workers per service for 80 operations a
        // second: no sample finds a request waiting for one (nor in the other lessons below).
        QTest::newRow("outbox (crashes)") << "outbox-vs-dual-write" << 134 << 0;
        // crash-after-prepare at 10 s with p = 1: the coordinator crashes once and restarts
        // after 3 s, 3000 / 37 = 81.08 samples; the 22 s crash is after the 20 s shown.
        QTest::newRow("two-phase commit") << "two-phase-commit-vs-saga" << 81 << 0;
        // No faults. Queues at M/M/1 rho 0.5 and 0.8 and M/M/2 rho 0.8: the closed forms give
        // Lq = 0.5 + 3.2 + 2.84 = 6.5 waiting at any instant (3540 over 541 samples); 20 s of
        // an M/M/1 at rho 0.8 is short, and these samples find 5.1 on average.
        QTest::newRow("queue lab") << "queue-lab" << 0 << 2744;
        // products is down from 15 s (for 8 s): samples 406 (15.022 s) to 540 (19.98 s), 135.
        QTest::newRow("api composition") << "api-composition" << 135 << 0;
    }

    void traceStateMatchesTheLiveWorld()
    {
        // At every slice, what the trace says equals what the world holds; and going back to
        // an earlier position gives the state seen there.
        QFETCH(QString, name);
        QFETCH(int, downSamples);
        QFETCH(int, queuedSamples);
        const Scenario sc = lesson(name.toUtf8().constData(), 20 * kSecond);
        auto run = makeRun(sc);
        World &w = run->world();
        TraceState state(w.serviceCount(), w.sharedLock() != nullptr);
        struct Seen
        {
            std::size_t position;
            std::vector<ServiceTraceState> services;
            std::vector<std::uint64_t> faults;
        };
        std::vector<Seen> seen;
        int crashesSeen = 0, busySeen = 0, queuedSeen = 0;
        for (SimTime t = 0; t < sc.duration; t += 37 * kMillisecond) {
            w.runUntil(t);
            const TraceLog &trace = run->trace()->events();
            state.update(trace, trace.size());
            for (std::size_t i = 0; i < w.serviceCount(); ++i) {
                const Service &svc = w.service(static_cast<std::int16_t>(i));
                const ServiceTraceState &st = state.services()[i];
                const QString where = QString("%1 at %2 us")
                                          .arg(QString::fromStdString(w.names().services[i]))
                                          .arg(t);
                QVERIFY2(st.up == svc.isUp(), qPrintable(where));
                QVERIFY2(
                    st.queue == static_cast<int>(svc.queueLength()),
                    qPrintable(where +
                               QString(" queue %1 vs %2").arg(st.queue).arg(svc.queueLength())));
                QVERIFY2(st.busy == svc.busyWorkers(),
                         qPrintable(where +
                                    QString(" busy %1 vs %2").arg(st.busy).arg(svc.busyWorkers())));
                QCOMPARE(st.processed, svc.stats().processed);
                QCOMPARE(st.commits, svc.stats().commits);
                QCOMPARE(static_cast<std::uint64_t>(st.crashes),
                         static_cast<std::uint64_t>(svc.stats().crashes));
                crashesSeen += st.up ? 0 : 1;
                busySeen += st.busy;
                queuedSeen += st.queue;
            }
            std::vector<std::uint64_t> active;
            for (const ActiveFault &f : w.faults().active())
                active.push_back(f.id);
            QCOMPARE(state.activeFaults(), active);
            QCOMPARE(state.clientOutstanding(),
                     static_cast<std::int64_t>(w.client().outstanding()));
            if (seen.size() < 40 || t % (1 * kSecond) < 37 * kMillisecond)
                seen.push_back({state.position(), state.services(), state.activeFaults()});
        }
        QVERIFY(busySeen > 0);
        QCOMPARE(crashesSeen, downSamples);
        QCOMPARE(queuedSeen, queuedSamples);
        for (auto it = seen.rbegin(); it != seen.rend(); ++it) {
            state.update(run->trace()->events(), it->position);
            for (std::size_t i = 0; i < w.serviceCount(); ++i) {
                QCOMPARE(state.services()[i].queue, it->services[i].queue);
                QCOMPARE(state.services()[i].busy, it->services[i].busy);
                QCOMPARE(state.services()[i].up, it->services[i].up);
            }
            QCOMPARE(state.activeFaults(), it->faults);
        }
    }

    void staleReadsAreTraced_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("cqrs") << "cqrs-lag";
        QTest::newRow("replication") << "replication";
        QTest::newRow("composition cache") << "api-composition";
    }

    void staleReadsAreTraced()
    {
        // Every stale read the read sides count is a trace event ("run until the next stale
        // read" finds them there).
        QFETCH(QString, name);
        const Scenario sc = lesson(name.toUtf8().constData(), 30 * kSecond);
        auto run = makeRun(sc);
        run->runToEnd();
        std::int64_t traced = 0;
        for (const TraceEvent &e : run->trace()->events())
            traced += e.kind == TraceKind::StaleRead ? 1 : 0;
        const auto summary = run->summary();
        // The cache's stale answers are counted under "composition", the read sides' under
        // "consistency".
        const auto &section =
            summary.contains("consistency") ? summary["consistency"] : summary["composition"];
        const std::int64_t counted = section.value("stale_reads", std::int64_t{-1});
        QVERIFY2(traced > 0, qPrintable(QString::fromStdString(section.dump())));
        QCOMPARE(traced, counted);
    }

    void memoryIsCounted()
    {
        const Scenario sc = lesson("outbox-vs-dual-write", 2 * kSecond);
        auto run = makeRun(sc);
        Timeline timeline(run->world(), run->trace()->events(), TimelineOptions{100});
        for (SimTime t = 0; t <= sc.duration; t += 100 * kMillisecond) {
            run->world().runUntil(t);
            timeline.sync();
        }
        const TimelineMemory m = timeline.memory();
        // One at the start, then at most one per 100 commits (taken when a sync finds one due).
        QVERIFY(m.checkpoints >= 2);
        QVERIFY(m.checkpoints <= 1 + run->world().commits().size() / 100);
        QVERIFY(m.checkpointBytes > 0);
        QVERIFY(m.changesetBytes > 0);
        QCOMPARE(m.traceBytes, run->trace()->events().memoryBytes());
    }
};

QTEST_APPLESS_MAIN(TestTimeline)
#include "tst_timeline.moc"
