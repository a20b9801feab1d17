#pragma once

#include "patterns/domain/orderevents.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace dplab {

struct StoredEvent;

/**
 * The order as an event-sourced aggregate: its state is the fold of its events, and this class
 * is the fold. OrderImported (a seed order brought in when the store was started) and
 * OrderPlaced create an order, OrderPaid and OrderCancelled move its status, PaymentDeclined
 * only records a failed attempt (the order stays payable). The state is the
 * orders table's row as JSON (OrderRow::toJson), with `version` = the stream's version; null
 * before the first event.
 */
class OrderAggregate
{
public:
    static constexpr const char *kImported = "OrderImported";
    static constexpr const char *kPlaced = "OrderPlaced";
    static constexpr const char *kPaid = "OrderPaid";
    static constexpr const char *kCancelled = "OrderCancelled";
    /// A payment attempt failed (card declined, no funds): history, not a change of status.
    static constexpr const char *kPaymentDeclined = "PaymentDeclined";

    /// "order-12" for order 12.
    static std::string streamOf(std::int64_t order);
    /// 12 for "order-12"; 0 when the name is not an order stream.
    static std::int64_t orderOf(const std::string &stream);

    /// The state after `event` (the fold's step). Unknown types leave the state as it is, but
    /// its version still follows the stream.
    static nlohmann::json apply(const nlohmann::json &state, const StoredEvent &event);
    /// The same for an event given by its parts.
    static nlohmann::json apply(const nlohmann::json &state, std::int64_t order,
                                const std::string &type, const nlohmann::json &payload,
                                std::int64_t version);
    /// The state as a row of the orders table (nothing for null).
    static std::optional<OrderRow> rowOf(const nlohmann::json &state);
};

} // namespace dplab
