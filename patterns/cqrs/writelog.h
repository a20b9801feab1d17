#pragma once

#include "simulation/kernel/simtime.h"
#include "simulation/observe/histogram.h"

#include <cstdint>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

namespace dplab {

/**
 * A measurement, not behaviour: every write committed at the source of truth, until a read
 * side reflects it. Gives the consistency lag of each write (commit -> reflected), the
 * staleness of the read side at any moment (age of its oldest unreflected write) and the
 * writes that were never reflected (lost events). Nothing simulated reads it.
 */
class WriteLog
{
public:
    /// `entity` reached `version` at time `at`.
    void committed(std::int64_t entity, std::int64_t version, SimTime at);
    /// The read side now shows `entity` at `version`: each write up to it is reflected.
    void reflected(std::int64_t entity, std::int64_t version, SimTime now);
    /// The read side was emptied (a rebuild): every write is unreflected again, with its
    /// original commit time, until the replay shows it. Re-reflecting adds nothing to lag().
    void unreflectAll();

    /// now - commit time of the oldest unreflected write; 0 when the read side is up to date.
    SimTime staleness(SimTime now) const;
    /// Commit time of the oldest unreflected write of one entity, or -1.
    SimTime oldestUnreflected(std::int64_t entity) const;
    std::size_t unreflected() const { return m_byTime.size(); }
    std::uint64_t writes() const { return m_writes; }
    const LatencyHistogram &lag() const { return m_lag; }

private:
    using Key = std::pair<std::int64_t, std::int64_t>; // entity, version
    struct Pending
    {
        SimTime at = 0;
        bool measured = true; ///< false for writes a rebuild made unreflected again
    };
    std::unordered_map<std::int64_t, std::map<std::int64_t, Pending>> m_pending;
    std::vector<std::pair<Key, SimTime>> m_history; // every write, in commit order
    std::set<std::pair<SimTime, Key>> m_byTime;
    LatencyHistogram m_lag;
    std::uint64_t m_writes = 0;
};

} // namespace dplab
