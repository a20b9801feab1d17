#include "patterns/replication/divergentcopy.h"

#include "patterns/domain/shopservice.h"
#include "patterns/evidence/evidencechain.h"
#include "patterns/evidence/evidencecontext.h"
#include "patterns/evidence/evidencevariety.h"
#include "patterns/evidence/evidencewords.h"
#include "patterns/evidence/publication.h"
#include "patterns/evidence/rowhistory.h"
#include "patterns/evidence/topictrail.h"
#include "patterns/replication/customerreplica.h"
#include "simulation/world/world.h"

#include <optional>

namespace dplab {

namespace {

/// Customers searched for a chain (the check keeps five, of varied causes).
constexpr std::size_t kDivergentCopyCandidates = 24;

std::string divergentCopyVersion(const nlohmann::ordered_json &row)
{
    return row.is_null() ? "no row" : "version " + RowHistory::text(row, "version");
}

std::optional<Evidence> divergentCopyChain(const EvidenceContext &ctx, const TopicTrail &trail,
                                           const RowHistory &source, const RowHistory &copy,
                                           std::int64_t customer, std::string *group)
{
    const RowHistory::Change *last = source.lastChange(customer);
    if (!last)
        return std::nullopt;
    const std::string name = "customer " + std::to_string(customer);
    const std::string owner = evidenceWho(ctx, source.service());
    const std::string holder = evidenceWho(ctx, copy.service());
    EvidenceChain chain(ctx, "divergent copy", name);
    const TraceEvent &commit = *ctx.event(last->commit);
    const std::uint64_t root = evidenceRootOf(ctx, commit.id);
    if (root != commit.id)
        chain.step(root, evidenceOrigin(ctx, *ctx.event(root)));
    chain.step(commit.id, owner + " commits \"" + evidenceLabelWords(ctx, commit) + "\": " + name +
                              " " + source.describeChange(last->row));
    std::string why;
    const std::uint64_t publish = publishOfCommit(ctx, trail, customer, commit.id);
    if (!publish) {
        const PublishGap gap = findPublishGap(ctx, trail, customer, commit.id);
        if (gap.crash)
            chain.stepIfCaused(gap.crash, evidenceCrash(ctx, *ctx.event(gap.crash)) +
                                              ": it stops before it publishes the update");
        if (gap.unsent)
            chain.step(gap.unsent, "no publish of the update follows: " +
                                       evidenceText(ctx, *ctx.event(gap.unsent)));
        why = "its event was never published (" +
              std::string(gap.crash ? "a crash right after the commit" : "the publish failed") +
              ")";
        *group = "never published";
    } else {
        chain.step(publish, owner + " publishes the update");
        std::uint64_t drop = 0, deliver = 0;
        bool processed = false;
        for (std::uint64_t id : trail.eventsOf(ctx.event(publish)->msg)) {
            const TraceEvent &e = *ctx.event(id);
            if (e.to != copy.service())
                continue;
            if (e.kind == TraceKind::Drop && !drop)
                drop = id;
            else if (e.kind == TraceKind::Deliver && !deliver)
                deliver = id;
            else if (e.kind == TraceKind::Process)
                processed = true;
        }
        if (processed)
            return std::nullopt; // applied: the copy differs for another reason
        if (drop) {
            const std::string what = evidenceText(ctx, *ctx.event(drop));
            chain.step(drop, "the delivery to " + holder + " is lost: " + what);
            why = "its only delivery to " + holder + " was lost (" + what + ")";
            *group = "dropped: " + what;
        } else if (deliver) {
            chain.step(deliver, holder + " receives it");
            const TraceEvent *crash = ctx.findAfter(deliver, [&copy](const TraceEvent &e) {
                return e.kind == TraceKind::Crash && e.from == copy.service();
            });
            why = holder + " received it but never applied it";
            if (crash && !chain.stepIfCaused(crash->id, evidenceCrash(ctx, *crash) +
                                                            " before it applies the update"))
                why += " (it crashed at event #" + std::to_string(crash->id) + ")";
            *group = "lost in a crash";
        } else {
            return std::nullopt;
        }
    }
    const nlohmann::ordered_json truth = source.rowAt(customer, commit.id);
    const nlohmann::ordered_json shown = copy.rowAt(customer);
    chain.row(source.row(customer, commit.id,
                         owner + " has " + name + " at " + divergentCopyVersion(truth) +
                             " right after the commit"));
    chain.row(copy.row(customer, 0,
                       "the copy at " + holder + " still has " + divergentCopyVersion(shown) +
                           " at the end"));
    const bool atMostOnce = ctx.world().scenario().bus.delivery == BusSpec::Delivery::AtMostOnce;
    return chain.finish(
        owner + " changed " + name + ", but " + why + ". " +
        (atMostOnce ? std::string("With at-most-once delivery the bus never sends an event "
                                  "again, so ")
                    : std::string("Nothing sent it again, so ")) +
        "the copy at " + holder +
        " missed that update for good and differs from the source. At-least-once "
        "delivery with version-checked updates would have converged.");
}

} // namespace

void addDivergentCopyEvidence(const EvidenceContext &context, CheckResult &check)
{
    const World &world = context.world();
    const std::int16_t holder = ShopService::findRole(world, "orders");
    const std::int16_t owner = ShopService::findRole(world, "customers");
    if (holder < 0 || owner < 0 || !world.capturesChangesets())
        return;
    const ReplicaDivergence d = CustomerReplica::divergence(world);
    const TopicTrail trail(context, CustomerReplica::kTopic);
    const RowHistory source(context, owner, "customers");
    const RowHistory copy(context, holder, "customer_replica");
    EvidenceVariety variety;
    for (std::size_t i = 0; i < d.ids.size() && i < kDivergentCopyCandidates; ++i) {
        std::string group;
        if (auto e = divergentCopyChain(context, trail, source, copy, d.ids[i], &group))
            variety.add(group, std::move(*e));
    }
    variety.pick(check.evidence,
                 kMaxEvidencePerCheck - std::min(kMaxEvidencePerCheck, check.evidence.size()));
}

} // namespace dplab
