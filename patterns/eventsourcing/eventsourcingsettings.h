#pragma once

#include "simulation/kernel/simtime.h"
#include "simulation/scenario/patternswitches.h"

namespace dplab {

/** "patterns.event_sourcing": the orders' truth is an append-only event store. */
struct EventSourcingSettings : PatternSettings
{
    static constexpr const char *kKey = "event_sourcing";

    int snapshotEvery = 50;           ///< 0 = no snapshots
    SimTime poll = 10 * kMillisecond; ///< the store's catch-up relay (projection, publishing)
    int batch = 100;                  ///< events per relay poll (also per rebuild slice)
};

} // namespace dplab
