#pragma once

#include "patterns/domain/shopservice.h"

namespace dplab {

/** The products role: owns the catalogue and its prices. */
class ProductsService : public ShopService
{
public:
    ProductsService();

protected:
    void handle(Service &self, const std::string &op, const Message &request,
                const Json &payload) override;
};

} // namespace dplab
