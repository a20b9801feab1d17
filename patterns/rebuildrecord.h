#pragma once

#include "simulation/kernel/simtime.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <vector>

namespace dplab {

/** One rebuild of a read side from the start of its log (a CQRS read model replaying its
 *  topic, or the event-sourced orders projection replaying the store). */
struct RebuildRecord
{
    SimTime startedAt = 0;
    std::int64_t events = 0; ///< records to replay: the log's length when the rebuild started
    SimTime finishedAt = -1; ///< -1 while replaying

    /// summary.json's form: [{at_s, events_replayed, finished, duration_ms}, ...].
    static nlohmann::ordered_json toJson(const std::vector<RebuildRecord> &rebuilds);
};

} // namespace dplab
