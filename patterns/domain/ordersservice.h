#pragma once

#include "domain/shopservice.h"

namespace dplab {

/** The orders role: owns orders; placing one asks products for the price and inventory for the stock before the order row is written. */
class OrdersService : public ShopService
{
public:
    OrdersService();

protected:
    void handle(Service &self, const std::string &op, const Message &request,
                const Json &payload) override;
};

} // namespace dplab
