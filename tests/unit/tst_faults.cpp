// Faults: scheduled and injected live, each with its start and end in the trace and its effect
// on the network, the services and their databases.
#include "tests/support/testsupport.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <sstream>

using namespace dplab;
using namespace dplab::test;

namespace {

/// client -> front -> back, constant timings so every effect is exact.
Scenario chain()
{
    Scenario sc;
    sc.name = "chain";
    sc.seed = 4;
    sc.duration = 10 * kSecond;
    sc.sampleInterval = kSecond;
    sc.network.latency = Distribution::constant(kMillisecond);
    sc.network.timeout = 500 * kMillisecond;
    ServiceSpec front = service("front", 8, Distribution::constant(kMillisecond));
    front.calls = {"back"};
    sc.services = {front, service("back", 8, Distribution::constant(kMillisecond))};
    WorkloadSpec w = requests("front", 100);
    w.arrival = WorkloadSpec::Arrival::Constant;
    w.timeout = 2 * kSecond;
    sc.workload.push_back(w);
    return sc;
}

std::vector<TraceEvent> ofKind(const Run &run, TraceKind kind)
{
    std::vector<TraceEvent> out;
    for (const auto &e : run.trace()->events())
        if (e.kind == kind)
            out.push_back(e);
    return out;
}

/// Latencies of completed client requests that started in [from, to).
std::vector<SimTime> latencies(const Run &run, SimTime from, SimTime to)
{
    std::vector<SimTime> out;
    for (const auto &e : run.trace()->events())
        if (e.kind == TraceKind::Complete && e.ok && e.time - e.value >= from &&
            e.time - e.value < to)
            out.push_back(e.value);
    return out;
}

} // namespace

class TestFaults : public QObject
{
    Q_OBJECT
private slots:
    void noFaultGivesTheExactLatency()
    {
        auto run = makeRun(chain());
        run->runToEnd();
        // 1 ms to front, 1 ms work, 1 ms to back, 1 ms work, 1 ms back, 1 ms to the client.
        for (SimTime l : latencies(*run, 0, 10 * kSecond))
            QCOMPARE(l, 6 * kMillisecond);
    }

    void linkLatencyFaultAppliesOnlyDuringItsWindow()
    {
        Scenario sc = chain();
        FaultSpec f;
        f.kind = FaultSpec::Kind::Latency;
        f.target = "front->back";
        f.latency = Distribution::constant(300 * kMillisecond);
        f.at = 2 * kSecond;
        f.duration = 2 * kSecond;
        sc.faults.push_back(f);
        auto run = makeRun(sc);
        run->runToEnd();
        for (SimTime l : latencies(*run, 0, 2 * kSecond - 5 * kMillisecond))
            QCOMPARE(l, 6 * kMillisecond);
        for (SimTime l : latencies(*run, 2 * kSecond, 4 * kSecond - 5 * kMillisecond))
            QCOMPARE(l, 305 * kMillisecond); // only the front->back hop is slow
        for (SimTime l : latencies(*run, 4 * kSecond, 10 * kSecond))
            QCOMPARE(l, 6 * kMillisecond);
        const auto starts = ofKind(*run, TraceKind::FaultStart);
        const auto ends = ofKind(*run, TraceKind::FaultEnd);
        QCOMPARE(starts.size(), std::size_t(1));
        QCOMPARE(ends.size(), std::size_t(1));
        QCOMPARE(starts[0].time, 2 * kSecond);
        QCOMPARE(ends[0].time, 4 * kSecond);
        QCOMPARE(run->world().names().texts[starts[0].text],
                 std::string("latency on front->back 300ms"));
    }

    void linkDropFaultFailsCallsAfterTheirTimeout()
    {
        Scenario sc = chain();
        FaultSpec f;
        f.kind = FaultSpec::Kind::Drop;
        f.target = "front->back";
        f.probability = 1.0;
        f.at = 3 * kSecond;
        f.duration = kSecond;
        sc.faults.push_back(f);
        auto run = makeRun(sc);
        run->runToEnd();
        const OperationStats &op = run->metrics().operations().front();
        QCOMPARE(op.failed, 100u); // 1 s of requests at 100/s
        for (const auto &e : ofKind(*run, TraceKind::Complete))
            if (!e.ok)
                QCOMPARE(e.value,
                         503 * kMillisecond); // 2 ms to the call, 500 ms timeout, 1 ms back
    }

    void partitionBetweenServicesBlocksCalls()
    {
        Scenario sc = chain();
        FaultSpec f;
        f.kind = FaultSpec::Kind::Partition;
        f.between = {{"front"}, {"back"}};
        f.at = 5 * kSecond;
        f.duration = 500 * kMillisecond;
        sc.faults.push_back(f);
        auto run = makeRun(sc);
        run->runToEnd();
        QCOMPARE(run->metrics().operations().front().failed, 50u);
        int partitionDrops = 0;
        for (const auto &e : ofKind(*run, TraceKind::Drop))
            partitionDrops += run->world().names().texts[e.text] == "partition";
        QCOMPARE(partitionDrops, 50);
    }

    void crashLosesWorkKeepsTheDatabaseAndRestarts()
    {
        Scenario sc = chain();
        sc.services[1].processing = Distribution::constant(50 * kMillisecond); // work in flight
        FaultSpec f;
        f.kind = FaultSpec::Kind::Crash;
        f.service = "back";
        f.at = 5 * kSecond;
        f.duration = kSecond;
        sc.faults.push_back(f);
        auto run = makeRun(sc);
        run->runToEnd();
        const Service &back = run->world().service(1);
        QCOMPARE(back.stats().crashes, 1u);
        QVERIFY(back.stats().lostInCrash >= 4); // ~5 requests in flight at 100/s x 50 ms
        QVERIFY(back.isUp());
        QCOMPARE(back.stats().downTime, kSecond);
        const auto restarts = ofKind(*run, TraceKind::Restart);
        QCOMPARE(restarts.size(), std::size_t(1));
        QCOMPARE(restarts[0].time, 6 * kSecond);
        // The rows committed before the crash are still there: one per request processed.
        QCOMPARE(countRows(*run, "back", "requests"),
                 static_cast<std::int64_t>(back.stats().processed));
        QVERIFY(run->metrics().operations().front().failed >= 100);
    }

    void intervalsWithoutCompletionsHaveNoLatency()
    {
        // front is down from 3 s to 6 s: what was in flight times out 2 s after it was sent,
        // so nothing at all completes between 3 s and 4 s.
        Scenario sc = chain();
        FaultSpec f;
        f.kind = FaultSpec::Kind::Crash;
        f.service = "front";
        f.at = 3 * kSecond;
        f.duration = 3 * kSecond;
        sc.faults.push_back(f);
        auto run = makeRun(sc);
        run->runToEnd();
        const auto &rows = run->metrics().rows();
        QCOMPARE(rows.size(), std::size_t(10));
        int empty = 0;
        for (const auto &row : rows) {
            // Columns 1-3: throughput, latency mean and p99 of the one operation.
            QCOMPARE(std::isnan(row[2]), row[1] == 0.0);
            QCOMPARE(std::isnan(row[3]), row[1] == 0.0);
            empty += std::isnan(row[2]);
        }
        QVERIFY(std::isnan(rows[3][2])); // the interval that ends at 4 s
        QVERIFY(empty >= 1);
        // metrics.csv leaves those cells empty (no 0 ms latency).
        std::ostringstream out;
        run->metrics().writeCsv(out);
        const std::string csv = out.str();
        QVERIFY2(csv.find("\n4,0,,,") != std::string::npos, csv.c_str());
        // Every line still has every column.
        QCOMPARE(std::count(csv.begin(), csv.end(), ','),
                 static_cast<std::ptrdiff_t>(11 * (run->metrics().columns().size() - 1)));
    }

    void crashAfterCommitKeepsTheRowButNeverReplies()
    {
        Scenario sc = chain();
        FaultSpec f;
        f.kind = FaultSpec::Kind::CrashAfterCommit;
        f.service = "back";
        f.probability = 1.0;
        f.restartAfter = 100 * kMillisecond;
        f.at = 5 * kSecond;
        f.duration = 5 * kMillisecond; // catches the first commit after 5 s only
        sc.faults.push_back(f);
        auto run = makeRun(sc);
        run->runToEnd();
        const Service &back = run->world().service(1);
        QCOMPARE(back.stats().crashes, 1u);
        // Committed (the row exists) and then the service died before replying.
        QCOMPARE(countRows(*run, "back", "requests"),
                 static_cast<std::int64_t>(back.stats().processed));
        QVERIFY(run->metrics().operations().front().failed >= 1);
        const auto crashes = ofKind(*run, TraceKind::Crash);
        QCOMPARE(crashes.size(), std::size_t(1));
        // The crash is caused by the commit that preceded it.
        const TraceEvent &cause = run->trace()->events()[crashes[0].cause - 1];
        QCOMPARE(cause.kind, TraceKind::Commit);
        QCOMPARE(cause.from, std::int16_t(1));
    }

    void liveInjectionIsTracedAndTakesEffect()
    {
        auto run = makeRun(chain());
        World &w = run->world();
        w.runUntil(3 * kSecond);
        FaultSpec f;
        f.kind = FaultSpec::Kind::Crash;
        f.service = "front";
        f.duration = kSecond;
        QCOMPARE(w.injectFault(f), std::string());
        QVERIFY(!w.service(0).isUp());
        w.runUntil(3 * kSecond + 500 * kMillisecond);
        QVERIFY(!w.service(0).isUp());
        w.runToEnd();
        QVERIFY(w.service(0).isUp());
        const auto interventions = ofKind(*run, TraceKind::Intervention);
        QCOMPARE(interventions.size(), std::size_t(1));
        QCOMPARE(interventions[0].time, 3 * kSecond);
        QCOMPARE(ofKind(*run, TraceKind::Restart).front().time, 4 * kSecond);

        FaultSpec bad;
        bad.kind = FaultSpec::Kind::Crash;
        bad.service = "nobody";
        QCOMPARE(w.injectFault(bad), std::string("unknown service \"nobody\""));
    }

    void endFaultEndsALiveFaultNowAndOnlyOnce()
    {
        auto run = makeRun(chain());
        World &w = run->world();
        w.runUntil(2 * kSecond);
        FaultSpec f;
        f.kind = FaultSpec::Kind::Crash;
        f.service = "back";
        f.duration = 5 * kSecond;
        QCOMPARE(w.injectFault(f), std::string());
        const std::uint64_t id = w.faults().all().back().id;
        QVERIFY(w.faults().isActive(id));
        QVERIFY(!w.service(1).isUp());
        w.runUntil(3 * kSecond);
        QVERIFY(w.endFault(id));
        QVERIFY(!w.faults().isActive(id));
        QVERIFY(w.service(1).isUp()); // the crash fault's end restarts the service at once
        QVERIFY(!w.endFault(id));     // already over: nothing happens, nothing is traced
        QVERIFY(!w.endFault(9999));
        w.runToEnd();
        const auto ends = ofKind(*run, TraceKind::FaultEnd);
        QCOMPARE(ends.size(), std::size_t(1)); // the scheduled end at 7 s found nothing to end
        QCOMPARE(ends[0].time, 3 * kSecond);
        QCOMPARE(ofKind(*run, TraceKind::Intervention).size(), std::size_t(2)); // inject + end
        QCOMPARE(ofKind(*run, TraceKind::Restart).front().time, 3 * kSecond);
    }

    void endFaultStopsABusFaultWithoutDuration()
    {
        Scenario sc = chain();
        sc.workload.push_back(publishes("news", 100));
        auto run = makeRun(sc);
        World &w = run->world();
        w.runUntil(kSecond);
        FaultSpec drop;
        drop.kind = FaultSpec::Kind::Drop;
        drop.target = "bus";
        drop.probability = 1.0;
        QCOMPARE(w.injectFault(drop), std::string());
        const std::uint64_t id = w.faults().all().back().id;
        QVERIFY(w.faults().busOverride(FaultSpec::Kind::Drop, 0).has_value());
        QVERIFY(w.endFault(id));
        QVERIFY(!w.faults().busOverride(FaultSpec::Kind::Drop, 0).has_value());
        QVERIFY(!w.faults().anyActive());
    }
};

QTEST_APPLESS_MAIN(TestFaults)
#include "tst_faults.moc"
