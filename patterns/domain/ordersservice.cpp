#include "patterns/domain/ordersservice.h"

#include "patterns/eventsourcing/eventsourcingsettings.h"
#include "patterns/module/switches.h"
#include "patterns/replication/replicationsettings.h"
#include "patterns/twophase/twophasesettings.h"
#include "simulation/world/world.h"

namespace dplab {

OrdersService::OrdersService()
    : ShopService("orders")
{}

void OrdersService::setup(Service &self)
{
    ShopService::setup(self);
    if (self.world().scenario().patterns.isOn(ReplicationSettings::kKey)) {
        m_replica = std::make_unique<CustomerReplica>();
        m_replica->setup(self);
    }
    if (settingsOf<EventSourcingSettings>(self.world().scenario())) {
        // The event store is the source of truth, and its relay publishes the order events.
        m_sourced = std::make_unique<SourcedOrders>(*this, self);
        m_sourced->setup();
    } else if (OrderEvents::enabled(self.world().scenario())) {
        m_publisher = std::make_unique<EventPublisher>(self, OrderEvents::kTopic);
        m_publisher->setup();
    }
    if ((m_saga = SagaOrders::create(self)))
        m_saga->setup(self);
    if (const auto &tpc = settingsOf<TwoPhaseCommitSettings>(self.world().scenario())) {
        m_twoPhase = std::make_unique<TwoPhaseCoordinator>(
            tpc->timeout, [this](const std::string &text) { return sql(text); },
            [this](Service &s, const Message &req, const std::string &what, const OrderRow &row) {
                return commitOrder(s, req, what, "OrderPlaced", row);
            });
        m_twoPhase->setup(self);
    }
}

void OrdersService::onCrash(Service &self)
{
    ShopService::onCrash(self);
    m_busy.clear();
    if (m_saga)
        m_saga->onCrash(self);
    if (m_twoPhase)
        m_twoPhase->onCrash();
    if (m_sourced)
        m_sourced->onCrash();
}

void OrdersService::onRestart(Service &self)
{
    if (m_saga)
        m_saga->onRestart(self);
    if (m_twoPhase)
        m_twoPhase->recover(self);
}

void OrdersService::onCallResult(Service &self, const CallResult &result)
{
    if (m_twoPhase && TwoPhaseCoordinator::owns(result.context))
        return m_twoPhase->onCallResult(self, result);
    ShopService::onCallResult(self, result);
}

std::string OrdersService::onRebuild(Service &self)
{
    return m_sourced ? m_sourced->rebuild() : ShopService::onRebuild(self);
}

std::optional<OrderRow> OrdersService::loadOrder(Service &self, std::int64_t id)
{
    const auto r = self.database().query(sql("SELECT id, customer_id, product_id, qty, total, "
                                             "status, version FROM orders WHERE id = ?1"),
                                         {id});
    if (r.rows.empty())
        return std::nullopt;
    const auto &row = r.rows[0];
    OrderRow o;
    o.id = std::get<std::int64_t>(row[0]);
    o.customer = std::get<std::int64_t>(row[1]);
    o.product = std::get<std::int64_t>(row[2]);
    o.qty = std::get<std::int64_t>(row[3]);
    o.total = std::get<std::int64_t>(row[4]);
    o.status = std::get<std::string>(row[5]);
    o.version = std::get<std::int64_t>(row[6]);
    return o;
}

std::optional<OrderRow> OrdersService::confirmedOrder(Service &self, std::int64_t customer,
                                                      bool newest)
{
    const auto r = self.database().query(sql(newest ? "SELECT id FROM orders WHERE customer_id = "
                                                      "?1 AND status = 'confirmed' ORDER BY id DESC"
                                                    : "SELECT id FROM orders WHERE customer_id = "
                                                      "?1 AND status = 'confirmed' ORDER BY id"),
                                         {customer});
    for (const auto &row : r.rows)
        if (!m_busy.count(std::get<std::int64_t>(row[0])))
            return loadOrder(self, std::get<std::int64_t>(row[0]));
    return std::nullopt;
}

bool OrdersService::commitOrder(Service &self, const Message &request, const std::string &what,
                                const std::string &type, const OrderRow &row)
{
    if (!m_publisher)
        return self.commit(what);
    const SimTime now = self.world().now();
    const WriteOutcome out = m_publisher->commitWith(
        what, row.id, OrderEvents::make(type, row, now, self.world().nextMessageId()),
        type + " for order " + std::to_string(row.id));
    if (out.committed)
        m_writeLog.committed(row.id, row.version, now);
    else if (out.alive)
        replyFailed(self, request, "could not publish " + type + "; the change was rolled back");
    return out.committed && out.alive;
}

void OrdersService::onEvent(Service &self, const Message &event)
{
    if (m_saga && m_saga->onEvent(self, event))
        return;
    if (m_replica)
        m_replica->onEvent(self, event);
}

void OrdersService::placeOrderShared(Service &self, const Message &request, std::int64_t product,
                                     std::int64_t qty)
{
    // The shared-database shortcut: read the catalogue and take the stock straight from the
    // other services' tables, in one local transaction. Fast, and coupled to their schemas.
    Database &db = self.database();
    db.begin();
    self.noteCoupling("products", "products");
    auto price = db.query("SELECT price FROM products WHERE id = ?1", {product});
    if (price.rows.empty()) {
        db.rollback();
        return replyFailed(self, request, "unknown product");
    }
    self.noteCoupling("inventory", "inventory");
    const int reserved = db.prepare("UPDATE inventory SET available = available - ?2,"
                                    " reserved = reserved + ?2, version = version + 1"
                                    " WHERE product_id = ?1 AND available >= ?2")
                             .bind(1, product)
                             .bind(2, qty)
                             .run();
    if (reserved == 0) {
        db.rollback();
        return replyFailed(self, request, "out of stock");
    }
    const std::int64_t total = qty * std::get<std::int64_t>(price.rows[0][0]);
    db.prepare(sql("INSERT INTO orders (customer_id, product_id, qty, total, status, version)"
                   " VALUES (?1, ?2, ?3, ?4, 'confirmed', 1)"))
        .bind(1, request.key)
        .bind(2, product)
        .bind(3, qty)
        .bind(4, total)
        .run();
    const std::int64_t id = db.lastInsertRowId();
    if (!commitOrder(self, request, "place order (shared database)", "OrderPlaced",
                     OrderRow{id, request.key, product, qty, total, "confirmed", 1}))
        return;
    replyOk(self, request, Json{{"order", id}, {"total", total}});
}

void OrdersService::orderDetailsShared(Service &self, const Message &request)
{
    // One join across three services' tables: the query the shared database makes tempting.
    self.noteCoupling("customers", "customers");
    self.noteCoupling("products", "products");
    auto r = self.database().query(
        "SELECT o.id, o.customer_id, o.product_id, o.qty, o.total, o.status, o.version,"
        " c.name, c.tier, p.name, p.price"
        " FROM orders o JOIN customers c ON c.id = o.customer_id"
        " JOIN products p ON p.id = o.product_id WHERE o.id = ?1",
        {request.key});
    if (r.rows.empty())
        return replyFailed(self, request, "no order " + std::to_string(request.key));
    const auto &row = r.rows[0];
    replyOk(
        self, request,
        Json{{"id", std::get<std::int64_t>(row[0])},
             {"customer_id", std::get<std::int64_t>(row[1])},
             {"product_id", std::get<std::int64_t>(row[2])},
             {"qty", std::get<std::int64_t>(row[3])},
             {"total", std::get<std::int64_t>(row[4])},
             {"status", std::get<std::string>(row[5])},
             {"version", std::get<std::int64_t>(row[6])},
             {"customer",
              {{"name", std::get<std::string>(row[7])}, {"tier", std::get<std::string>(row[8])}}},
             {"product",
              {{"name", std::get<std::string>(row[9])},
               {"price", std::get<std::int64_t>(row[10])}}}});
}

void OrdersService::handle(Service &self, const std::string &op, const Message &request,
                           const Json &payload)
{
    if (m_twoPhase && m_twoPhase->intercept(self, op, request, payload))
        return;
    if (op == "place_order") {
        if (self.rollFailure())
            return replyFailed(self, request, "order rejected");
        const std::int64_t product = payload.value("product", std::int64_t{1});
        const std::int64_t qty = payload.value("qty", std::int64_t{1});
        if (sharedData(self))
            return placeOrderShared(self, request, product, qty);
        // Ask for the price, then reserve the stock, then write the order: each step waits
        // for the previous one, and a failure stops the flow.
        Flow flow;
        flow.request = request;
        flow.data = Json{{"product", product}, {"qty", qty}};
        flow.next = [this](Service &s, Flow &f, const CallResult &r, const Json &reply) {
            if (!r.ok)
                return replyFailed(s, f.request,
                                   r.timedOut ? "products did not answer" : "unknown product");
            f.data["price"] = reply.value("price", std::int64_t{0});
            const std::int64_t prod = f.data["product"], q = f.data["qty"];
            if (m_saga) // the saga takes it from here: reserve, charge, ship (or compensate)
                return m_saga->begin(s, f.request, prod, q, f.data["price"]);
            if (m_twoPhase) // the stock and the payment in one distributed transaction
                return m_twoPhase->begin(s, f.request, prod, q, f.data["price"]);
            Flow reserve;
            reserve.request = f.request;
            reserve.data = f.data;
            reserve.next = [this](Service &s2, Flow &f2, const CallResult &r2, const Json &reply2) {
                if (!r2.ok)
                    return replyFailed(s2, f2.request,
                                       r2.timedOut
                                           ? "inventory did not answer"
                                           : reply2.value("error", std::string("no stock")));
                const std::int64_t q2 = f2.data["qty"], price = f2.data["price"];
                if (m_sourced)
                    return m_sourced->place(s2, f2.request, f2.data["product"], q2, price);
                Database &db = s2.database();
                db.begin();
                db
                    .prepare(sql(
                        "INSERT INTO orders (customer_id, product_id, qty, total, status, version)"
                        " VALUES (?1, ?2, ?3, ?4, 'confirmed', 1)"))
                    .bind(1, f2.request.key)
                    .bind(2, static_cast<std::int64_t>(f2.data["product"]))
                    .bind(3, q2)
                    .bind(4, q2 * price)
                    .run();
                const std::int64_t id = db.lastInsertRowId();
                if (!commitOrder(s2, f2.request, "place order", "OrderPlaced",
                                 OrderRow{id, f2.request.key,
                                          static_cast<std::int64_t>(f2.data["product"]), q2,
                                          q2 * price, "confirmed", 1}))
                    return;
                replyOk(s2, f2.request, Json{{"order", id}, {"total", q2 * price}});
            };
            callThen(s, "inventory", "reserve", prod, Json{{"qty", q}}, std::move(reserve));
        };
        callThen(self, "products", "get_product", product, Json::object(), std::move(flow));
        return;
    }
    if (op == "pay_order")
        return m_sourced ? m_sourced->pay(self, request) : payOrder(self, request);
    if (op == "cancel_order")
        return m_sourced ? m_sourced->cancel(self, request) : cancelOrder(self, request);
    if (op == "list_orders")
        return listOrders(self, request);
    if (op == "get_order_details" && sharedData(self) && !m_replica)
        return orderDetailsShared(self, request);
    if (op == "get_order" || op == "get_order_details") {
        auto r = self.database().query(
            sql("SELECT id, customer_id, product_id, qty, total, status, version"
                " FROM orders WHERE id = ?1"),
            {request.key});
        if (r.rows.empty())
            return replyFailed(self, request, "no order " + std::to_string(request.key));
        const auto &row = r.rows[0];
        Json order{{"id", std::get<std::int64_t>(row[0])},
                   {"customer_id", std::get<std::int64_t>(row[1])},
                   {"product_id", std::get<std::int64_t>(row[2])},
                   {"qty", std::get<std::int64_t>(row[3])},
                   {"total", std::get<std::int64_t>(row[4])},
                   {"status", std::get<std::string>(row[5])},
                   {"version", std::get<std::int64_t>(row[6])}};
        // Replication: the details include the customer from the local copy, no call needed.
        if (op == "get_order_details" && m_replica)
            order["customer"] = m_replica->read(self, std::get<std::int64_t>(row[1]));
        return replyOk(self, request, order);
    }
    replyFailed(self, request, "orders cannot do \"" + op + "\"");
}

void OrdersService::payOrder(Service &self, const Message &request)
{
    // The customer pays their oldest confirmed order that is not already being handled.
    const auto order = confirmedOrder(self, request.key, false);
    if (!order)
        return replyFailed(self, request, "no order awaiting payment");
    const std::int64_t id = order->id;
    m_busy.insert(id);
    Flow flow;
    flow.request = request;
    flow.data = Json{{"order", id}};
    flow.next = [this](Service &s, Flow &f, const CallResult &result, const Json &reply) {
        const std::int64_t orderId = f.data["order"];
        m_busy.erase(orderId);
        if (!result.ok)
            return replyFailed(s, f.request,
                               result.timedOut ? "payments did not answer"
                                               : "payment failed: " +
                                                     reply.value("error", std::string("declined")));
        Database &db = s.database();
        db.begin();
        const int changed =
            db.prepare(sql("UPDATE orders SET status = 'paid', version = version + 1"
                           " WHERE id = ?1 AND status = 'confirmed'"))
                .bind(1, orderId)
                .run();
        const auto paid = loadOrder(s, orderId);
        if (changed == 0 || !paid) {
            db.rollback();
            return replyFailed(s, f.request,
                               "order " + std::to_string(orderId) + " changed during payment");
        }
        if (!commitOrder(s, f.request, "pay order", "OrderPaid", *paid))
            return;
        replyOk(s, f.request, Json{{"order", orderId}, {"paid", paid->total}});
    };
    callThen(self, "payments", "charge", request.key, Json{{"amount", order->total}, {"order", id}},
             std::move(flow));
}

void OrdersService::cancelOrder(Service &self, const Message &request)
{
    // The customer cancels their newest confirmed order (a paid one can no longer be).
    const auto order = confirmedOrder(self, request.key, true);
    if (!order)
        return replyFailed(self, request, "no order to cancel");
    const std::int64_t id = order->id;
    auto markCancelled = [this](Service &s, const Message &req, std::int64_t orderId) {
        Database &db = s.database();
        db.begin();
        const int changed =
            db.prepare(sql("UPDATE orders SET status = 'cancelled', version = version + 1"
                           " WHERE id = ?1 AND status = 'confirmed'"))
                .bind(1, orderId)
                .run();
        const auto cancelled = loadOrder(s, orderId);
        if (changed == 0 || !cancelled) {
            db.rollback();
            return replyFailed(s, req,
                               "order " + std::to_string(orderId) + " can no longer be cancelled");
        }
        if (!commitOrder(s, req, "cancel order", "OrderCancelled", *cancelled))
            return;
        replyOk(s, req, Json{{"order", orderId}, {"status", "cancelled"}});
    };
    if (m_publisher) {
        // Event-driven: inventory gives the stock back when OrderCancelled reaches it.
        return markCancelled(self, request, id);
    }
    // No events: give the stock back with a call first, then mark the order.
    m_busy.insert(id);
    Flow flow;
    flow.request = request;
    flow.data = Json{{"order", id}};
    flow.next = [this, markCancelled](Service &s, Flow &f, const CallResult &result,
                                      const Json &reply) {
        const std::int64_t orderId = f.data["order"];
        m_busy.erase(orderId);
        if (!result.ok)
            return replyFailed(s, f.request,
                               result.timedOut
                                   ? "inventory did not answer"
                                   : reply.value("error", std::string("release failed")));
        markCancelled(s, f.request, orderId);
    };
    callThen(self, "inventory", "release", order->product, Json{{"qty", order->qty}},
             std::move(flow));
}

void OrdersService::listOrders(Service &self, const Message &request)
{
    const auto r = self.database().query(
        sql("SELECT id, product_id, qty, total, status, version FROM orders WHERE customer_id = ?1"
            " ORDER BY id DESC LIMIT 10"),
        {request.key});
    Json orders = Json::array();
    for (const auto &row : r.rows)
        orders.push_back({{"id", std::get<std::int64_t>(row[0])},
                          {"product_id", std::get<std::int64_t>(row[1])},
                          {"qty", std::get<std::int64_t>(row[2])},
                          {"total", std::get<std::int64_t>(row[3])},
                          {"status", std::get<std::string>(row[4])},
                          {"version", std::get<std::int64_t>(row[5])}});
    replyOk(self, request, Json{{"customer_id", request.key}, {"orders", orders}});
}

} // namespace dplab
