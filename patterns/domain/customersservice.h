#pragma once

#include "patterns/domain/shopservice.h"

namespace dplab {

/** The customers role: owns customer records (name, email, tier); reads them and updates them, and
 * with replication on announces each change on the "customer-events" topic. */
class CustomersService : public ShopService
{
public:
    CustomersService();

protected:
    void handle(Service &self, const std::string &op, const Message &request,
                const Json &payload) override;
};

} // namespace dplab
