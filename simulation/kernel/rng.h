#pragma once

#include <cstdint>
#include <string_view>

namespace dplab {

/**
 * xoshiro256** pseudo-random generator, implemented here so that every platform draws the same
 * numbers. One instance per stream (service, link, topic, workload).
 */
class Rng
{
public:
    explicit Rng(std::uint64_t seed = 0);

    /// A stream derived from a scenario seed and a stable name ("service/orders", "link/a->b").
    static Rng stream(std::uint64_t seed, std::string_view name);

    std::uint64_t next();
    /// Uniform in [0, 1) with 53 random bits.
    double uniform();
    /// Uniform in (0, 1]: safe for log().
    double uniformOpen();
    /// Uniform integer in [0, n).
    std::uint64_t below(std::uint64_t n);
    /// True with probability p.
    bool chance(double p) { return p > 0 && (p >= 1 || uniform() < p); }

private:
    std::uint64_t m_s[4];
};

/// 64-bit FNV-1a of a name; stable across platforms.
std::uint64_t stableHash(std::string_view text);

} // namespace dplab
