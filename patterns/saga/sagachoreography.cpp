#include "patterns/saga/sagachoreography.h"

#include "patterns/module/switches.h"
#include "patterns/outbox/outboxsettings.h"
#include "patterns/saga/sagaprotocol.h"
#include "simulation/world/world.h"

#include <nlohmann/json.hpp>

namespace dplab {

using Json = nlohmann::json;

SagaChoreography::SagaChoreography(Service &self)
{
    const OutboxSettings *outbox = settingsOf<OutboxSettings>(self.world().scenario());
    m_outbox = std::make_unique<SagaOutbox>(self, outbox != nullptr, outbox ? outbox->poll : 0);
}

void SagaChoreography::setup(Service &self)
{
    m_outbox->setup();
    m_events = self.world().bus().topic(SagaProtocol::kEvents);
    self.world().bus().subscribe(m_events, self.index());
}

void SagaChoreography::begin(Service &self, const Message &request, std::int64_t product,
                             std::int64_t qty, std::int64_t price)
{
    Database &db = self.database();
    const SimTime now = self.world().now();
    db.begin();
    const std::int64_t order = insertPendingOrder(self, request.key, product, qty, qty * price);
    const Json created{{"type", "OrderCreated"},
                       {"event_id", SagaProtocol::eventId(order, "OrderCreated")},
                       {"saga", order},
                       {"order", order},
                       {"customer", request.key},
                       {"product", product},
                       {"qty", qty},
                       {"total", qty * price},
                       {"from", "orders"}};
    m_outbox->stage(SagaProtocol::kEvents, order, created, MessageKind::Event);
    const bool alive = m_outbox->commit("saga start: order created");
    m_ledger.started(order, now);
    if (!alive)
        return;
    self.reply(
        request, true,
        Json{{"order", order}, {"total", qty * price}, {"status", "pending"}, {"saga", order}}
            .dump());
}

bool SagaChoreography::onEvent(Service &self, const Message &event)
{
    if (event.label != m_events)
        return false;
    const Json e = Json::parse(event.payload, nullptr, false);
    if (e.is_discarded() || !e.is_object())
        return true;
    const std::string type = e.value("type", std::string());
    const std::int64_t saga = e.value("saga", std::int64_t{0});
    // Orders watches every event of its sagas; only the last ones decide the order.
    if (type == "StockRejected")
        m_ledger.stepFailed(saga, "reserve");
    else if (type == "PaymentDeclined")
        m_ledger.stepFailed(saga, "charge");
    else if (type == "ShipmentRefused")
        m_ledger.stepFailed(saga, "create_shipment");
    const bool completed = type == "ShipmentCreated";
    if (!completed && type != "StockRejected" && type != "StockReleased")
        return true;
    Database &db = self.database();
    try {
        db.begin();
        if (!decideOrder(self, saga, completed)) {
            db.rollback(); // decided before: a copy of the event (natural idempotency)
            return true;
        }
        if (!completed)
            trace(self, saga, type + ": the order is rejected");
        self.commit(completed ? "saga completed: order confirmed"
                              : "saga compensated: order rejected");
        m_ledger.finished(saga, self.world().now(), completed);
    } catch (const DatabaseError &err) {
        if (db.inTransaction())
            db.rollback();
        self.traceFailure(event, std::string("saga outcome not recorded: ") + err.what());
    }
    return true;
}

} // namespace dplab
