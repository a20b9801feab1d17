#include "patterns/evidence/causalsteps.h"

#include "patterns/evidence/evidencecontext.h"

#include <algorithm>

namespace dplab {

CausalSteps::CausalSteps(const EvidenceContext &context)
    : m_context(context)
{}

void CausalSteps::add(std::uint64_t id, std::string says)
{
    if (id == 0 || !m_context.event(id) || has(id))
        return;
    m_steps.push_back({id, m_context.event(id)->time, std::move(says)});
}

bool CausalSteps::has(std::uint64_t id) const
{
    return std::any_of(m_steps.begin(), m_steps.end(),
                       [id](const EvidenceStep &s) { return s.event == id; });
}

std::uint64_t CausalSteps::rootOf(std::uint64_t id) const
{
    const TraceEvent *e = m_context.event(id);
    // A timer's cause is whatever ran last, so cause chains can run far back: give up (no
    // root) past a few thousand steps rather than walk the whole trace.
    for (int steps = 0; e && e->cause && e->cause < e->id; ++steps) {
        if (steps >= 4096)
            return 0;
        const TraceEvent *up = m_context.event(e->cause);
        if (!up)
            break;
        e = up;
    }
    return e ? e->id : 0;
}

std::vector<EvidenceStep> CausalSteps::steps(const std::string &rootSays) const
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
    std::vector<EvidenceStep> best = connected(in);
    if (best.size() == in.size() || in.empty())
        return best;
    // Not all follow from the first. The candidates: starting from the root the events' cause
    // chains share (when they share one), or from any one of them, leaving out the earlier
    // ones. The one that keeps the most steps wins; then the one that keeps the later (key)
    // events.
    auto better = [](const std::vector<EvidenceStep> &a, const std::vector<EvidenceStep> &b) {
        if (a.size() != b.size())
            return a.size() > b.size();
        return !a.empty() && !b.empty() && a.back().event > b.back().event;
    };
    const std::uint64_t root = rootOf(in.front().event);
    const bool shared = root && root != in.front().event &&
                        std::all_of(in.begin(), in.end(),
                                    [&](const EvidenceStep &s) { return rootOf(s.event) == root; });
    if (shared) {
        std::vector<EvidenceStep> rooted = in;
        rooted.insert(
            rooted.begin(),
            EvidenceStep{root, m_context.event(root)->time,
                         rootSays.empty() ? m_context.describe(*m_context.event(root)) : rootSays});
        if (auto c = connected(rooted); better(c, best))
            best = std::move(c);
    }
    for (std::size_t i = 1; i < in.size(); ++i)
        if (auto c = connected({in.begin() + static_cast<std::ptrdiff_t>(i), in.end()});
            better(c, best))
            best = std::move(c);
    return best;
}

} // namespace dplab
