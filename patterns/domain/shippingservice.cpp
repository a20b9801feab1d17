#include "patterns/domain/shippingservice.h"

#include "patterns/module/switches.h"
#include "patterns/saga/sagasettings.h"
#include "simulation/world/world.h"

namespace dplab {

ShippingService::ShippingService()
    : ShopService("shipping")
{}

void ShippingService::setup(Service &self)
{
    ShopService::setup(self);
    if (settingsOf<SagaSettings>(self.world().scenario())) {
        m_saga = std::make_unique<SagaParticipant>(self);
        m_saga->setup();
    }
}

void ShippingService::onEvent(Service &self, const Message &event)
{
    if (m_saga)
        m_saga->onEvent(self, event);
}

void ShippingService::handle(Service &self, const std::string &op, const Message &request,
                             const Json &payload)
{
    Database &db = self.database();
    if (op == "create_shipment") {
        if (self.rollFailure())
            return replyFailed(self, request, "shipping refused");
        db.begin();
        db.prepare(sql("INSERT INTO shipments (order_id, customer_id, status, version) VALUES (?1, "
                       "?2, 'created', 1)"))
            .bind(1, payload.value("order", std::int64_t{0}))
            .bind(2, request.key)
            .run();
        const std::int64_t id = db.lastInsertRowId();
        if (!self.commit("create shipment"))
            return;
        return replyOk(self, request, Json{{"shipment", id}});
    }
    if (op == "cancel_shipment") {
        db.begin();
        const int changed =
            db.prepare(sql("UPDATE shipments SET status = 'cancelled', version = version + 1"
                           " WHERE id = ?1 AND status = 'created'"))
                .bind(1, payload.value("shipment", std::int64_t{0}))
                .run();
        if (changed == 0) {
            db.rollback();
            return replyFailed(self, request, "nothing to cancel");
        }
        if (!self.commit("cancel shipment"))
            return;
        return replyOk(self, request);
    }
    replyFailed(self, request, "shipping cannot do \"" + op + "\"");
}

} // namespace dplab
