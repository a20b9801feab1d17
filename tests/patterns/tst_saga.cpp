// The saga (patterns.saga), orchestrated and choreographed: outcomes agree with the product of
// the step success rates, every invariant holds under random crashes and duplicates, the
// variant without idempotent consumers is caught, and the orchestrator resumes after a crash.
#include "tests/support/patternstestsupport.h"

#include "patterns/saga/sagachecks.h"
#include "patterns/saga/sagaorders.h"
#include "patterns/saga/sagaview.h"
#include "simulation/kernel/rng.h"
#include "simulation/observe/tracerecorder.h"
#include "simulation/world/world.h"

#include <QtTest>

#include <cmath>
#include <sstream>

using namespace dplab;
using namespace dplab::test;

namespace {

using Kind = FaultSpec::Kind;
using Style = SagaSettings::Style;

/// orders, products and the three participants; place_order at `rate` until `stop`.
Scenario sagaShop(Style style, double rate, SimTime stop, SimTime duration, std::uint64_t seed = 3)
{
    Scenario sc;
    sc.name = "saga shop";
    sc.seed = seed;
    sc.duration = duration;
    sc.sampleInterval = 500 * kMillisecond;
    sc.domain.customers = 400;
    sc.domain.products = 40;
    sc.domain.stock = 1000000;
    sc.network.latency = Distribution::constant(kMillisecond);
    sc.services.push_back(shopService("orders", 16, Distribution::exponential(500)));
    sc.services.push_back(shopService("products", 8, Distribution::constant(200)));
    sc.services.push_back(shopService("inventory", 8, Distribution::constant(200)));
    sc.services.push_back(shopService("payments", 8, Distribution::constant(300)));
    sc.services.push_back(shopService("shipping", 8, Distribution::constant(300)));
    sc.bus.latency = Distribution::exponential(5 * kMillisecond);
    sc.bus.redeliveryAfter = 300 * kMillisecond;
    SagaSettings saga;
    saga.style = style;
    saga.stepTimeout = 500 * kMillisecond;
    turnOn(sc.patterns, saga);
    sc.workload = {shopOp("place_order", rate, stop, 400)};
    return sc;
}

void setFailureRate(Scenario &sc, const std::string &role, double p)
{
    for (auto &s : sc.services)
        if (s.role == role)
            s.failureRate = p;
}

struct Outcome
{
    nlohmann::ordered_json summary;
    std::vector<CheckResult> checks;
};

Outcome runSaga(const Scenario &sc)
{
    // No trace and no changesets: the checks read the databases, and the runs go faster.
    RunOptions options;
    options.recordTrace = false;
    options.world.captureChangesets = false;
    std::vector<LoadError> errors;
    auto run = Run::create(sc, options, &errors);
    if (!run)
        throw std::runtime_error(errors.empty() ? "cannot build" : errors.front().toString());
    run->runToEnd();
    return {run->summary(), run->checks()};
}

std::string failing(const std::vector<CheckResult> &checks)
{
    std::string out;
    for (const auto &c : checks)
        if (!c.ok)
            out += c.id + ": " + c.detail + "\n";
    return out;
}

/// A random schedule of the faults a saga must survive (with idempotent participants).
std::vector<FaultSpec> randomFaults(std::uint64_t seed)
{
    Rng rng = Rng::stream(seed, "test/saga-faults");
    std::vector<FaultSpec> faults;
    const char *crashable[] = {"orders", "inventory", "payments", "shipping"};
    const int n = 3 + static_cast<int>(rng.below(4));
    for (int i = 0; i < n; ++i) {
        FaultSpec f;
        f.at = static_cast<SimTime>(rng.below(4000)) * kMillisecond;
        f.duration = (50 + static_cast<SimTime>(rng.below(700))) * kMillisecond;
        switch (rng.below(7)) {
        case 6:
            // A participant (or orders) cut off from the bus: its publishes are refused.
            f.kind = Kind::Partition;
            f.between = {{crashable[rng.below(4)]}, {"bus"}};
            break;
        case 0:
        case 1:
            f.kind = Kind::Crash;
            f.service = crashable[rng.below(4)];
            break;
        case 2:
            f = crashAfter(rng.below(2) ? Kind::CrashAfterCommit : Kind::CrashAfterPublish,
                           crashable[rng.below(4)], 0.05, f.at, *f.duration);
            break;
        case 3:
            f.kind = Kind::BusDown;
            break;
        case 4:
            f.kind = Kind::Drop;
            f.target = "bus";
            f.probability = 0.3;
            break;
        default:
            f.kind = Kind::Duplicate;
            f.target = "bus";
            f.probability = 0.3;
            break;
        }
        faults.push_back(f);
    }
    return faults;
}

} // namespace

class TestSaga : public QObject
{
    Q_OBJECT

private slots:
    void completionRatioIsProductOfStepSuccess_data()
    {
        QTest::addColumn<int>("style");
        QTest::newRow("orchestration") << int(Style::Orchestration);
        QTest::newRow("choreography") << int(Style::Choreography);
    }

    void completionRatioIsProductOfStepSuccess()
    {
        QFETCH(int, style);
        // Theory (docs/developing.md, "Tests"): a saga of k steps with step success s_i completes
        // with prod s_i.
        Scenario sc = sagaShop(Style(style), 600, 10 * kSecond, 12 * kSecond);
        setFailureRate(sc, "inventory", 0.1);
        setFailureRate(sc, "payments", 0.2);
        setFailureRate(sc, "shipping", 0.15);
        const Outcome o = runSaga(sc);
        const auto &s = o.summary.at("sagas");
        const double started = s.at("started").get<double>();
        QVERIFY2(started > 5000, qPrintable(QString::number(started)));
        QCOMPARE(s.at("stuck").get<int>(), 0);
        QCOMPARE(s.at("completed").get<double>() + s.at("compensated").get<double>(), started);
        const double expected = 0.9 * 0.8 * 0.85;
        const double ratio = s.at("completed").get<double>() / started;
        QVERIFY2(std::abs(ratio - expected) < 0.02,
                 qPrintable(QString("completion %1, expected %2").arg(ratio).arg(expected)));
        // Each step fails with its own rate among the sagas that reach it.
        const auto &failed = s.at("failed_steps");
        QVERIFY(std::abs(failed.at("reserve").get<double>() / started - 0.1) < 0.02);
        QVERIFY(std::abs(failed.at("charge").get<double>() / (started * 0.9) - 0.2) < 0.03);
        QVERIFY2(failing(o.checks).empty(), failing(o.checks).c_str());
        // A failure at charge undoes the reservation, one at shipping undoes both: every
        // compensated saga after the first step ran one or two compensations.
        const double compensations = s.at("compensations").get<double>();
        QCOMPARE(compensations, failed.at("charge").get<double>() +
                                    2 * failed.at("create_shipment").get<double>());
    }

    void messagesPerSaga()
    {
        // Failure-free: 3 commands + 3 replies against 4 events (OrderCreated, StockReserved,
        // PaymentCharged, ShipmentCreated).
        for (Style style : {Style::Orchestration, Style::Choreography}) {
            const Outcome o = runSaga(sagaShop(style, 100, 3 * kSecond, 5 * kSecond));
            const auto &s = o.summary.at("sagas");
            QVERIFY(s.at("started").get<int>() > 200);
            QCOMPARE(s.at("completed").get<int>(), s.at("started").get<int>());
            QCOMPARE(s.at("messages_per_saga").get<double>(),
                     style == Style::Orchestration ? 6.0 : 4.0);
            QVERIFY2(failing(o.checks).empty(), failing(o.checks).c_str());
        }
    }

    void invariantsUnderRandomFaults_data()
    {
        QTest::addColumn<int>("style");
        QTest::addColumn<int>("seed");
        for (int seed : {1, 2, 3, 4, 5, 6}) {
            QTest::newRow(qPrintable(QString("orchestration/%1").arg(seed)))
                << int(Style::Orchestration) << seed;
            QTest::newRow(qPrintable(QString("choreography/%1").arg(seed)))
                << int(Style::Choreography) << seed;
        }
    }

    void invariantsUnderRandomFaults()
    {
        QFETCH(int, style);
        QFETCH(int, seed);
        Scenario sc = sagaShop(Style(style), 100, 5 * kSecond, 12 * kSecond,
                               static_cast<std::uint64_t>(seed));
        setFailureRate(sc, "inventory", 0.05);
        setFailureRate(sc, "payments", 0.1);
        setFailureRate(sc, "shipping", 0.1);
        sc.bus.duplicate = 0.05;
        changeSettings<SagaSettings>(sc.patterns, [&](SagaSettings &s) { s.stepRetries = 1; });
        withIdempotentConsumers(sc);
        withOutbox(sc, 50 * kMillisecond); // choreography: its events leave through the outbox
        sc.faults = randomFaults(static_cast<std::uint64_t>(seed) * 7919);
        const Outcome o = runSaga(sc);
        const auto &s = o.summary.at("sagas");
        QVERIFY(s.at("started").get<int>() > 300);
        QCOMPARE(s.at("stuck").get<int>(), 0);
        for (const char *id :
             {"saga.none_stuck", "saga.effects_match_outcome", "saga.stock_conserved",
              "saga.money_conserved", "saga.compensations_idempotent"})
            QVERIFY2(checkById(o.checks, id), id);
        QVERIFY2(failing(o.checks).empty(), failing(o.checks).c_str());
    }

    void duplicatesWithoutIdempotencyAreCaught_data()
    {
        QTest::addColumn<int>("style");
        QTest::newRow("orchestration") << int(Style::Orchestration);
        QTest::newRow("choreography") << int(Style::Choreography);
    }

    void duplicatesWithoutIdempotencyAreCaught()
    {
        QFETCH(int, style);
        Scenario sc = sagaShop(Style(style), 100, 4 * kSecond, 6 * kSecond);
        setFailureRate(sc, "payments", 0.2);
        setFailureRate(sc, "shipping", 0.2);
        sc.bus.duplicate = 0.2;
        const Outcome broken = runSaga(sc);
        const CheckResult *once = checkById(broken.checks, "saga.compensations_idempotent");
        QVERIFY(once && !once->ok);
        QVERIFY2(once->detail.find("not idempotent") != std::string::npos, once->detail.c_str());
        const CheckResult *money = checkById(broken.checks, "saga.money_conserved");
        QVERIFY2(money && !money->ok, money ? money->detail.c_str() : "missing"); // refunded twice
        QVERIFY(broken.summary.at("sagas").at("compensations_applied_again").get<int>() > 0);

        withIdempotentConsumers(sc);
        const Outcome fixed = runSaga(sc);
        QVERIFY2(failing(fixed.checks).empty(), failing(fixed.checks).c_str());
        QVERIFY(fixed.summary.at("sagas").at("copies_skipped").get<int>() > 0);
    }

    void choreographyDualWriteStrandsSagas()
    {
        // Each reaction is a commit plus a publish. Inventory crashes right after 5% of its
        // commits: without the outbox those events are lost and their sagas wait for ever (no
        // coordinator times them out); with it the relay publishes them after the restart.
        Scenario sc = sagaShop(Style::Choreography, 100, 3 * kSecond, 6 * kSecond);
        withIdempotentConsumers(sc);
        sc.faults.push_back(crashAfter(Kind::CrashAfterCommit, "inventory", 0.05, 0, 3 * kSecond));
        const Outcome lossy = runSaga(sc);
        const auto &s = lossy.summary.at("sagas");
        QVERIFY(s.at("events_lost").get<int>() > 0);
        QVERIFY(s.at("stuck").get<int>() > 0);
        const CheckResult *stuck = checkById(lossy.checks, "saga.none_stuck");
        QVERIFY(stuck && !stuck->ok);
        QVERIFY2(stuck->detail.find("lost by dual writes") != std::string::npos,
                 stuck->detail.c_str());

        withOutbox(sc, 20 * kMillisecond);
        const Outcome safe = runSaga(sc);
        QCOMPARE(safe.summary.at("sagas").at("stuck").get<int>(), 0);
        QCOMPARE(safe.summary.at("sagas").at("events_lost").get<int>(), 0);
        QVERIFY2(failing(safe.checks).empty(), failing(safe.checks).c_str());
    }

    void orchestratorCrashResumes()
    {
        Scenario sc = sagaShop(Style::Orchestration, 200, 3 * kSecond, 6 * kSecond);
        // Orders crashes right after 30% of its commits for a second: sagas whose state is
        // committed but whose next command was never sent.
        sc.faults.push_back(
            crashAfter(Kind::CrashAfterCommit, "orders", 0.3, kSecond, 500 * kMillisecond));
        auto run = makeRun(sc, false);
        run->world().runUntil(1200 * kMillisecond);
        // What the GUI shows: the sagas in flight, each at a step of the protocol.
        const auto inFlight = SagaView::inFlight(run->world());
        QVERIFY2(!inFlight.empty(), "sagas in flight around the crash");
        for (const auto &r : inFlight) {
            QVERIFY(r.status == "running" || r.status == "compensating");
            QVERIFY2(r.step == "reserve" || r.step == "charge" || r.step == "create_shipment" ||
                         r.step == "release" || r.step == "refund" || r.step == "cancel_shipment",
                     r.step.c_str());
            QVERIFY(r.startedAt >= 0 && r.startedAt <= 1200 * kMillisecond);
        }
        run->runToEnd();
        const auto s = run->summary().at("sagas");
        QVERIFY(s.at("resumed").get<int>() > 0);
        QVERIFY(run->world().service(run->world().serviceIndex("orders")).stats().crashes > 0);
        QCOMPARE(s.at("stuck").get<int>(), 0);
        QCOMPARE(s.at("completed").get<int>(),
                 s.at("started").get<int>()); // no failures: all complete
        QVERIFY2(failing(run->checks()).empty(), failing(run->checks()).c_str());
        QVERIFY(SagaView::inFlight(run->world()).empty());
    }

    void timedOutStepIsCompensatedAndLateActionRefused()
    {
        // Shipping takes 400 ms per command, the orchestrator waits 300 ms (and resends once,
        // after 600 ms): the step counts as failed and is compensated; the shipments that were
        // created late are cancelled.
        Scenario sc = sagaShop(Style::Orchestration, 10, 2 * kSecond, 12 * kSecond);
        for (auto &s : sc.services)
            if (s.role == "shipping")
                s.processing = Distribution::constant(400 * kMillisecond);
        changeSettings<SagaSettings>(sc.patterns,
                                     [&](SagaSettings &s) { s.stepTimeout = 300 * kMillisecond; });
        changeSettings<SagaSettings>(sc.patterns, [&](SagaSettings &s) { s.stepRetries = 1; });
        withIdempotentConsumers(sc);
        const Outcome o = runSaga(sc);
        const auto &s = o.summary.at("sagas");
        QVERIFY(s.at("timeouts").get<int>() > 0);
        QVERIFY(s.at("retries").get<int>() > 0);
        QVERIFY(s.at("failed_steps").at("create_shipment").get<int>() > 0);
        QVERIFY(s.at("compensated").get<int>() > 0);
        QVERIFY(s.at("compensations").get<int>() > 0); // shipments created late, then cancelled
        QVERIFY2(failing(o.checks).empty(), failing(o.checks).c_str());
    }

    void compensationBeforeItsActionLeavesATombstone()
    {
        // The bus loses 30% of deliveries and resends them only after 2 s; the orchestrator
        // gives up on a step after 300 ms. The compensation often overtakes its action: it
        // finds nothing to undo, records a tombstone, and the action is refused when it comes.
        Scenario sc = sagaShop(Style::Orchestration, 50, 2 * kSecond, 10 * kSecond);
        sc.bus.drop = 0.3;
        sc.bus.redeliveryAfter = 2 * kSecond;
        sc.bus.ordering = BusSpec::Ordering::None;
        changeSettings<SagaSettings>(sc.patterns,
                                     [&](SagaSettings &s) { s.stepTimeout = 300 * kMillisecond; });
        withIdempotentConsumers(sc);
        const Outcome o = runSaga(sc);
        const auto &s = o.summary.at("sagas");
        QVERIFY(s.at("tombstones").get<int>() > 0);
        QVERIFY(s.at("late_actions_refused").get<int>() > 0);
        QVERIFY(s.at("compensated").get<int>() > 0);
        QVERIFY2(failing(o.checks).empty(), failing(o.checks).c_str());
    }

    void builderRules()
    {
        Scenario sc = sagaShop(Style::Orchestration, 10, kSecond, 2 * kSecond);
        sc.services.pop_back(); // no shipping
        std::vector<LoadError> errors;
        RunOptions o;
        QVERIFY(!Run::create(sc, o, &errors));
        QVERIFY(!errors.empty() && errors[0].toString().find("\"shipping\"") != std::string::npos);

        sc = sagaShop(Style::Orchestration, 10, kSecond, 2 * kSecond);
        turnOn(sc.patterns, TwoPhaseCommitSettings{});
        errors.clear();
        QVERIFY(!Run::create(sc, o, &errors));
        bool chooseOne = false;
        for (const auto &e : errors)
            chooseOne = chooseOne || e.toString().find("choose one") != std::string::npos;
        QVERIFY(chooseOne);

        sc = sagaShop(Style::Orchestration, 10, kSecond, 2 * kSecond);
        sc.workload.push_back(shopOp("pay_order", 5, kSecond, 400));
        errors.clear();
        QVERIFY(!Run::create(sc, o, &errors));
        QVERIFY(errors.back().toString().find("pay_order") != std::string::npos);
    }

    void sameSeedSameTrace()
    {
        for (Style style : {Style::Orchestration, Style::Choreography}) {
            auto trace = [style] {
                Scenario sc = sagaShop(style, 100, 2 * kSecond, 4 * kSecond);
                setFailureRate(sc, "payments", 0.2);
                sc.bus.duplicate = 0.1;
                withIdempotentConsumers(sc);
                sc.faults.push_back(
                    crashAfter(Kind::CrashAfterCommit, "orders", 0.05, 0, 2 * kSecond));
                return traceText(sc);
            };
            const std::string a = trace();
            QVERIFY(a.size() > 100000);
            QVERIFY(a == trace());
        }
    }
};

QTEST_GUILESS_MAIN(TestSaga)
#include "tst_saga.moc"
