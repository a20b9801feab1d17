#include "patterns/shop/shopmodule.h"

#include "patterns/domain/customersservice.h"
#include "patterns/domain/gatewayservice.h"
#include "patterns/domain/inventoryservice.h"
#include "patterns/domain/ordersservice.h"
#include "patterns/domain/paymentsservice.h"
#include "patterns/domain/productsservice.h"
#include "patterns/domain/shippingservice.h"
#include "patterns/domain/shopoperations.h"
#include "patterns/domain/shopschema.h"
#include "patterns/scenarioerror.h"

namespace dplab {

namespace {

template <class Behavior> RoleInfo shopRole(const char *name, RoleGlyph glyph, RoleColumn column)
{
    RoleInfo r;
    r.name = name;
    r.create = [](const ServiceSpec &) { return std::make_unique<Behavior>(); };
    r.glyph = glyph;
    r.column = column;
    r.tables = ShopSchema::tablesOf(name);
    return r;
}

} // namespace

std::vector<RoleInfo> ShopModule::roles() const
{
    RoleInfo gateway = shopRole<GatewayService>("gateway", RoleGlyph::Door, RoleColumn::Entry);
    gateway.description = "API gateway";
    return {gateway,
            shopRole<CustomersService>("customers", RoleGlyph::Person, RoleColumn::Core),
            shopRole<ProductsService>("products", RoleGlyph::Tag, RoleColumn::Core),
            shopRole<InventoryService>("inventory", RoleGlyph::Boxes, RoleColumn::Core),
            shopRole<OrdersService>("orders", RoleGlyph::Receipt, RoleColumn::Core),
            shopRole<PaymentsService>("payments", RoleGlyph::Card, RoleColumn::Core),
            shopRole<ShippingService>("shipping", RoleGlyph::Truck, RoleColumn::Core)};
}

std::vector<std::string> ShopModule::operations() const
{
    return ShopOperations::names();
}

void ShopModule::checkScenario(const Scenario &s, std::vector<LoadError> &errors) const
{
    // A shop operation goes through the gateway, or straight to the service that owns it.
    for (std::size_t i = 0; i < s.workload.size(); ++i) {
        const WorkloadSpec &w = s.workload[i];
        const std::string owner = GatewayService::ownerOf(w.operation, s);
        if (owner.empty())
            continue;
        bool reachable = false;
        for (const auto &svc : s.services)
            reachable = reachable || svc.role == "gateway" || svc.role == owner;
        if (!reachable)
            errors.push_back(
                scenarioError(s, w.pos, "workload[" + std::to_string(i) + "].operation",
                              "\"" + w.operation +
                                  "\" needs a service with role \"gateway\" or \"" + owner + "\""));
    }
}

void ShopModule::install(World &world) const
{
    ShopOperations::install(world);
}

} // namespace dplab
