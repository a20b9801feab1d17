#pragma once

#include "simulation/kernel/simtime.h"
#include "simulation/scenario/scenario.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace dplab {

/** One row of the orders table, as the orders service and its events carry it. */
struct OrderRow
{
    std::int64_t id = 0;
    std::int64_t customer = 0;
    std::int64_t product = 0;
    std::int64_t qty = 0;
    std::int64_t total = 0;
    std::string status;
    std::int64_t version = 0;

    nlohmann::json toJson() const;
    /// Reads the "order" member of an event; nothing when a field is missing.
    static std::optional<OrderRow> fromJson(const nlohmann::json &order);
};

/**
 * The orders' domain events on the "order-events" topic: OrderPlaced, OrderPaid and
 * OrderCancelled, each carrying the whole order row after the change, an event id and the
 * commit time. The id ("order-ID-vVERSION-eN", N unique in the run) is the same for every
 * copy of one event, and differs between two events even when a rolled-back write let an
 * order id be used again.
 */
class OrderEvents
{
public:
    static constexpr const char *kTopic = "order-events";

    /// True when the scenario needs the events (patterns.cqrs or patterns.outbox is on).
    static bool enabled(const Scenario &scenario);
    static std::string eventId(std::int64_t order, std::int64_t version, std::uint64_t unique);
    static nlohmann::json make(const std::string &type, const OrderRow &order, SimTime committed,
                               std::uint64_t unique);
};

} // namespace dplab
