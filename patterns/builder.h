#pragma once

#include "patterns/module/patterncatalog.h"
#include "simulation/scenario/scenarioloader.h"
#include "simulation/world/world.h"

#include <memory>
#include <vector>

namespace dplab {

/** A wired world, or the reasons it could not be built. */
struct BuildResult
{
    std::unique_ptr<World> world;
    std::vector<LoadError> errors;
};

/**
 * Turns a validated Scenario into a World: checks that this build implements every role,
 * operation and fault target the file asks for and that the pattern modules' rules hold
 * (refusing clearly, never silently), then creates the services' behaviours and their tables.
 */
class WorldBuilder
{
public:
    explicit WorldBuilder(const PatternCatalog &catalog);

    /// Errors that make the scenario unrunnable in this build (empty when it can run).
    std::vector<LoadError> check(const Scenario &scenario) const;
    BuildResult build(const Scenario &scenario, const WorldOptions &options = {}) const;

private:
    const PatternCatalog &m_catalog;
};

} // namespace dplab
