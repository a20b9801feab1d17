#include "patterns/domain/shopoperations.h"

#include "patterns/domain/gatewayservice.h"
#include "simulation/world/world.h"

#include <nlohmann/json.hpp>

#include <memory>

namespace dplab {

const std::vector<std::string> &ShopOperations::names()
{
    static const std::vector<std::string> ops = {
        "place_order", "get_order_details", "update_customer", "change_price",
        "restock",     "pay_order",         "cancel_order",    "list_orders"};
    return ops;
}

void ShopOperations::install(World &world)
{
    const DomainSpec domain = world.scenario().domain;
    std::int16_t gateway = ShopService::findRole(world, "gateway");
    for (const auto &op : names()) {
        const std::string owner = GatewayService::ownerOf(op, world.scenario());
        const std::int16_t target = gateway >= 0 ? gateway : ShopService::findRole(world, owner);
        if (target < 0)
            continue; // the builder refuses a workload that uses it
        // One stream per operation for its parameters, apart from the key stream.
        auto rng = std::make_shared<Rng>(Rng::stream(world.scenario().seed, "operation/" + op));
        world.client().registerOperation(
            op, [op, target, domain, rng](World &w, const ClientOperation &c) {
                nlohmann::json payload = nlohmann::json::object();
                std::int64_t key = c.key;
                if (op == "place_order") {
                    key = 1 + (c.key - 1) % domain.customers;
                    payload["product"] = 1 + static_cast<std::int64_t>(rng->below(
                                                 static_cast<std::uint64_t>(domain.products)));
                    payload["qty"] = 1 + static_cast<std::int64_t>(rng->below(3));
                } else if (op == "update_customer" || op == "get_order_details" ||
                           op == "pay_order" || op == "cancel_order" || op == "list_orders") {
                    key = 1 + (c.key - 1) % domain.customers;
                } else if (op == "change_price") {
                    key = 1 + (c.key - 1) % domain.products;
                } else if (op == "restock") {
                    key = 1 + (c.key - 1) % domain.products;
                    payload["qty"] = 10;
                }
                w.client().request(c.workload, c.label, target, key, c.timeout, payload.dump());
            });
    }
}

} // namespace dplab
