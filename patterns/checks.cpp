#include "checks.h"

#include "consumers/inbox.h"
#include "cqrs/orderviewservice.h"
#include "domain/ordersservice.h"
#include "eventsourcing/eventsourcingchecks.h"
#include "replication/customerreplica.h"
#include "saga/sagachecks.h"
#include "twophase/twophasechecks.h"
#include "world/world.h"

#include <string>

namespace dplab {

namespace {

std::string pendingNote(const World &world)
{
    const Bus &bus = world.bus();
    const std::size_t pending = bus.unacked() + bus.inFlight() + bus.heldCount();
    return pending ? "; the run ended with " + std::to_string(pending) +
                         " bus deliveries still pending: leave time after the last write"
                   : std::string();
}

// Replication via events promises eventual consistency: once the writes stop and the bus has
// drained, every copy equals its source. With at-least-once delivery and version-checked
// (idempotent) updates the promise holds whatever was dropped or duplicated, so any divergence
// is a bug. With at-most-once delivery a dropped event is never sent again: the promise is
// broken by design, and the check fails to show it (ok = "the replica converged").
CheckResult replicationConverged(const World &world)
{
    CheckResult c;
    const bool atLeastOnce = world.scenario().bus.delivery == BusSpec::Delivery::AtLeastOnce;
    c.id = "replication.converged";
    c.name = std::string("replica converged after quiescence (") +
             (atLeastOnce ? "at-least-once" : "at-most-once") + " delivery)";
    const ReplicaDivergence d = CustomerReplica::divergence(world);
    const std::string pending = pendingNote(world);
    c.ok = d.divergent == 0;
    c.detail = std::to_string(d.divergent) + " of " + std::to_string(d.compared) +
               " replicated customers differ from customers";
    if (d.divergent > 0) {
        c.detail += " (e.g. customer " + std::to_string(d.firstId) + ")";
        if (!pending.empty())
            c.detail += pending;
        else if (!atLeastOnce)
            c.detail += ": at-most-once delivery lost updates that are never sent again";
    }
    return c;
}

// CQRS promises that the read side catches up: once writes stop and the bus drains, every
// summary and every total equals what the orders table implies. The outbox keeps that
// promise under crashes; a dual write breaks it (a lost event is never sent) and this check
// names the cause.
CheckResult readModelMatches(const World &world)
{
    CheckResult c;
    c.id = "cqrs.read_model_matches";
    c.name = "read model matches orders after quiescence";
    const ReadModelDivergence d = OrderViewService::divergence(world);
    c.ok = d.readable && d.divergent() == 0;
    if (!d.readable) {
        c.detail = "a table could not be read (a schema change?)";
        return c;
    }
    c.detail = std::to_string(d.divergent()) + " divergent of " + std::to_string(d.orders) +
               " orders: " + std::to_string(d.missing) + " missing, " + std::to_string(d.outdated) +
               " outdated, " + std::to_string(d.phantom) + " phantom, " +
               std::to_string(d.totalsWrong) + " customer totals wrong";
    if (d.divergent() == 0)
        return c;
    c.detail += " (e.g. " + d.exampleWhat + " " + std::to_string(d.example) + ")";
    if (const OrdersService *orders = ShopService::behaviorOf<OrdersService>(world, "orders");
        orders && orders->publisher()) {
        const PublisherStats &p = orders->publisher()->stats();
        if (p.lost)
            c.detail += "; " + std::to_string(p.lost) + " events lost by the dual write";
        if (p.phantom)
            c.detail += "; " + std::to_string(p.phantom) +
                        " phantom events published for writes that rolled back";
    }
    c.detail += pendingNote(world);
    return c;
}

// An event's effect must happen once, however many copies the bus delivers. The inbox keeps
// that promise; without it, every duplicate or redelivery is applied again.
CheckResult noEffectTwice(const World &world)
{
    CheckResult c;
    c.id = "consumers.no_effect_applied_twice";
    c.name = "no event applied twice by a consumer";
    std::uint64_t again = 0, skipped = 0, effects = 0;
    std::string example, who;
    bool idempotent = true;
    for (const auto &[svc, ledger] : ShopService::consumers(world)) {
        idempotent = idempotent && ledger->idempotent();
        again += ledger->appliedAgain();
        skipped += ledger->duplicatesSkipped();
        effects += ledger->effects();
        if (example.empty() && !ledger->example().empty()) {
            example = ledger->example();
            who = svc->name();
        }
    }
    c.ok = again == 0;
    c.detail = std::to_string(effects) + " effects applied, " + std::to_string(again) +
               " of them repeats, " + std::to_string(skipped) + " copies skipped by an inbox";
    if (!c.ok)
        c.detail += " (e.g. " + example + " at " + who + ")" +
                    (idempotent ? std::string() : std::string(": consumers are not idempotent"));
    return c;
}

CheckResult outboxDrained(const World &world)
{
    CheckResult c;
    c.id = "outbox.all_published";
    c.name = "every outbox row published";
    const OrdersService *orders = ShopService::behaviorOf<OrdersService>(world, "orders");
    std::uint64_t backlog = orders && orders->publisher() ? orders->publisher()->backlog() : 0;
    if (orders && orders->eventSourcing()) // the event store is the outbox
        backlog = static_cast<std::uint64_t>(orders->eventSourcing()->relay().publishBacklog());
    c.ok = backlog == 0;
    c.detail = std::to_string(backlog) + " rows not marked published at the end";
    return c;
}

} // namespace

std::vector<CheckResult> runInvariantChecks(const World &world)
{
    std::vector<CheckResult> out;

    // Every committed transaction is one row in its service's table: the database is the
    // record of what the service did, so the counts must agree.
    {
        CheckResult c;
        c.id = "commits_recorded";
        c.name = "commits recorded";
        c.ok = true;
        std::uint64_t commits = 0;
        for (std::size_t i = 0; i < world.serviceCount(); ++i)
            commits += world.service(static_cast<std::int16_t>(i)).stats().commits;
        if (world.capturesChangesets() && world.commits().size() != commits) {
            c.ok = false;
            c.detail = std::to_string(world.commits().size()) + " changesets for " +
                       std::to_string(commits) + " commits";
        } else {
            c.detail = std::to_string(commits) + " commits";
        }
        out.push_back(c);
    }

    // A subscription can never have acknowledged past the end of its topic.
    {
        CheckResult c;
        c.id = "bus.offsets_within_topics";
        c.name = "bus offsets within topics";
        c.ok = true;
        const auto &subs = world.bus().subscriptions();
        for (std::size_t i = 0; i < subs.size(); ++i) {
            const auto end = static_cast<std::int64_t>(world.bus().log(subs[i].topic).size());
            if (subs[i].committed > end) {
                c.ok = false;
                c.detail = "subscription " + std::to_string(i) + " committed past the end";
            }
        }
        if (c.ok)
            c.detail = std::to_string(subs.size()) + " subscriptions";
        out.push_back(c);
    }
    if (world.scenario().patterns.replication)
        out.push_back(replicationConverged(world));
    if (world.scenario().patterns.cqrs)
        out.push_back(readModelMatches(world));
    if (world.scenario().patterns.outbox)
        out.push_back(outboxDrained(world));
    if (!ShopService::consumers(world).empty())
        out.push_back(noEffectTwice(world));
    for (auto &c : EventSourcingChecks::run(world))
        out.push_back(std::move(c));
    if (world.scenario().patterns.data == PatternsSpec::Data::PerService) {
        // Database per service promises that nobody reaches into another service's tables and
        // nobody waits for another service's transactions.
        CheckResult c;
        c.id = "data.no_cross_service_access";
        c.name = "database per service: no cross-service reads, no lock waits";
        std::uint64_t cross = 0, waits = 0;
        for (std::size_t i = 0; i < world.serviceCount(); ++i) {
            cross += world.service(static_cast<std::int16_t>(i)).stats().crossReads;
            waits += world.service(static_cast<std::int16_t>(i)).stats().lockWaits;
        }
        c.ok = cross == 0 && waits == 0;
        c.detail = std::to_string(cross) + " cross-service reads, " + std::to_string(waits) +
                   " lock waits";
        out.push_back(c);
    }
    SagaChecks::append(world, out);
    TwoPhaseChecks::append(world, out);
    return out;
}

} // namespace dplab
