#pragma once

#include "registry.h"
#include "world/world.h"

#include <memory>
#include <string>
#include <vector>

namespace dplab {

/** A wired world, or the reasons it could not be built. */
struct BuildResult
{
    std::unique_ptr<World> world;
    std::vector<std::string> errors; ///< "file:line:col: path: message"
};

/**
 * Turns a validated Scenario into a World: checks that this build implements every role,
 * pattern, operation and fault kind the file asks for (refusing clearly, never silently), then
 * creates the services' behaviours and their tables.
 */
class WorldBuilder
{
public:
    explicit WorldBuilder(const PatternRegistry &registry);

    /// Errors that make the scenario unrunnable in this build (empty when it can run).
    std::vector<std::string> check(const Scenario &scenario) const;
    BuildResult build(const Scenario &scenario, const WorldOptions &options = {}) const;

private:
    const PatternRegistry &m_registry;
};

} // namespace dplab
