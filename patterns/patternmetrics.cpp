#include "patternmetrics.h"

#include "consumers/inbox.h"
#include "cqrs/orderviewservice.h"
#include "domain/gatewayservice.h"
#include "domain/ordersservice.h"
#include "eventsourcing/eventsourcingmetrics.h"
#include "observe/histogram.h"
#include "observe/summary.h"
#include "saga/sagametrics.h"
#include "twophase/twophasemetrics.h"
#include "world/world.h"

#include <cmath>

namespace dplab {

namespace {

using OJson = nlohmann::ordered_json;

OJson readModel(const World &world, const OrdersService *orders)
{
    const auto *view = ShopService::behaviorOf<OrderViewService>(world, "order-view");
    ReadModelStats s;
    int subscription = -1;
    if (view) {
        s = view->stats();
        subscription = view->subscription();
    }
    WriteLog none;
    const WriteLog &log = orders ? orders->writeLog() : none;
    const ReadModelDivergence d = OrderViewService::divergence(world);
    const OJson rebuilds = RebuildRecord::toJson(s.rebuilds);
    return {
        {"lag_ms", latencyJson(log.lag())},
        {"writes", log.writes()},
        {"writes_reflected", log.lag().count()},
        {"writes_unreflected", log.unreflected()},
        {"staleness_ms", latencyJson(s.staleness)},
        {"stale_reads", s.staleReads},
        {"reads", s.reads},
        {"events_seen", s.eventsSeen},
        {"events_moved_forward", s.moved},
        {"events_not_newer", s.older},
        {"consumer_lag_messages", subscription >= 0 ? world.bus().consumerLag(subscription) : 0},
        {"divergent_entities", d.divergent()},
        {"missing", d.missing},
        {"outdated", d.outdated},
        {"phantom", d.phantom},
        {"customer_totals_wrong", d.totalsWrong},
        {"rebuilds", rebuilds}};
}

OJson publisherJson(const EventPublisher &publisher)
{
    const PublisherStats &p = publisher.stats();
    OJson j = {{"mode", publisher.mode()}, {"events", p.events}, {"published", p.published}};
    if (publisher.usesOutbox()) {
        j["relay_polls"] = p.polls;
        j["republished"] = p.republished;
        j["backlog"] = publisher.backlog();
    } else {
        j["lost"] = p.lost;
        j["phantom"] = p.phantom;
        j["aborted"] = p.aborted;
    }
    return j;
}

OJson consumersJson(const World &world)
{
    OJson out = OJson::object();
    for (const auto &[svc, ledger] : ShopService::consumers(world))
        out[svc->name()] = {{"idempotent", ledger->idempotent()},
                            {"effects_applied", ledger->effects()},
                            {"applied_again", ledger->appliedAgain()},
                            {"duplicates_skipped", ledger->duplicatesSkipped()}};
    return out;
}

/// DESIGN.md's "consistency": every read side of the run together (replica and read model).
OJson consistency(const World &world, const OJson &sections)
{
    LatencyHistogram lag, staleness;
    std::uint64_t stale = 0, reads = 0;
    std::int64_t divergent = 0;
    const auto *orders = ShopService::behaviorOf<OrdersService>(world, "orders");
    if (sections.contains("replication")) {
        if (orders && orders->replica()) {
            lag.merge(orders->replica()->stats().lag);
            staleness.merge(orders->replica()->stats().staleness);
        }
        stale += sections["replication"]["stale_reads"].get<std::uint64_t>();
        reads += sections["replication"]["reads"].get<std::uint64_t>();
        divergent += sections["replication"]["divergent_entities"].get<std::int64_t>();
    }
    if (sections.contains("read_model")) {
        if (orders)
            lag.merge(orders->writeLog().lag());
        if (const auto *view = ShopService::behaviorOf<OrderViewService>(world, "order-view"))
            staleness.merge(view->stats().staleness);
        stale += sections["read_model"]["stale_reads"].get<std::uint64_t>();
        reads += sections["read_model"]["reads"].get<std::uint64_t>();
        divergent += sections["read_model"]["divergent_entities"].get<std::int64_t>();
    }
    return {{"lag_ms", latencyJson(lag)},
            {"writes_reflected", lag.count()},
            {"staleness_ms", latencyJson(staleness)},
            {"stale_reads", stale},
            {"reads", reads},
            {"divergent_entities", divergent}};
}

} // namespace

nlohmann::ordered_json PatternMetrics::collect(const World &world)
{
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    const PatternsSpec &patterns = world.scenario().patterns;
    {
        // Who touched whose data, and who waited for whom: the cost of sharing a database.
        std::uint64_t cross = 0, waits = 0;
        SimTime waited = 0;
        nlohmann::ordered_json per = nlohmann::ordered_json::object();
        for (std::size_t i = 0; i < world.serviceCount(); ++i) {
            const Service &svc = world.service(static_cast<std::int16_t>(i));
            const ServiceStats &st = svc.stats();
            cross += st.crossReads;
            waits += st.lockWaits;
            waited += st.lockWaitTime;
            if (st.crossReads || st.lockWaits)
                per[svc.name()] = {{"cross_service_reads", st.crossReads},
                                   {"lock_waits", st.lockWaits},
                                   {"lock_wait_ms", round3(toMilliseconds(st.lockWaitTime))}};
        }
        out["data"] = {
            {"mode", patterns.data == PatternsSpec::Data::Shared ? "shared" : "per-service"},
            {"cross_service_reads", cross},
            {"lock_waits", waits},
            {"lock_wait_ms", round3(toMilliseconds(waited))},
            {"services", per}};
    }
    if (patterns.composition) {
        CompositionStats s;
        if (const auto *gw = ShopService::behaviorOf<GatewayService>(world, "gateway");
            gw && gw->composer())
            s = gw->composer()->stats();
        const std::uint64_t lookups = s.cacheHits + s.cacheMisses;
        out["composition"] = {
            {"requests", s.requests},
            {"composed", s.composed},
            {"partial_responses", s.partialResponses},
            {"failed", s.failed},
            {"cache_hits", s.cacheHits},
            {"cache_misses", s.cacheMisses},
            {"cache_hit_ratio",
             lookups ? round3(static_cast<double>(s.cacheHits) / static_cast<double>(lookups))
                     : 0.0},
            {"stale_reads", s.staleReads},
            {"breaker_opens", s.breakerOpens},
            {"fast_failures", s.fastFailures}};
    }
    const auto *orders = ShopService::behaviorOf<OrdersService>(world, "orders");
    if (patterns.replication) {
        ReplicationStats s;
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
    if (patterns.cqrs)
        out["read_model"] = readModel(world, orders);
    if (orders && orders->publisher())
        out["outbox"] = publisherJson(*orders->publisher());
    if (auto es = EventSourcingMetrics::collect(world); !es.is_null())
        out["event_sourcing"] = std::move(es);
    if (auto consumers = consumersJson(world); !consumers.empty())
        out["consumers"] = consumers;
    if (patterns.replication || patterns.cqrs)
        out["consistency"] = consistency(world, out);
    if (auto sagas = SagaMetrics::collect(world); !sagas.is_null())
        out["sagas"] = sagas;
    if (auto tpc = TwoPhaseMetrics::section(world); !tpc.is_null())
        out["two_phase_commit"] = tpc;
    return out;
}

} // namespace dplab
