#include "patterns/eventsourcing/eventsourcingmetrics.h"

#include "patterns/domain/ordersservice.h"
#include "patterns/eventsourcing/eventsourcingsettings.h"
#include "patterns/eventsourcing/eventstore.h"
#include "patterns/eventsourcing/storerelay.h"
#include "patterns/module/switches.h"
#include "simulation/observe/summary.h"
#include "simulation/world/world.h"

namespace dplab {

namespace {

using OJson = nlohmann::ordered_json;

OJson countsJson(const LatencyHistogram &h)
{
    return {{"loads", h.count()},
            {"mean", round3(h.mean())},
            {"p50", round3(h.quantile(0.5))},
            {"p95", round3(h.quantile(0.95))},
            {"max", h.max()}};
}

} // namespace

nlohmann::ordered_json EventSourcingMetrics::collect(const World &world)
{
    if (!settingsOf<EventSourcingSettings>(world.scenario()))
        return nullptr;
    const std::int16_t index = ShopService::findRole(world, "orders");
    const auto *orders = ShopService::behaviorOf<OrdersService>(world, "orders");
    if (index < 0 || !orders || !orders->eventSourcing())
        return nullptr;
    const SourcedOrders &es = *orders->eventSourcing();
    const EventSourcingStats &s = es.stats();
    Database &db = const_cast<World &>(world).service(index).database(); // read-only queries
    const auto counts = db.query("SELECT COUNT(*), COUNT(DISTINCT stream),"
                                 " COALESCE(MAX(version), 0) FROM event_store");
    const auto snaps = db.query("SELECT COUNT(*) FROM snapshots");
    const OJson rebuilds = RebuildRecord::toJson(s.rebuilds);
    std::uint64_t finished = 0;
    for (const auto &r : s.rebuilds)
        finished += r.finishedAt >= 0 ? 1 : 0;
    OJson out = {{"snapshot_every", es.snapshotEvery()},
                 {"events", std::get<std::int64_t>(counts.rows[0][0])},
                 {"streams", std::get<std::int64_t>(counts.rows[0][1])},
                 {"longest_stream", std::get<std::int64_t>(counts.rows[0][2])},
                 {"events_appended", s.appended},
                 {"snapshots_written", s.snapshots},
                 {"snapshots", std::get<std::int64_t>(snaps.rows[0][0])},
                 {"payments_declined", s.declines},
                 {"conflicts", s.conflicts},
                 {"retries", s.retries},
                 {"retried_appended", s.retriedAppended},
                 {"retried_refused", s.retriedRefused},
                 {"refunds", s.refunds},
                 {"restocks", s.restocks},
                 {"compensations_failed", s.compensationsFailed},
                 {"events_read_per_load", countsJson(s.readPerLoad)},
                 {"events_read_from_snapshot", countsJson(s.readFromSnapshot)},
                 {"events_read_from_start", countsJson(s.readFromStart)},
                 {"projection",
                  {{"lag_ms", latencyJson(s.projectionLag)},
                   {"events_projected", s.projected},
                   {"batches", s.projectionBatches},
                   {"backlog", es.relay().projectionBacklog()},
                   {"checkpoint", EventStore::checkpoint(db, StoreRelay::kProjection)}}},
                 {"rebuilds_finished", finished},
                 {"rebuilds", rebuilds}};
    if (es.relay().publishes())
        out["publishing"] = {{"published", s.published},
                             {"republished", s.republished},
                             {"backlog", es.relay().publishBacklog()},
                             {"relay_polls", s.relayPolls}};
    return out;
}

} // namespace dplab
