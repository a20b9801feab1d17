// Two-phase commit (patterns.two_phase_commit): all or nothing under no votes and timeouts,
// blocking measured exactly under a coordinator crash, key locks that make other work wait,
// prepared state that survives a participant crash, determinism, and the checks that watch it.
#include "tests/support/patternstestsupport.h"

#include "patterns/builder.h"
#include "patterns/checks.h"
#include "patterns/domain/shopschema.h"
#include "patterns/module/patterncatalog.h"
#include "patterns/scenarioinput.h"
#include "patterns/twophase/twophasemetrics.h"
#include "patterns/twophase/twophaseparticipant.h"
#include "simulation/observe/tracerecorder.h"
#include "simulation/scenario/scenarioloader.h"
#include "simulation/world/world.h"

#include <QtTest>

#include <cmath>
#include <sstream>

using namespace dplab;
using namespace dplab::test;

namespace {

using OJson = nlohmann::ordered_json;
constexpr SimTime kLatency = kMillisecond;

/// orders, products, inventory and payments, clients calling the owners directly, constant
/// 1 ms links and no processing time: every protocol time is a sum of latencies.
Scenario tpcShop(SimTime duration, SimTime timeout = 500 * kMillisecond, std::uint64_t seed = 3)
{
    Scenario sc;
    sc.name = "two-phase shop";
    sc.seed = seed;
    sc.duration = duration;
    sc.sampleInterval = 500 * kMillisecond;
    sc.domain.customers = 400;
    sc.domain.products = 40;
    sc.domain.stock = 1000000;
    sc.network.latency = Distribution::constant(kLatency);
    sc.network.timeout = 2 * kSecond;
    for (const char *role : {"orders", "products", "inventory", "payments"})
        sc.services.push_back(shopService(role, 8, Distribution::constant(0)));
    TwoPhaseCommitSettings tpc;
    tpc.timeout = timeout;
    turnOn(sc.patterns, tpc);
    return sc;
}

ServiceSpec &serviceOf(Scenario &sc, const std::string &name)
{
    for (auto &s : sc.services)
        if (s.name == name)
            return s;
    throw std::runtime_error("no service " + name);
}

/// One operation at exactly `at` (constant arrivals, one inside the window).
WorkloadSpec once(const std::string &op, SimTime at, std::int64_t n = 1)
{
    WorkloadSpec w = shopOp(op, 1, at + 500 * kMillisecond, n);
    w.arrival = WorkloadSpec::Arrival::Constant;
    w.start = at;
    return w;
}

FaultSpec crashAfterPrepare(SimTime at, SimTime window, SimTime down, double p = 1.0)
{
    FaultSpec f = crashAfter(FaultSpec::Kind::CrashAfterPrepare, "orders", p, at, window);
    f.restartAfter = down;
    return f;
}

struct Outcome
{
    OJson summary;
    std::vector<CheckResult> checks;
};

Outcome runIt(const Scenario &sc)
{
    auto run = makeRun(sc, false);
    run->runToEnd();
    return {run->summary(), run->checks()};
}

double ms(const OJson &j)
{
    return j.get<double>();
}

} // namespace

class TestTwoPhaseCommit : public QObject
{
    Q_OBJECT

private slots:
    void allOrNothingUnderNoVotes()
    {
        // Each participant votes no on its own with its failure_rate: a transaction commits
        // only when both say yes, (1 - f_inv)(1 - f_pay) of the time, and never half-way.
        const double fInv = 0.1, fPay = 0.2;
        Scenario sc = tpcShop(22 * kSecond);
        serviceOf(sc, "inventory").failureRate = fInv;
        serviceOf(sc, "payments").failureRate = fPay;
        sc.workload = {shopOp("place_order", 100, 20 * kSecond, 400)};
        auto run = makeRun(sc, false);
        run->runToEnd();
        const OJson s = run->summary();
        const OJson &t = s.at("two_phase_commit");
        const auto n = t.at("transactions").get<std::uint64_t>();
        const auto committed = t.at("committed").get<std::uint64_t>();
        QVERIFY(n > 1800);
        QCOMPARE(committed + t.at("aborted").at("total").get<std::uint64_t>(), n);
        QCOMPARE(t.at("aborted").at("vote_no").get<std::uint64_t>(),
                 t.at("aborted").at("total").get<std::uint64_t>());
        const double expected = (1 - fInv) * (1 - fPay);
        const double ratio = static_cast<double>(committed) / static_cast<double>(n);
        const double sigma = std::sqrt(expected * (1 - expected) / static_cast<double>(n));
        QVERIFY2(std::abs(ratio - expected) < 4 * sigma,
                 qPrintable(QString("commit ratio %1, expected %2").arg(ratio).arg(expected)));
        // Every client got the transaction's outcome.
        QCOMPARE(s.at("operations").at("place_order").at("ok").get<std::uint64_t>(), committed);

        const auto checks = run->checks();
        const CheckResult *atomic = checkById(checks, "two_phase_commit.atomic");
        QVERIFY(atomic && atomic->ok);
        QCOMPARE(
            QString::fromStdString(atomic->detail),
            QString(
                "%1 transactions: %2 committed everywhere, %3 aborted, 0 still in doubt, 0 mixed")
                .arg(n)
                .arg(committed)
                .arg(n - committed));
        QVERIFY(checkById(checks, "two_phase_commit.none_in_doubt")->ok);

        // The three databases agree: one order, one reservation and one charge per commit.
        QCOMPARE(countRows(*run, "orders", "orders WHERE status = 'paid'"),
                 static_cast<std::int64_t>(committed));
        QCOMPARE(countRows(*run, "payments", "payments"), static_cast<std::int64_t>(committed));
        World &w = run->world();
        auto one = [&](const char *service, const char *sql) {
            return std::get<std::int64_t>(
                w.service(w.serviceIndex(service)).database().query(sql).rows.at(0).at(0));
        };
        QCOMPARE(one("inventory", "SELECT sum(reserved) FROM inventory"),
                 one("orders", "SELECT sum(qty) FROM orders WHERE status = 'paid'"));
        QCOMPARE(400 * ShopSchema::kInitialBalance -
                     one("payments", "SELECT sum(balance) FROM accounts"),
                 one("orders", "SELECT sum(total) FROM orders WHERE status = 'paid'"));
    }

    void atomicUnderRandomFaultSchedules_data()
    {
        QTest::addColumn<int>("seed");
        for (int seed = 1; seed <= 12; ++seed)
            QTest::newRow(qPrintable(QString("schedule %1").arg(seed))) << seed;
    }

    void atomicUnderRandomFaultSchedules()
    {
        // Crashes of the coordinator and of either participant, crashes right after prepare,
        // lost calls and partitions, at random: once the faults heal and the decisions are
        // through, no transaction is half committed and no participant is left in doubt.
        QFETCH(int, seed);
        Rng rng = Rng::stream(static_cast<std::uint64_t>(seed), "test/tpc-faults");
        Scenario sc = tpcShop(14 * kSecond, 300 * kMillisecond, static_cast<std::uint64_t>(seed));
        serviceOf(sc, "inventory").failureRate = 0.05;
        serviceOf(sc, "payments").failureRate = 0.05;
        sc.workload = {shopOp("place_order", 80, 8 * kSecond, 400),
                       shopOp("restock", 10, 8 * kSecond, 40)};
        const char *services[] = {"orders", "inventory", "payments"};
        const int n = 3 + static_cast<int>(rng.below(4));
        for (int i = 0; i < n; ++i) {
            FaultSpec f;
            f.at = static_cast<SimTime>(rng.below(7000)) * kMillisecond;
            f.duration = (50 + static_cast<SimTime>(rng.below(900))) * kMillisecond;
            switch (rng.below(4)) {
            case 0:
                f.kind = FaultSpec::Kind::Crash;
                f.service = services[rng.below(3)];
                break;
            case 1:
                f = crashAfterPrepare(f.at, *f.duration,
                                      (100 + static_cast<SimTime>(rng.below(1500))) * kMillisecond,
                                      0.3);
                break;
            case 2:
                f.kind = FaultSpec::Kind::Drop;
                f.target = std::string("orders->") + services[1 + rng.below(2)];
                f.probability = 0.3;
                break;
            default:
                f.kind = FaultSpec::Kind::Partition;
                f.between = {{"orders"}, {services[1 + rng.below(2)]}};
                break;
            }
            sc.faults.push_back(f);
        }
        const Outcome o = runIt(sc);
        const OJson &t = o.summary.at("two_phase_commit");
        QVERIFY(t.at("transactions").get<std::uint64_t>() > 300);
        const CheckResult *atomic = checkById(o.checks, "two_phase_commit.atomic");
        const CheckResult *doubt = checkById(o.checks, "two_phase_commit.none_in_doubt");
        QVERIFY(atomic && doubt);
        QVERIFY2(atomic->ok, atomic->detail.c_str());
        QVERIFY2(doubt->ok, doubt->detail.c_str());
        QCOMPARE(t.at("in_doubt_now").get<std::int64_t>(), std::int64_t{0});
        qInfo("%d faults; aborted %s", n, t.at("aborted").dump().c_str());
    }

    void answerComesAfterBothPhases()
    {
        // Client -> orders, orders <-> products, prepare round trip, decision round trip,
        // reply: eight one-way latencies, every one of them paid by the client.
        Scenario sc = tpcShop(3 * kSecond);
        sc.workload = {shopOp("place_order", 20, 2 * kSecond, 400)};
        const OJson s = runIt(sc).summary;
        const OJson &lat = s.at("operations").at("place_order").at("latency_ms");
        QCOMPARE(ms(lat.at("p50")), 8.0);
        QCOMPARE(ms(lat.at("max")), 8.0);
        QCOMPARE(ms(s.at("two_phase_commit").at("blocked_ms").at("max")),
                 2.0); // vote out, decision in
    }

    void coordinatorCrashBlocksForItsDowntime()
    {
        // The coordinator crashes with both yes votes in hand. The participants hold their
        // promise (and their locks) until it is back and aborts (presumed abort): blocked =
        // downtime + the vote's way back + the abort's way out.
        const SimTime down = 2 * kSecond;
        Scenario sc = tpcShop(6 * kSecond);
        sc.workload = {once("place_order", kSecond)};
        sc.faults = {crashAfterPrepare(0, 1500 * kMillisecond, down)};
        auto run = makeRun(sc, false);
        World &w = run->world();
        w.runUntil(2 * kSecond);
        const TwoPhaseParticipant *inv = TwoPhaseMetrics::participant(w, "inventory");
        const TwoPhaseParticipant *pay = TwoPhaseMetrics::participant(w, "payments");
        QCOMPARE(inv->locks().held(), std::size_t{1});
        QCOMPARE(pay->locks().held(), std::size_t{1});
        QCOMPARE(TwoPhaseParticipant::inDoubt(w.service(w.serviceIndex("inventory"))),
                 std::int64_t{1});
        run->runToEnd();
        const OJson t = run->summary().at("two_phase_commit");
        QCOMPARE(t.at("crashes_after_prepare").get<int>(), 1);
        QCOMPARE(t.at("aborted").at("coordinator_recovery").get<int>(), 1);
        QCOMPARE(t.at("committed").get<int>(), 0);
        const double expected = toMilliseconds(down + 2 * kLatency);
        QCOMPARE(ms(t.at("blocked_ms").at("max")), expected);
        QCOMPARE(ms(t.at("blocked_ms").at("mean")), expected);
        QCOMPARE(inv->stats().blocked.count(), std::uint64_t{1});
        QCOMPARE(pay->stats().blocked.count(), std::uint64_t{1});
        QCOMPARE(inv->locks().held(), std::size_t{0});
        QVERIFY(inv->stats().inquiries >= 3); // it asked while orders was down
        const auto checks = run->checks();
        QVERIFY(checkById(checks, "two_phase_commit.atomic")->ok);
        QVERIFY(checkById(checks, "two_phase_commit.none_in_doubt")->ok);
        // No order was written: the decision was abort.
        QCOMPARE(countRows(*run, "orders", "orders WHERE status = 'paid'"), std::int64_t{0});
    }

    void lockedKeyWaitsExactlyUntilTheDecision()
    {
        // One product, so the restock at 2 s hits the key the blocked transaction locked; it
        // waits until the abort arrives and then runs.
        const SimTime down = 2 * kSecond;
        Scenario sc = tpcShop(6 * kSecond);
        sc.domain.products = 1;
        sc.workload = {once("place_order", kSecond), once("restock", 2 * kSecond)};
        sc.faults = {crashAfterPrepare(0, 1500 * kMillisecond, down)};
        const Outcome o = runIt(sc);
        // Prepared at 1 s + 4 latencies; the crash one latency later; the abort at inventory
        // one latency after the restart. The restock arrived at 2 s + 1 latency.
        const SimTime prepared = kSecond + 4 * kLatency;
        const SimTime decided = prepared + kLatency + down + kLatency;
        const SimTime arrived = 2 * kSecond + kLatency;
        const OJson &t = o.summary.at("two_phase_commit");
        QCOMPARE(t.at("lock_waits").get<int>(), 1);
        QCOMPARE(ms(t.at("lock_wait_ms").at("max")), toMilliseconds(decided - arrived));
        QCOMPARE(ms(t.at("participants").at("inventory").at("lock_wait_ms").at("max")),
                 toMilliseconds(decided - arrived));
        const OJson &restock = o.summary.at("operations").at("restock");
        QCOMPARE(restock.at("ok").get<int>(), 1);
        QCOMPARE(ms(restock.at("latency_ms").at("max")),
                 toMilliseconds(decided - arrived + 2 * kLatency));
    }

    void prepareWaitingTooLongVotesNo()
    {
        // Order A prepares product 1, then its commit to inventory is slowed to 1 s. Order B's
        // prepare for the same product parks behind A's lock; after the timeout the
        // coordinator aborts B, and inventory's own deadline turns the parked prepare into a
        // no vote rather than a late promise.
        const SimTime timeout = 300 * kMillisecond;
        Scenario sc = tpcShop(5 * kSecond, timeout);
        sc.domain.products = 1;
        sc.workload = {once("place_order", kSecond), once("place_order", kSecond + kMillisecond)};
        FaultSpec slow;
        slow.kind = FaultSpec::Kind::Latency;
        slow.target = "orders->inventory";
        slow.latency = Distribution::constant(kSecond);
        slow.at = kSecond + 4500; // after B's prepare left, before A's decision does
        slow.duration = kSecond;
        sc.faults = {slow};
        auto run = makeRun(sc, false);
        run->runToEnd();
        const OJson t = run->summary().at("two_phase_commit");
        QCOMPARE(t.at("transactions").get<int>(), 2);
        QCOMPARE(t.at("committed").get<int>(), 1);
        QCOMPARE(t.at("aborted").at("timeout").get<int>(), 1);
        const TwoPhaseParticipant *inv = TwoPhaseMetrics::participant(run->world(), "inventory");
        QCOMPARE(inv->stats().votedNo, std::uint64_t{1});
        QCOMPARE(inv->stats().lockWaits, std::uint64_t{1});
        QCOMPARE(inv->stats().lockWait.max(), timeout);
        // A's commit took the slow link: prepared at 1.004 s, committed at 2.005 s.
        QCOMPARE(inv->stats().blocked.max(), kSecond + kLatency);
        const auto checks = run->checks();
        QVERIFY(checkById(checks, "two_phase_commit.atomic")->ok);
        QVERIFY(checkById(checks, "two_phase_commit.none_in_doubt")->ok);
    }

    void lostDecisionIsFoundByAsking()
    {
        // The commit to inventory is lost. inventory, in doubt, asks the coordinator one
        // timeout after its yes vote and gets the decision again: blocked = timeout + 2 latencies.
        const SimTime timeout = 500 * kMillisecond;
        Scenario sc = tpcShop(4 * kSecond, timeout);
        sc.workload = {once("place_order", kSecond)};
        FaultSpec drop;
        drop.kind = FaultSpec::Kind::Drop;
        drop.target = "orders->inventory";
        drop.probability = 1;
        drop.at = kSecond + 4500;
        drop.duration = 10 * kMillisecond;
        sc.faults = {drop};
        const Outcome o = runIt(sc);
        const OJson &t = o.summary.at("two_phase_commit");
        QCOMPARE(t.at("committed").get<int>(), 1);
        QCOMPARE(t.at("decisions_resent").get<int>(), 1); // asked by inventory
        QCOMPARE(t.at("decision_retries").get<int>(), 1); // and the coordinator's own retry
        QCOMPARE(t.at("participants").at("inventory").at("repeated_decisions").get<int>(), 1);
        QCOMPARE(t.at("unfinished_now").get<int>(), 0);
        QCOMPARE(t.at("participants").at("inventory").at("inquiries").get<int>(), 1);
        QCOMPARE(ms(t.at("participants").at("inventory").at("blocked_ms").at("max")),
                 toMilliseconds(timeout + 2 * kLatency));
        QCOMPARE(ms(t.at("participants").at("payments").at("blocked_ms").at("max")), 2.0);
        QCOMPARE(o.summary.at("operations").at("place_order").at("ok").get<int>(), 1);
        QVERIFY(checkById(o.checks, "two_phase_commit.none_in_doubt")->ok);
    }

    void participantCrashKeepsItsPromiseAndLock()
    {
        // inventory crashes while prepared: memory (locks, parked requests) is gone, but the
        // prepared row is not; after the restart the lock is back and the restock still waits.
        const SimTime down = 2 * kSecond;
        Scenario sc = tpcShop(6 * kSecond);
        sc.domain.products = 1;
        sc.workload = {once("place_order", kSecond), once("restock", 2 * kSecond)};
        FaultSpec crash;
        crash.kind = FaultSpec::Kind::Crash;
        crash.service = "inventory";
        crash.at = 1500 * kMillisecond;
        crash.duration = 300 * kMillisecond;
        sc.faults = {crashAfterPrepare(0, 1500 * kMillisecond, down), crash};
        auto run = makeRun(sc, false);
        World &w = run->world();
        const TwoPhaseParticipant *inv = TwoPhaseMetrics::participant(w, "inventory");
        w.runUntil(1600 * kMillisecond);
        QCOMPARE(inv->locks().held(), std::size_t{0}); // down: nothing in memory
        w.runUntil(1900 * kMillisecond);
        QCOMPARE(inv->locks().held(), std::size_t{1}); // rebuilt from tpc_prepared
        run->runToEnd();
        const SimTime prepared = kSecond + 4 * kLatency;
        const SimTime decided = prepared + kLatency + down + kLatency;
        QCOMPARE(inv->stats().lockWaits, std::uint64_t{1});
        QCOMPARE(inv->stats().lockWait.max(), decided - (2 * kSecond + kLatency));
        QCOMPARE(inv->stats().blocked.max(), decided - prepared);
        const std::vector<CheckResult> checks = run->checks();
        QVERIFY(checkById(checks, "two_phase_commit.none_in_doubt")->ok);
    }

    void decisionIsRetriedUntilAcknowledged()
    {
        // inventory crashes right after its yes vote, for 1 s. The commit finds it down; the
        // coordinator answers the client when the decision's timeout expires and sends the
        // decision again every timeout until inventory, back and still prepared, takes it.
        const SimTime timeout = 500 * kMillisecond;
        Scenario sc = tpcShop(4 * kSecond, timeout);
        sc.workload = {once("place_order", kSecond)};
        FaultSpec crash;
        crash.kind = FaultSpec::Kind::Crash;
        crash.service = "inventory";
        crash.at = kSecond + 4500; // just after it prepared (1.004 s)
        crash.duration = kSecond;
        sc.faults = {crash};
        const Outcome o = runIt(sc);
        const OJson &t = o.summary.at("two_phase_commit");
        QCOMPARE(t.at("committed").get<int>(), 1);
        QCOMPARE(t.at("decision_retries").get<int>(), 2); // at 1.505 s (lost) and 2.005 s
        QCOMPARE(t.at("unfinished_now").get<int>(), 0);
        // Decided at 1.005 s; the retry sent at 2.005 s reaches inventory, up since 2.0045 s.
        QCOMPARE(ms(t.at("participants").at("inventory").at("blocked_ms").at("max")),
                 toMilliseconds(kSecond + 2 * kLatency));
        // The client heard the outcome when the first commit went unanswered.
        QCOMPARE(ms(o.summary.at("operations").at("place_order").at("latency_ms").at("max")),
                 toMilliseconds(5 * kLatency + timeout + kLatency));
        QVERIFY(checkById(o.checks, "two_phase_commit.atomic")->ok);
        QVERIFY(checkById(o.checks, "two_phase_commit.none_in_doubt")->ok);
    }

    void slowParticipantTimesOutAndStaysAtomic()
    {
        // payments takes longer than the timeout: every vote is late, every transaction is
        // aborted for timeout, and the late promises are discarded by the abort that follows.
        Scenario sc = tpcShop(5 * kSecond, 20 * kMillisecond);
        serviceOf(sc, "payments").processing = Distribution::constant(30 * kMillisecond);
        serviceOf(sc, "payments").workers = 1;
        sc.workload = {shopOp("place_order", 5, 3 * kSecond, 400)};
        const Outcome o = runIt(sc);
        const OJson &t = o.summary.at("two_phase_commit");
        QVERIFY(t.at("transactions").get<int>() > 8);
        QCOMPARE(t.at("committed").get<int>(), 0);
        QCOMPARE(t.at("aborted").at("timeout").get<int>(), t.at("transactions").get<int>());
        QVERIFY(checkById(o.checks, "two_phase_commit.atomic")->ok);
        const CheckResult *doubt = checkById(o.checks, "two_phase_commit.none_in_doubt");
        QVERIFY2(doubt->ok, doubt->detail.c_str());
        // The late yes votes became promises, and every one was discarded.
        QVERIFY(t.at("participants").at("payments").at("prepared").get<int>() > 0);
        QCOMPARE(t.at("participants").at("payments").at("prepared").get<int>(),
                 t.at("participants").at("payments").at("aborted").get<int>());
    }

    void orderThatCannotBeWrittenIsAborted()
    {
        // With CQRS and a publish-first dual write, the commit decision needs its OrderPlaced
        // event published first. While the bus is down (and loses), that fails, the decision
        // and the order roll back together, and the coordinator aborts instead.
        Scenario sc = tpcShop(4 * kSecond);
        sc.services.push_back(shopService("order-view", 4, Distribution::constant(0)));
        turnOn(sc.patterns, CqrsSettings{});
        turnOn(sc.patterns, DualWriteSettings{});
        sc.bus.whenDown = BusSpec::WhenDown::Lose;
        sc.bus.latency = Distribution::constant(kLatency);
        sc.workload = {shopOp("place_order", 50, 3 * kSecond, 400)};
        FaultSpec down;
        down.kind = FaultSpec::Kind::BusDown;
        down.at = kSecond;
        down.duration = kSecond;
        sc.faults = {down};
        const Outcome o = runIt(sc);
        const OJson &t = o.summary.at("two_phase_commit");
        const int notWritten = t.at("aborted").at("order_not_written").get<int>();
        QVERIFY(notWritten > 20);
        QCOMPARE(t.at("aborted").at("total").get<int>(), notWritten);
        QCOMPARE(t.at("committed").get<int>() + notWritten, t.at("transactions").get<int>());
        QVERIFY(checkById(o.checks, "two_phase_commit.atomic")->ok);
        QVERIFY(checkById(o.checks, "two_phase_commit.none_in_doubt")->ok);
        const CheckResult *view = checkById(o.checks, "cqrs.read_model_matches");
        QVERIFY2(view->ok, view->detail.c_str());
    }

    void checksCatchABrokenOutcome()
    {
        Scenario sc = tpcShop(3 * kSecond);
        sc.workload = {shopOp("place_order", 50, 2 * kSecond, 400)};
        auto run = makeRun(sc, false);
        run->runToEnd();
        World &w = run->world();
        Database &pay = w.service(w.serviceIndex("payments")).database();
        const auto txid = std::get<std::int64_t>(
            pay.query("SELECT min(txid) FROM tpc_prepared WHERE state = 'committed'")
                .rows.at(0)
                .at(0));
        // Pretend payments threw away what inventory committed, and left another one open.
        pay.prepare("UPDATE tpc_prepared SET state = 'aborted' WHERE txid = ?1")
            .bind(1, txid)
            .run();
        pay.prepare("UPDATE tpc_prepared SET state = 'prepared' WHERE txid = ?1")
            .bind(1, txid + 1)
            .run();
        const auto checks = runInvariantChecks(run->catalog(), w);
        const CheckResult *atomic = checkById(checks, "two_phase_commit.atomic");
        QVERIFY(!atomic->ok);
        QVERIFY2(atomic->detail.find("1 mixed (e.g. transaction " + std::to_string(txid) +
                                     ": decision commit, inventory committed, payments aborted)") !=
                     std::string::npos,
                 atomic->detail.c_str());
        const CheckResult *doubt = checkById(checks, "two_phase_commit.none_in_doubt");
        QVERIFY(!doubt->ok);
        QVERIFY2(doubt->detail.find("1 prepared transactions") == 0, doubt->detail.c_str());
    }

    void sameSeedSameTrace()
    {
        auto trace = [] {
            Scenario sc = tpcShop(4 * kSecond);
            sc.network.latency = Distribution::exponential(2 * kMillisecond);
            serviceOf(sc, "inventory").failureRate = 0.1;
            serviceOf(sc, "payments").failureRate = 0.1;
            sc.domain.products = 3;
            sc.workload = {shopOp("place_order", 80, 3 * kSecond, 400),
                           shopOp("restock", 20, 3 * kSecond)};
            sc.faults = {
                crashAfterPrepare(500 * kMillisecond, 2 * kSecond, 300 * kMillisecond, 0.1)};
            return traceText(sc);
        };
        const std::string a = trace();
        QVERIFY(a.size() > 100000);
        QVERIFY(a == trace());
    }

    void buildRules()
    {
        const PatternCatalog catalog = PatternCatalog::builtins();
        WorldBuilder builder(catalog);
        auto errorsOf = [&](const Scenario &sc) {
            std::string all;
            for (const auto &e : builder.check(sc))
                all += e.toString() + "\n";
            return all;
        };
        Scenario ok = tpcShop(kSecond);
        QCOMPARE(QString::fromStdString(errorsOf(ok)), QString());
        Scenario saga = ok;
        turnOn(saga.patterns, SagaSettings{});
        QVERIFY(errorsOf(saga).find("two-phase commit and saga") != std::string::npos);
        QVERIFY(errorsOf(saga).find("choose one") != std::string::npos);
        Scenario es = ok;
        turnOn(es.patterns, EventSourcingSettings{});
        QVERIFY(errorsOf(es).find("not supported together") != std::string::npos);
        Scenario shared = ok;
        turnOn(shared.patterns, DataSettings{});
        QVERIFY(errorsOf(shared).find("\"data\": \"shared\"") != std::string::npos);
        Scenario missing = ok;
        missing.services.pop_back(); // payments
        QVERIFY(errorsOf(missing).find("add a service with role \"payments\"") !=
                std::string::npos);
    }

    void loaderKnowsCrashAfterPrepare()
    {
        const std::string text = R"({"dplab": 1, "name": "x", "duration": "5s",
            "services": [{"name": "orders", "role": "orders"}],
            "workload": [{"operation": "place_order", "rate": 1}],
            "faults": [{"kind": "crash-after-prepare", "service": "orders", "probability": 0.5,
                        "restart_after": "2s"}]})";
        const LoadResult r = ScenarioInput().loadText(text, "x.json");
        QVERIFY(r.ok());
        const FaultSpec &f = r.scenario->faults.at(0);
        QCOMPARE(f.kind, FaultSpec::Kind::CrashAfterPrepare);
        QCOMPARE(f.probability, 0.5);
        QCOMPARE(f.restartAfter, 2 * kSecond);
        QCOMPARE(QString(faultKindName(f.kind)), QString("crash-after-prepare"));
        const LoadResult bad = ScenarioInput().loadText(
            R"({"dplab": 1, "name": "x", "services": [{"name": "orders", "role": "orders"}],
                "workload": [{"operation": "place_order", "rate": 1}],
                "faults": [{"kind": "crash-after-prepare", "service": "orders", "probability": 1, "table": "t"}]})",
            "x.json");
        QVERIFY(!bad.ok());
    }
};

QTEST_GUILESS_MAIN(TestTwoPhaseCommit)
#include "tst_twophasecommit.moc"
