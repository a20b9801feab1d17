#include "patterns/replication/replicationmodule.h"

#include "patterns/checks.h"
#include "patterns/domain/ordersservice.h"
#include "patterns/module/switches.h"
#include "patterns/replication/customerreplica.h"
#include "patterns/replication/divergentcopy.h"
#include "patterns/replication/replicationsettings.h"
#include "simulation/world/world.h"

namespace dplab {

void ReplicationModule::read(loader::LoaderContext &ctx, loader::ObjectReader &r,
                             PatternSwitches &out) const
{
    switches::readBool<ReplicationSettings>(ctx, r, out);
}

void ReplicationModule::write(const PatternSwitches &in, nlohmann::ordered_json &out) const
{
    if (in.isOn(ReplicationSettings::kKey))
        out["replication"] = true;
}

// Replication via events promises eventual consistency: once the writes stop and the bus has
// drained, every copy equals its source. With at-least-once delivery and version-checked
// (idempotent) updates the promise holds whatever was dropped or duplicated, so any divergence
// is a bug. With at-most-once delivery a dropped event is never sent again: the promise is
// broken by design, and the check fails to show it (ok = "the replica converged").
void ReplicationModule::addChecks(const World &world, std::vector<CheckResult> &out) const
{
    if (!world.scenario().patterns.isOn(ReplicationSettings::kKey))
        return;
    CheckResult c;
    const bool atLeastOnce = world.scenario().bus.delivery == BusSpec::Delivery::AtLeastOnce;
    c.id = "replication.converged";
    c.name = std::string("replica converged after quiescence (") +
             (atLeastOnce ? "at-least-once" : "at-most-once") + " delivery)";
    const ReplicaDivergence d = CustomerReplica::divergence(world);
    const std::string pending = pendingBusNote(world);
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
    out.push_back(c);
}

void ReplicationModule::addEvidence(const EvidenceContext &context, CheckResult &check) const
{
    if (check.id == "replication.converged")
        addDivergentCopyEvidence(context, check);
}

void ReplicationModule::addSummary(const World &world, nlohmann::ordered_json &out) const
{
    if (!world.scenario().patterns.isOn(ReplicationSettings::kKey))
        return;
    ReplicationStats s;
    const auto *orders = ShopService::behaviorOf<OrdersService>(world, "orders");
    if (orders && orders->replica())
        s = orders->replica()->stats();
    const ReplicaDivergence d = CustomerReplica::divergence(world);
    out["replication"] = {{"lag_ms", latencyJson(s.lag)},
                          {"writes_reflected", s.lag.count()},
                          {"staleness_ms", latencyJson(s.staleness)},
                          {"stale_reads", s.staleReads},
                          {"reads", s.reads},
                          {"events_applied", s.applied},
                          {"events_ignored", s.ignored},
                          {"divergent_entities", d.divergent},
                          {"compared_entities", d.compared}};
}

void ReplicationModule::addSeries(const World &world, const SeriesColumn &add) const
{
    const auto *orders = ShopService::behaviorOf<OrdersService>(world, "orders");
    if (!orders || !orders->replica())
        return;
    const CustomerReplica *replica = orders->replica();
    const std::string name = world.service(world.serviceWithRole("orders")).name();
    add(name + ".replica_staleness_ms",
        [replica](SimTime, const World &w) { return toMilliseconds(replica->staleness(w)); });
    add(name + ".replica_consumer_lag", [replica](SimTime, const World &w) {
        return replica->subscription() < 0
                   ? 0.0
                   : static_cast<double>(w.bus().consumerLag(replica->subscription()));
    });
}

std::vector<Decoration> ReplicationModule::decorations(const Scenario &s) const
{
    std::vector<Decoration> out;
    if (!s.patterns.isOn(ReplicationSettings::kKey))
        return out;
    for (std::size_t i = 0; i < s.services.size(); ++i) {
        if (s.services[i].role != "orders")
            continue;
        Decoration d;
        d.kind = Decoration::Kind::Staleness;
        d.service = i;
        d.seriesPrefix = s.services[i].name + ".replica_";
        d.label = "replica"; // on the orders box the badge must say which copy it is about
        d.explanation = "The customer copy orders keeps: how far it is behind customers.";
        out.push_back(d);
    }
    return out;
}

std::vector<PatternControl> ReplicationModule::controls() const
{
    return {controls::onOff<ReplicationSettings>("Data replication by events")};
}

} // namespace dplab
