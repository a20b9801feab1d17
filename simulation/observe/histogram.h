#pragma once

#include <cstdint>
#include <vector>

namespace dplab {

/**
 * Log-bucketed latency histogram in integer microseconds (HdrHistogram-like). Values below 256
 * are counted exactly; above, every power of two is split into 128 equal sub-buckets, so a
 * quantile is off by at most half a bucket: under 0.4% of the value. Count, mean, min and max are
 * exact. Covers every non-negative int64; record() is O(1) and never allocates.
 */
class LatencyHistogram
{
public:
    LatencyHistogram();

    /// Counts one value in microseconds; negative values count as 0.
    void record(std::int64_t us);
    /// Adds every value recorded in other.
    void merge(const LatencyHistogram &other);
    void clear();

    bool empty() const { return m_count == 0; }
    std::uint64_t count() const { return m_count; }
    /// Exact mean (sum / count); 0 when empty.
    double mean() const;
    /// Exact smallest and largest values; 0 when empty.
    std::int64_t min() const { return m_count ? m_min : 0; }
    std::int64_t max() const { return m_count ? m_max : 0; }
    /// The p-quantile (p in [0, 1], nearest rank): the midpoint of the bucket holding the value
    /// of rank ceil(p * count), clamped to [min, max]; 0 when empty.
    double quantile(double p) const;

private:
    static int indexOf(std::uint64_t value);

    std::vector<std::uint64_t> m_buckets;
    std::uint64_t m_count = 0;
    std::uint64_t m_sumLow = 0; // 128-bit sum: high * 2^64 + low
    std::uint64_t m_sumHigh = 0;
    std::int64_t m_min = 0;
    std::int64_t m_max = 0;
    int m_lowIndex = 0; // non-empty buckets lie in [m_lowIndex, m_highIndex]
    int m_highIndex = -1;
};

} // namespace dplab
