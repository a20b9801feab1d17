#include "ordersservice.h"

#include "world/world.h"

namespace dplab {

OrdersService::OrdersService()
    : ShopService("orders")
{
}

void OrdersService::setup(Service &self)
{
    ShopService::setup(self);
    if (self.world().scenario().patterns.replication) {
        m_replica = std::make_unique<CustomerReplica>();
        m_replica->setup(self);
    }
}

void OrdersService::onEvent(Service &self, const Message &event)
{
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
    if (!self.commit("place order (shared database)"))
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
    replyOk(self, request,
            Json{{"id", std::get<std::int64_t>(row[0])},
                 {"customer_id", std::get<std::int64_t>(row[1])},
                 {"product_id", std::get<std::int64_t>(row[2])},
                 {"qty", std::get<std::int64_t>(row[3])},
                 {"total", std::get<std::int64_t>(row[4])},
                 {"status", std::get<std::string>(row[5])},
                 {"version", std::get<std::int64_t>(row[6])},
                 {"customer", {{"name", std::get<std::string>(row[7])}, {"tier", std::get<std::string>(row[8])}}},
                 {"product", {{"name", std::get<std::string>(row[9])}, {"price", std::get<std::int64_t>(row[10])}}}});
}

void OrdersService::handle(Service &self, const std::string &op, const Message &request,
                           const Json &payload)
{
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
                return replyFailed(s, f.request, r.timedOut ? "products did not answer" : "unknown product");
            f.data["price"] = reply.value("price", std::int64_t{0});
            const std::int64_t prod = f.data["product"], q = f.data["qty"];
            Flow reserve;
            reserve.request = f.request;
            reserve.data = f.data;
            reserve.next = [this](Service &s2, Flow &f2, const CallResult &r2, const Json &reply2) {
                if (!r2.ok)
                    return replyFailed(s2, f2.request,
                                       r2.timedOut ? "inventory did not answer"
                                                   : reply2.value("error", std::string("no stock")));
                Database &db = s2.database();
                const std::int64_t q2 = f2.data["qty"], price = f2.data["price"];
                db.begin();
                db.prepare(sql("INSERT INTO orders (customer_id, product_id, qty, total, status, version)"
                           " VALUES (?1, ?2, ?3, ?4, 'confirmed', 1)"))
                    .bind(1, f2.request.key)
                    .bind(2, static_cast<std::int64_t>(f2.data["product"]))
                    .bind(3, q2)
                    .bind(4, q2 * price)
                    .run();
                const std::int64_t id = db.lastInsertRowId();
                if (!s2.commit("place order"))
                    return;
                replyOk(s2, f2.request, Json{{"order", id}, {"total", q2 * price}});
            };
            callThen(s, "inventory", "reserve", prod, Json{{"qty", q}}, std::move(reserve));
        };
        callThen(self, "products", "get_product", product, Json::object(), std::move(flow));
        return;
    }
    if (op == "get_order_details" && sharedData(self) && !m_replica)
        return orderDetailsShared(self, request);
    if (op == "get_order" || op == "get_order_details") {
        auto r = self.database().query(sql("SELECT id, customer_id, product_id, qty, total, status, version"
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

} // namespace dplab
