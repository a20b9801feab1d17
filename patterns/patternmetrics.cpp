#include "patternmetrics.h"

#include "domain/gatewayservice.h"
#include "domain/ordersservice.h"
#include "observe/histogram.h"
#include "observe/summary.h"
#include "world/world.h"

#include <cmath>

namespace dplab {

namespace {

template <typename T> const T *firstBehavior(const World &world) {
    for (std::size_t i = 0; i < world.serviceCount(); ++i)
        if (const auto *b =
                dynamic_cast<const T *>(world.service(static_cast<std::int16_t>(i)).behavior()))
            return b;
    return nullptr;
}

} // namespace

nlohmann::ordered_json PatternMetrics::collect(const World &world) {
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
        out["data"] = {{"mode", patterns.data == PatternsSpec::Data::Shared ? "shared" : "per-service"},
                       {"cross_service_reads", cross},
                       {"lock_waits", waits},
                       {"lock_wait_ms", round3(toMilliseconds(waited))},
                       {"services", per}};
    }
    if (patterns.composition) {
        CompositionStats s;
        if (const auto *gw = firstBehavior<GatewayService>(world); gw && gw->composer())
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
    if (patterns.replication) {
        ReplicationStats s;
        if (const auto *orders = firstBehavior<OrdersService>(world); orders && orders->replica())
            s = orders->replica()->stats();
        const ReplicaDivergence d = CustomerReplica::divergence(world);
        out["consistency"] = {{"lag_ms", latencyJson(s.lag)},
                              {"writes_reflected", s.lag.count()},
                              {"staleness_ms", latencyJson(s.staleness)},
                              {"stale_reads", s.staleReads},
                              {"reads", s.reads},
                              {"events_applied", s.applied},
                              {"events_ignored", s.ignored},
                              {"divergent_entities", d.divergent},
                              {"compared_entities", d.compared}};
    }
    return out;
}

} // namespace dplab
