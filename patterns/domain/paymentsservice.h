#pragma once

#include "domain/shopservice.h"

namespace dplab {

/** The payments role: owns customer accounts and payments; charges and refunds. */
class PaymentsService : public ShopService
{
public:
    PaymentsService();

protected:
    void handle(Service &self, const std::string &op, const Message &request,
                const Json &payload) override;
};

} // namespace dplab
