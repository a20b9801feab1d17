#include "patterns/evidence/topictrail.h"

#include "patterns/evidence/evidencecontext.h"

namespace dplab {

namespace {
const std::vector<std::uint64_t> kNoTrailEvents;
}

TopicTrail::TopicTrail(const EvidenceContext &context, const std::string &topic)
    : m_context(context)
{
    const auto &index = context.names().labelIndex;
    const auto it = index.find("topic:" + topic);
    if (it == index.end())
        return;
    m_label = it->second;
    m_known = true;
    for (const TraceEvent &e : context.trace()) {
        if (e.label != m_label)
            continue;
        if (e.kind == TraceKind::Publish)
            m_publishes[{e.from, e.key}].push_back(e.id);
        else if (e.kind == TraceKind::Drop && e.to == kBusEndpoint && e.from >= 0 && e.msg == 0)
            m_unsent[{e.from, e.key}].push_back(e.id);
        if (e.msg != 0)
            m_messages[e.msg].push_back(e.id);
    }
}

const std::vector<std::uint64_t> &TopicTrail::publishes(std::int16_t publisher,
                                                        std::int64_t key) const
{
    const auto it = m_publishes.find({publisher, key});
    return it == m_publishes.end() ? kNoTrailEvents : it->second;
}

const std::vector<std::uint64_t> &TopicTrail::unsent(std::int16_t publisher, std::int64_t key) const
{
    const auto it = m_unsent.find({publisher, key});
    return it == m_unsent.end() ? kNoTrailEvents : it->second;
}

const std::vector<std::uint64_t> &TopicTrail::eventsOf(std::uint64_t msg) const
{
    const auto it = m_messages.find(msg);
    return it == m_messages.end() ? kNoTrailEvents : it->second;
}

const TraceEvent *TopicTrail::publishOf(std::uint64_t msg) const
{
    for (std::uint64_t id : eventsOf(msg)) {
        const TraceEvent *e = m_context.event(id);
        if (e && e->kind == TraceKind::Publish)
            return e;
    }
    return nullptr;
}

} // namespace dplab
