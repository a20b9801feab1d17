#pragma once

#include "observe/summary.h"

#include <vector>

namespace dplab {

class World;

/// The invariants that hold for every scenario this build runs, checked at the end of a run.
std::vector<CheckResult> runInvariantChecks(const World &world);

} // namespace dplab
