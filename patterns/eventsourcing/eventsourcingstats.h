#pragma once

#include "patterns/rebuildrecord.h"
#include "simulation/kernel/simtime.h"
#include "simulation/observe/histogram.h"

#include <cstdint>
#include <vector>

namespace dplab {

/**
 * What event sourcing did and measured during a run (summary.json "event_sourcing"). A
 * measurement, not behaviour: it survives crashes, as an observer's notebook would.
 */
struct EventSourcingStats
{
    std::uint64_t appended = 0;            ///< events appended by commands
    std::uint64_t snapshots = 0;           ///< snapshots written
    std::uint64_t declines = 0;            ///< PaymentDeclined events recorded
    std::uint64_t conflicts = 0;           ///< appends refused: another writer had the version
    std::uint64_t retries = 0;             ///< commands reloaded and re-decided after a conflict
    std::uint64_t retriedAppended = 0;     ///< ... whose decision still held and was appended
    std::uint64_t retriedRefused = 0;      ///< ... whose decision no longer held (answered failed)
    std::uint64_t refunds = 0;             ///< charges given back: the order changed meanwhile
    std::uint64_t restocks = 0;            ///< released stock reserved again: the order changed
    std::uint64_t compensationsFailed = 0; ///< refunds or restocks that did not get through

    LatencyHistogram readPerLoad;      ///< events folded per command load (count, not us)
    LatencyHistogram readFromSnapshot; ///< loads that started from a snapshot
    LatencyHistogram readFromStart;    ///< loads that folded the stream from its first event

    std::uint64_t projected = 0; ///< events applied to the orders projection
    std::uint64_t projectionBatches = 0;
    LatencyHistogram projectionLag; ///< append -> projected, us (rebuild replays excluded)
    std::uint64_t published = 0;    ///< publishes the bus accepted (repeats included)
    std::uint64_t republished = 0;  ///< events published again (crash before the checkpoint)
    std::uint64_t relayPolls = 0;   ///< relay polls while the service was up
    std::vector<RebuildRecord> rebuilds;
};

} // namespace dplab
