#include "patterns/cqrs/orderviewservice.h"

#include "patterns/consumers/consumerssettings.h"
#include "patterns/cqrs/writelog.h"
#include "patterns/domain/orderevents.h"
#include "patterns/domain/ordersservice.h"
#include "patterns/domain/shopschema.h"
#include "patterns/sourcepeek.h"
#include "simulation/world/world.h"

#include <map>
#include <tuple>

namespace dplab {

OrderViewService::OrderViewService()
    : ShopService("order-view")
{}

void OrderViewService::setup(Service &self)
{
    ShopService::setup(self);
    World &w = self.world();
    m_ledger = ConsumerLedger(w.scenario().patterns.isOn(IdempotentConsumersSettings::kKey));
    if (m_ledger.idempotent())
        Inbox::create(self.database());
    m_topic = w.bus().topic(OrderEvents::kTopic);
    m_subscription = w.bus().subscribe(m_topic, self.index());
    // Every behaviour exists before any setup runs, so orders' (measurement) log is there.
    auto *orders = behaviorOf<OrdersService>(w, "orders");
    m_writeLog = orders ? &orders->writeLog() : nullptr;
}

void OrderViewService::noteReplayed(const Service &self, const Message &event)
{
    if (m_replayLeft <= 0 || event.subscription != m_subscription || event.offset < 0 ||
        event.offset >= static_cast<std::int64_t>(m_replayed.size()))
        return;
    char &seen = m_replayed[static_cast<std::size_t>(event.offset)];
    if (seen)
        return;
    seen = 1;
    if (--m_replayLeft == 0 && !m_stats.rebuilds.empty())
        m_stats.rebuilds.back().finishedAt = self.world().now();
}

void OrderViewService::onEvent(Service &self, const Message &event)
{
    if (event.label != m_topic)
        return;
    ++m_stats.eventsSeen;
    noteReplayed(self, event);
    const Json payload = Json::parse(event.payload, nullptr, false);
    if (payload.is_discarded())
        return;
    try {
        apply(self, event, payload);
    } catch (const DatabaseError &e) {
        if (self.database().inTransaction())
            self.database().rollback();
        self.traceFailure(event, std::string("projection failed: ") + e.what());
    }
}

void OrderViewService::apply(Service &self, const Message &, const Json &payload)
{
    const std::string type = payload.value("type", std::string());
    const std::string eventId = payload.value("event_id", std::string());
    const auto order = OrderRow::fromJson(payload.value("order", Json::object()));
    if (!order || eventId.empty())
        return;
    World &w = self.world();
    Database &db = self.database();
    db.begin();
    if (m_ledger.idempotent() && !Inbox::claim(db, eventId, w.now())) {
        db.rollback(); // a copy of an event whose effect is already here
        m_ledger.skipped();
        return;
    }
    const auto have =
        db.query("SELECT version FROM order_summary WHERE order_id = ?1", {order->id});
    const std::int64_t version = have.rows.empty() ? 0 : std::get<std::int64_t>(have.rows[0][0]);
    const bool newer = order->version > version;
    if (newer) {
        db.prepare(
              "INSERT INTO order_summary (order_id, customer_id, customer_name, product_id,"
              " product_name, qty, total, status, version, updated_us)"
              " VALUES (?1, ?2, COALESCE((SELECT name FROM customer_names WHERE id = ?2), '?'),"
              " ?3, COALESCE((SELECT name FROM product_names WHERE id = ?3), '?'),"
              " ?4, ?5, ?6, ?7, ?8)"
              " ON CONFLICT(order_id) DO UPDATE SET customer_id = excluded.customer_id,"
              " customer_name = excluded.customer_name, product_id = excluded.product_id,"
              " product_name = excluded.product_name, qty = excluded.qty,"
              " total = excluded.total, status = excluded.status,"
              " version = excluded.version, updated_us = excluded.updated_us")
            .bind(1, order->id)
            .bind(2, order->customer)
            .bind(3, order->product)
            .bind(4, order->qty)
            .bind(5, order->total)
            .bind(6, order->status)
            .bind(7, order->version)
            .bind(8, w.now())
            .run();
        ++m_stats.moved;
    } else {
        ++m_stats.older;
    }
    // The totals are counters: this is the effect a copy of the event would apply twice.
    std::int64_t orders = 0, spent = 0, paid = 0;
    if (type == "OrderPlaced") // born paid when one transaction also charged (two-phase commit)
        orders = 1, spent = order->total, paid = order->status == "paid" ? 1 : 0;
    else if (type == "OrderCancelled")
        orders = -1, spent = -order->total;
    else if (type == "OrderPaid")
        paid = 1;
    db.prepare(
          "INSERT INTO customer_totals (customer_id, orders, spent, paid) VALUES (?1, ?2, ?3, ?4)"
          " ON CONFLICT(customer_id) DO UPDATE SET orders = orders + excluded.orders,"
          " spent = spent + excluded.spent, paid = paid + excluded.paid")
        .bind(1, order->customer)
        .bind(2, orders)
        .bind(3, spent)
        .bind(4, paid)
        .run();
    const bool alive = self.commit("project " + type);
    m_ledger.applied(eventId);
    if (newer)
        if (m_writeLog)
            m_writeLog->reflected(order->id, order->version, w.now());
    (void)alive; // a crash right after the commit still leaves the projection applied
}

std::string OrderViewService::onRebuild(Service &self)
{
    if (!self.isUp())
        return self.name() + " is down";
    World &w = self.world();
    Database &db = self.database();
    db.begin();
    db.prepare("DELETE FROM order_summary").run();
    db.prepare("DELETE FROM customer_totals").run();
    if (m_ledger.idempotent())
        Inbox::clear(db);
    // Back to the baseline (the shop's seed data, which predates the topic), then replay.
    ShopSchema::seedOrderView(db, w.scenario().domain, w.scenario().seed, false);
    if (!self.commit("rebuild: back to the seed baseline"))
        return {};
    m_ledger.reset();
    if (m_writeLog)
        m_writeLog->unreflectAll();
    const auto events = static_cast<std::int64_t>(w.bus().log(m_topic).size());
    RebuildRecord r;
    r.startedAt = w.now();
    r.events = events;
    if (events == 0)
        r.finishedAt = w.now();
    m_stats.rebuilds.push_back(r);
    m_replayed.assign(static_cast<std::size_t>(events), 0);
    m_replayLeft = events;
    w.bus().rewind(m_subscription, 0, w.cause());
    return {};
}

void OrderViewService::measureRead(Service &self, std::int64_t customer, std::int64_t order)
{
    ++m_stats.reads;
    World &w = self.world();
    // What the read side shows, against what orders has committed right now (a peek, not a call).
    std::map<std::int64_t, std::int64_t> shown, truth;
    const std::int16_t owner = findRole(w, "orders");
    if (owner < 0)
        return;
    const char *mine = order ? "SELECT order_id, version FROM order_summary WHERE order_id = ?1"
                             : "SELECT order_id, version FROM order_summary WHERE customer_id = ?1";
    const char *theirs = order ? "SELECT id, version FROM orders WHERE id = ?1"
                               : "SELECT id, version FROM orders WHERE customer_id = ?1";
    const std::int64_t key = order ? order : customer;
    try {
        for (const auto &row : self.database().query(mine, {key}).rows)
            shown[std::get<std::int64_t>(row[0])] = std::get<std::int64_t>(row[1]);
        for (const auto &row : w.service(owner).database().query(theirs, {key}).rows)
            truth[std::get<std::int64_t>(row[0])] = std::get<std::int64_t>(row[1]);
    } catch (const DatabaseError &) {
        return; // orders' schema changed under a schema-change fault: nothing to compare
    }
    SimTime oldest = -1;
    bool stale = false;
    for (const auto &[id, version] : truth) {
        const auto it = shown.find(id);
        if (it != shown.end() && it->second >= version)
            continue;
        stale = true;
        if (m_writeLog) {
            const SimTime at = m_writeLog->oldestUnreflected(id);
            if (at >= 0 && (oldest < 0 || at < oldest))
                oldest = at;
        }
    }
    if (!stale)
        return;
    ++m_stats.staleReads;
    if (oldest >= 0)
        m_stats.staleness.record(w.now() - oldest);
    self.traceStaleRead(key, oldest >= 0 ? w.now() - oldest : -1,
                        order ? "order summary" : "orders of a customer");
}

void OrderViewService::handle(Service &self, const std::string &op, const Message &request,
                              const Json &)
{
    Database &db = self.database();
    if (op == "get_order_details") {
        measureRead(self, 0, request.key);
        const auto r = db.query("SELECT order_id, customer_id, customer_name, product_id,"
                                " product_name, qty, total, status, version"
                                " FROM order_summary WHERE order_id = ?1",
                                {request.key});
        if (r.rows.empty())
            return replyFailed(self, request, "no order " + std::to_string(request.key));
        const auto &row = r.rows[0];
        return replyOk(self, request,
                       Json{{"id", std::get<std::int64_t>(row[0])},
                            {"customer_id", std::get<std::int64_t>(row[1])},
                            {"customer", {{"name", std::get<std::string>(row[2])}}},
                            {"product_id", std::get<std::int64_t>(row[3])},
                            {"product", {{"name", std::get<std::string>(row[4])}}},
                            {"qty", std::get<std::int64_t>(row[5])},
                            {"total", std::get<std::int64_t>(row[6])},
                            {"status", std::get<std::string>(row[7])},
                            {"version", std::get<std::int64_t>(row[8])}});
    }
    if (op == "list_orders") {
        measureRead(self, request.key, 0);
        const auto r = db.query("SELECT order_id, product_name, qty, total, status, version"
                                " FROM order_summary WHERE customer_id = ?1"
                                " ORDER BY order_id DESC LIMIT 10",
                                {request.key});
        Json orders = Json::array();
        for (const auto &row : r.rows)
            orders.push_back({{"id", std::get<std::int64_t>(row[0])},
                              {"product", std::get<std::string>(row[1])},
                              {"qty", std::get<std::int64_t>(row[2])},
                              {"total", std::get<std::int64_t>(row[3])},
                              {"status", std::get<std::string>(row[4])},
                              {"version", std::get<std::int64_t>(row[5])}});
        const auto t =
            db.query("SELECT orders, spent, paid FROM customer_totals WHERE customer_id = ?1",
                     {request.key});
        Json totals = {{"orders", 0}, {"spent", 0}, {"paid", 0}};
        if (!t.rows.empty())
            totals = {{"orders", std::get<std::int64_t>(t.rows[0][0])},
                      {"spent", std::get<std::int64_t>(t.rows[0][1])},
                      {"paid", std::get<std::int64_t>(t.rows[0][2])}};
        return replyOk(self, request,
                       Json{{"customer_id", request.key}, {"orders", orders}, {"totals", totals}});
    }
    replyFailed(self, request, "order-view cannot do \"" + op + "\"");
}

ReadModelDivergence OrderViewService::divergence(const World &world)
{
    ReadModelDivergence d;
    const std::int16_t orders = findRole(world, "orders");
    const std::int16_t view = findRole(world, "order-view");
    if (orders < 0 || view < 0)
        return d;
    // Read-only queries; query() is non-const only for its statement cache.
    World &w = const_cast<World &>(world);
    const std::size_t all = static_cast<std::size_t>(ScenarioLimits::maxKeys);
    QueryResult source, summaries, totals;
    try {
        source = w.service(orders).database().query(
            "SELECT id, customer_id, product_id, qty, total, status, version FROM orders", {}, all);
        summaries = w.service(view).database().query(
            "SELECT order_id, customer_id, customer_name, product_id, product_name, qty, total,"
            " status, version FROM order_summary",
            {}, all);
        totals = w.service(view).database().query(
            "SELECT customer_id, orders, spent, paid FROM customer_totals", {}, all);
    } catch (const DatabaseError &) {
        d.readable = false;
        return d;
    }
    const std::uint64_t seed = world.scenario().seed;
    auto i64 = [](const SqlValue &v) { return std::get<std::int64_t>(v); };
    auto text = [](const SqlValue &v) { return std::get<std::string>(v); };
    using Row = std::tuple<std::int64_t, std::string, std::int64_t, std::string, std::int64_t,
                           std::int64_t, std::string, std::int64_t>;
    std::map<std::int64_t, Row> expected;
    using Totals = std::tuple<std::int64_t, std::int64_t, std::int64_t>;
    std::map<std::int64_t, Totals> expectedTotals;
    for (const auto &r : source.rows) {
        const std::int64_t customer = i64(r[1]), product = i64(r[2]);
        const std::string status = text(r[5]);
        expected[i64(r[0])] = Row{customer,  ShopSchema::customerName(customer, seed),
                                  product,   ShopSchema::productName(product, seed),
                                  i64(r[3]), i64(r[4]),
                                  status,    i64(r[6])};
        Totals &t = expectedTotals[customer];
        if (status != "cancelled") {
            ++std::get<0>(t);
            std::get<1>(t) += i64(r[4]);
        }
        if (status == "paid")
            ++std::get<2>(t);
    }
    d.orders = static_cast<std::int64_t>(expected.size());
    auto note = [&d](std::int64_t id, const char *what) {
        if (!d.example) {
            d.example = id;
            d.exampleWhat = what;
        }
    };
    std::map<std::int64_t, bool> seen;
    for (const auto &r : summaries.rows) {
        const std::int64_t id = i64(r[0]);
        seen[id] = true;
        const auto it = expected.find(id);
        if (it == expected.end()) {
            ++d.phantom;
            d.phantomOrders.push_back(id);
            note(id, "order");
        } else if (it->second != Row{i64(r[1]), text(r[2]), i64(r[3]), text(r[4]), i64(r[5]),
                                     i64(r[6]), text(r[7]), i64(r[8])}) {
            ++d.outdated;
            d.outdatedOrders.push_back(id);
            note(id, "order");
        }
    }
    for (const auto &[id, row] : expected)
        if (!seen.count(id)) {
            ++d.missing;
            d.missingOrders.push_back(id);
            note(id, "order");
        }
    std::map<std::int64_t, Totals> shownTotals;
    for (const auto &r : totals.rows)
        shownTotals[i64(r[0])] = Totals{i64(r[1]), i64(r[2]), i64(r[3])};
    std::map<std::int64_t, bool> customers;
    for (const auto &[c, t] : expectedTotals)
        customers[c] = true;
    for (const auto &[c, t] : shownTotals)
        customers[c] = true;
    for (const auto &[c, unused] : customers) {
        const auto e = expectedTotals.find(c);
        const auto s = shownTotals.find(c);
        const Totals want = e == expectedTotals.end() ? Totals{} : e->second;
        const Totals got = s == shownTotals.end() ? Totals{} : s->second;
        if (want != got) {
            ++d.totalsWrong;
            d.wrongCustomers.push_back(c);
            if (!d.example) {
                d.example = c;
                d.exampleWhat = "customer";
            }
        }
    }
    return d;
}

} // namespace dplab
