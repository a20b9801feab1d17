// Same scenario + seed => byte-identical trace; a different seed => a different trace.
#include "tests/support/testsupport.h"

#include "simulation/observe/tracerecorder.h"

#include <QtTest>

#include <sstream>

using namespace dplab;
using namespace dplab::test;

namespace {

/// A busy scenario that exercises every random stream: calls with drops and retries, a bus with
/// drops, duplicates and reordering, failures, a partition, a crash and a bus outage.
Scenario stormy(std::uint64_t seed)
{
    Scenario sc;
    sc.name = "stormy";
    sc.seed = seed;
    sc.duration = 5 * kSecond;
    sc.sampleInterval = 500 * kMillisecond;
    sc.network.latency = Distribution::lognormal(2 * kMillisecond, 30 * kMillisecond);
    sc.network.drop = 0.02;
    sc.network.timeout = 100 * kMillisecond;
    sc.network.retries = 1;
    sc.bus.latency = Distribution::exponential(5 * kMillisecond);
    sc.bus.drop = 0.05;
    sc.bus.duplicate = 0.05;
    sc.bus.reorder = 0.1;
    sc.bus.redeliveryAfter = 200 * kMillisecond;
    ServiceSpec front = service("front", 4, Distribution::exponential(2 * kMillisecond));
    front.calls = {"a", "b"};
    front.publishes = "news";
    ServiceSpec a = service("a", 2, Distribution::normal(3 * kMillisecond, kMillisecond));
    a.failureRate = 0.05;
    ServiceSpec b = service("b", 2, Distribution::uniform(kMillisecond, 4 * kMillisecond));
    b.fanout = ServiceSpec::Fanout::Sequential;
    b.calls = {"a"};
    ServiceSpec c = service("c", 1, Distribution::exponential(kMillisecond));
    c.subscribes = {"news"};
    sc.services = {front, a, b, c};
    WorkloadSpec w = requests("front", 300);
    w.keys.kind = KeySpec::Kind::Zipf;
    w.keys.n = 50;
    sc.workload.push_back(w);
    FaultSpec p;
    p.kind = FaultSpec::Kind::Partition;
    p.at = kSecond;
    p.duration = 500 * kMillisecond;
    p.between = {{"front"}, {"b"}};
    FaultSpec crash;
    crash.kind = FaultSpec::Kind::Crash;
    crash.service = "c";
    crash.at = 2 * kSecond;
    crash.duration = 300 * kMillisecond;
    FaultSpec down;
    down.kind = FaultSpec::Kind::BusDown;
    down.at = 3 * kSecond;
    down.duration = 400 * kMillisecond;
    FaultSpec cac;
    cac.kind = FaultSpec::Kind::CrashAfterCommit;
    cac.service = "a";
    cac.probability = 0.01;
    cac.restartAfter = 100 * kMillisecond;
    sc.faults = {p, crash, down, cac};
    return sc;
}

/// The trace plus the operations and bus summaries, as text.
std::string traceAndCounters(const Scenario &sc)
{
    auto run = makeRun(sc, true);
    run->runToEnd();
    std::ostringstream out;
    writeTraceJsonl(out, run->trace()->events(), run->world().names());
    out << run->summary()["operations"].dump() << run->summary()["bus"].dump();
    return out.str();
}

} // namespace

class TestDeterminism : public QObject
{
    Q_OBJECT
private slots:
    void sameSeedSameBytes()
    {
        const std::string first = traceAndCounters(stormy(42));
        const std::string second = traceAndCounters(stormy(42));
        QVERIFY(first.size() > 100000); // a real trace, not an empty one
        QVERIFY(first == second);
        // Every kind of incident actually happened, so the comparison covers them.
        for (const char *kind :
             {"\"drop\"", "\"duplicate\"", "\"redeliver\"", "\"retry\"", "\"crash\"", "\"restart\"",
              "\"hold\"", "\"failure\"", "\"fault-start\"", "\"timeout\"", "\"commit\""})
            QVERIFY2(first.find(std::string("\"kind\":") + kind) != std::string::npos, kind);
    }

    void otherSeedOtherTrace()
    {
        QVERIFY(traceAndCounters(stormy(42)) != traceAndCounters(stormy(43)));
    }

    void twoWorldsInterleavedMatchOneAtATime()
    {
        // No hidden global state: stepping two worlds alternately gives the same traces as
        // running each alone.
        const std::string alone = traceAndCounters(stormy(7));
        auto x = makeRun(stormy(7), true);
        auto y = makeRun(stormy(8), true);
        while (!x->world().finished() || !y->world().finished()) {
            for (Run *r : {x.get(), y.get()}) {
                if (r->world().finished())
                    continue;
                if (r->world().runEvents(97) == 0) {
                    r->world().runToEnd();
                }
            }
        }
        std::ostringstream out;
        writeTraceJsonl(out, x->trace()->events(), x->world().names());
        out << x->summary()["operations"].dump() << x->summary()["bus"].dump();
        QVERIFY(out.str() == alone);
    }
};

QTEST_APPLESS_MAIN(TestDeterminism)
#include "tst_determinism.moc"
