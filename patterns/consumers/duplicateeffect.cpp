#include "patterns/consumers/duplicateeffect.h"

#include "patterns/domain/shopservice.h"
#include "patterns/evidence/consumerapplications.h"
#include "patterns/evidence/evidencechain.h"
#include "patterns/evidence/evidencecontext.h"
#include "patterns/evidence/evidencevariety.h"
#include "patterns/evidence/evidencewords.h"
#include "patterns/evidence/rowhistory.h"
#include "patterns/evidence/topictrail.h"
#include "simulation/world/world.h"

#include <algorithm>
#include <map>
#include <memory>

namespace dplab {

namespace {

/// The bus's Duplicate or Redeliver of `msg` to `consumer` between two events, or null.
const TraceEvent *duplicateCopyEvent(const EvidenceContext &ctx, const TopicTrail &trail,
                                     std::uint64_t msg, std::int16_t consumer, std::uint64_t before)
{
    for (std::uint64_t id : trail.eventsOf(msg)) {
        const TraceEvent &e = *ctx.event(id);
        if (id < before && e.to == consumer &&
            (e.kind == TraceKind::Duplicate || e.kind == TraceKind::Redeliver))
            return &e;
    }
    return nullptr;
}

std::string duplicateTopicOf(const EvidenceContext &ctx, const TraceEvent &e)
{
    std::string s = ctx.names().labelName(e.label);
    return s.rfind("topic:", 0) == 0 ? s.substr(6) : s;
}

} // namespace

std::string duplicateEffectCause(const EvidenceContext &context, const TopicTrail &trail,
                                 const ConsumerApplication &first,
                                 const ConsumerApplication &repeat)
{
    if (first.publish != repeat.publish)
        return "republished";
    const TraceEvent *copy = duplicateCopyEvent(context, trail, first.msg,
                                                context.event(first.commit)->from, repeat.deliver);
    return copy && copy->kind == TraceKind::Redeliver ? "redelivery" : "bus duplicate";
}

Evidence duplicateEffectChain(const EvidenceContext &ctx, const TopicTrail &trail,
                              const ConsumerApplication &first, const ConsumerApplication &repeat,
                              const RowHistory &rows, std::int64_t key)
{
    const TraceEvent &commit1 = *ctx.event(first.commit);
    const TraceEvent &publish1 = *ctx.event(first.publish);
    const std::string consumer = evidenceWho(ctx, commit1.from);
    const std::string publisher = evidenceWho(ctx, publish1.from);
    const std::string entity = rows.table() + " " + std::to_string(key);
    EvidenceChain chain(ctx, "duplicate effect",
                        rows.table() == consumer ? entity : entity + " at " + consumer);
    const std::string keyWords = "key " + std::to_string(publish1.key);
    std::string how;
    if (first.publish != repeat.publish) {
        const TraceEvent *origin = ctx.event(first.origin);
        if (origin && origin->kind == TraceKind::Commit)
            chain.step(origin->id, publisher + " commits \"" + evidenceLabelWords(ctx, *origin) +
                                       "\" with its event in the outbox");
        chain.step(first.publish, "the outbox relay of " + publisher + " publishes the event (" +
                                      keyWords + ", message #" + std::to_string(first.msg) + ")");
        const TraceEvent *crash = ctx.findAfter(first.publish, [&publish1](const TraceEvent &e) {
            return e.time > publish1.time ||
                   (e.kind == TraceKind::Crash && e.from == publish1.from);
        });
        if (crash && crash->kind == TraceKind::Crash)
            chain.stepIfCaused(crash->id, evidenceCrash(ctx, *crash) +
                                              " before it marks the outbox row published");
        chain.step(repeat.publish, "the relay publishes the same outbox row again (message #" +
                                       std::to_string(repeat.msg) + ")");
        how = publisher + " published the same outbox row twice (it crashed between publishing " +
              "and marking the row)";
    } else {
        chain.step(first.publish, publisher + " publishes the event (" + keyWords + ", message #" +
                                      std::to_string(first.msg) + ")");
        const TraceEvent *copy =
            duplicateCopyEvent(ctx, trail, first.msg, commit1.from, repeat.deliver);
        if (copy && copy->kind == TraceKind::Redeliver) {
            chain.step(copy->id,
                       "no acknowledgement in time: the bus sends it to " + consumer + " again");
            how = "the bus sent it again (at-least-once delivery, no acknowledgement in time)";
        } else {
            if (copy)
                chain.step(copy->id, "the bus makes a second copy of the delivery to " + consumer);
            how = "the bus delivered a copy of it";
        }
    }
    chain.step(std::min(first.deliver, repeat.deliver), consumer + " receives the event");
    chain.step(std::max(first.deliver, repeat.deliver), consumer + " receives it again");
    const RowHistory::Change *c1 = rows.changeAt(key, first.commit);
    const RowHistory::Change *c2 = rows.changeAt(key, repeat.commit);
    chain.step(first.commit, consumer + " applies it: " + entity +
                                 (c1 ? " " + rows.describeChange(c1->row) : std::string()));
    chain.step(repeat.commit, consumer + " applies it a second time: " + entity +
                                  (c2 ? " " + rows.describeChange(c2->row) : std::string()));
    chain.row(rows.row(key, first.commit, entity + " right after the first application"));
    chain.row(rows.row(key, repeat.commit,
                       entity + " right after the second: the same change counted twice"));
    return chain.finish(
        "One change of " + publisher + " reached " + consumer + " twice: " + how + ". " + consumer +
        " is not idempotent, so it applied both copies, and its effect on " + entity +
        " is a counter: the second application added the same amount again. An idempotent " +
        "consumer writes the event's id to its inbox in the same transaction as the effect and " +
        "skips a copy it has seen.");
}

std::optional<Evidence> duplicateEffectOnRow(const EvidenceContext &context,
                                             const TopicTrail &trail, const RowHistory &rows,
                                             std::int64_t key, std::string *cause,
                                             std::uint64_t *repeat)
{
    if (!rows.known() || !trail.known())
        return std::nullopt;
    const ConsumerApplications apps(context, trail, rows.service());
    // (epoch, origin) -> the first application
    std::map<std::pair<std::uint32_t, std::uint64_t>, const ConsumerApplication *> firstOf;
    for (const RowHistory::Change &c : rows.changesOf(key)) {
        const ConsumerApplication *a = apps.byCommit(c.commit);
        if (!a)
            continue;
        const auto [it, inserted] = firstOf.emplace(std::make_pair(a->epoch, a->origin), a);
        if (inserted)
            continue;
        if (cause)
            *cause = duplicateEffectCause(context, trail, *it->second, *a);
        if (repeat)
            *repeat = a->commit;
        return duplicateEffectChain(context, trail, *it->second, *a, rows, key);
    }
    return std::nullopt;
}

void addDuplicateEffectEvidence(const EvidenceContext &context, CheckResult &check)
{
    const World &world = context.world();
    if (!world.capturesChangesets())
        return;
    EvidenceVariety variety;
    std::vector<Evidence> fallback;
    std::map<std::string, std::size_t> perGroup;
    for (const auto &[svc, ledger] : ShopService::consumers(world)) {
        (void)ledger; // the ledger counts; the evidence comes from the trace and the commits
        const std::int16_t consumer = svc->index();
        // Which topics the consumer processes: those of its deliveries' Process events.
        std::vector<std::string> topics;
        for (const TraceEvent &e : context.trace())
            if (e.kind == TraceKind::Process && e.to == consumer &&
                e.msgKind == MessageKind::Event) {
                const std::string t = duplicateTopicOf(context, e);
                if (std::find(topics.begin(), topics.end(), t) == topics.end())
                    topics.push_back(t);
            }
        for (const std::string &topic : topics) {
            const TopicTrail trail(context, topic);
            const ConsumerApplications apps(context, trail, consumer);
            std::map<std::string, std::unique_ptr<RowHistory>> histories;
            for (const auto &[i, j] : apps.repeats()) {
                const ConsumerApplication &first = apps.all()[i];
                const ConsumerApplication &repeat = apps.all()[j];
                const std::string group =
                    svc->name() + " / " + duplicateEffectCause(context, trail, first, repeat);
                if (perGroup[group] >= 2)
                    continue;
                // The row the repeat changed: a counter updated again, rather than the inbox.
                std::optional<RowChange> target;
                for (const RowChange &c : readRowChanges(world.commits().bytes(
                         static_cast<std::size_t>(context.event(repeat.commit)->value)))) {
                    if (c.table == "inbox" || !std::holds_alternative<std::int64_t>(c.key))
                        continue;
                    if (!target ||
                        (target->op != RowChange::Op::Update && c.op == RowChange::Op::Update))
                        target = c;
                }
                if (!target)
                    continue;
                auto rows = histories.find(target->table);
                if (rows == histories.end())
                    rows =
                        histories
                            .emplace(target->table,
                                     std::make_unique<RowHistory>(context, consumer, target->table))
                            .first;
                Evidence e = duplicateEffectChain(context, trail, first, repeat, *rows->second,
                                                  std::get<std::int64_t>(target->key));
                if (!inCausalOrder(context, e)) {
                    // A redelivery's cause is the bus's timer, not the publish: kept only if
                    // nothing better turns up.
                    if (fallback.empty())
                        fallback.push_back(std::move(e));
                    continue;
                }
                ++perGroup[group];
                variety.add(group, std::move(e));
            }
        }
    }
    const std::size_t room =
        kMaxEvidencePerCheck - std::min(kMaxEvidencePerCheck, check.evidence.size());
    variety.pick(check.evidence, room);
    if (check.evidence.empty() && room > 0)
        check.evidence = std::move(fallback);
}

} // namespace dplab
