#include "simulation/kernel/distribution.h"
#include "simulation/kernel/rng.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

using namespace dplab;

// Tolerances. With n = 10^5 draws the standard error of the sample mean is sd/sqrt(n): 0.32% of
// the mean for an exponential, 0.41% for the lognormal below (CV 1.3). A sample p-quantile has
// standard error sqrt(p(1-p)/n) * dQ/dp: 0.7% of the value at p99 for an exponential, 1.2% for
// the lognormal. The tolerances are 2% (means) and 3% (quantiles), widened to 4.5 standard errors
// where that is larger (the lognormal p99), so a correct implementation fails with probability
// below 1e-5 per check; the seeds are fixed, so the outcome is deterministic anyway.

namespace {

constexpr int kDraws = 100000;
constexpr double kMeanTolerance = 0.02;
constexpr double kQuantileTolerance = 0.03;
constexpr double kStandardErrors = 4.5;
// Chi-square 99.9% critical values.
constexpr double kChi2df9 = 27.877;
constexpr double kChi2df99 = 148.230;

double nearestRank(const std::vector<double> &sorted, double p)
{
    const auto n = sorted.size();
    const auto rank =
        std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(p * static_cast<double>(n))));
    return sorted[std::min(rank, n) - 1];
}

double chiSquare(const std::vector<double> &observed, const std::vector<double> &expected)
{
    double chi2 = 0;
    for (std::size_t i = 0; i < observed.size(); ++i)
        chi2 += (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i];
    return chi2;
}

} // namespace

Q_DECLARE_METATYPE(dplab::Distribution)

/** Tests of the seeded generator, the duration distributions and the key samplers. */
class TestDistributions : public QObject
{
    Q_OBJECT

private slots:
    void analyticalFormulas()
    {
        // Closed forms computed by hand, independent of the code under test.
        QCOMPARE(Distribution::constant(4000).mean(), 4000.0);
        QCOMPARE(Distribution::uniform(1000, 3000).mean(), 2000.0);
        QCOMPARE(Distribution::uniform(1000, 3000).quantile(0.9), 2800.0);
        QCOMPARE(Distribution::exponential(5000).mean(), 5000.0);
        QVERIFY(qFuzzyCompare(Distribution::exponential(5000).quantile(0.5), 5000 * std::log(2.0)));
        QVERIFY(
            qFuzzyCompare(Distribution::exponential(5000).quantile(0.99), 5000 * std::log(100.0)));
        // Lognormal: the median and p99 are the parameters themselves.
        const auto ln = Distribution::lognormal(4000, 40000);
        QVERIFY(std::abs(ln.quantile(0.5) - 4000) < 1e-6);
        QVERIFY(std::abs(ln.quantile(0.99) - 40000) / 40000 < 1e-8);
        const double sigma = std::log(10.0) / 2.3263478740408408;
        QVERIFY(qFuzzyCompare(ln.mean(), 4000 * std::exp(sigma * sigma / 2)));
        // Normal(1ms, 1ms) truncated at 0: mean = mu + sd * phi(1) / Phi(1) = 1287.6 us.
        const auto tn = Distribution::normal(1000, 1000);
        QVERIFY(std::abs(tn.mean() - 1287.5999) < 1e-3);
        // Median: mu + sd * PhiInv(Phi(-1) + 0.5 * Phi(1)) = 1200.17 us.
        QVERIFY(std::abs(tn.quantile(0.5) - 1200.1737) < 0.01);
        // Far from 0 the truncation is negligible.
        QVERIFY(std::abs(Distribution::normal(10000, 1000).mean() - 10000) < 1e-6);
        QVERIFY(std::abs(normalQuantile(0.975) - 1.959963985) < 1e-8);
        QVERIFY(std::abs(normalQuantile(0.001) + 3.090232306) < 1e-8);
    }

    void samplesMatchDistribution_data()
    {
        QTest::addColumn<Distribution>("d");
        QTest::newRow("constant 4ms") << Distribution::constant(4000);
        QTest::newRow("uniform 1..3ms") << Distribution::uniform(1000, 3000);
        QTest::newRow("exponential 5ms") << Distribution::exponential(5000);
        QTest::newRow("normal 10ms sd 1ms") << Distribution::normal(10000, 1000);
        QTest::newRow("normal 1ms sd 1ms (truncated)") << Distribution::normal(1000, 1000);
        QTest::newRow("lognormal median 4ms p99 40ms") << Distribution::lognormal(4000, 40000);
        QTest::newRow("lognormal median 2ms p99 3ms") << Distribution::lognormal(2000, 3000);
    }

    void samplesMatchDistribution()
    {
        QFETCH(Distribution, d);
        Rng rng = Rng::stream(2024, QTest::currentDataTag());
        std::vector<double> x(kDraws);
        for (auto &v : x) {
            const SimTime t = d.sample(rng);
            QVERIFY(t >= 0);
            v = static_cast<double>(t);
        }
        const double mean = std::accumulate(x.begin(), x.end(), 0.0) / kDraws;
        double ss = 0;
        for (double v : x)
            ss += (v - mean) * (v - mean);
        const double sd = std::sqrt(ss / (kDraws - 1));
        std::sort(x.begin(), x.end());

        const double expectedMean = d.mean();
        const double meanTolerance = std::max(kMeanTolerance * expectedMean,
                                              kStandardErrors * sd / std::sqrt(double(kDraws)));
        QVERIFY2(std::abs(mean - expectedMean) <= meanTolerance + 0.5,
                 qPrintable(QString("mean %1, expected %2 +- %3")
                                .arg(mean)
                                .arg(expectedMean)
                                .arg(meanTolerance)));

        for (double p : {0.5, 0.9, 0.99}) {
            const double expected = d.quantile(p);
            const double got = nearestRank(x, p);
            // Standard error of the sample quantile, from the slope of the quantile function.
            const double h = 1e-4;
            const double slope = (d.quantile(p + h) - d.quantile(p - h)) / (2 * h);
            const double se = std::sqrt(p * (1 - p) / kDraws) * slope;
            const double tolerance = std::max(kQuantileTolerance * expected, kStandardErrors * se);
            // + 0.5: samples are rounded to whole microseconds.
            QVERIFY2(std::abs(got - expected) <= tolerance + 0.5,
                     qPrintable(QString("p%1: sample %2, expected %3 +- %4")
                                    .arg(p * 100)
                                    .arg(got)
                                    .arg(expected)
                                    .arg(tolerance)));
        }
        if (d.kind == Distribution::Kind::Constant) {
            QCOMPARE(x.front(), 4000.0);
            QCOMPARE(x.back(), 4000.0);
        }
        if (d.kind == Distribution::Kind::Uniform) {
            QCOMPARE(x.front(), 1000.0);
            QCOMPARE(x.back(), 3000.0);
        }
    }

    void truncationMatters()
    {
        // Normal(1ms, 1ms): 16% of the untruncated mass is below 0. The sample must follow the
        // truncated law (mean 1288 us), not the untruncated one (1000 us), nor clamping (1083 us).
        Rng rng(99);
        const auto d = Distribution::normal(1000, 1000);
        double sum = 0;
        int zeros = 0;
        for (int i = 0; i < kDraws; ++i) {
            const SimTime t = d.sample(rng);
            sum += static_cast<double>(t);
            zeros += t == 0 ? 1 : 0;
        }
        const double mean = sum / kDraws;
        QVERIFY2(std::abs(mean - 1287.6) < 15, qPrintable(QString::number(mean)));
        // Only values that round to 0 (below 0.5 us): about 0.02% of draws, not 16%.
        QVERIFY2(zeros < 100, qPrintable(QString::number(zeros)));
    }

    void sameSeedSameSequence()
    {
        Rng a(123), b(123), c(124);
        bool differs = false;
        for (int i = 0; i < 1000; ++i) {
            const auto x = a.next();
            QCOMPARE(b.next(), x);
            differs = differs || c.next() != x;
        }
        QVERIFY(differs);
        Rng s1 = Rng::stream(5, "service/orders"), s2 = Rng::stream(5, "service/orders");
        const auto d = Distribution::lognormal(3000, 20000);
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(d.sample(s1), d.sample(s2));
    }

    void goldenValues()
    {
        // xoshiro256** seeded through SplitMix64, from an independent implementation: a change
        // here changes every trace.
        Rng zero(0);
        QCOMPARE(zero.next(), 0x99ec5f36cb75f2b4ull);
        QCOMPARE(zero.next(), 0xbf6e1f784956452aull);
        QCOMPARE(zero.next(), 0x1a5f849d4933e6e0ull);
        Rng r42(42);
        QCOMPARE(r42.next(), 0x15780b2e0c2ec716ull);
        Rng s = Rng::stream(7, "service/orders");
        QCOMPARE(s.next(), 0x5a2ea4de0f125228ull);
        QCOMPARE(s.next(), 0x9d90c11370617c4full);
        QCOMPARE(stableHash("service/orders"), 0x350d8eded994d890ull);
        QCOMPARE(stableHash(""), 0xcbf29ce484222325ull);
    }

    void streamsAreUncorrelated_data()
    {
        QTest::addColumn<quint64>("seedA");
        QTest::addColumn<QString>("nameA");
        QTest::addColumn<quint64>("seedB");
        QTest::addColumn<QString>("nameB");
        QTest::newRow("names a, b") << quint64(1) << "a" << quint64(1) << "b";
        QTest::newRow("similar names")
            << quint64(1) << "service/orders" << quint64(1) << "service/orderz";
        QTest::newRow("neighbouring seeds") << quint64(1) << "a" << quint64(2) << "a";
        QTest::newRow("seed 0") << quint64(0) << "link/a->b" << quint64(0) << "link/b->a";
    }

    void streamsAreUncorrelated()
    {
        QFETCH(quint64, seedA);
        QFETCH(QString, nameA);
        QFETCH(quint64, seedB);
        QFETCH(QString, nameB);
        Rng a = Rng::stream(seedA, nameA.toStdString());
        Rng b = Rng::stream(seedB, nameB.toStdString());
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        int equal = 0;
        for (int i = 0; i < kDraws; ++i) {
            const double x = a.uniform(), y = b.uniform();
            equal += x == y ? 1 : 0;
            sx += x;
            sy += y;
            sxx += x * x;
            syy += y * y;
            sxy += x * y;
        }
        const double n = kDraws;
        const double r = (sxy - sx * sy / n) / std::sqrt((sxx - sx * sx / n) * (syy - sy * sy / n));
        // The standard error of r is 1/sqrt(n) = 0.0032: 0.01 is about three of them.
        QVERIFY2(std::abs(r) < 0.01, qPrintable(QString::number(r)));
        QCOMPARE(equal, 0);
    }

    void belowIsUnbiased_data()
    {
        QTest::addColumn<quint64>("n");
        QTest::newRow("10") << quint64(10);
        QTest::newRow("1000") << quint64(1000);
        // x % n would put twice the weight on the lowest third of the range.
        QTest::newRow("3 * 2^62") << (quint64(3) << 62);
    }

    void belowIsUnbiased()
    {
        QFETCH(quint64, n);
        Rng rng(77);
        std::vector<double> bins(10, 0);
        for (int i = 0; i < kDraws; ++i) {
            const std::uint64_t v = rng.below(n);
            QVERIFY(v < n);
            const auto bin = static_cast<std::size_t>(static_cast<long double>(v) * 10 / n);
            bins[bin] += 1;
        }
        const double chi2 = chiSquare(bins, std::vector<double>(10, kDraws / 10.0));
        QVERIFY2(chi2 < kChi2df9, qPrintable(QString("chi2 %1").arg(chi2)));
    }

    void belowEdges()
    {
        Rng rng(1);
        QCOMPARE(rng.below(0), std::uint64_t(0));
        QCOMPARE(rng.below(1), std::uint64_t(0));
        int ones = 0;
        for (int i = 0; i < 1000; ++i)
            ones += static_cast<int>(rng.below(2));
        QVERIFY(ones > 400 && ones < 600);
        double lo = 1, hi = 0;
        for (int i = 0; i < kDraws; ++i) {
            lo = std::min(lo, rng.uniformOpen());
            hi = std::max(hi, rng.uniform());
        }
        QVERIFY(lo > 0);
        QVERIFY(hi < 1);
        QVERIFY(!rng.chance(0));
        QVERIFY(rng.chance(1));
    }

    void zipfFrequencies()
    {
        const auto keys = KeySampler::zipf(100, 1.1);
        QCOMPARE(keys.size(), std::int64_t(100));
        double total = 0;
        for (std::int64_t k = 1; k <= 100; ++k)
            total += keys.probability(k);
        QVERIFY(std::abs(total - 1) < 1e-12);
        QVERIFY(std::abs(keys.probability(1) / keys.probability(2) - std::pow(2.0, 1.1)) < 1e-9);
        QCOMPARE(keys.probability(0), 0.0);
        QCOMPARE(keys.probability(101), 0.0);

        Rng rng = Rng::stream(3, "workload/zipf");
        std::vector<double> observed(100, 0), expected(100, 0);
        for (int i = 0; i < kDraws; ++i) {
            const auto k = keys.sample(rng);
            QVERIFY(k >= 1 && k <= 100);
            observed[static_cast<std::size_t>(k - 1)] += 1;
        }
        for (std::int64_t k = 1; k <= 100; ++k)
            expected[static_cast<std::size_t>(k - 1)] = keys.probability(k) * kDraws; // >= 150 each
        const double chi2 = chiSquare(observed, expected);
        QVERIFY2(chi2 < kChi2df99, qPrintable(QString("chi2 %1").arg(chi2)));
        QCOMPARE(std::max_element(observed.begin(), observed.end()) - observed.begin(),
                 std::ptrdiff_t(0));
        QVERIFY(observed[0] > observed[1] && observed[1] > observed[9] &&
                observed[9] > observed[99]);
    }

    void uniformKeys()
    {
        const auto keys = KeySampler::uniform(7);
        QCOMPARE(keys.probability(3), 1.0 / 7);
        Rng rng(5);
        std::vector<double> observed(7, 0);
        for (int i = 0; i < 70000; ++i) {
            const auto k = keys.sample(rng);
            QVERIFY(k >= 1 && k <= 7);
            observed[static_cast<std::size_t>(k - 1)] += 1;
        }
        // df = 6: 99.9% critical value 22.458.
        QVERIFY(chiSquare(observed, std::vector<double>(7, 10000)) < 22.458);
        QCOMPARE(KeySampler::uniform(0).size(), std::int64_t(1));
        QCOMPARE(KeySampler().sample(rng), std::int64_t(1));
    }

    void describe_data()
    {
        QTest::addColumn<Distribution>("d");
        QTest::addColumn<QString>("text");
        QTest::newRow("constant") << Distribution::constant(4000) << "4ms";
        QTest::newRow("uniform") << Distribution::uniform(1000, 3000) << "uniform(1ms..3ms)";
        QTest::newRow("exponential") << Distribution::exponential(250) << "exponential(mean 250us)";
        QTest::newRow("normal") << Distribution::normal(2000000, 500000)
                                << "normal(mean 2s, sd 500ms)";
        QTest::newRow("lognormal")
            << Distribution::lognormal(4000, 40000) << "lognormal(median 4ms, p99 40ms)";
    }

    void describe()
    {
        QFETCH(Distribution, d);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(d.describe()), text);
    }
};

QTEST_APPLESS_MAIN(TestDistributions)
#include "tst_distributions.moc"
