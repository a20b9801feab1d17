// API composition at the gateway (patterns.composition): latency of the fan-out against closed
// forms, the circuit breaker's exact life cycle, and the cache hit ratio of a hot key.
#include "tests/support/testsupport.h"

#include <QtTest>

#include <cmath>

using namespace dplab;
using namespace dplab::test;

namespace {

/// Gateway, orders, customers and products; zero network latency; get_order_details only.
Scenario compositionScenario(CompositionSettings spec, Distribution processing, double rate,
                             SimTime duration, std::uint64_t seed = 7)
{
    Scenario sc;
    sc.name = "composition";
    sc.seed = seed;
    sc.duration = duration;
    sc.sampleInterval = duration;
    sc.domain.customers = 200;
    sc.domain.products = 50;
    sc.network.latency = Distribution::constant(0);
    sc.services.push_back(shopService("gateway", 256, Distribution::constant(0)));
    // Many workers: no queueing, so each call takes exactly one processing time.
    for (const char *role : {"orders", "customers", "products"})
        sc.services.push_back(shopService(role, 256, processing));
    turnOn(sc.patterns, spec);
    WorkloadSpec w;
    w.operation = "get_order_details";
    w.rate = rate;
    w.keys.n = sc.domain.customers;
    w.timeout = 100 * kSecond;
    sc.workload.push_back(w);
    return sc;
}

const nlohmann::ordered_json &composition(const nlohmann::ordered_json &summary)
{
    return summary.at("composition");
}

} // namespace

class TestComposition : public QObject
{
    Q_OBJECT
private slots:
    void parallelFollowsMaxSequentialFollowsSum_data()
    {
        QTest::addColumn<bool>("parallel");
        QTest::newRow("parallel") << true;
        QTest::newRow("sequential") << false;
    }
    void parallelFollowsMaxSequentialFollowsSum()
    {
        QFETCH(bool, parallel);
        CompositionSettings spec;
        spec.mode =
            parallel ? CompositionSettings::Mode::Parallel : CompositionSettings::Mode::Sequential;
        spec.timeout = 10 * kSecond;
        spec.retries = 0;
        spec.breakerFailures = 0;
        const double m = 10000.0; // us
        auto run = makeRun(compositionScenario(spec, Distribution::exponential(10 * kMillisecond),
                                               25, 300 * kSecond),
                           false);
        run->runToEnd();
        const OperationStats &op = run->metrics().operations().front();
        QVERIFY(op.count > 7000);
        QCOMPARE(op.failed, 0u);
        // orders first, then customers and products. Parallel: m + E[max of two Exp(m)] =
        // m + m(1 + 1/2) = 2.5m. Sequential: the sum of three, 3m.
        const double expected = parallel ? 2.5 * m : 3.0 * m;
        QVERIFY2(
            std::fabs(op.latency.mean() / expected - 1) < 0.03,
            qPrintable(QString("mean %1 us, theory %2 us").arg(op.latency.mean()).arg(expected)));
        // Sequential: the sum of three Exp(m) is Erlang(3), median 2.674m. Parallel: P(T <= t)
        // = P(X + max(Y, Z) <= t), whose median is 2.198m (solved numerically below).
        const auto cdf = [&](double t) {
            if (!parallel)
                return 1 - std::exp(-t) * (1 + t + t * t / 2);
            // X ~ Exp(1), max(Y, Z) has density 2e^-u(1 - e^-u): integrate P(X <= t - u).
            double p = 0;
            const int n = 4000;
            for (int i = 0; i < n; ++i) {
                const double u = (i + 0.5) * t / n;
                p += 2 * std::exp(-u) * (1 - std::exp(-u)) * (1 - std::exp(-(t - u))) * t / n;
            }
            return p;
        };
        double lo = 0, hi = 20;
        for (int i = 0; i < 60; ++i)
            (cdf((lo + hi) / 2) < 0.5 ? lo : hi) = (lo + hi) / 2;
        const double median = lo * m;
        QVERIFY2(std::fabs(op.latency.quantile(0.5) / median - 1) < 0.04,
                 qPrintable(
                     QString("p50 %1 us, theory %2 us").arg(op.latency.quantile(0.5)).arg(median)));
        const auto s = run->summary();
        QCOMPARE(composition(s).at("partial_responses").get<int>(), 0);
        QCOMPARE(composition(s).at("composed").get<std::uint64_t>(), op.count);
    }

    void breakerOpensAndProbesHalfOpen()
    {
        CompositionSettings spec;
        spec.timeout = 50 * kMillisecond;
        spec.retries = 0;
        spec.breakerFailures = 3;
        spec.breakerOpenFor = kSecond;
        Scenario sc =
            compositionScenario(spec, Distribution::constant(kMillisecond), 10, 8 * kSecond);
        sc.workload[0].arrival = WorkloadSpec::Arrival::Constant;
        FaultSpec crash;
        crash.kind = FaultSpec::Kind::Crash;
        crash.service = "products";
        crash.at = 2050 * kMillisecond;
        crash.duration = 2500 * kMillisecond; // back at 4.55 s
        sc.faults.push_back(crash);
        auto run = makeRun(sc);
        run->runToEnd();

        const World &w = run->world();
        const std::int16_t gateway = w.serviceIndex("gateway"),
                           products = w.serviceIndex("products");
        std::vector<std::string> states;
        std::vector<SimTime> times;
        int failedBeforeOpen = 0;
        bool open = false;
        for (const TraceEvent &e : run->trace()->events()) {
            if (e.kind == TraceKind::Breaker) {
                QCOMPARE(e.from, gateway);
                QCOMPARE(e.to, products);
                states.push_back(w.names().texts[e.text]);
                times.push_back(e.time);
                open = e.value == 1;
                continue;
            }
            // While open, nothing is sent to products: the calls fail fast.
            if (open && e.kind == TraceKind::Send && e.from == gateway && e.to == products)
                QFAIL(
                    qPrintable(QString("call sent to products at %1 us while the breaker was open")
                                   .arg(e.time)));
            if (states.empty() && e.kind == TraceKind::Timeout && e.from == gateway &&
                e.to == products)
                ++failedBeforeOpen;
        }
        // Down from 2.05 s to 4.55 s: three timeouts open it (about 2.35 s); the probes at about
        // 3.4 s and 4.5 s find products still down; the one at about 5.6 s closes it.
        const std::vector<std::string> expected = {
            "products breaker open",  "products breaker half-open",
            "products breaker open",  "products breaker half-open",
            "products breaker open",  "products breaker half-open",
            "products breaker closed"};
        QCOMPARE(states, expected);
        QCOMPARE(failedBeforeOpen, 3);
        for (std::size_t i = 1; i + 1 < times.size(); i += 2) {
            // Half-open only once open_for has passed, and the probe's failure re-opens it
            // exactly one timeout later.
            QVERIFY(times[i] - times[i - 1] >= kSecond);
            QVERIFY(times[i] - times[i - 1] < kSecond + 100 * kMillisecond);
            if (i + 2 < times.size())
                QCOMPARE(times[i + 1] - times[i], spec.timeout);
        }
        QVERIFY(times.back() > 4550 * kMillisecond);
        const auto s = run->summary();
        QCOMPARE(composition(s).at("breaker_opens").get<int>(), 3);
        QVERIFY(composition(s).at("partial_responses").get<int>() > 0);
        QCOMPARE(composition(s).at("failed").get<int>(), 0);
        QCOMPARE(s.at("operations").at("get_order_details").at("failed").get<int>(), 0);
    }

    void cacheHitRatioOfAHotKey_data()
    {
        QTest::addColumn<double>("rate");
        QTest::addColumn<int>("ttlMs");
        QTest::newRow("lambda*TTL=5") << 100.0 << 50;
        QTest::newRow("lambda*TTL=2") << 20.0 << 100;
        QTest::newRow("lambda*TTL=0.5") << 10.0 << 50;
    }
    void cacheHitRatioOfAHotKey()
    {
        QFETCH(double, rate);
        QFETCH(int, ttlMs);
        CompositionSettings spec;
        spec.cacheTtl = ttlMs * kMillisecond;
        spec.breakerFailures = 0;
        // Zero processing and latency: a miss fills the cache at the instant it happens.
        Scenario sc = compositionScenario(spec, Distribution::constant(0), rate, 200 * kSecond);
        sc.workload[0].keys.n = 1;
        auto run = makeRun(sc, false);
        run->runToEnd();
        // Each miss starts a cycle: the entry lives TTL, and the Poisson arrivals inside it,
        // N ~ Poisson(lambda*TTL), are hits; the first arrival after it is the next miss. By
        // renewal, the hit ratio is E[N] / (1 + E[N]) = 1 - 1/(1 + lambda*TTL).
        const double lt = rate * ttlMs / 1000.0;
        const double expected = 1 - 1 / (1 + lt);
        const auto s = run->summary();
        const double hits = composition(s).at("cache_hits").get<double>();
        const double misses = composition(s).at("cache_misses").get<double>();
        const double ratio = hits / (hits + misses);
        QVERIFY(hits + misses > 1500);
        QVERIFY2(std::fabs(ratio - expected) < 0.012,
                 qPrintable(QString("hit ratio %1, theory %2").arg(ratio).arg(expected)));
        // Nothing was updated, so no hit can be stale.
        QCOMPARE(composition(s).at("stale_reads").get<int>(), 0);
    }

    void staleCacheHitsAreCounted()
    {
        CompositionSettings spec;
        spec.cacheTtl = 5 * kSecond;
        spec.breakerFailures = 0;
        Scenario sc =
            compositionScenario(spec, Distribution::constant(kMillisecond), 50, 20 * kSecond);
        sc.domain.customers = 5;
        sc.workload[0].keys.n = 5;
        WorkloadSpec update;
        update.operation = "update_customer";
        update.rate = 2;
        update.keys.n = 5;
        sc.workload.push_back(update);
        auto run = makeRun(sc, false);
        run->runToEnd();
        const auto s = run->summary();
        const auto stale = composition(s).at("stale_reads").get<int>();
        QVERIFY(stale > 0);
        QVERIFY(stale < composition(s).at("cache_hits").get<int>());
    }
};

QTEST_GUILESS_MAIN(TestComposition)
#include "tst_composition.moc"
