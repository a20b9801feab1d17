// Replication via events (patterns.replication): the orders service's copy of the customers,
// its lag against theory, and the convergence check in the variant that keeps its promise and
// in the one that cannot.
#include "tests/support/testsupport.h"

#include "patterns/replication/customerreplica.h"

#include <QtTest>

#include <cmath>

using namespace dplab;
using namespace dplab::test;

namespace {

/// customers and orders (no gateway); update_customer writes until `stop`.
Scenario replicationScenario(double rate, SimTime stop, SimTime duration, KeySpec keys,
                             std::uint64_t seed = 3)
{
    Scenario sc;
    sc.name = "replication";
    sc.seed = seed;
    sc.duration = duration;
    sc.sampleInterval = duration;
    sc.domain.customers = 1000;
    sc.domain.products = 20;
    sc.network.latency = Distribution::constant(0);
    sc.services.push_back(shopService("customers", 64, Distribution::constant(kMillisecond)));
    sc.services.push_back(shopService("orders", 256, Distribution::exponential(5 * kMillisecond)));
    turnOn(sc.patterns, ReplicationSettings{});
    WorkloadSpec w;
    w.operation = "update_customer";
    w.rate = rate;
    w.keys = keys;
    w.stop = stop;
    sc.workload.push_back(w);
    return sc;
}

const CheckResult *findCheck(const std::vector<CheckResult> &checks, const std::string &prefix)
{
    for (const auto &c : checks)
        if (c.name.rfind(prefix, 0) == 0)
            return &c;
    return nullptr;
}
// The pointer would outlive a temporary list.
const CheckResult *findCheck(std::vector<CheckResult> &&checks, const std::string &prefix) = delete;

KeySpec hotKeys()
{
    KeySpec k;
    k.kind = KeySpec::Kind::Zipf;
    k.n = 50;
    k.s = 1.1;
    return k;
}

} // namespace

class TestReplication : public QObject
{
    Q_OBJECT
private slots:
    void replicaStartsInSync()
    {
        auto run = makeRun(replicationScenario(1, 0, kSecond, {}), false);
        QCOMPARE(countRows(*run, "orders", "customer_replica"), std::int64_t{1000});
        const auto d = CustomerReplica::divergence(run->world());
        QCOMPARE(d.compared, std::int64_t{1000});
        QCOMPARE(d.divergent, std::int64_t{0});
    }

    void meanLagIsBusLatencyPlusProcessing()
    {
        KeySpec keys;
        keys.n = 1000;
        Scenario sc = replicationScenario(100, 40 * kSecond, 45 * kSecond, keys);
        sc.bus.latency = Distribution::exponential(20 * kMillisecond);
        sc.bus.ordering = BusSpec::Ordering::None;
        sc.bus.redeliveryAfter = 100 * kSecond;
        auto run = makeRun(sc, false);
        run->runToEnd();
        const auto s = run->summary();
        const auto &c = s.at("consistency");
        QVERIFY(c.at("writes_reflected").get<int>() > 3500);
        // Commit at customers, publish at once, Exp(20 ms) on the bus, Exp(5 ms) at orders
        // (plenty of workers: no queue): the mean lag is 20 + 5 = 25 ms.
        const double lag = c.at("lag_ms").at("mean").get<double>();
        QVERIFY2(std::fabs(lag / 25.0 - 1) < 0.05, qPrintable(QString("mean lag %1 ms").arg(lag)));
        QCOMPARE(c.at("divergent_entities").get<int>(), 0);
    }

    void atLeastOnceConvergesDespiteDropsAndDuplicates()
    {
        Scenario sc = replicationScenario(50, 20 * kSecond, 30 * kSecond, hotKeys());
        sc.bus.latency = Distribution::exponential(10 * kMillisecond);
        sc.bus.drop = 0.2;
        sc.bus.duplicate = 0.2;
        sc.bus.delivery = BusSpec::Delivery::AtLeastOnce;
        sc.bus.redeliveryAfter = 300 * kMillisecond;
        auto run = makeRun(sc, false);
        run->runToEnd();
        const auto s = run->summary();
        QVERIFY(s.at("bus").at("dropped").get<int>() > 50);
        QVERIFY(s.at("bus").at("duplicated").get<int>() > 50);
        const auto &c = s.at("replication");
        QCOMPARE(c.at("divergent_entities").get<int>(), 0);
        // Duplicates and redeliveries arrived and were ignored: the copy never moved back.
        QVERIFY(c.at("events_ignored").get<int>() > 50);
        const std::vector<CheckResult> checks = run->checks();
        const CheckResult *check = findCheck(checks, "replica converged");
        QVERIFY(check);
        QVERIFY2(check->ok, check->detail.c_str());
        QVERIFY(check->name.find("at-least-once") != std::string::npos);
    }

    void atMostOnceWithDropsDivergesAndIsReported()
    {
        Scenario sc = replicationScenario(50, 20 * kSecond, 30 * kSecond, hotKeys());
        sc.bus.latency = Distribution::exponential(10 * kMillisecond);
        sc.bus.drop = 0.2;
        sc.bus.delivery = BusSpec::Delivery::AtMostOnce;
        auto run = makeRun(sc, false);
        run->runToEnd();
        const auto s = run->summary();
        QVERIFY(s.at("consistency").at("divergent_entities").get<int>() > 0);
        const std::vector<CheckResult> checks = run->checks();
        const CheckResult *check = findCheck(checks, "replica converged");
        QVERIFY(check);
        QVERIFY(!check->ok);
        QVERIFY2(check->name.find("at-most-once") != std::string::npos, check->name.c_str());
        QVERIFY2(check->detail.find("never sent again") != std::string::npos,
                 check->detail.c_str());
    }

    void readsFromTheReplicaCanBeStale()
    {
        Scenario sc = replicationScenario(20, 20 * kSecond, 25 * kSecond, hotKeys());
        sc.bus.latency = Distribution::constant(300 * kMillisecond);
        WorkloadSpec read;
        read.operation = "get_order_details";
        read.rate = 100;
        read.keys = hotKeys();
        read.stop = 20 * kSecond;
        sc.workload.push_back(read);
        auto run = makeRun(sc, false);
        run->runToEnd();
        const auto s = run->summary();
        const auto &c = s.at("consistency");
        const int stale = c.at("stale_reads").get<int>();
        QVERIFY(stale > 0);
        QVERIFY(stale < c.at("reads").get<int>());
        // A stale read misses a write at most one bus latency plus processing old.
        QVERIFY(c.at("staleness_ms").at("max").get<double>() <= 300 + 50);
        // Every customer read came from the replica: customers served the updates only.
        QCOMPARE(s.at("services").at("customers").at("processed").get<int>(),
                 s.at("operations").at("update_customer").at("count").get<int>());
        QCOMPARE(s.at("operations").at("get_order_details").at("failed").get<int>(), 0);
        QCOMPARE(c.at("divergent_entities").get<int>(), 0);
    }
};

QTEST_GUILESS_MAIN(TestReplication)
#include "tst_replication.moc"
