#pragma once

#include "patterns/module/patterncatalog.h"
#include "patterns/run.h"
#include "simulation/scenario/scenarioloader.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dplab {

/** A run built from a scenario, or every reason it could not be built (never both). */
struct RunResult
{
    std::unique_ptr<Run> run;
    std::vector<LoadError> errors;
};

/**
 * The one way in, for the app and every CLI command: a scenario file (or its text) with --set
 * overrides becomes a Scenario checked all the way (syntax, types, references, limits, and the
 * rules of this build's pattern modules), and a Scenario becomes a Run. Every problem is a
 * LoadError naming file, line:column and JSON path where there is one.
 */
class ScenarioInput
{
public:
    /// With every pattern module of this build.
    ScenarioInput();
    explicit ScenarioInput(std::shared_ptr<const PatternCatalog> catalog);

    const PatternCatalog &catalog() const { return *m_catalog; }

    LoadResult loadFile(const std::string &path,
                        const std::vector<ScenarioOverride> &overrides = {}) const;
    LoadResult loadText(std::string_view text, const std::string &sourceName,
                        const std::vector<ScenarioOverride> &overrides = {}) const;
    /// Builds a run; a failure while building (a database file that cannot be opened) is an
    /// error too, never an exception.
    RunResult build(const Scenario &scenario, const RunOptions &options) const;

private:
    LoadResult checked(LoadResult loaded) const;

    std::shared_ptr<const PatternCatalog> m_catalog;
};

} // namespace dplab
