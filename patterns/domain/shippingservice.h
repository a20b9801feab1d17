#pragma once

#include "domain/shopservice.h"

namespace dplab {

/** The shipping role: owns shipments; creates and cancels them. */
class ShippingService : public ShopService
{
public:
    ShippingService();

protected:
    void handle(Service &self, const std::string &op, const Message &request,
                const Json &payload) override;
};

} // namespace dplab
