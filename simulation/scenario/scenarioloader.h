#pragma once

#include "simulation/scenario/overrides.h"
#include "simulation/scenario/scenario.h"
#include "simulation/scenario/scenariovocabulary.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dplab {

/** One problem found in a scenario file, with enough context to fix it. */
struct LoadError
{
    std::string file;    ///< as given by the caller (usually the path the user typed)
    int line = 0;        ///< 1-based; 0 when not tied to a position
    int column = 0;      ///< 1-based, in bytes
    std::string path;    ///< JSON path such as "services[2].workers"; empty for syntax errors
    std::string message; ///< "expected a positive integer, got -1"

    /// "lab.json:14:22: services[2].workers: expected a positive integer, got -1"
    std::string toString() const;
};

/** The outcome of loading: a scenario, or every error found (never both). */
struct LoadResult
{
    std::optional<Scenario> scenario;
    std::vector<LoadError> errors;

    bool ok() const { return scenario.has_value(); }
};

/**
 * Reads and validates scenario files (the format of scenarios/README.md). Syntax errors, type
 * errors, unknown keys (with a "did you mean" hint), bad references, out-of-range values and
 * the limits of ScenarioLimits are all reported with file, line:column and JSON path.
 *
 * Overrides (--set) are applied to the parsed file, in order, before it is validated; errors
 * in the values they gave name the --set instead of a position ("lab.json: --set
 * services[1].workers: expected a positive integer, ..."), and Scenario::overrides records them.
 *
 * The roles and the "patterns" section come from the vocabulary (the pattern catalog of
 * patterns/), which must outlive the loader. Use patterns/' ScenarioInput rather than this
 * class directly: it adds the build-time checks.
 */
class ScenarioLoader
{
public:
    explicit ScenarioLoader(const ScenarioVocabulary &vocabulary)
        : m_vocabulary(vocabulary)
    {}

    LoadResult loadFile(const std::string &path,
                        const std::vector<ScenarioOverride> &overrides = {}) const;
    LoadResult loadText(std::string_view text, const std::string &sourceName,
                        const std::vector<ScenarioOverride> &overrides = {}) const;

private:
    const ScenarioVocabulary &m_vocabulary;
};

/// True when `metric` is a dotted path into summary.json as "expect" entries name them
/// ("operations.request.latency_ms.p99"): letters, digits, "_", "-", ":" and single dots.
bool isSummaryMetricPath(const std::string &metric);

} // namespace dplab
