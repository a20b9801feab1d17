#pragma once

#include "simulation/scenario/scenarioloader.h"

#include <string>
#include <vector>

namespace dplab {

/** Build-time rules of patterns.two_phase_commit: the roles it needs, what it excludes. */
struct TwoPhaseRules
{
    static void check(const Scenario &s, std::vector<LoadError> &errors);
};

} // namespace dplab
