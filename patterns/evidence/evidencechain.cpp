#include "patterns/evidence/evidencechain.h"

#include "patterns/evidence/evidencecontext.h"

#include <algorithm>

namespace dplab {

EvidenceChain::EvidenceChain(const EvidenceContext &context, std::string cls, std::string entity)
    : m_context(context)
{
    m_evidence.cls = std::move(cls);
    m_evidence.entity = std::move(entity);
}

bool EvidenceChain::step(std::uint64_t id, std::string says)
{
    if (id == 0 || !m_context.event(id) || has(id))
        return false;
    EvidenceStep s;
    s.event = id;
    s.time = m_context.event(id)->time;
    s.says = std::move(says);
    m_evidence.steps.push_back(std::move(s));
    return true;
}

bool EvidenceChain::stepIfCaused(std::uint64_t id, std::string says)
{
    for (const EvidenceStep &s : m_evidence.steps)
        if (s.event < id && m_context.causedBy(id, s.event))
            return step(id, std::move(says));
    return false;
}

bool EvidenceChain::has(std::uint64_t id) const
{
    return std::any_of(m_evidence.steps.begin(), m_evidence.steps.end(),
                       [id](const EvidenceStep &s) { return s.event == id; });
}

Evidence EvidenceChain::finish(std::string explanation)
{
    std::stable_sort(
        m_evidence.steps.begin(), m_evidence.steps.end(),
        [](const EvidenceStep &a, const EvidenceStep &b) { return a.event < b.event; });
    m_evidence.explanation = std::move(explanation);
    return m_evidence;
}

bool inCausalOrder(const EvidenceContext &context, const Evidence &evidence)
{
    for (std::size_t i = 0; i < evidence.steps.size(); ++i) {
        const std::uint64_t id = evidence.steps[i].event;
        if (!context.event(id) || (i > 0 && id <= evidence.steps[i - 1].event))
            return false;
        if (i == 0)
            continue;
        bool reached = false;
        for (std::size_t j = 0; j < i && !reached; ++j)
            reached = context.causedBy(id, evidence.steps[j].event);
        if (!reached)
            return false;
    }
    return true;
}

std::string evidenceLabelWords(const EvidenceContext &context, const TraceEvent &e)
{
    std::string s = context.names().labelName(e.label);
    if (const auto colon = s.find(':'); colon != std::string::npos)
        s = s.substr(colon + 1);
    std::replace(s.begin(), s.end(), '_', ' ');
    return s;
}

std::uint64_t evidenceRootOf(const EvidenceContext &context, std::uint64_t id)
{
    const auto chain = context.causeChain(id, 256);
    // A client's request, a fault or a live change starts a story of its own: what the trace
    // lists as its cause is only what happened to come just before it.
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        const TraceKind k = (*it)->kind;
        if (k == TraceKind::Request || k == TraceKind::FaultStart || k == TraceKind::Intervention)
            return (*it)->id;
    }
    return chain.empty() ? id : chain.front()->id;
}

} // namespace dplab
