#pragma once

#include "domain/shopservice.h"

namespace dplab {

/** The inventory role: owns stock per product; reserves, releases and restocks. */
class InventoryService : public ShopService
{
public:
    InventoryService();

protected:
    void handle(Service &self, const std::string &op, const Message &request,
                const Json &payload) override;
};

} // namespace dplab
