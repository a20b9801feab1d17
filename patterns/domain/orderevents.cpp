#include "patterns/domain/orderevents.h"
#include "patterns/cqrs/cqrssettings.h"
#include "patterns/module/switches.h"
#include "patterns/outbox/outboxsettings.h"

namespace dplab {

nlohmann::json OrderRow::toJson() const
{
    return {{"id", id},       {"customer_id", customer}, {"product_id", product}, {"qty", qty},
            {"total", total}, {"status", status},        {"version", version}};
}

std::optional<OrderRow> OrderRow::fromJson(const nlohmann::json &order)
{
    if (!order.is_object())
        return std::nullopt;
    OrderRow r;
    try {
        r.id = order.at("id").get<std::int64_t>();
        r.customer = order.at("customer_id").get<std::int64_t>();
        r.product = order.at("product_id").get<std::int64_t>();
        r.qty = order.at("qty").get<std::int64_t>();
        r.total = order.at("total").get<std::int64_t>();
        r.status = order.at("status").get<std::string>();
        r.version = order.at("version").get<std::int64_t>();
    } catch (const nlohmann::json::exception &) {
        return std::nullopt;
    }
    return r;
}

bool OrderEvents::enabled(const Scenario &scenario)
{
    return scenario.patterns.isOn(CqrsSettings::kKey) ||
           (settingsOf<OutboxSettings>(scenario) != nullptr);
}

std::string OrderEvents::eventId(std::int64_t order, std::int64_t version, std::uint64_t unique)
{
    return "order-" + std::to_string(order) + "-v" + std::to_string(version) + "-e" +
           std::to_string(unique);
}

nlohmann::json OrderEvents::make(const std::string &type, const OrderRow &order, SimTime committed,
                                 std::uint64_t unique)
{
    return {{"type", type},
            {"event_id", eventId(order.id, order.version, unique)},
            {"order", order.toJson()},
            {"committed_us", committed}};
}

} // namespace dplab
