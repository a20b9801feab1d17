#include "patterns/evidence/evidencechain.h"

#include "patterns/evidence/evidencecontext.h"

#include <algorithm>

namespace dplab {

EvidenceChain::EvidenceChain(const EvidenceContext &context)
    : m_context(context)
{}

void EvidenceChain::add(std::uint64_t id, std::string says)
{
    if (id == 0 || !m_context.event(id) || has(id))
        return;
    m_steps.push_back({id, std::move(says)});
}

bool EvidenceChain::has(std::uint64_t id) const
{
    return std::any_of(m_steps.begin(), m_steps.end(),
                       [id](const EvidenceStep &s) { return s.event == id; });
}

std::uint64_t EvidenceChain::rootOf(std::uint64_t id) const
{
    const TraceEvent *e = m_context.event(id);
    while (e && e->cause && e->cause < e->id) {
        const TraceEvent *up = m_context.event(e->cause);
        if (!up)
            break;
        e = up;
    }
    return e ? e->id : 0;
}

std::vector<EvidenceStep> EvidenceChain::steps(const std::string &rootSays) const
{
    std::vector<EvidenceStep> in = m_steps;
    std::sort(in.begin(), in.end(),
              [](const EvidenceStep &a, const EvidenceStep &b) { return a.event < b.event; });
    auto connected = [&](const std::vector<EvidenceStep> &list) {
        std::vector<EvidenceStep> out;
        for (const EvidenceStep &s : list) {
            const bool follows =
                out.empty() || std::any_of(out.begin(), out.end(), [&](const EvidenceStep &o) {
                    return m_context.causedBy(s.event, o.event);
                });
            if (follows)
                out.push_back(s);
        }
        return out;
    };
    std::vector<EvidenceStep> out = connected(in);
    if (out.size() == in.size() || in.empty())
        return out;
    // Not all follow from the first: start from the root they share, when they share one.
    const std::uint64_t root = rootOf(in.front().event);
    const bool shared = root && std::all_of(in.begin(), in.end(), [&](const EvidenceStep &s) {
                            return rootOf(s.event) == root;
                        });
    if (!shared || root == in.front().event)
        return out;
    in.insert(in.begin(),
              EvidenceStep{root, rootSays.empty() ? m_context.describe(*m_context.event(root))
                                                  : rootSays});
    return connected(in);
}

} // namespace dplab
