#pragma once

#include "simulation/scenario/scenarioloader.h"

#include <string>
#include <vector>

namespace dplab {

/** Build-time rules of patterns.saga: the roles it needs and what it cannot be combined with. */
struct SagaRules
{
    /// Appends one "file:line:col: path: message" error per broken rule.
    static void check(const Scenario &s, std::vector<LoadError> &errors);
};

} // namespace dplab
