#pragma once

#include <nlohmann/json.hpp>

namespace dplab {

class World;

/**
 * The "event_sourcing" section of summary.json: what the store holds (events, streams,
 * snapshots), what the commands did (appends, conflicts, retries and how they ended), what a
 * load cost (events read, with and without a snapshot), and how the relay kept up (projection
 * lag, publishing, rebuilds).
 */
class EventSourcingMetrics
{
public:
    /// A null JSON when patterns.event_sourcing is off.
    static nlohmann::ordered_json collect(const World &world);
};

} // namespace dplab
