#include "patterns/saga/sagaorders.h"

#include "patterns/module/switches.h"
#include "patterns/saga/sagachoreography.h"
#include "patterns/saga/sagaorchestrator.h"
#include "patterns/saga/sagasettings.h"
#include "simulation/world/world.h"

namespace dplab {

std::unique_ptr<SagaOrders> SagaOrders::create(Service &self)
{
    const auto &saga = settingsOf<SagaSettings>(self.world().scenario());
    if (!saga)
        return nullptr;
    if (saga->style == SagaSettings::Style::Choreography)
        return std::make_unique<SagaChoreography>(self);
    return std::make_unique<SagaOrchestrator>(self);
}

std::int64_t SagaOrders::insertPendingOrder(Service &self, std::int64_t customer,
                                            std::int64_t product, std::int64_t qty,
                                            std::int64_t total)
{
    Database &db = self.database();
    db.prepare("INSERT INTO orders (customer_id, product_id, qty, total, status, version)"
               " VALUES (?1, ?2, ?3, ?4, 'pending', 1)")
        .bind(1, customer)
        .bind(2, product)
        .bind(3, qty)
        .bind(4, total)
        .run();
    return db.lastInsertRowId();
}

bool SagaOrders::decideOrder(Service &self, std::int64_t order, bool completed)
{
    return self.database()
               .prepare("UPDATE orders SET status = ?2, version = version + 1 WHERE id = ?1 AND "
                        "status = 'pending'")
               .bind(1, order)
               .bind(2, std::string(completed ? "confirmed" : "rejected"))
               .run() > 0;
}

void SagaOrders::trace(Service &self, std::int64_t saga, const std::string &text)
{
    World &w = self.world();
    TraceEvent e;
    e.kind = TraceKind::Failure;
    e.from = self.index();
    e.key = saga;
    e.ok = false;
    e.cause = w.cause();
    e.text = w.names().addText("saga " + std::to_string(saga) + ": " + text);
    w.setCause(w.record(e));
}

void SagaOrders::guarded(Service &self, const std::function<void()> &work)
{
    try {
        work();
    } catch (const DatabaseError &e) {
        if (self.database().inTransaction())
            self.database().rollback();
        trace(self, 0, std::string("saga state not updated: ") + e.what());
    }
}

} // namespace dplab
