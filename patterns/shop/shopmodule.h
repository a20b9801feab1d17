#pragma once

#include "patterns/module/patternmodule.h"

namespace dplab {

/**
 * The shop every lesson runs on: its roles (gateway, customers, products, inventory, orders,
 * payments, shipping) and operations (place_order, get_order_details...). Not a switch.
 */
class ShopModule : public PatternModule
{
public:
    std::string key() const override { return {}; }
    std::string title() const override { return "Shop"; }
    std::vector<RoleInfo> roles() const override;
    std::vector<std::string> operations() const override;
    void checkScenario(const Scenario &s, std::vector<LoadError> &errors) const override;
    void install(World &world) const override;
};

} // namespace dplab
