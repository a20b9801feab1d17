#pragma once

#include "simulation/observe/summary.h"

#include <string>
#include <vector>

namespace dplab {

class PatternCatalog;
class World;

/// The invariants every scenario must keep (commits recorded, bus offsets), then each
/// pattern module's, checked at the end of a run.
std::vector<CheckResult> runInvariantChecks(const PatternCatalog &catalog, const World &world);

/// "; the run ended with N bus deliveries still pending: ..." when the bus has not drained
/// (why a read side may still differ), else "".
std::string pendingBusNote(const World &world);

} // namespace dplab
