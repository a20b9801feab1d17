#include "patternseries.h"

#include "consumers/inbox.h"
#include "cqrs/orderviewservice.h"
#include "domain/ordersservice.h"
#include "twophase/twophasemetrics.h"
#include "world/world.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace dplab {

namespace {

/** Columns, each a function of the world at the sample time. */
class FunctionSeries : public SeriesSource
{
public:
    using Probe = std::function<double(SimTime, const World &)>;

    void add(std::string name, Probe probe)
    {
        m_probes.emplace_back(std::move(name), std::move(probe));
    }
    bool empty() const { return m_probes.empty(); }

    std::vector<std::string> columns() const override
    {
        std::vector<std::string> out;
        for (const auto &[name, probe] : m_probes)
            out.push_back(name);
        return out;
    }
    void sample(SimTime now, const World &world, std::vector<double> &row) override
    {
        for (const auto &[name, probe] : m_probes)
            row.push_back(probe(now, world));
    }

private:
    std::vector<std::pair<std::string, Probe>> m_probes;
};

} // namespace

std::unique_ptr<SeriesSource> PatternSeries::create(const World &world)
{
    auto series = std::make_unique<FunctionSeries>();
    const auto *orders = ShopService::behaviorOf<OrdersService>(world, "orders");
    const auto *view = ShopService::behaviorOf<OrderViewService>(world, "order-view");
    if (view && orders) {
        const std::string name = world.service(world.serviceWithRole("order-view")).name();
        series->add(name + ".staleness_ms", [orders](SimTime now, const World &) {
            return toMilliseconds(orders->writeLog().staleness(now));
        });
        // Mean lag of the writes that became visible since the previous sample (0 if none).
        series->add(name + ".lag_ms", [orders, count = std::uint64_t{0},
                                       total = 0.0](SimTime, const World &) mutable {
            const LatencyHistogram &lag = orders->writeLog().lag();
            const double sum = lag.mean() * static_cast<double>(lag.count());
            const std::uint64_t n = lag.count() - count;
            const double mean = n ? (sum - total) / static_cast<double>(n) / 1000.0 : 0.0;
            count = lag.count();
            total = sum;
            return mean;
        });
        series->add(name + ".consumer_lag", [view](SimTime, const World &w) {
            return view->subscription() < 0
                       ? 0.0
                       : static_cast<double>(w.bus().consumerLag(view->subscription()));
        });
        series->add(name + ".stale_reads", [view](SimTime, const World &) {
            return static_cast<double>(view->stats().staleReads);
        });
    }
    if (orders && orders->replica()) {
        const CustomerReplica *replica = orders->replica();
        const std::string name = world.service(world.serviceWithRole("orders")).name();
        series->add(name + ".replica_staleness_ms", [replica](SimTime, const World &w) {
            return toMilliseconds(replica->staleness(w));
        });
        series->add(name + ".replica_consumer_lag", [replica](SimTime, const World &w) {
            return replica->subscription() < 0
                       ? 0.0
                       : static_cast<double>(w.bus().consumerLag(replica->subscription()));
        });
    }
    if (orders && orders->publisher()) {
        const std::string name = world.service(world.serviceWithRole("orders")).name();
        const EventPublisher *p = orders->publisher();
        if (p->usesOutbox()) {
            series->add(name + ".outbox_backlog",
                        [p](SimTime, const World &) { return static_cast<double>(p->backlog()); });
        } else {
            series->add(name + ".events_lost", [p](SimTime, const World &) {
                return static_cast<double>(p->stats().lost);
            });
            series->add(name + ".phantom_events", [p](SimTime, const World &) {
                return static_cast<double>(p->stats().phantom);
            });
        }
    }
    if (orders && orders->eventSourcing()) {
        const std::string name = world.service(world.serviceWithRole("orders")).name();
        const SourcedOrders *es = orders->eventSourcing();
        series->add(name + ".projection_backlog", [es](SimTime, const World &) {
            return static_cast<double>(es->relay().projectionBacklog());
        });
        series->add(name + ".conflicts", [es](SimTime, const World &) {
            return static_cast<double>(es->stats().conflicts);
        });
        series->add(name + ".events_read_per_load",
                    [es](SimTime, const World &) { return es->stats().readPerLoad.mean(); });
    }
    for (const auto &[svc, ledger] : ShopService::consumers(world)) {
        series->add(svc->name() + ".applied_again", [ledger = ledger](SimTime, const World &) {
            return static_cast<double>(ledger->appliedAgain());
        });
        series->add(svc->name() + ".duplicates_skipped", [ledger = ledger](SimTime, const World &) {
            return static_cast<double>(ledger->duplicatesSkipped());
        });
    }
    if (const SagaOrders *saga = orders ? orders->saga() : nullptr) {
        series->add("sagas.in_flight", [saga](SimTime, const World &) {
            const SagaLedger &l = saga->ledger();
            return static_cast<double>(l.startedCount() - l.completed() - l.compensated());
        });
        series->add("sagas.completed", [saga](SimTime, const World &) {
            return static_cast<double>(saga->ledger().completed());
        });
        series->add("sagas.compensated", [saga](SimTime, const World &) {
            return static_cast<double>(saga->ledger().compensated());
        });
    }
    TwoPhaseMetrics::addSeries(world, [&series](std::string name, FunctionSeries::Probe probe) {
        series->add(std::move(name), std::move(probe));
    });
    if (series->empty())
        return nullptr;
    return series;
}

} // namespace dplab
