#include "simulation/observe/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace dplab {

namespace {

constexpr int kSubBits = 7;                               // 128 sub-buckets per power of two
constexpr int kSubCount = 1 << kSubBits;                  // 128
constexpr int kExact = 2 * kSubCount;                     // values below 256 have their own bucket
constexpr int kBucketCount = (64 - kSubBits) * kSubCount; // indexOf(2^63 - 1) + 1

double bucketMidpoint(int index)
{
    if (index < kExact)
        return index;
    const int shift = index / kSubCount - 1;
    const auto sub = static_cast<std::uint64_t>(index % kSubCount + kSubCount);
    const double low = std::ldexp(static_cast<double>(sub), shift);
    const double width = std::ldexp(1.0, shift);
    return low + (width - 1) / 2;
}

} // namespace

LatencyHistogram::LatencyHistogram()
    : m_buckets(kBucketCount, 0)
{}

int LatencyHistogram::indexOf(std::uint64_t value)
{
    if (value < kExact)
        return static_cast<int>(value);
    // The shift that brings value into [128, 256): the bucket width is 2^shift.
    const int shift = std::bit_width(value) - 1 - kSubBits;
    return (shift + 1) * kSubCount + static_cast<int>((value >> shift) - kSubCount);
}

void LatencyHistogram::record(std::int64_t us)
{
    const std::int64_t v = std::max<std::int64_t>(us, 0);
    const int index = indexOf(static_cast<std::uint64_t>(v));
    ++m_buckets[static_cast<std::size_t>(index)];
    if (m_count == 0) {
        m_min = m_max = v;
        m_lowIndex = m_highIndex = index;
    } else {
        m_min = std::min(m_min, v);
        m_max = std::max(m_max, v);
        m_lowIndex = std::min(m_lowIndex, index);
        m_highIndex = std::max(m_highIndex, index);
    }
    ++m_count;
    const std::uint64_t before = m_sumLow;
    m_sumLow += static_cast<std::uint64_t>(v);
    m_sumHigh += m_sumLow < before ? 1 : 0;
}

void LatencyHistogram::merge(const LatencyHistogram &other)
{
    if (other.m_count == 0)
        return;
    for (int i = other.m_lowIndex; i <= other.m_highIndex; ++i)
        m_buckets[static_cast<std::size_t>(i)] += other.m_buckets[static_cast<std::size_t>(i)];
    if (m_count == 0) {
        m_min = other.m_min;
        m_max = other.m_max;
        m_lowIndex = other.m_lowIndex;
        m_highIndex = other.m_highIndex;
    } else {
        m_min = std::min(m_min, other.m_min);
        m_max = std::max(m_max, other.m_max);
        m_lowIndex = std::min(m_lowIndex, other.m_lowIndex);
        m_highIndex = std::max(m_highIndex, other.m_highIndex);
    }
    m_count += other.m_count;
    const std::uint64_t before = m_sumLow;
    m_sumLow += other.m_sumLow;
    m_sumHigh += other.m_sumHigh + (m_sumLow < before ? 1 : 0);
}

void LatencyHistogram::clear()
{
    if (m_highIndex >= m_lowIndex)
        std::fill(m_buckets.begin() + m_lowIndex, m_buckets.begin() + m_highIndex + 1, 0);
    m_count = 0;
    m_sumLow = m_sumHigh = 0;
    m_min = m_max = 0;
    m_lowIndex = 0;
    m_highIndex = -1;
}

double LatencyHistogram::mean() const
{
    if (m_count == 0)
        return 0;
    if (m_sumHigh == 0)
        return static_cast<double>(m_sumLow) / static_cast<double>(m_count);
    const long double sum =
        std::ldexp(static_cast<long double>(m_sumHigh), 64) + static_cast<long double>(m_sumLow);
    return static_cast<double>(sum / static_cast<long double>(m_count));
}

double LatencyHistogram::quantile(double p) const
{
    if (m_count == 0)
        return 0;
    if (!(p > 0))
        return static_cast<double>(m_min);
    if (p >= 1)
        return static_cast<double>(m_max);
    const auto rank = std::max<std::uint64_t>(
        1, static_cast<std::uint64_t>(std::ceil(p * static_cast<double>(m_count))));
    std::uint64_t seen = 0;
    int index = m_lowIndex;
    for (; index < m_highIndex; ++index) {
        seen += m_buckets[static_cast<std::size_t>(index)];
        if (seen >= rank)
            break;
    }
    return std::clamp(bucketMidpoint(index), static_cast<double>(m_min),
                      static_cast<double>(m_max));
}

} // namespace dplab
