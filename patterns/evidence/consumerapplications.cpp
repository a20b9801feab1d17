#include "patterns/evidence/consumerapplications.h"

#include "patterns/evidence/evidencecontext.h"
#include "patterns/evidence/rowchanges.h"
#include "patterns/evidence/topictrail.h"
#include "simulation/world/world.h"

#include <algorithm>
#include <unordered_map>

namespace dplab {

ConsumerApplications::ConsumerApplications(const EvidenceContext &context, const TopicTrail &trail,
                                           std::int16_t consumer)
{
    const World &world = context.world();
    if (!trail.known() || !world.capturesChangesets())
        return;
    const ChangesetStore &store = world.commits();
    std::unordered_map<std::uint64_t, std::size_t> first; // origin -> application
    for (std::size_t i = 0; i < store.size(); ++i) {
        const CommitRecord &r = store.record(i);
        if (r.service != consumer)
            continue;
        const TraceEvent *commit = context.event(r.traceId);
        const TraceEvent *process = commit ? context.event(commit->cause) : nullptr;
        if (!process || process->kind != TraceKind::Process || process->label != trail.label() ||
            process->to != consumer) {
            const auto changes = readRowChanges(store.bytes(i));
            if (std::any_of(changes.begin(), changes.end(),
                            [](const RowChange &c) { return c.op == RowChange::Op::Delete; })) {
                first.clear(); // a rebuild: every event is applied again, on purpose
                m_resets.push_back(r.traceId);
            }
            continue;
        }
        ConsumerApplication a;
        a.commit = r.traceId;
        a.process = process->id;
        a.msg = process->msg;
        a.epoch = static_cast<std::uint32_t>(m_resets.size());
        for (const TraceEvent *e = context.event(process->cause); e; e = context.event(e->cause)) {
            if (e->kind == TraceKind::Deliver && e->msg == a.msg) {
                a.deliver = e->id;
                break;
            }
            if (e->msg != a.msg || e->cause >= e->id)
                break;
        }
        const TraceEvent *publish = trail.publishOf(a.msg);
        if (!publish)
            continue;
        a.publish = publish->id;
        const TraceEvent *cause = context.event(publish->cause);
        a.origin = cause && cause->kind == TraceKind::Commit && cause->from == publish->from
                       ? cause->id
                       : publish->id;
        m_all.push_back(a);
        const auto [it, inserted] = first.emplace(a.origin, m_all.size() - 1);
        if (!inserted)
            m_repeats.emplace_back(it->second, m_all.size() - 1);
    }
}

const ConsumerApplication *ConsumerApplications::byCommit(std::uint64_t commit) const
{
    const auto it = std::lower_bound(
        m_all.begin(), m_all.end(), commit,
        [](const ConsumerApplication &a, std::uint64_t id) { return a.commit < id; });
    return it != m_all.end() && it->commit == commit ? &*it : nullptr;
}

} // namespace dplab
