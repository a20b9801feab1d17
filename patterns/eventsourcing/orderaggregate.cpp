#include "patterns/eventsourcing/orderaggregate.h"

#include "patterns/eventsourcing/eventstore.h"

namespace dplab {

std::string OrderAggregate::streamOf(std::int64_t order)
{
    return "order-" + std::to_string(order);
}

std::int64_t OrderAggregate::orderOf(const std::string &stream)
{
    if (stream.rfind("order-", 0) != 0 || stream.size() == 6 || stream.size() > 24)
        return 0;
    std::int64_t id = 0;
    for (std::size_t i = 6; i < stream.size(); ++i) {
        if (stream[i] < '0' || stream[i] > '9')
            return 0;
        id = id * 10 + (stream[i] - '0');
    }
    return id;
}

nlohmann::json OrderAggregate::apply(const nlohmann::json &state, const StoredEvent &event)
{
    return apply(state, orderOf(event.stream), event.type, event.payload, event.version);
}

nlohmann::json OrderAggregate::apply(const nlohmann::json &state, std::int64_t order,
                                     const std::string &type, const nlohmann::json &payload,
                                     std::int64_t version)
{
    nlohmann::json next = state;
    auto number = [&](const char *key) { return payload.value(key, std::int64_t{0}); };
    if (type == kPlaced || type == kImported) {
        next = OrderRow{order,
                        number("customer_id"),
                        number("product_id"),
                        number("qty"),
                        number("total"),
                        payload.value("status", std::string("confirmed")),
                        version}
                   .toJson();
        return next;
    }
    if (next.is_null())
        return next; // an event for an order that never began: nothing to move
    if (type == kPaid)
        next["status"] = "paid";
    else if (type == kCancelled)
        next["status"] = "cancelled";
    next["version"] = version;
    return next;
}

std::optional<OrderRow> OrderAggregate::rowOf(const nlohmann::json &state)
{
    return state.is_null() ? std::nullopt : OrderRow::fromJson(state);
}

} // namespace dplab
