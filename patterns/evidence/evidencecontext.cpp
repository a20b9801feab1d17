#include "patterns/evidence/evidencecontext.h"

#include "simulation/world/world.h"

#include <algorithm>

namespace dplab {

EvidenceContext::EvidenceContext(const World &world, const TraceLog &trace)
    : m_world(world)
    , m_trace(trace)
{}

const NameTable &EvidenceContext::names() const
{
    return m_world.names();
}

std::vector<const TraceEvent *> EvidenceContext::causeChain(std::uint64_t id, std::size_t max) const
{
    std::vector<const TraceEvent *> out;
    for (const TraceEvent *e = event(id); e && out.size() < max; e = event(e->cause)) {
        out.push_back(e);
        if (e->cause >= e->id) // causes come first; anything else would loop
            break;
    }
    std::reverse(out.begin(), out.end());
    return out;
}

bool EvidenceContext::causedBy(std::uint64_t id, std::uint64_t ancestor) const
{
    for (const TraceEvent *e = event(id); e; e = event(e->cause)) {
        if (e->id == ancestor)
            return true;
        if (e->id < ancestor || e->cause >= e->id)
            return false;
    }
    return false;
}

const TraceEvent *
EvidenceContext::findAfter(std::uint64_t fromId,
                           const std::function<bool(const TraceEvent &)> &match) const
{
    for (std::size_t i = static_cast<std::size_t>(fromId); i < m_trace.size(); ++i)
        if (match(m_trace[i]))
            return &m_trace[i];
    return nullptr;
}

const TraceEvent *
EvidenceContext::findBefore(std::uint64_t beforeId,
                            const std::function<bool(const TraceEvent &)> &match) const
{
    std::size_t i = beforeId ? std::min<std::size_t>(beforeId - 1, m_trace.size()) : m_trace.size();
    while (i-- > 0)
        if (match(m_trace[i]))
            return &m_trace[i];
    return nullptr;
}

std::string EvidenceContext::describe(const TraceEvent &e) const
{
    return describeEvent(e, names());
}

} // namespace dplab
