#include "registry.h"

#include "cqrs/orderviewservice.h"
#include "domain/customersservice.h"
#include "domain/gatewayservice.h"
#include "domain/inventoryservice.h"
#include "domain/ordersservice.h"
#include "domain/paymentsservice.h"
#include "domain/productsservice.h"
#include "domain/shippingservice.h"
#include "domain/shopoperations.h"
#include "generic/genericservice.h"

#include <algorithm>

namespace dplab {

void PatternRegistry::registerRole(const std::string &role, RoleFactory factory)
{
    m_roles[role] = std::move(factory);
}

void PatternRegistry::registerPattern(const std::string &path)
{
    m_patterns.push_back(path);
}

void PatternRegistry::registerOperation(const std::string &operation)
{
    m_operations.push_back(operation);
}

bool PatternRegistry::hasPattern(const std::string &path) const
{
    return std::find(m_patterns.begin(), m_patterns.end(), path) != m_patterns.end();
}

bool PatternRegistry::hasOperation(const std::string &operation) const
{
    return std::find(m_operations.begin(), m_operations.end(), operation) != m_operations.end();
}

std::unique_ptr<ServiceBehavior> PatternRegistry::create(const ServiceSpec &spec) const
{
    auto it = m_roles.find(spec.role);
    return it == m_roles.end() ? nullptr : it->second(spec);
}

void registerBuiltins(PatternRegistry &registry)
{
    registry.registerRole("generic",
                          [](const ServiceSpec &) { return std::make_unique<GenericService>(); });
    registry.registerRole("gateway",
                          [](const ServiceSpec &) { return std::make_unique<GatewayService>(); });
    registry.registerRole("customers",
                          [](const ServiceSpec &) { return std::make_unique<CustomersService>(); });
    registry.registerRole("products",
                          [](const ServiceSpec &) { return std::make_unique<ProductsService>(); });
    registry.registerRole("inventory",
                          [](const ServiceSpec &) { return std::make_unique<InventoryService>(); });
    registry.registerRole("orders",
                          [](const ServiceSpec &) { return std::make_unique<OrdersService>(); });
    registry.registerRole("payments",
                          [](const ServiceSpec &) { return std::make_unique<PaymentsService>(); });
    registry.registerRole("shipping",
                          [](const ServiceSpec &) { return std::make_unique<ShippingService>(); });
    registry.registerRole("order-view",
                          [](const ServiceSpec &) { return std::make_unique<OrderViewService>(); });
    registry.registerPattern("patterns.data");
    registry.registerPattern("patterns.composition");
    registry.registerPattern("patterns.replication");
    registry.registerPattern("patterns.cqrs");
    registry.registerPattern("patterns.outbox");
    registry.registerPattern("patterns.idempotent_consumers");
    registry.registerPattern("patterns.saga");
    registry.registerPattern("patterns.two_phase_commit");
    registry.registerPattern("patterns.event_sourcing");
    registry.registerOperation("request");
    registry.registerOperation("publish");
    for (const auto &op : ShopOperations::names())
        registry.registerOperation(op);
}

} // namespace dplab
