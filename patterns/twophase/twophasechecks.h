#pragma once

#include "simulation/observe/summary.h"

#include <vector>

namespace dplab {

class World;

/** The invariants of two-phase commit, checked at the end of a run. */
struct TwoPhaseChecks
{
    /// two_phase_commit.atomic and two_phase_commit.none_in_doubt (nothing when the pattern is
    /// off).
    static void append(const World &world, std::vector<CheckResult> &out);
};

} // namespace dplab
