#pragma once

#include "patterns/consumers/inbox.h"
#include "patterns/domain/shopservice.h"
#include "patterns/rebuildrecord.h"
#include "simulation/observe/histogram.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dplab {

class WriteLog;

/** What the read side did and measured (summary.json "read_model"). */
struct ReadModelStats
{
    std::uint64_t eventsSeen = 0; ///< deliveries processed (copies included)
    std::uint64_t moved = 0;      ///< deliveries that moved an order summary forward
    std::uint64_t older = 0;      ///< deliveries not newer than the summary (copies, late)
    std::uint64_t reads = 0;      ///< get_order_details and list_orders answered here
    std::uint64_t staleReads = 0; ///< of which older than what orders had committed
    LatencyHistogram staleness;   ///< per stale read: age of the oldest write it missed (us)
    std::vector<RebuildRecord> rebuilds;
};

/** The read model compared row by row with the projection of the orders table. */
struct ReadModelDivergence
{
    std::int64_t orders = 0;      ///< orders compared
    std::int64_t missing = 0;     ///< orders with no summary row
    std::int64_t outdated = 0;    ///< summary rows that differ from their order
    std::int64_t phantom = 0;     ///< summary rows for orders that do not exist
    std::int64_t totalsWrong = 0; ///< customers whose totals differ from their orders
    std::int64_t example = 0;     ///< an order (or customer, for totals) that differs
    std::string exampleWhat;      ///< "order" or "customer"
    bool readable = true;         ///< false when a table could not be read
    /// The entities themselves, ascending (what evidence starts from).
    std::vector<std::int64_t> missingOrders, outdatedOrders, phantomOrders, wrongCustomers;
    std::int64_t divergent() const { return missing + outdated + phantom + totalsWrong; }
};

/**
 * The order-view role, CQRS's read side. It consumes the orders' events and keeps a
 * denormalized `order_summary` (order, customer name, product name, total, status) and
 * `customer_totals` (orders, money spent, orders paid) in its own database, and answers
 * get_order_details and list_orders from them. Summaries move only forward (by version);
 * the totals are counters, so a copy of an event counts twice unless the inbox
 * (patterns.idempotent_consumers) recognises it. A rebuild empties the read model and
 * replays the topic from offset 0.
 */
class OrderViewService : public ShopService
{
public:
    OrderViewService();

    void setup(Service &self) override;
    void onEvent(Service &self, const Message &event) override;
    std::string onRebuild(Service &self) override;
    const ConsumerLedger *consumerLedger() const override { return &m_ledger; }

    const ReadModelStats &stats() const { return m_stats; }
    int subscription() const { return m_subscription; }
    /// Compares every summary and total with what the orders table implies (after
    /// quiescence they must be equal).
    static ReadModelDivergence divergence(const World &world);

protected:
    void handle(Service &self, const std::string &op, const Message &request,
                const Json &payload) override;

private:
    void apply(Service &self, const Message &event, const Json &payload);
    void noteReplayed(const Service &self, const Message &event);
    /// Measurement: whether orders had committed something this read does not show.
    void measureRead(Service &self, std::int64_t customer, std::int64_t order);

    WriteLog *m_writeLog = nullptr; // orders' measurement of its writes; not simulated state
    ConsumerLedger m_ledger;
    ReadModelStats m_stats;
    int m_subscription = -1;
    std::uint32_t m_topic = 0;
    std::vector<char> m_replayed; // rebuild in progress: offsets of the replay seen so far
    std::int64_t m_replayLeft = 0;
};

} // namespace dplab
