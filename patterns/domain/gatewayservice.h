#pragma once

#include "domain/shopservice.h"

namespace dplab {

/**
 * The gateway role: the clients' single entry point. It forwards each operation to the
 * service that owns the data (place_order to orders, update_customer to customers...) and
 * relays the answer. Patterns such as API composition change what it does for reads.
 */
class GatewayService : public ShopService
{
public:
    GatewayService();

    /// The role that owns an operation ("place_order" -> "orders"), or "".
    static std::string ownerOf(const std::string &operation);

protected:
    void handle(Service &self, const std::string &op, const Message &request,
                const Json &payload) override;
};

} // namespace dplab
