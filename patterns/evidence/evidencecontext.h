#pragma once

#include "simulation/observe/tracelog.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace dplab {

class World;

/**
 * What evidence for a failed check is found in: the finished world (its databases, its
 * changesets) and the run's trace, with the lookups every pattern module's search needs.
 */
class EvidenceContext
{
public:
    EvidenceContext(const World &world, const TraceLog &trace);

    const World &world() const { return m_world; }
    const TraceLog &trace() const { return m_trace; }
    const NameTable &names() const;

    /// The event with this id, or null when the trace did not keep it.
    const TraceEvent *event(std::uint64_t id) const { return m_trace.byId(id); }
    /// The event's causes, oldest first, ending with the event itself (at most `max` events).
    std::vector<const TraceEvent *> causeChain(std::uint64_t id, std::size_t max = 64) const;
    /// True when following `id`'s causes reaches `ancestor` (an event causes itself).
    bool causedBy(std::uint64_t id, std::uint64_t ancestor) const;
    /// The first event after position `fromId` (exclusive; 0: from the start) that `match`
    /// accepts, or null.
    const TraceEvent *findAfter(std::uint64_t fromId,
                                const std::function<bool(const TraceEvent &)> &match) const;
    /// The last event before `beforeId` (exclusive; 0: from the end) that `match` accepts, or null.
    const TraceEvent *findBefore(std::uint64_t beforeId,
                                 const std::function<bool(const TraceEvent &)> &match) const;
    /// One readable line about an event, as the trace's "summary" field.
    std::string describe(const TraceEvent &e) const;

private:
    const World &m_world;
    const TraceLog &m_trace;
};

} // namespace dplab
