#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace dplab {

/**
 * `--shard I/N`: the share of a study's runs (or of fuzz-faults' schedules) that one process
 * does. The split is fixed: run number r (0-based, in the study's order) belongs to shard
 * r mod N, so every shard gets points from the whole range and about the same work.
 */
struct SweepShard
{
    std::size_t index = 0; ///< I, from 0 to N-1
    std::size_t count = 1; ///< N

    /// Reads "I/N" (0 <= I < N <= 100000).
    static std::optional<SweepShard> parse(std::string_view text, std::string *why);
    bool owns(std::size_t run) const { return run % count == index; }
    bool whole() const { return count == 1; }
    std::string text() const { return std::to_string(index) + "/" + std::to_string(count); }
};

} // namespace dplab
