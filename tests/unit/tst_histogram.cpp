#include "simulation/kernel/rng.h"
#include "simulation/observe/histogram.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

using namespace dplab;

namespace {

/// Nearest-rank quantile of sorted values: the value of rank ceil(p * n).
double exactQuantile(const std::vector<std::int64_t> &sorted, double p)
{
    const auto n = sorted.size();
    const auto rank =
        std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(p * static_cast<double>(n))));
    return static_cast<double>(sorted[std::min(rank, n) - 1]);
}

double standardNormal(Rng &rng)
{
    const double u1 = rng.uniformOpen();
    const double u2 = rng.uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2 * 3.14159265358979323846 * u2);
}

std::vector<std::int64_t> draws(const QString &kind, std::uint64_t seed, int n)
{
    Rng rng(seed);
    std::vector<std::int64_t> v;
    v.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        double x = 0;
        if (kind == "exponential")
            x = -5000.0 * std::log(rng.uniformOpen()); // mean 5 ms
        else if (kind == "lognormal")
            x = std::exp(std::log(20000.0) + 1.2 * standardNormal(rng)); // median 20 ms, heavy tail
        else if (kind == "small")
            x = static_cast<double>(rng.below(300)); // mostly in the exact range
        else if (kind == "huge")
            x = std::ldexp(1.0 + rng.uniform(), 40 + static_cast<int>(rng.below(20)));
        v.push_back(std::llround(x));
    }
    return v;
}

/// sum / count, with the sum held exactly in 128 bits and rounded once.
double exactMean(const std::vector<std::int64_t> &values)
{
    __extension__ using Sum = unsigned __int128;
    Sum sum = 0;
    for (auto v : values)
        sum += static_cast<Sum>(std::max<std::int64_t>(v, 0));
    const auto n = static_cast<double>(values.size());
    if (sum < (Sum(1) << 53))
        return static_cast<double>(sum) / n;
    return static_cast<double>(static_cast<long double>(sum) / static_cast<long double>(n));
}

} // namespace

/** Tests of LatencyHistogram against exact statistics of the same samples. */
class TestHistogram : public QObject
{
    Q_OBJECT

private slots:
    void quantilesMatchSortedSample_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("exponential") << "exponential";
        QTest::newRow("lognormal") << "lognormal";
        QTest::newRow("small values") << "small";
        QTest::newRow("2^40 and beyond") << "huge";
    }

    void quantilesMatchSortedSample()
    {
        QFETCH(QString, kind);
        const auto values = draws(kind, 42, 100000);
        LatencyHistogram h;
        for (auto v : values)
            h.record(v);
        auto sorted = values;
        std::sort(sorted.begin(), sorted.end());

        QCOMPARE(h.count(), std::uint64_t(values.size()));
        QCOMPARE(h.min(), sorted.front());
        QCOMPARE(h.max(), sorted.back());
        QCOMPARE(h.mean(), exactMean(values));
        QCOMPARE(h.quantile(0.0), static_cast<double>(sorted.front()));
        QCOMPARE(h.quantile(1.0), static_cast<double>(sorted.back()));

        double worst = 0;
        for (double p : {0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 0.9999}) {
            const double exact = exactQuantile(sorted, p);
            const double got = h.quantile(p);
            const double rel = exact > 0 ? std::abs(got - exact) / exact : std::abs(got - exact);
            worst = std::max(worst, rel);
            QVERIFY2(rel < 0.01, qPrintable(QString("p=%1 exact=%2 histogram=%3 (%4%)")
                                                .arg(p)
                                                .arg(exact, 0, 'f', 1)
                                                .arg(got, 0, 'f', 1)
                                                .arg(rel * 100, 0, 'f', 3)));
            if (exact < 256)
                QCOMPARE(got, exact); // the exact range
        }
        // Half a bucket of 1/128 of the value is the design bound.
        QVERIFY2(worst <= 1.0 / 256 + 1e-12, qPrintable(QString::number(worst)));
    }

    void mergeEqualsRecordingBoth()
    {
        const auto a = draws("exponential", 1, 30000);
        const auto b = draws("lognormal", 2, 20000);
        LatencyHistogram ha, hb, both;
        for (auto v : a) {
            ha.record(v);
            both.record(v);
        }
        for (auto v : b) {
            hb.record(v);
            both.record(v);
        }
        ha.merge(hb);
        QCOMPARE(ha.count(), both.count());
        QCOMPARE(ha.mean(), both.mean());
        QCOMPARE(ha.min(), both.min());
        QCOMPARE(ha.max(), both.max());
        for (int i = 0; i <= 1000; ++i)
            QCOMPARE(ha.quantile(i / 1000.0), both.quantile(i / 1000.0));

        LatencyHistogram empty;
        ha.merge(empty); // merging nothing changes nothing
        QCOMPARE(ha.count(), both.count());
        QCOMPARE(ha.quantile(0.5), both.quantile(0.5));
        empty.merge(hb); // merging into an empty histogram copies it
        QCOMPARE(empty.count(), hb.count());
        QCOMPARE(empty.min(), hb.min());
        QCOMPARE(empty.max(), hb.max());
        QCOMPARE(empty.mean(), hb.mean());
        QCOMPARE(empty.quantile(0.9), hb.quantile(0.9));
    }

    void emptyAndClear()
    {
        LatencyHistogram h;
        QVERIFY(h.empty());
        QCOMPARE(h.count(), std::uint64_t(0));
        QCOMPARE(h.mean(), 0.0);
        QCOMPARE(h.min(), std::int64_t(0));
        QCOMPARE(h.max(), std::int64_t(0));
        QCOMPARE(h.quantile(0.5), 0.0);

        h.record(1000000);
        h.record(3);
        QVERIFY(!h.empty());
        QCOMPARE(h.mean(), 500001.5);
        h.clear();
        QVERIFY(h.empty());
        QCOMPARE(h.quantile(0.99), 0.0);
        QCOMPARE(h.max(), std::int64_t(0));
        // Nothing of the cleared values remains in the buckets.
        h.record(7);
        QCOMPARE(h.quantile(1.0), 7.0);
        QCOMPARE(h.quantile(0.5), 7.0);
        QCOMPARE(h.min(), std::int64_t(7));
        QCOMPARE(h.max(), std::int64_t(7));
    }

    void singleValuesAndEdges_data()
    {
        QTest::addColumn<qint64>("value");
        QTest::addColumn<qint64>("recorded");
        QTest::newRow("zero") << qint64(0) << qint64(0);
        QTest::newRow("negative counts as 0") << qint64(-25) << qint64(0);
        QTest::newRow("255 exact") << qint64(255) << qint64(255);
        QTest::newRow("256") << qint64(256) << qint64(256);
        QTest::newRow("2^40") << (qint64(1) << 40) << (qint64(1) << 40);
        QTest::newRow("int64 max") << qint64(INT64_MAX) << qint64(INT64_MAX);
    }

    void singleValuesAndEdges()
    {
        QFETCH(qint64, value);
        QFETCH(qint64, recorded);
        LatencyHistogram h;
        h.record(value);
        h.record(value);
        QCOMPARE(h.min(), std::int64_t(recorded));
        QCOMPARE(h.max(), std::int64_t(recorded));
        // Clamped to [min, max]: a single value is reported exactly at every p.
        QCOMPARE(h.quantile(0.5), static_cast<double>(recorded));
        QCOMPARE(h.mean(), static_cast<double>(recorded)); // the sum does not overflow
    }

    void bucketResolution()
    {
        // Two values 1% apart land in different buckets; quantiles separate them.
        LatencyHistogram h;
        for (int i = 0; i < 50; ++i)
            h.record(1000000);
        for (int i = 0; i < 50; ++i)
            h.record(1010000);
        QVERIFY(std::abs(h.quantile(0.25) - 1000000) / 1000000 < 0.004);
        QVERIFY(std::abs(h.quantile(0.75) - 1010000) / 1010000 < 0.004);
        QVERIFY(h.quantile(0.75) > h.quantile(0.25));
    }
};

QTEST_APPLESS_MAIN(TestHistogram)
#include "tst_histogram.moc"
