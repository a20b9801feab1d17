#pragma once

#include "domain/shopservice.h"
#include "replication/customerreplica.h"

#include <memory>

namespace dplab {

/** The orders role: owns orders; placing one asks products for the price and inventory for the stock before the order row is written. */
class OrdersService : public ShopService
{
public:
    OrdersService();

    void setup(Service &self) override;
    void onEvent(Service &self, const Message &event) override;
    /// The local customer copy (patterns.replication), or nullptr when the pattern is off.
    const CustomerReplica *replica() const { return m_replica.get(); }

protected:
    void handle(Service &self, const std::string &op, const Message &request,
                const Json &payload) override;

private:
    void placeOrderShared(Service &self, const Message &request, std::int64_t product, std::int64_t qty);
    void orderDetailsShared(Service &self, const Message &request);

    std::unique_ptr<CustomerReplica> m_replica;
};

} // namespace dplab
