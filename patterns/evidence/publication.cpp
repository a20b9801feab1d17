#include "patterns/evidence/publication.h"

#include "patterns/evidence/evidencecontext.h"
#include "patterns/evidence/rowhistory.h"
#include "patterns/evidence/topictrail.h"

namespace dplab {

bool announces(const TraceEvent &publish, const TraceEvent &commit)
{
    if (publish.from != commit.from)
        return false;
    if (publish.cause == commit.id)
        return true;
    return commit.cause != 0 && publish.cause == commit.cause && publish.time == commit.time;
}

std::uint64_t publishOfCommit(const EvidenceContext &context, const TopicTrail &trail,
                              std::int64_t key, std::uint64_t commit)
{
    const TraceEvent *c = context.event(commit);
    if (!c)
        return 0;
    for (std::uint64_t id : trail.publishes(c->from, key)) {
        const TraceEvent *p = context.event(id);
        if (p && p->time >= c->time && announces(*p, *c))
            return id;
    }
    return 0;
}

std::uint64_t commitOfPublish(const EvidenceContext &context, const RowHistory &history,
                              std::int64_t key, std::uint64_t publish)
{
    const TraceEvent *p = context.event(publish);
    if (!p)
        return 0;
    for (const RowHistory::Change &change : history.changesOf(key)) {
        const TraceEvent *c = context.event(change.commit);
        if (c && announces(*p, *c))
            return change.commit;
    }
    return 0;
}

PublishGap findPublishGap(const EvidenceContext &context, const TopicTrail &trail, std::int64_t key,
                          std::uint64_t commit)
{
    PublishGap gap;
    const TraceEvent *c = context.event(commit);
    if (!c || publishOfCommit(context, trail, key, commit))
        return gap;
    gap.commit = commit;
    // A crash right after the commit is caused by it (the crash-after-commit fault); another
    // crash of the publisher at the same instant stopped the handler just as well.
    const TraceEvent *crash = context.findAfter(commit, [c](const TraceEvent &e) {
        return e.time > c->time || (e.kind == TraceKind::Crash && e.from == c->from);
    });
    if (crash && crash->kind == TraceKind::Crash)
        gap.crash = crash->id;
    for (std::uint64_t id : trail.unsent(c->from, key))
        if (id > commit && context.event(id)->time == c->time) {
            gap.unsent = id;
            break;
        }
    for (std::uint64_t id : trail.publishes(c->from, key))
        if (id > commit) {
            gap.laterPublish = true;
            break;
        }
    return gap;
}

} // namespace dplab
