#pragma once

#include "simulation/observe/summary.h"

#include <vector>

namespace dplab {

class World;

/**
 * The invariants of event sourcing, checked at the end of a run for every orders service that
 * keeps an event store: the store was only ever appended to, every snapshot equals the replay
 * up to its version, and the orders projection equals the replay of every stream.
 */
class EventSourcingChecks
{
public:
    /// Empty when patterns.event_sourcing is off. `liveOnly`: only the check that can be
    /// judged at any moment (append-only: a removed event stays removed).
    static std::vector<CheckResult> run(const World &world, bool liveOnly = false);
};

} // namespace dplab
