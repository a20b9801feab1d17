// Agreement with queueing theory (docs/developing.md, "Tests"): the simulator must reproduce closed
// forms.
#include "tests/support/testsupport.h"

#include <QtTest>

#include <cmath>

using namespace dplab;
using namespace dplab::test;

namespace {

double erlangC(int c, double lambda, double mu)
{
    const double a = lambda / mu;
    double sum = 0, term = 1; // a^k/k!
    for (int k = 0; k < c; ++k) {
        if (k > 0)
            term *= a / k;
        sum += term;
    }
    const double top = term * a / c * c / (c - a); // a^c/c! * c/(c-a)
    return top / (sum + top);
}

double harmonic(int n)
{
    double h = 0;
    for (int k = 1; k <= n; ++k)
        h += 1.0 / k;
    return h;
}

/// One queue with Poisson arrivals and exponential service, zero network latency.
Scenario queueScenario(int workers, double lambda, SimTime meanService, SimTime duration,
                       std::uint64_t seed = 11)
{
    Scenario sc;
    sc.name = "queue";
    sc.seed = seed;
    sc.duration = duration;
    sc.sampleInterval = duration;
    sc.network.latency = Distribution::constant(0);
    sc.services.push_back(service("q", workers, Distribution::exponential(meanService)));
    WorkloadSpec w = requests("q", lambda);
    w.timeout = 1000 * kSecond;
    sc.workload.push_back(w);
    return sc;
}

} // namespace

class TestTheory : public QObject
{
    Q_OBJECT
private slots:
    void mm1MeanResponse_data()
    {
        QTest::addColumn<double>("rho");
        QTest::newRow("rho=0.5") << 0.5;
        QTest::newRow("rho=0.8") << 0.8;
    }
    void mm1MeanResponse()
    {
        QFETCH(double, rho);
        const double mu = 1000.0; // per second: mean service 1 ms
        const double lambda = rho * mu;
        // >= 200k requests; longer at 0.8 because the queue's memory is longer there.
        const SimTime duration = static_cast<SimTime>((rho < 0.7 ? 420 : 1500) * kSecond);
        auto run = makeRun(queueScenario(1, lambda, kMillisecond, duration), false);
        run->runToEnd();
        const OperationStats &op = run->metrics().operations().front();
        QVERIFY(op.count >= 200000);
        QCOMPARE(op.failed, 0u);
        const double expected = 1.0 / (mu - lambda) * 1e6; // us
        const double measured = op.latency.mean();
        QVERIFY2(std::fabs(measured / expected - 1) < 0.03,
                 qPrintable(QString("W = %1 us, theory %2 us").arg(measured).arg(expected)));
        // The response time is exponential with rate mu - lambda: check its median and p99 too.
        const double p50 = op.latency.quantile(0.5), p99 = op.latency.quantile(0.99);
        QVERIFY2(std::fabs(p50 / (expected * std::log(2.0)) - 1) < 0.05,
                 qPrintable(QString::number(p50)));
        QVERIFY2(std::fabs(p99 / (expected * std::log(100.0)) - 1) < 0.06,
                 qPrintable(QString::number(p99)));
        // Utilization equals rho; Little's law: L_q = lambda * W_q.
        const Service &s = run->world().service(0);
        QVERIFY(std::fabs(s.utilization(run->world().now()) - rho) < 0.01);
        const double wq = (measured - 1000.0) / 1e6; // seconds
        QVERIFY2(std::fabs(s.meanQueue(run->world().now()) / (lambda * wq) - 1) < 0.03,
                 qPrintable(QString("Lq %1 vs lambda*Wq %2")
                                .arg(s.meanQueue(run->world().now()))
                                .arg(lambda * wq)));
    }

    void mm2AgainstErlangC()
    {
        const double mu = 1000.0, lambda = 1600.0; // a = 1.6, rho = 0.8
        auto run = makeRun(queueScenario(2, lambda, kMillisecond, 600 * kSecond), false);
        run->runToEnd();
        const OperationStats &op = run->metrics().operations().front();
        QVERIFY(op.count >= 200000);
        const double c = erlangC(2, lambda, mu);
        QVERIFY(std::fabs(c - 0.7111) < 0.001); // the formula itself
        const double expected = (c / (2 * mu - lambda) + 1 / mu) * 1e6;
        QVERIFY2(
            std::fabs(op.latency.mean() / expected - 1) < 0.03,
            qPrintable(QString("W = %1 us, Erlang C %2 us").arg(op.latency.mean()).arg(expected)));
    }

    void parallelFanOutFollowsHarmonicNumbers_data()
    {
        QTest::addColumn<int>("n");
        for (int n : {1, 2, 5, 10})
            QTest::newRow(qPrintable(QString("n=%1").arg(n))) << n;
    }
    void parallelFanOutFollowsHarmonicNumbers()
    {
        QFETCH(int, n);
        Scenario sc;
        sc.name = "fan-out";
        sc.seed = 5;
        sc.duration = 200 * kSecond;
        sc.sampleInterval = sc.duration;
        sc.network.latency = Distribution::constant(0);
        sc.network.timeout = 100 * kSecond;
        ServiceSpec front = service("front", 256, Distribution::constant(0));
        for (int i = 0; i < n; ++i) {
            const std::string name = "b" + std::to_string(i);
            front.calls.push_back(name);
            // Many workers: no queueing, so each call takes exactly its Exp(10 ms) service.
            sc.services.push_back(service(name, 256, Distribution::exponential(10 * kMillisecond)));
        }
        sc.services.insert(sc.services.begin(), front);
        sc.workload.push_back(requests("front", 100));
        auto run = makeRun(sc, false);
        run->runToEnd();
        const OperationStats &op = run->metrics().operations().front();
        QVERIFY(op.count > 19000);
        const double m = 10000.0;
        const double expected = m * harmonic(n);
        QVERIFY2(std::fabs(op.latency.mean() / expected - 1) < 0.03,
                 qPrintable(
                     QString("E[max] %1 us vs m*H_n %2 us").arg(op.latency.mean()).arg(expected)));
        const double p99 = -m * std::log(1 - std::pow(0.99, 1.0 / n));
        QVERIFY2(std::fabs(op.latency.quantile(0.99) / p99 - 1) < 0.08,
                 qPrintable(QString("p99 %1 vs %2").arg(op.latency.quantile(0.99)).arg(p99)));
    }

    void sequentialFanOutIsTheSum()
    {
        Scenario sc;
        sc.name = "sequential";
        sc.seed = 6;
        sc.duration = 200 * kSecond;
        sc.sampleInterval = sc.duration;
        sc.network.latency = Distribution::constant(0);
        ServiceSpec front = service("front", 256, Distribution::constant(0));
        front.fanout = ServiceSpec::Fanout::Sequential;
        for (int i = 0; i < 4; ++i) {
            front.calls.push_back("b" + std::to_string(i));
            sc.services.push_back(service("b" + std::to_string(i), 256,
                                          Distribution::exponential(10 * kMillisecond)));
        }
        sc.services.insert(sc.services.begin(), front);
        sc.workload.push_back(requests("front", 100));
        auto run = makeRun(sc, false);
        run->runToEnd();
        const double mean = run->metrics().operations().front().latency.mean();
        QVERIFY2(std::fabs(mean / 40000.0 - 1) < 0.03, qPrintable(QString::number(mean)));
    }

    void fanOutSuccessRatio_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<double>("p");
        QTest::newRow("n=1 p=0.1") << 1 << 0.1;
        QTest::newRow("n=3 p=0.1") << 3 << 0.1;
        QTest::newRow("n=5 p=0.05") << 5 << 0.05;
        QTest::newRow("n=10 p=0.02") << 10 << 0.02;
    }
    void fanOutSuccessRatio()
    {
        QFETCH(int, n);
        QFETCH(double, p);
        Scenario sc;
        sc.name = "success";
        sc.seed = 9;
        sc.duration = 100 * kSecond;
        sc.sampleInterval = sc.duration;
        sc.network.latency = Distribution::constant(kMillisecond);
        ServiceSpec front = service("front", 64, Distribution::constant(0));
        for (int i = 0; i < n; ++i) {
            ServiceSpec b =
                service("b" + std::to_string(i), 64, Distribution::constant(kMillisecond));
            b.failureRate = p;
            front.calls.push_back(b.name);
            sc.services.push_back(b);
        }
        sc.services.insert(sc.services.begin(), front);
        sc.workload.push_back(requests("front", 300));
        auto run = makeRun(sc, false);
        run->runToEnd();
        const OperationStats &op = run->metrics().operations().front();
        const double ratio = static_cast<double>(op.ok) / static_cast<double>(op.count);
        const double expected = std::pow(1 - p, n);
        const double sigma = std::sqrt(expected * (1 - expected) / static_cast<double>(op.count));
        QVERIFY2(std::fabs(ratio - expected) < 4 * sigma,
                 qPrintable(QString("success %1 vs (1-p)^n %2").arg(ratio).arg(expected)));
    }

    void retriesAgainstLossyLinks()
    {
        // Calls dropped with probability p and retried r times succeed with 1 - p^(r+1) each.
        const double p = 0.2;
        const int r = 2, n = 3;
        Scenario sc;
        sc.name = "retries";
        sc.seed = 3;
        sc.duration = 100 * kSecond;
        sc.sampleInterval = sc.duration;
        sc.network.latency = Distribution::constant(kMillisecond);
        sc.network.timeout = 20 * kMillisecond;
        sc.network.retries = r;
        ServiceSpec front = service("front", 64, Distribution::constant(0));
        for (int i = 0; i < n; ++i) {
            front.calls.push_back("b" + std::to_string(i));
            sc.services.push_back(service("b" + std::to_string(i), 64, Distribution::constant(0)));
            LinkSpec l;
            l.from = "front";
            l.to = "b" + std::to_string(i);
            l.drop = p;
            sc.network.links.push_back(l);
        }
        sc.services.insert(sc.services.begin(), front);
        sc.workload.push_back(requests("front", 300));
        auto run = makeRun(sc, false);
        run->runToEnd();
        const OperationStats &op = run->metrics().operations().front();
        const double ratio = static_cast<double>(op.ok) / static_cast<double>(op.count);
        const double expected = std::pow(1 - std::pow(p, r + 1), n);
        const double sigma = std::sqrt(expected * (1 - expected) / static_cast<double>(op.count));
        QVERIFY2(std::fabs(ratio - expected) < 4 * sigma,
                 qPrintable(QString("success %1 vs %2").arg(ratio).arg(expected)));
    }
};

QTEST_APPLESS_MAIN(TestTheory)
#include "tst_theory.moc"
