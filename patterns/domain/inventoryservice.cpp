#include "patterns/domain/inventoryservice.h"

#include "patterns/consumers/consumerssettings.h"
#include "patterns/domain/orderevents.h"
#include "patterns/module/switches.h"
#include "patterns/saga/sagasettings.h"
#include "patterns/twophase/twophasesettings.h"
#include "simulation/world/world.h"

namespace dplab {

InventoryService::InventoryService()
    : ShopService("inventory")
{}

void InventoryService::setup(Service &self)
{
    ShopService::setup(self);
    World &w = self.world();
    if (settingsOf<SagaSettings>(w.scenario())) {
        m_saga = std::make_unique<SagaParticipant>(self);
        m_saga->setup();
    }
    if (const auto &tpc = settingsOf<TwoPhaseCommitSettings>(w.scenario())) {
        m_twoPhase = std::make_unique<TwoPhaseParticipant>(
            tpc->timeout,
            TwoPhaseResource::inventory([this](const std::string &t) { return sql(t); }));
        m_twoPhase->setup(self);
    }
    if (!OrderEvents::enabled(w.scenario()))
        return;
    m_ledger = ConsumerLedger(w.scenario().patterns.isOn(IdempotentConsumersSettings::kKey));
    if (m_ledger.idempotent())
        Inbox::create(self.database());
    m_topic = w.bus().topic(OrderEvents::kTopic);
    w.bus().subscribe(m_topic, self.index());
}

void InventoryService::onEvent(Service &self, const Message &event)
{
    if (m_saga && m_saga->onEvent(self, event))
        return;
    if (!m_topic || event.label != m_topic)
        return;
    const Json payload = Json::parse(event.payload, nullptr, false);
    if (payload.is_discarded() || payload.value("type", std::string()) != "OrderCancelled")
        return; // the other order events are not inventory's business
    const auto order = OrderRow::fromJson(payload.value("order", Json::object()));
    const std::string eventId = payload.value("event_id", std::string());
    if (!order || eventId.empty())
        return;
    Database &db = self.database();
    try {
        db.begin();
        if (m_ledger.idempotent() && !Inbox::claim(db, eventId, self.world().now())) {
            db.rollback();
            m_ledger.skipped();
            return;
        }
        const int changed = db.prepare(sql("UPDATE inventory SET available = available + ?2,"
                                           " reserved = reserved - ?2, version = version + 1"
                                           " WHERE product_id = ?1 AND reserved >= ?2"))
                                .bind(1, order->product)
                                .bind(2, order->qty)
                                .run();
        if (changed == 0) {
            db.rollback();
            self.traceFailure(event,
                              "nothing reserved to release for order " + std::to_string(order->id));
            return;
        }
        self.commit("release stock of a cancelled order");
        m_ledger.applied(eventId);
    } catch (const DatabaseError &e) {
        if (db.inTransaction())
            db.rollback();
        self.traceFailure(event, std::string("release failed: ") + e.what());
    }
}

void InventoryService::onCrash(Service &self)
{
    ShopService::onCrash(self);
    if (m_twoPhase)
        m_twoPhase->onCrash(self);
}

void InventoryService::onRestart(Service &self)
{
    if (m_twoPhase)
        m_twoPhase->onRestart(self);
}

void InventoryService::handle(Service &self, const std::string &op, const Message &request,
                              const Json &payload)
{
    if (m_twoPhase && m_twoPhase->intercept(self, op, request, payload))
        return;
    Database &db = self.database();
    const std::int64_t qty = payload.value("qty", std::int64_t{1});
    if (op == "reserve" || op == "release" || op == "restock") {
        if (qty <= 0)
            return replyFailed(self, request, "quantity must be positive");
        if (op != "release" && self.rollFailure())
            return replyFailed(self, request, "inventory refused the change");
        db.begin();
        int changed = 0;
        if (op == "reserve")
            changed =
                db
                    .prepare(sql(
                        "UPDATE inventory SET available = available - ?2, reserved = reserved + ?2,"
                        " version = version + 1 WHERE product_id = ?1 AND available >= ?2"))
                    .bind(1, request.key)
                    .bind(2, qty)
                    .run();
        else if (op == "release")
            changed =
                db
                    .prepare(sql(
                        "UPDATE inventory SET available = available + ?2, reserved = reserved - ?2,"
                        " version = version + 1 WHERE product_id = ?1 AND reserved >= ?2"))
                    .bind(1, request.key)
                    .bind(2, qty)
                    .run();
        else
            changed =
                db.prepare(
                      sql("UPDATE inventory SET available = available + ?2, version = version + 1"
                          " WHERE product_id = ?1"))
                    .bind(1, request.key)
                    .bind(2, qty)
                    .run();
        if (changed == 0) {
            db.rollback();
            return replyFailed(self, request,
                               op == "reserve" ? "out of stock" : "nothing to " + op);
        }
        if (op == "restock" && m_saga)
            m_saga->restocked(request.key, qty);
        if (!self.commit(op))
            return;
        return replyOk(self, request, Json{{"product", request.key}, {"qty", qty}});
    }
    if (op == "get_stock") {
        auto r = db.query(sql("SELECT available, reserved FROM inventory WHERE product_id = ?1"),
                          {request.key});
        if (r.rows.empty())
            return replyFailed(self, request, "no product " + std::to_string(request.key));
        return replyOk(self, request,
                       Json{{"available", std::get<std::int64_t>(r.rows[0][0])},
                            {"reserved", std::get<std::int64_t>(r.rows[0][1])}});
    }
    replyFailed(self, request, "inventory cannot do \"" + op + "\"");
}

} // namespace dplab
