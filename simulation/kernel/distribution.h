#pragma once

#include "simulation/kernel/rng.h"
#include "simulation/kernel/simtime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dplab {

/**
 * A duration distribution as written in a scenario file. Parameters are in microseconds:
 * constant{a}, uniform{a=min, b=max}, exponential{a=mean}, normal{a=mean, b=stddev} truncated
 * at 0, lognormal{a=median, b=p99}.
 */
struct Distribution
{
    enum class Kind { Constant, Uniform, Exponential, Normal, Lognormal };

    Kind kind = Kind::Constant;
    SimTime a = 0;
    SimTime b = 0;

    static Distribution constant(SimTime v) { return {Kind::Constant, v, 0}; }
    static Distribution uniform(SimTime lo, SimTime hi) { return {Kind::Uniform, lo, hi}; }
    static Distribution exponential(SimTime mean) { return {Kind::Exponential, mean, 0}; }
    static Distribution normal(SimTime mean, SimTime sd) { return {Kind::Normal, mean, sd}; }
    static Distribution lognormal(SimTime median, SimTime p99)
    {
        return {Kind::Lognormal, median, p99};
    }

    /// Draws one duration (>= 0) from rng.
    SimTime sample(Rng &rng) const;
    /// Analytical mean in microseconds (normal: of the truncated distribution).
    double mean() const;
    /// Analytical p-quantile in microseconds, 0 < p < 1.
    double quantile(double p) const;
    /// "exponential(mean 4ms)" and so on, for summaries.
    std::string describe() const;

    bool operator==(const Distribution &) const = default;
};

/// A standard normal draw (Box-Muller, one value per call for simplicity of state).
double standardNormal(Rng &rng);
/// Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9).
double normalQuantile(double p);

/**
 * Keys from 1..n, uniform or Zipf(s). Zipf uses a precomputed CDF and binary search, so a draw
 * costs O(log n) and no allocation.
 */
class KeySampler
{
public:
    KeySampler() = default;
    static KeySampler uniform(std::int64_t n);
    static KeySampler zipf(std::int64_t n, double s);

    std::int64_t sample(Rng &rng) const;
    std::int64_t size() const { return m_n; }
    /// Probability of key k (1-based), for tests.
    double probability(std::int64_t k) const;

private:
    std::int64_t m_n = 1;
    std::vector<double> m_cdf; // empty for uniform
};

} // namespace dplab
