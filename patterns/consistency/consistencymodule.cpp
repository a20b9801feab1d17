#include "patterns/consistency/consistencymodule.h"

#include "patterns/cqrs/orderviewservice.h"
#include "patterns/domain/ordersservice.h"
#include "simulation/observe/histogram.h"
#include "simulation/world/world.h"

namespace dplab {

// Reads the sections the read sides wrote before it (replication, read_model).
void ConsistencyModule::addSummary(const World &world, nlohmann::ordered_json &out) const
{
    if (!out.contains("replication") && !out.contains("read_model"))
        return;
    LatencyHistogram lag, staleness;
    std::uint64_t stale = 0, reads = 0;
    std::int64_t divergent = 0;
    const auto *orders = ShopService::behaviorOf<OrdersService>(world, "orders");
    if (out.contains("replication")) {
        if (orders && orders->replica()) {
            lag.merge(orders->replica()->stats().lag);
            staleness.merge(orders->replica()->stats().staleness);
        }
        stale += out["replication"]["stale_reads"].get<std::uint64_t>();
        reads += out["replication"]["reads"].get<std::uint64_t>();
        divergent += out["replication"]["divergent_entities"].get<std::int64_t>();
    }
    if (out.contains("read_model")) {
        if (orders)
            lag.merge(orders->writeLog().lag());
        if (const auto *view = ShopService::behaviorOf<OrderViewService>(world, "order-view"))
            staleness.merge(view->stats().staleness);
        stale += out["read_model"]["stale_reads"].get<std::uint64_t>();
        reads += out["read_model"]["reads"].get<std::uint64_t>();
        divergent += out["read_model"]["divergent_entities"].get<std::int64_t>();
    }
    out["consistency"] = {{"lag_ms", latencyJson(lag)},
                          {"writes_reflected", lag.count()},
                          {"staleness_ms", latencyJson(staleness)},
                          {"stale_reads", stale},
                          {"reads", reads},
                          {"divergent_entities", divergent}};
}

} // namespace dplab
