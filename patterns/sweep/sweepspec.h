#pragma once

#include "patterns/sweep/sweepparameter.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dplab {

/**
 * What a parameter study runs: a scenario file with its --set changes, the varied parameters
 * (their cartesian product are the points), the seeds per point and the metrics measured.
 * Runs are numbered point by point, seed by seed: run r is point r / seeds with seed number
 * r % seeds; points are numbered with the last parameter varying fastest.
 */
struct SweepSpec
{
    std::string file;                   ///< as given on the command line
    std::string scenarioName;           ///< the scenario's "name"
    std::vector<std::string> overrides; ///< --set texts applied to every run, before the point's
    std::vector<SweepParameter> parameters;
    std::uint64_t baseSeed = 1; ///< the scenario's seed (after --set)
    std::size_t seeds = 1;      ///< K: run k of a point uses baseSeed + k
    std::vector<std::string> metrics;

    std::size_t pointCount() const;
    std::size_t runCount() const { return pointCount() * seeds; }
    std::size_t pointOf(std::size_t run) const { return run / seeds; }
    std::uint64_t seedOf(std::size_t run) const { return baseSeed + run % seeds; }
    /// The index into each parameter's values of a point.
    std::vector<std::size_t> valueIndices(std::size_t point) const;
    /// "PATH=VALUE" of each parameter at a point (what --set would be given).
    std::vector<std::string> pointOverrides(std::size_t point) const;

    /// sweep.json: everything above; merge checks that shards agree on it.
    nlohmann::ordered_json toJson() const;
    static std::optional<SweepSpec> fromJson(const nlohmann::ordered_json &json, std::string *why);
};

} // namespace dplab
