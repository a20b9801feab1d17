#include "patterns/eventsourcing/sourcedorders.h"

#include "patterns/domain/orderevents.h"
#include "patterns/domain/ordersservice.h"
#include "patterns/domain/shopschema.h"
#include "patterns/eventsourcing/eventsourcingsettings.h"
#include "patterns/eventsourcing/orderaggregate.h"
#include "patterns/module/switches.h"
#include "simulation/world/world.h"

namespace dplab {

namespace {

constexpr int kMaxAttempts = 5; // one reload settles a conflict here; the bound is a safety net

} // namespace

SourcedOrders::SourcedOrders(OrdersService &owner, Service &self)
    : m_owner(owner)
    , m_self(self)
{
    const auto &es = settingsOf<EventSourcingSettings>(self.world().scenario());
    m_snapshotEvery = es ? es->snapshotEvery : 0;
    m_relay = std::make_unique<StoreRelay>(
        self, m_stats, [this](const std::string &text) { return m_owner.sql(text); });
}

SourcedOrders::~SourcedOrders() = default;

void SourcedOrders::setup()
{
    Database &db = m_self.database();
    EventStore::create(db);
    if (EventStore::lastPosition(db) == 0) {
        // The shop's seed orders predate the store: they come in as one OrderImported event
        // each, so every order has a history, and both subscriptions start after them (the
        // orders table and the read side already show them).
        const auto rows = db.query(m_owner.sql("SELECT id, customer_id, product_id, qty, total,"
                                               " status FROM orders ORDER BY id"),
                                   {}, static_cast<std::size_t>(ScenarioLimits::maxKeys));
        ShopSchema::seedTransaction(db, [&] {
            for (const auto &r : rows.rows) {
                const std::int64_t id = std::get<std::int64_t>(r[0]);
                const std::string stream = OrderAggregate::streamOf(id);
                const Json payload{{"id", id},
                                   {"customer_id", std::get<std::int64_t>(r[1])},
                                   {"product_id", std::get<std::int64_t>(r[2])},
                                   {"qty", std::get<std::int64_t>(r[3])},
                                   {"total", std::get<std::int64_t>(r[4])},
                                   {"status", std::get<std::string>(r[5])}};
                EventStore::append(db, stream, 0, OrderAggregate::kImported, payload, 0);
                if (m_snapshotEvery == 1)
                    EventStore::writeSnapshot(
                        db, stream, 1,
                        OrderAggregate::apply(Json(), id, OrderAggregate::kImported, payload, 1));
            }
            const std::int64_t last = EventStore::lastPosition(db);
            EventStore::setCheckpoint(db, StoreRelay::kProjection, last);
            EventStore::setCheckpoint(db, StoreRelay::kPublisher, last);
        });
    }
    m_relay->setup();
}

void SourcedOrders::onCrash()
{
    m_nextId = 0;
}

std::string SourcedOrders::rebuild()
{
    return m_relay->rebuild();
}

LoadedStream SourcedOrders::loadForCommand(std::int64_t order)
{
    LoadedStream l = EventStore::load(m_self.database(), OrderAggregate::streamOf(order));
    m_stats.readPerLoad.record(l.eventsRead);
    (l.snapshotVersion > 0 ? m_stats.readFromSnapshot : m_stats.readFromStart).record(l.eventsRead);
    return l;
}

std::optional<SourcedOrders::Chosen> SourcedOrders::chooseConfirmed(std::int64_t customer,
                                                                    bool newest)
{
    const auto r = m_self.database().query(
        m_owner.sql(newest ? "SELECT id FROM orders WHERE customer_id = ?1 AND status = 'confirmed'"
                             " ORDER BY id DESC LIMIT 8"
                           : "SELECT id FROM orders WHERE customer_id = ?1 AND status = 'confirmed'"
                             " ORDER BY id LIMIT 8"),
        {customer});
    for (const auto &row : r.rows) {
        Chosen c;
        c.id = std::get<std::int64_t>(row[0]);
        c.loaded = loadForCommand(c.id);
        // The projection may lag behind the store; the store decides.
        if (c.loaded.state.is_object() &&
            c.loaded.state.value("status", std::string()) == "confirmed")
            return c;
    }
    return std::nullopt;
}

std::int64_t SourcedOrders::nextOrderId()
{
    if (m_nextId == 0) {
        // Orders are numbered in append order, so the newest first event has the highest id.
        const auto r = m_self.database().query(
            "SELECT stream FROM event_store WHERE version = 1 ORDER BY position DESC LIMIT 1");
        m_nextId =
            r.rows.empty() ? 1 : OrderAggregate::orderOf(std::get<std::string>(r.rows[0][0])) + 1;
    }
    return m_nextId;
}

void SourcedOrders::stateJson(Json &data, const LoadedStream &loaded) const
{
    data["state"] = loaded.state;
    data["version"] = loaded.version;
}

LoadedStream SourcedOrders::loadedFrom(const Json &data)
{
    LoadedStream l;
    l.state = data.value("state", Json());
    l.version = data.value("version", std::int64_t{0});
    return l;
}

SourcedOrders::Appended SourcedOrders::appendAndCommit(Service &self, const Message &request,
                                                       std::int64_t order,
                                                       const LoadedStream &loaded,
                                                       const std::string &type, const Json &payload,
                                                       const std::string &what)
{
    World &w = self.world();
    Database &db = self.database();
    const std::string stream = OrderAggregate::streamOf(order);
    db.begin();
    const auto position = EventStore::append(db, stream, loaded.version, type, payload, w.now());
    if (!position) {
        db.rollback();
        ++m_stats.conflicts;
        const auto now = db.query(
            "SELECT COALESCE(MAX(version), 0) FROM event_store WHERE stream = ?1", {stream});
        self.traceFailure(request, "conflict: " + type + " for " + stream +
                                       " was decided at version " + std::to_string(loaded.version) +
                                       ", but the stream is at " +
                                       std::to_string(std::get<std::int64_t>(now.rows[0][0])) +
                                       " now; the append was refused, reload and decide again");
        return Appended::Conflict;
    }
    const std::int64_t version = loaded.version + 1;
    if (m_snapshotEvery > 0 && version % m_snapshotEvery == 0) {
        EventStore::writeSnapshot(
            db, stream, version,
            OrderAggregate::apply(loaded.state, order, type, payload, version));
        ++m_stats.snapshots;
    }
    ++m_stats.appended;
    const bool alive = self.commit(what + " (append " + type + " to " + stream + " v" +
                                   std::to_string(version) + ")");
    m_relay->noteAppended(*position, w.lastEventId());
    if (OrderEvents::enabled(w.scenario()))
        m_owner.m_writeLog.committed(order, version, w.now());
    return alive ? Appended::Ok : Appended::Stopped;
}

void SourcedOrders::place(Service &self, const Message &request, std::int64_t product,
                          std::int64_t qty, std::int64_t price)
{
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
        const std::int64_t id = nextOrderId();
        const Json payload{{"id", id},
                           {"customer_id", request.key},
                           {"product_id", product},
                           {"qty", qty},
                           {"total", qty * price}};
        switch (appendAndCommit(self, request, id, LoadedStream{}, OrderAggregate::kPlaced, payload,
                                "place order")) {
        case Appended::Stopped:
            return;
        case Appended::Conflict:
            m_nextId = 0; // someone numbered an order past our counter: look again
            ++m_stats.retries;
            continue;
        case Appended::Ok:
            m_nextId = id + 1;
            if (attempt > 0)
                ++m_stats.retriedAppended;
            return m_owner.replyOk(self, request, Json{{"order", id}, {"total", qty * price}});
        }
    }
    m_owner.replyFailed(self, request, "could not number the new order");
}

void SourcedOrders::pay(Service &self, const Message &request)
{
    // The customer pays their oldest confirmed order. Two payments at once may choose the same
    // order: the store lets only one of them through.
    const auto chosen = chooseConfirmed(request.key, false);
    if (!chosen)
        return m_owner.replyFailed(self, request, "no order awaiting payment");
    const std::int64_t total = chosen->loaded.state.value("total", std::int64_t{0});
    OrdersService::Flow flow;
    flow.request = request;
    flow.data = Json{{"order", chosen->id}, {"total", total}};
    stateJson(flow.data, chosen->loaded);
    flow.next = [this](Service &s, OrdersService::Flow &f, const CallResult &result,
                       const Json &reply) {
        if (!result.ok && result.timedOut)
            return m_owner.replyFailed(s, f.request, "payments did not answer");
        if (!result.ok)
            return recordDeclined(
                s, f.request, f.data["order"], loadedFrom(f.data),
                "payment failed: " + reply.value("error", std::string("declined")), 0);
        const Json charge{
            {"payment", reply.value("payment", std::int64_t{0})},
            {"amount", reply.value("amount", f.data.value("total", std::int64_t{0}))}};
        decidePaid(s, f.request, f.data["order"], loadedFrom(f.data), charge, 0);
    };
    m_owner.callThen(self, "payments", "charge", request.key,
                     Json{{"amount", total}, {"order", chosen->id}}, std::move(flow));
}

void SourcedOrders::decidePaid(Service &self, const Message &request, std::int64_t order,
                               const LoadedStream &loaded, const Json &charge, int attempt)
{
    const std::string status =
        loaded.state.is_object() ? loaded.state.value("status", std::string()) : "";
    if (status != "confirmed" || attempt >= kMaxAttempts) {
        // Decided again on the fresh state: the order is no longer payable.
        ++m_stats.retriedRefused;
        return refund(self, request, charge.value("payment", std::int64_t{0}),
                      "order " + std::to_string(order) + " was " +
                          (status.empty() ? std::string("gone") : status) +
                          " meanwhile, so it cannot be paid");
    }
    switch (
        appendAndCommit(self, request, order, loaded, OrderAggregate::kPaid, charge, "pay order")) {
    case Appended::Stopped:
        return;
    case Appended::Conflict:
        ++m_stats.retries;
        return decidePaid(self, request, order, loadForCommand(order), charge, attempt + 1);
    case Appended::Ok:
        if (attempt > 0)
            ++m_stats.retriedAppended;
        return m_owner.replyOk(
            self, request,
            Json{{"order", order}, {"paid", charge.value("amount", std::int64_t{0})}});
    }
}

void SourcedOrders::recordDeclined(Service &self, const Message &request, std::int64_t order,
                                   const LoadedStream &loaded, const std::string &why, int attempt)
{
    if (attempt >= kMaxAttempts)
        return m_owner.replyFailed(self, request, why);
    switch (appendAndCommit(self, request, order, loaded, OrderAggregate::kPaymentDeclined,
                            Json{{"reason", why}}, "record a declined payment")) {
    case Appended::Stopped:
        return;
    case Appended::Conflict:
        ++m_stats.retries;
        return recordDeclined(self, request, order, loadForCommand(order), why, attempt + 1);
    case Appended::Ok:
        ++m_stats.declines;
        if (attempt > 0)
            ++m_stats.retriedAppended;
        return m_owner.replyFailed(self, request, why);
    }
}

void SourcedOrders::cancel(Service &self, const Message &request)
{
    // The customer cancels their newest confirmed order.
    const auto chosen = chooseConfirmed(request.key, true);
    if (!chosen)
        return m_owner.replyFailed(self, request, "no order to cancel");
    if (m_relay->publishes()) {
        // Event-driven: inventory gives the stock back when OrderCancelled reaches it.
        return decideCancelled(self, request, chosen->id, chosen->loaded, false, 0);
    }
    // No events: give the stock back with a call first, then append. Another command may
    // append to the order during the call.
    const auto row = OrderAggregate::rowOf(chosen->loaded.state);
    OrdersService::Flow flow;
    flow.request = request;
    flow.data = Json{{"order", chosen->id}};
    stateJson(flow.data, chosen->loaded);
    flow.next = [this](Service &s, OrdersService::Flow &f, const CallResult &result,
                       const Json &reply) {
        if (!result.ok)
            return m_owner.replyFailed(s, f.request,
                                       result.timedOut
                                           ? "inventory did not answer"
                                           : reply.value("error", std::string("release failed")));
        decideCancelled(s, f.request, f.data["order"], loadedFrom(f.data), true, 0);
    };
    m_owner.callThen(self, "inventory", "release", row ? row->product : 0,
                     Json{{"qty", row ? row->qty : 0}}, std::move(flow));
}

void SourcedOrders::decideCancelled(Service &self, const Message &request, std::int64_t order,
                                    const LoadedStream &loaded, bool released, int attempt)
{
    const auto row = OrderAggregate::rowOf(loaded.state);
    if (!row || row->status != "confirmed" || attempt >= kMaxAttempts) {
        ++m_stats.retriedRefused;
        const std::string why = "order " + std::to_string(order) + " was " +
                                (row ? row->status : std::string("gone")) +
                                " meanwhile, so it can no longer be cancelled";
        if (released && row)
            return restock(self, request, row->product, row->qty, why);
        return m_owner.replyFailed(self, request, why);
    }
    switch (appendAndCommit(self, request, order, loaded, OrderAggregate::kCancelled,
                            Json::object(), "cancel order")) {
    case Appended::Stopped:
        return;
    case Appended::Conflict:
        ++m_stats.retries;
        return decideCancelled(self, request, order, loadForCommand(order), released, attempt + 1);
    case Appended::Ok:
        if (attempt > 0)
            ++m_stats.retriedAppended;
        return m_owner.replyOk(self, request, Json{{"order", order}, {"status", "cancelled"}});
    }
}

void SourcedOrders::refund(Service &self, const Message &request, std::int64_t payment,
                           const std::string &why)
{
    compensate(self, request, "payments", "refund", request.key, Json{{"payment", payment}}, why,
               &EventSourcingStats::refunds, "the charge was refunded",
               "the refund did not get through");
}

void SourcedOrders::restock(Service &self, const Message &request, std::int64_t product,
                            std::int64_t qty, const std::string &why)
{
    compensate(self, request, "inventory", "reserve", product, Json{{"qty", qty}}, why,
               &EventSourcingStats::restocks, "the released stock was reserved again",
               "the stock could not be reserved again");
}

void SourcedOrders::compensate(Service &self, const Message &request, const std::string &role,
                               const std::string &op, std::int64_t key, const Json &payload,
                               const std::string &why, std::uint64_t EventSourcingStats::*counter,
                               const std::string &done, const std::string &notDone)
{
    // The command's decision no longer holds: undo what its call did, then fail the request
    // saying whether the undo got through.
    OrdersService::Flow flow;
    flow.request = request;
    flow.data = Json{{"why", why}, {"done", done}, {"not_done", notDone}};
    flow.next = [this, counter](Service &s, OrdersService::Flow &f, const CallResult &result,
                                const Json &) {
        const std::string reason = f.data.value("why", std::string());
        if (result.ok) {
            ++(m_stats.*counter);
            return m_owner.replyFailed(s, f.request,
                                       reason + "; " + f.data.value("done", std::string()));
        }
        ++m_stats.compensationsFailed;
        m_owner.replyFailed(s, f.request, reason + "; " + f.data.value("not_done", std::string()));
    };
    m_owner.callThen(self, role, op, key, payload, std::move(flow));
}

} // namespace dplab
