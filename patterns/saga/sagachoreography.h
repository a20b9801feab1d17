#pragma once

#include "patterns/saga/sagaorders.h"
#include "patterns/saga/sagaoutbox.h"

#include <cstdint>
#include <memory>

namespace dplab {

/**
 * The choreographed saga, orders' part: no coordinator and no saga table. Placing an order
 * writes it 'pending' and announces OrderCreated on "saga-events"; inventory, payments and
 * shipping each react to the event before them and announce their own (StockReserved,
 * PaymentCharged, ShipmentCreated, or a failure that the earlier ones compensate). Orders
 * follows the events: ShipmentCreated confirms the order, StockRejected or StockReleased
 * rejects it. The saga id is the order id.
 */
class SagaChoreography : public SagaOrders
{
public:
    explicit SagaChoreography(Service &self);

    void setup(Service &self) override;
    void begin(Service &self, const Message &request, std::int64_t product, std::int64_t qty,
               std::int64_t price) override;
    bool onEvent(Service &self, const Message &event) override;
    bool orchestrated() const override { return false; }
    std::uint64_t messages() const override { return m_outbox->stats().published; }
    std::uint64_t eventsLost() const override { return m_outbox->stats().lost; }
    const SagaOutbox &outbox() const { return *m_outbox; }

private:
    std::uint32_t m_events = 0;
    std::unique_ptr<SagaOutbox> m_outbox;
};

} // namespace dplab
