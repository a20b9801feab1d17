#pragma once

#include "simulation/observe/summary.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dplab {

class EvidenceContext;
struct TraceEvent;

/**
 * The steps of one evidence chain, gathered in any order (a search that finds its events out of
 * order: the saga, two-phase commit and event sourcing evidence) and handed out in causal order: by
 * event id, each event's cause chain reaching an earlier step (the first step excepted). When
 * the gathered events do not all follow from the first one, the chain starts from the root of
 * their cause chains when they share one (the client's request, say), or from a later event,
 * whichever keeps the most steps (then the latest ones); the events that follow from no
 * earlier step are left out.
 */
class CausalSteps
{
public:
    explicit CausalSteps(const EvidenceContext &context);

    /// Adds an event (ignored when 0, unknown, or added already).
    void add(std::uint64_t id, std::string says);
    bool has(std::uint64_t id) const;
    bool empty() const { return m_steps.empty(); }
    /// The steps in causal order (see the class comment); `rootSays` words a root that was not
    /// added (empty: the trace's own description of it).
    std::vector<EvidenceStep> steps(const std::string &rootSays = {}) const;
    /// The first event of the event's cause chain (itself when it has no cause; 0 when the
    /// chain is longer than a few thousand events).
    std::uint64_t rootOf(std::uint64_t id) const;

private:
    const EvidenceContext &m_context;
    std::vector<EvidenceStep> m_steps;
};

} // namespace dplab
