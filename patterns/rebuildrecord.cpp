#include "patterns/rebuildrecord.h"

#include "simulation/observe/summary.h"

namespace dplab {

nlohmann::ordered_json RebuildRecord::toJson(const std::vector<RebuildRecord> &rebuilds)
{
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto &r : rebuilds)
        out.push_back(
            {{"at_s", round3(toSeconds(r.startedAt))},
             {"events_replayed", r.events},
             {"finished", r.finishedAt >= 0},
             {"duration_ms",
              r.finishedAt >= 0 ? round3(toMilliseconds(r.finishedAt - r.startedAt)) : 0.0}});
    return out;
}

} // namespace dplab
