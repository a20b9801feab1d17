#pragma once

#include "patterns/cqrs/writelog.h"
#include "patterns/domain/orderevents.h"
#include "patterns/domain/shopservice.h"
#include "patterns/eventsourcing/sourcedorders.h"
#include "patterns/outbox/eventpublisher.h"
#include "patterns/replication/customerreplica.h"
#include "patterns/saga/sagaorders.h"
#include "patterns/twophase/twophasecoordinator.h"

#include <memory>
#include <optional>
#include <unordered_set>

namespace dplab {

/**
 * The orders role: owns orders. Placing one asks products for the price and inventory for the
 * stock before the order row is written; paying one charges payments; cancelling one gives
 * the stock back. With patterns.cqrs or patterns.outbox every change also announces itself
 * on "order-events" (OrderPlaced, OrderPaid, OrderCancelled) through an EventPublisher.
 */
class OrdersService : public ShopService
{
public:
    OrdersService();

    void setup(Service &self) override;
    void onEvent(Service &self, const Message &event) override;
    void onCrash(Service &self) override;
    void onRestart(Service &self) override;
    void onCallResult(Service &self, const CallResult &result) override;
    /// With patterns.event_sourcing: replays the orders projection from the event store.
    std::string onRebuild(Service &self) override;
    /// The local customer copy (patterns.replication), or nullptr when the pattern is off.
    const CustomerReplica *replica() const { return m_replica.get(); }
    /// The event publisher (outbox or dual write), or nullptr when no pattern needs events.
    const EventPublisher *publisher() const { return m_publisher.get(); }
    /// The order saga (patterns.saga), or nullptr when the pattern is off.
    const SagaOrders *saga() const { return m_saga.get(); }
    /// The two-phase commit coordinator, or nullptr when patterns.two_phase_commit is off.
    const TwoPhaseCoordinator *twoPhase() const { return m_twoPhase.get(); }
    /// The event-sourced write side (patterns.event_sourcing), or nullptr when it is off.
    const SourcedOrders *eventSourcing() const { return m_sourced.get(); }
    /// Measurement: every order change committed, until the read side reflects it.
    WriteLog &writeLog() { return m_writeLog; }
    const WriteLog &writeLog() const { return m_writeLog; }

protected:
    void handle(Service &self, const std::string &op, const Message &request,
                const Json &payload) override;

private:
    friend class SourcedOrders; // its commands run flows and answer requests as this service

    void placeOrderShared(Service &self, const Message &request, std::int64_t product,
                          std::int64_t qty);
    void orderDetailsShared(Service &self, const Message &request);
    void payOrder(Service &self, const Message &request);
    void cancelOrder(Service &self, const Message &request);
    void listOrders(Service &self, const Message &request);
    std::optional<OrderRow> loadOrder(Service &self, std::int64_t id);
    /// The customer's oldest (or newest) confirmed order that no flow is handling now.
    std::optional<OrderRow> confirmedOrder(Service &self, std::int64_t customer, bool newest);
    /// Commits the open transaction, with the event `type` for `row` when events are on.
    /// False when the caller must stop: the service crashed, or the write was rolled back
    /// (and the request already answered).
    bool commitOrder(Service &self, const Message &request, const std::string &what,
                     const std::string &type, const OrderRow &row);

    std::unique_ptr<CustomerReplica> m_replica;
    std::unique_ptr<EventPublisher> m_publisher;
    std::unique_ptr<SagaOrders> m_saga;
    std::unique_ptr<TwoPhaseCoordinator> m_twoPhase;
    std::unique_ptr<SourcedOrders> m_sourced;
    WriteLog m_writeLog;
    std::unordered_set<std::int64_t> m_busy; // orders with a payment or cancellation in progress
};

} // namespace dplab
