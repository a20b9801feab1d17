#include "checks.h"

#include "replication/customerreplica.h"
#include "world/world.h"

#include <string>

namespace dplab {

namespace {

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
    const Bus &bus = world.bus();
    const std::size_t pending = bus.unacked() + bus.inFlight() + bus.heldCount();
    c.ok = d.divergent == 0;
    c.detail = std::to_string(d.divergent) + " of " + std::to_string(d.compared) +
               " replicated customers differ from customers";
    if (d.divergent > 0) {
        c.detail += " (e.g. customer " + std::to_string(d.firstId) + ")";
        if (pending > 0)
            c.detail += "; the run ended with " + std::to_string(pending) +
                        " bus deliveries still pending: leave time after the last write";
        else if (!atLeastOnce)
            c.detail += ": at-most-once delivery lost updates that are never sent again";
    }
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
        c.detail = std::to_string(cross) + " cross-service reads, " + std::to_string(waits) + " lock waits";
        out.push_back(c);
    }
    return out;
}

} // namespace dplab
