#pragma once

#include "simulation/observe/summary.h"

#include <string>
#include <vector>

namespace dplab {

class PatternCatalog;
class TraceLog;
class World;

/// The invariants every scenario must keep (commits recorded, bus offsets), then each
/// pattern module's, checked at the end of a run. With the run's whole trace, each failed
/// check gets its evidence from the modules.
std::vector<CheckResult> runInvariantChecks(const PatternCatalog &catalog, const World &world,
                                            const TraceLog *trace = nullptr);

/// The invariants that can be judged at any moment (safety properties: a failure, once seen,
/// stays), for the app to show live: the two above and each module's live ones.
std::vector<CheckResult> runLiveChecks(const PatternCatalog &catalog, const World &world);

/// "; the run ended with N bus deliveries still pending: ..." when the bus has not drained
/// (why a read side may still differ), else "".
std::string pendingBusNote(const World &world);

} // namespace dplab
