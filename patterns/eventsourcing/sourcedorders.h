#pragma once

#include "patterns/eventsourcing/eventsourcingstats.h"
#include "patterns/eventsourcing/eventstore.h"
#include "patterns/eventsourcing/storerelay.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace dplab {

class OrdersService;
class Service;
struct Message;

/**
 * The orders service's write side under patterns.event_sourcing. A command loads its order
 * from the event store (latest snapshot plus the tail), decides, and appends one event at the
 * version it loaded plus one. Nothing in memory keeps two commands off one order: if another
 * command appended first, the store's UNIQUE(stream, version) refuses the append (a
 * conflict), and the command reloads and decides again: a payment for an order cancelled
 * meanwhile is refunded, a cancellation of an order paid meanwhile takes its released stock
 * back. A declined payment is recorded too (PaymentDeclined): the history keeps what failed. Every
 * `snapshot_every` versions the state is kept as a snapshot. The orders table is a projection the
 * StoreRelay feeds; lookups by customer read it, so they can lag.
 */
class SourcedOrders
{
public:
    using Json = nlohmann::json;

    SourcedOrders(OrdersService &owner, Service &self);
    ~SourcedOrders();
    SourcedOrders(const SourcedOrders &) = delete;
    SourcedOrders &operator=(const SourcedOrders &) = delete;

    /// Creates the store, brings the seed orders in as OrderImported events, starts the relay.
    void setup();
    void onCrash();
    /// place_order, after price and stock: appends OrderPlaced for a new order.
    void place(Service &self, const Message &request, std::int64_t product, std::int64_t qty,
               std::int64_t price);
    void pay(Service &self, const Message &request);
    void cancel(Service &self, const Message &request);
    /// The rebuild intervention on orders: replay the projection from position 0.
    std::string rebuild();

    const EventSourcingStats &stats() const { return m_stats; }
    const StoreRelay &relay() const { return *m_relay; }
    int snapshotEvery() const { return m_snapshotEvery; }

private:
    enum class Appended { Ok, Conflict, Stopped };
    /** An order a command chose, as loaded from the store. */
    struct Chosen
    {
        std::int64_t id = 0;
        LoadedStream loaded;
    };

    /// A command's load of an order, counted for "events read per load".
    LoadedStream loadForCommand(std::int64_t order);
    /// The customer's oldest (or newest) order that the store says is confirmed; the
    /// candidates come from the projection.
    std::optional<Chosen> chooseConfirmed(std::int64_t customer, bool newest);
    /// Appends `type` at loaded.version + 1 and commits (with a snapshot when due).
    Appended appendAndCommit(Service &self, const Message &request, std::int64_t order,
                             const LoadedStream &loaded, const std::string &type,
                             const Json &payload, const std::string &what);
    void decidePaid(Service &self, const Message &request, std::int64_t order,
                    const LoadedStream &loaded, const Json &charge, int attempt);
    /// Records a declined payment on the order: a fact, appended whatever came meanwhile.
    void recordDeclined(Service &self, const Message &request, std::int64_t order,
                        const LoadedStream &loaded, const std::string &why, int attempt);
    void decideCancelled(Service &self, const Message &request, std::int64_t order,
                         const LoadedStream &loaded, bool released, int attempt);
    void refund(Service &self, const Message &request, std::int64_t payment,
                const std::string &why);
    void restock(Service &self, const Message &request, std::int64_t product, std::int64_t qty,
                 const std::string &why);
    /// Calls `role`.`op` to undo a call whose decision lost a race, counts the outcome in
    /// `counter` (or compensationsFailed) and fails the request with why and what happened.
    void compensate(Service &self, const Message &request, const std::string &role,
                    const std::string &op, std::int64_t key, const Json &payload,
                    const std::string &why, std::uint64_t EventSourcingStats::*counter,
                    const std::string &done, const std::string &notDone);
    std::int64_t nextOrderId();
    void stateJson(Json &data, const LoadedStream &loaded) const;
    static LoadedStream loadedFrom(const Json &data);

    OrdersService &m_owner;
    Service &m_self;
    int m_snapshotEvery = 0;
    EventSourcingStats m_stats;
    std::unique_ptr<StoreRelay> m_relay;
    std::int64_t m_nextId = 0; // in memory: 0 after a crash, found again in the store
};

} // namespace dplab
