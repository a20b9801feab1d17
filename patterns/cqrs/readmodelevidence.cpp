#include "patterns/cqrs/readmodelevidence.h"

#include "patterns/consumers/duplicateeffect.h"
#include "patterns/cqrs/orderviewservice.h"
#include "patterns/domain/orderevents.h"
#include "patterns/evidence/consumerapplications.h"
#include "patterns/evidence/evidencechain.h"
#include "patterns/evidence/evidencecontext.h"
#include "patterns/evidence/evidencevariety.h"
#include "patterns/evidence/evidencewords.h"
#include "patterns/evidence/publication.h"
#include "patterns/evidence/rowhistory.h"
#include "patterns/evidence/topictrail.h"
#include "patterns/outbox/outboxsettings.h"
#include "simulation/world/world.h"

#include <algorithm>
#include <optional>

namespace dplab {

namespace {

/// How many entities of each kind are searched (each chain is cheap; the check keeps five).
constexpr std::size_t kReadModelCandidates = 4;

/** What the read-model search works with, built once per check. */
struct ReadModelScene
{
    const EvidenceContext &context;
    std::int16_t orders;
    std::int16_t view;
    TopicTrail trail;
    ConsumerApplications viewApps;
    RowHistory ordersRows;
    RowHistory summaries;
    RowHistory totals;

    ReadModelScene(const EvidenceContext &c, std::int16_t o, std::int16_t v)
        : context(c)
        , orders(o)
        , view(v)
        , trail(c, OrderEvents::kTopic)
        , viewApps(c, trail, v)
        , ordersRows(c, o, "orders")
        , summaries(c, v, "order_summary")
        , totals(c, v, "customer_totals")
    {}
    std::string ordersName() const { return context.world().service(orders).name(); }
    std::string viewName() const { return context.world().service(view).name(); }
};

std::string readModelOrderState(const nlohmann::ordered_json &row)
{
    if (row.is_null())
        return "no row";
    return RowHistory::text(row, "status") + " (version " + RowHistory::text(row, "version") + ")";
}

/// The first two steps every chain about a change of orders starts with: what asked for it,
/// and the commit (with what it changed in the order's row).
void addReadModelCommitSteps(const ReadModelScene &s, EvidenceChain &chain, std::int64_t order,
                             const RowHistory::Change &change)
{
    const EvidenceContext &ctx = s.context;
    const TraceEvent &commit = *ctx.event(change.commit);
    const std::uint64_t root = evidenceRootOf(ctx, commit.id);
    if (root != commit.id)
        chain.step(root, evidenceOrigin(ctx, *ctx.event(root)));
    chain.step(commit.id, s.ordersName() + " commits \"" + evidenceLabelWords(ctx, commit) +
                              "\": order " + std::to_string(order) + " " +
                              s.ordersRows.describeChange(change.row));
}

/// Lost event: the last change of the order was committed and never published.
std::optional<Evidence> readModelLostEvent(const ReadModelScene &s, std::int64_t order,
                                           const char *how)
{
    const EvidenceContext &ctx = s.context;
    const RowHistory::Change *last = s.ordersRows.lastChange(order);
    if (!last)
        return std::nullopt;
    const PublishGap gap = findPublishGap(ctx, s.trail, order, last->commit);
    if (!gap.commit)
        return std::nullopt;
    const std::string orderName = "order " + std::to_string(order);
    EvidenceChain chain(ctx, "lost event", orderName);
    addReadModelCommitSteps(s, chain, order, *last);
    std::string why;
    if (gap.crash) {
        why = s.ordersName() + " crashed right after the commit, before the publish";
        if (!chain.stepIfCaused(gap.crash, evidenceCrash(ctx, *ctx.event(gap.crash)) +
                                               ": it stops before it publishes the event"))
            why += " (event #" + std::to_string(gap.crash) + ")";
    }
    if (gap.unsent) {
        const TraceEvent &drop = *ctx.event(gap.unsent);
        chain.step(gap.unsent,
                   "no publish of " + orderName + " follows: " + evidenceText(ctx, drop));
        if (why.empty())
            why = "the publish failed (" + evidenceText(ctx, drop) + ")";
    }
    if (why.empty())
        why = "nothing published it";
    const nlohmann::ordered_json source = s.ordersRows.rowAt(order, last->commit);
    const nlohmann::ordered_json shown = s.summaries.rowAt(order);
    chain.row(s.ordersRows.row(order, last->commit,
                               s.ordersName() + " has " + orderName + " as " +
                                   readModelOrderState(source) + " right after the commit"));
    chain.row(s.summaries.row(order, 0,
                              shown.is_null()
                                  ? s.viewName() + " has no row for " + orderName + " at the end"
                                  : s.viewName() + " still shows " + orderName + " as " +
                                        readModelOrderState(shown) + " at the end"));
    const std::string event = evidenceLabelWords(ctx, *ctx.event(last->commit));
    const bool outbox = ctx.world().scenario().patterns.isOn(OutboxSettings::kKey);
    if (outbox) { // the event is safe in the outbox table: it was not out yet when the run ended
        chain.setClass("unpublished event");
        return chain.finish(
            s.ordersName() + " committed the change \"" + event + "\" to " + orderName +
            " with its event in the outbox, but the trace has no publish of it by the end of the "
            "run, so " +
            s.viewName() + " " +
            (shown.is_null() ? "has no row for it" : "still shows the older state") + " (" + how +
            "). See the check outbox.all_published for why the relay did not publish it.");
    }
    return chain.finish(
        s.ordersName() + " committed the change \"" + event + "\" to " + orderName + ", then " +
        why + ". In a dual write (commit, then publish) the event exists only in memory until " +
        "it is published, so it was lost: the trace has no publish of " + orderName + " by " +
        s.ordersName() + " after that commit" + (gap.laterPublish ? " for this change" : "") +
        ", and " + s.viewName() + ", which learns of orders only from those events, " +
        (shown.is_null() ? "never got a row for it" : "kept the older state") + " (" + how +
        "). With the outbox the event is a row written in the same transaction, and the relay " +
        "publishes it after the restart.");
}

/// Phantom event: the read side shows a change whose publish announces no commit of orders.
std::optional<Evidence> readModelPhantom(const ReadModelScene &s, std::int64_t order)
{
    const EvidenceContext &ctx = s.context;
    const RowHistory::Change *applied = s.summaries.lastChange(order);
    if (!applied)
        return std::nullopt;
    const TraceEvent *process = ctx.event(ctx.event(applied->commit)->cause);
    if (!process || process->kind != TraceKind::Process)
        return std::nullopt;
    const TraceEvent *publish = s.trail.publishOf(process->msg);
    if (!publish || publish->from != s.orders ||
        commitOfPublish(ctx, s.ordersRows, order, publish->id))
        return std::nullopt;
    const std::string orderName = "order " + std::to_string(order);
    EvidenceChain chain(ctx, "phantom event", orderName);
    const std::uint64_t root = evidenceRootOf(ctx, publish->id);
    if (root != publish->id)
        chain.step(root, evidenceOrigin(ctx, *ctx.event(root)));
    chain.step(publish->id, s.ordersName() + " publishes the event of " + orderName +
                                " before committing the change (publish, then commit)");
    const TraceEvent *crash = ctx.findAfter(publish->id, [publish](const TraceEvent &e) {
        return e.time > publish->time || (e.kind == TraceKind::Crash && e.from == publish->from);
    });
    if (crash && crash->kind == TraceKind::Crash)
        chain.stepIfCaused(crash->id, evidenceCrash(ctx, *crash) +
                                          " before the commit: the transaction is rolled back");
    for (std::uint64_t id : s.trail.eventsOf(process->msg)) {
        const TraceEvent &e = *ctx.event(id);
        if (e.kind == TraceKind::Deliver && e.to == s.view && id < process->id) {
            chain.step(id, s.viewName() + " receives the event anyway");
            break;
        }
    }
    chain.step(applied->commit, s.viewName() + " applies it: " + orderName + " " +
                                    s.summaries.describeChange(applied->row));
    const nlohmann::ordered_json source = s.ordersRows.rowAt(order);
    const nlohmann::ordered_json shown = s.summaries.rowAt(order);
    chain.row(s.ordersRows.row(order, 0,
                               source.is_null()
                                   ? s.ordersName() + " has no " + orderName + " at the end"
                                   : s.ordersName() + " has " + orderName + " as " +
                                         readModelOrderState(source) + " at the end"));
    chain.row(s.summaries.row(order, 0,
                              s.viewName() + " shows " + orderName + " as " +
                                  readModelOrderState(shown) + " at the end"));
    return chain.finish(
        s.ordersName() + " published the event of " + orderName +
        " first and crashed before its commit, so the change was rolled back while the event " +
        "was already on the bus: no commit of orders matches that publish. " + s.viewName() +
        " applied it and now shows what never happened. Publishing first trades a lost event " +
        "for a phantom one; the outbox avoids both.");
}

/// The read side was rebuilt after it had applied the event, and the replayed delivery was
/// lost. The chain starts where the rebuild does (its own causes), the first delivery and the
/// commit are named in the explanation.
Evidence readModelReplayDropped(const ReadModelScene &s, std::int64_t order, std::uint64_t commit,
                                std::uint64_t publish, std::uint64_t reset, std::uint64_t drop,
                                const char *how)
{
    const EvidenceContext &ctx = s.context;
    const std::string orderName = "order " + std::to_string(order);
    EvidenceChain chain(ctx, "dropped delivery", orderName);
    const std::uint64_t root = evidenceRootOf(ctx, reset);
    if (root != reset)
        chain.step(root, ctx.describe(*ctx.event(root)));
    chain.step(reset, s.viewName() + " empties its read model to rebuild it, and the bus " +
                          "replays the topic from its first event");
    chain.step(drop, "the replayed event of " + orderName +
                         " is lost: " + evidenceText(ctx, *ctx.event(drop)));
    const nlohmann::ordered_json shown = s.summaries.rowAt(order);
    chain.row(s.ordersRows.row(order, 0,
                               s.ordersName() + " has " + orderName + " as " +
                                   readModelOrderState(s.ordersRows.rowAt(order)) + " at the end"));
    chain.row(s.summaries.row(order, 0,
                              shown.is_null()
                                  ? s.viewName() + " has no row for " + orderName + " at the end"
                                  : s.viewName() + " shows " + orderName + " as " +
                                        readModelOrderState(shown) + " at the end"));
    const bool atMostOnce = ctx.world().scenario().bus.delivery == BusSpec::Delivery::AtMostOnce;
    return chain.finish(s.ordersName() + " committed the last change to " + orderName +
                        " (event #" + std::to_string(commit) + ") and published it (event #" +
                        std::to_string(publish) + "). Then " + s.viewName() +
                        " was rebuilt: it emptied its tables and the bus replayed " +
                        "every event, but the replayed delivery of this one was lost" +
                        (atMostOnce ? ", and at-most-once delivery never sends it again" : "") +
                        " (" + how + "): a rebuild is only as good as the delivery of its replay.");
}

/// The event was published, but the read side never applied it: every copy dropped, or lost
/// when the consumer crashed.
std::optional<Evidence> readModelUndelivered(const ReadModelScene &s, std::int64_t order,
                                             const char *how)
{
    const EvidenceContext &ctx = s.context;
    const RowHistory::Change *last = s.ordersRows.lastChange(order);
    if (!last)
        return std::nullopt;
    const std::uint64_t publish = publishOfCommit(ctx, s.trail, order, last->commit);
    if (!publish)
        return std::nullopt;
    const std::uint64_t msg = ctx.event(publish)->msg;
    // After a rebuild only the replayed deliveries count: what came before was emptied.
    const auto &resets = s.viewApps.resets();
    const std::uint64_t reset = resets.empty() || resets.back() < publish ? 0 : resets.back();
    std::vector<std::uint64_t> drops, delivers;
    bool processed = false;
    for (std::uint64_t id : s.trail.eventsOf(msg)) {
        const TraceEvent &e = *ctx.event(id);
        if (e.to != s.view || id < reset)
            continue;
        if (e.kind == TraceKind::Drop)
            drops.push_back(id);
        else if (e.kind == TraceKind::Deliver)
            delivers.push_back(id);
        else if (e.kind == TraceKind::Process)
            processed = true;
    }
    if (processed || (drops.empty() && delivers.empty()))
        return std::nullopt;
    const std::string orderName = "order " + std::to_string(order);
    if (reset && !drops.empty())
        return readModelReplayDropped(s, order, last->commit, publish, reset, drops.front(), how);
    EvidenceChain chain(ctx, drops.empty() ? "lost delivery" : "dropped delivery", orderName);
    addReadModelCommitSteps(s, chain, order, *last);
    chain.step(publish, s.ordersName() + " publishes the event of that change");
    std::string why;
    for (std::uint64_t id : drops) {
        chain.step(id, "the delivery to " + s.viewName() +
                           " is lost: " + evidenceText(ctx, *ctx.event(id)));
        why = "the bus lost its delivery to " + s.viewName() + " (" +
              evidenceText(ctx, *ctx.event(id)) + ")";
    }
    if (drops.empty()) {
        const TraceEvent &deliver = *ctx.event(delivers.front());
        chain.step(deliver.id, s.viewName() + " receives it");
        const TraceEvent *crash = ctx.findAfter(deliver.id, [&s](const TraceEvent &e) {
            return e.kind == TraceKind::Crash && e.from == s.view;
        });
        why = s.viewName() + " received it but never processed it";
        if (crash && !chain.stepIfCaused(crash->id, evidenceCrash(ctx, *crash) +
                                                        " before it has processed the event"))
            why += " (it crashed at event #" + std::to_string(crash->id) + ")";
    }
    const nlohmann::ordered_json shown = s.summaries.rowAt(order);
    chain.row(s.ordersRows.row(order, last->commit,
                               s.ordersName() + " has " + orderName + " as " +
                                   readModelOrderState(s.ordersRows.rowAt(order, last->commit)) +
                                   " right after the commit"));
    chain.row(s.summaries.row(order, 0,
                              shown.is_null()
                                  ? s.viewName() + " has no row for " + orderName + " at the end"
                                  : s.viewName() + " still shows " + orderName + " as " +
                                        readModelOrderState(shown) + " at the end"));
    return chain.finish(s.ordersName() + " committed and published the change to " + orderName +
                        ", but " + why + ", and nothing sent it again (" + how +
                        "): the read model misses the change for good.");
}

/// The chain of a divergent order; `group` gets its kind, `key` the commit or publish it is
/// about (two entities diverging for one reason make one example).
std::optional<Evidence> readModelOrderChain(const ReadModelScene &s, std::int64_t order,
                                            const char *how, std::string *group, std::uint64_t *key)
{
    std::optional<Evidence> e = readModelPhantom(s, order);
    if (e)
        *group = "phantom";
    if (!e && (e = readModelLostEvent(s, order, how)))
        *group = std::string("lost event / ") + how;
    if (!e && (e = readModelUndelivered(s, order, how)))
        *group = e->cls;
    if (e) {
        const RowHistory::Change *last = s.ordersRows.lastChange(order);
        *key = last ? last->commit : e->steps.front().event;
    }
    return e;
}

/// "orders 4, spent 64176, paid 1": what the orders table implies for a customer's totals (as
/// the read-model check counts them).
std::string readModelExpectedTotals(const ReadModelScene &s, std::int64_t customer)
{
    QueryResult r;
    try {
        r = s.context.world().service(s.orders).database().query(
            "SELECT COALESCE(SUM(status != 'cancelled'), 0),"
            " COALESCE(SUM(CASE WHEN status != 'cancelled' THEN total ELSE 0 END), 0),"
            " COALESCE(SUM(status = 'paid'), 0) FROM orders WHERE customer_id = ?1",
            {customer});
    } catch (const DatabaseError &) {
        return {};
    }
    auto n = [&r](std::size_t i) { return std::to_string(std::get<std::int64_t>(r.rows[0][i])); };
    return "orders " + n(0) + ", spent " + n(1) + ", paid " + n(2);
}

/// A customer's totals: an event applied twice, else a lost event of one of their orders.
std::optional<Evidence> readModelTotalsChain(const ReadModelScene &s, std::int64_t customer,
                                             std::string *group, std::uint64_t *key)
{
    const EvidenceContext &ctx = s.context;
    std::string cause;
    if (auto e = duplicateEffectOnRow(ctx, s.trail, s.totals, customer, &cause, key)) {
        *group = "duplicate effect / " + cause;
        const nlohmann::ordered_json end = s.totals.rowAt(customer);
        e->rows.push_back(s.totals.row(
            customer, 0,
            "at the end: orders " + RowHistory::text(end, "orders") + ", spent " +
                RowHistory::text(end, "spent") + ", paid " + RowHistory::text(end, "paid") +
                ", where the orders table implies " + readModelExpectedTotals(s, customer)));
        return e;
    }
    QueryResult mine;
    try {
        mine = ctx.world().service(s.orders).database().query(
            "SELECT id FROM orders WHERE customer_id = ?1 ORDER BY id", {customer});
    } catch (const DatabaseError &) {
        return std::nullopt;
    }
    for (const auto &r : mine.rows) {
        const std::int64_t order = std::get<std::int64_t>(r[0]);
        for (const RowHistory::Change &change : s.ordersRows.changesOf(order)) {
            const PublishGap gap = findPublishGap(ctx, s.trail, order, change.commit);
            if (!gap.commit)
                continue;
            const std::string who = "customer " + std::to_string(customer);
            EvidenceChain chain(ctx, "lost event", who);
            addReadModelCommitSteps(s, chain, order, change);
            if (gap.crash)
                chain.stepIfCaused(gap.crash, evidenceCrash(ctx, *ctx.event(gap.crash)) +
                                                  ": it stops before it publishes the event");
            if (gap.unsent)
                chain.step(gap.unsent,
                           "no publish follows: " + evidenceText(ctx, *ctx.event(gap.unsent)));
            chain.row(s.ordersRows.row(order, change.commit,
                                       s.ordersName() + " has order " + std::to_string(order) +
                                           " of " + who + " right after the commit"));
            chain.row(s.totals.row(customer, 0,
                                   "the totals of " + who + " at " + s.viewName() +
                                       " when the run ends never counted that change; the " +
                                       "orders table implies " +
                                       readModelExpectedTotals(s, customer)));
            *group = "lost event / totals";
            *key = change.commit;
            const bool outbox = ctx.world().scenario().patterns.isOn(OutboxSettings::kKey);
            if (outbox)
                chain.setClass("unpublished event");
            return chain.finish(
                s.ordersName() + " committed a change to order " + std::to_string(order) + " of " +
                who + " and its event was never published (" +
                (outbox      ? "it waits in the outbox"
                 : gap.crash ? "a crash right after the commit"
                             : "the publish failed") +
                "). " + s.viewName() + " adds every event to the customer's totals, so the " +
                "totals miss that change, even if a later event of the order brought its " +
                "summary up to date.");
        }
    }
    return std::nullopt;
}

} // namespace

void addReadModelEvidence(const EvidenceContext &context, CheckResult &check)
{
    const World &world = context.world();
    const std::int16_t orders = ShopService::findRole(world, "orders");
    const std::int16_t view = ShopService::findRole(world, "order-view");
    if (orders < 0 || view < 0 || !world.capturesChangesets())
        return;
    const ReadModelDivergence d = OrderViewService::divergence(world);
    const ReadModelScene scene(context, orders, view);
    EvidenceVariety variety;
    auto search = [&](const std::vector<std::int64_t> &ids, const char *how) {
        std::size_t found = 0;
        for (std::size_t i = 0; i < ids.size() && found < kReadModelCandidates; ++i) {
            std::string group;
            std::uint64_t key = 0;
            if (auto e = readModelOrderChain(scene, ids[i], how, &group, &key)) {
                variety.add(group, std::move(*e), key);
                ++found;
            }
        }
    };
    search(d.outdatedOrders, "an outdated order");
    search(d.missingOrders, "a missing order");
    search(d.phantomOrders, "a phantom order");
    // Totals go wrong for several reasons in one run (copies of the bus, events the outbox
    // published twice, lost events): more customers are searched, for one of each.
    for (std::size_t i = 0; i < d.wrongCustomers.size() && i < 4 * kReadModelCandidates; ++i) {
        std::string group;
        std::uint64_t key = 0;
        if (auto e = readModelTotalsChain(scene, d.wrongCustomers[i], &group, &key))
            variety.add(group, std::move(*e), key);
    }
    variety.pick(check.evidence,
                 kMaxEvidencePerCheck - std::min(kMaxEvidencePerCheck, check.evidence.size()));
}

} // namespace dplab
