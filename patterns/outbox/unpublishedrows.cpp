#include "patterns/outbox/unpublishedrows.h"

#include "patterns/domain/orderevents.h"
#include "patterns/domain/shopservice.h"
#include "patterns/evidence/evidencechain.h"
#include "patterns/evidence/evidencecontext.h"
#include "patterns/evidence/evidencevariety.h"
#include "patterns/evidence/evidencewords.h"
#include "patterns/evidence/rowhistory.h"
#include "patterns/evidence/topictrail.h"
#include "simulation/kernel/simtime.h"
#include "simulation/world/world.h"

namespace dplab {

void addUnpublishedRowsEvidence(const EvidenceContext &context, CheckResult &check)
{
    const World &world = context.world();
    const std::int16_t orders = ShopService::findRole(world, "orders");
    if (orders < 0 || !world.capturesChangesets())
        return;
    const RowHistory outbox(context, orders, "outbox");
    if (!outbox.known())
        return; // the event store is the outbox (event sourcing): not this table
    QueryResult waiting;
    try {
        waiting = world.service(orders).database().query(
            "SELECT id, key FROM outbox WHERE published_us IS NULL ORDER BY id LIMIT 20");
    } catch (const DatabaseError &) {
        return;
    }
    const std::string who = world.service(orders).name();
    const TopicTrail trail(context, OrderEvents::kTopic);
    // The publisher's last crash, and whether it came back after it.
    const TraceEvent *lastCrash = context.findBefore(0, [orders](const TraceEvent &e) {
        return (e.kind == TraceKind::Crash || e.kind == TraceKind::Restart) && e.from == orders;
    });
    EvidenceVariety variety;
    for (const auto &r : waiting.rows) {
        const std::int64_t id = std::get<std::int64_t>(r[0]);
        const std::int64_t key = std::get<std::int64_t>(r[1]);
        const RowHistory::Change *written =
            outbox.changesOf(id).empty() ? nullptr : &outbox.changesOf(id).front();
        if (!written)
            continue;
        const std::string row = "outbox row " + std::to_string(id);
        EvidenceChain chain(context, "unpublished outbox row", row);
        const TraceEvent &commit = *context.event(written->commit);
        const std::uint64_t root = evidenceRootOf(context, commit.id);
        if (root != commit.id)
            chain.step(root, evidenceOrigin(context, *context.event(root)));
        chain.step(commit.id, who + " commits \"" + evidenceLabelWords(context, commit) +
                                  "\" and its event (key " + std::to_string(key) + ") as " + row);
        std::string why, group;
        std::uint64_t refused = 0;
        for (std::uint64_t d : trail.unsent(orders, key))
            if (d > commit.id && context.causedBy(d, commit.id)) {
                refused = d;
                break;
            }
        if (lastCrash && lastCrash->kind == TraceKind::Crash && lastCrash->id > commit.id) {
            // A step only when the crash follows from the chain (a crash right after this
            // commit); a crash fault has causes of its own, named in the explanation.
            if (!chain.stepIfCaused(lastCrash->id, evidenceCrash(context, *lastCrash) +
                                                       " and is still down when the run ends"))
                why = " (event #" + std::to_string(lastCrash->id) + ")";
            why = who + " crashed" + why +
                  " and was still down at the end, so its relay never ran again";
            group = "down at the end";
        } else if (refused) {
            chain.step(refused, "the relay tries to publish it: " +
                                    evidenceText(context, *context.event(refused)));
            why = "the bus refused the relay's publish (" +
                  evidenceText(context, *context.event(refused)) + ") until the run ended";
            group = "refused";
        } else if (const TraceEvent *blocked =
                       context.findAfter(commit.id, [orders, &trail](const TraceEvent &e) {
                           return e.kind == TraceKind::Drop && e.from == orders &&
                                  e.to == kBusEndpoint && e.msg == 0 && e.label == trail.label();
                       })) {
            // The relay publishes rows in order and stops at the first refusal: this row waited
            // behind an older one, whose refused publish is not caused by this row's commit.
            why = "the relay publishes its rows in order and stops at the first refusal, and the " +
                  std::string("bus refused it from event #") + std::to_string(blocked->id) +
                  " on (" + evidenceText(context, *blocked) +
                  "), so this row waited until the run " + "ended";
            group = "refused";
        } else {
            why = "the run ended " + formatDuration(world.now() - commit.time) +
                  " after the commit, before the relay published it";
            group = "run ended";
        }
        chain.row(outbox.row(id, 0, row + " at the end: published_us is still empty"));
        variety.add(group, chain.finish(who + " wrote the event in its outbox in the same " +
                                        "transaction as the change, so it is safe, but " + why +
                                        ". The event goes out once the relay runs again; " +
                                        "until then every consumer misses the change."));
    }
    variety.pick(check.evidence,
                 kMaxEvidencePerCheck - std::min(kMaxEvidencePerCheck, check.evidence.size()));
}

} // namespace dplab
