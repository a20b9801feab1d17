#include "patterns/domain/paymentsservice.h"

#include "patterns/module/switches.h"
#include "patterns/saga/sagasettings.h"
#include "patterns/twophase/twophasesettings.h"
#include "simulation/world/world.h"

namespace dplab {

PaymentsService::PaymentsService()
    : ShopService("payments")
{}

void PaymentsService::setup(Service &self)
{
    ShopService::setup(self);
    if (settingsOf<SagaSettings>(self.world().scenario())) {
        m_saga = std::make_unique<SagaParticipant>(self);
        m_saga->setup();
    }
    if (const auto &tpc = settingsOf<TwoPhaseCommitSettings>(self.world().scenario())) {
        m_twoPhase = std::make_unique<TwoPhaseParticipant>(
            tpc->timeout,
            TwoPhaseResource::payments([this](const std::string &t) { return sql(t); }));
        m_twoPhase->setup(self);
    }
}

void PaymentsService::onEvent(Service &self, const Message &event)
{
    if (m_saga)
        m_saga->onEvent(self, event);
}

void PaymentsService::onCrash(Service &self)
{
    ShopService::onCrash(self);
    if (m_twoPhase)
        m_twoPhase->onCrash(self);
}

void PaymentsService::onRestart(Service &self)
{
    if (m_twoPhase)
        m_twoPhase->onRestart(self);
}

void PaymentsService::handle(Service &self, const std::string &op, const Message &request,
                             const Json &payload)
{
    if (m_twoPhase && m_twoPhase->intercept(self, op, request, payload))
        return;
    Database &db = self.database();
    if (op == "charge") {
        const std::int64_t amount = payload.value("amount", std::int64_t{0});
        const std::int64_t order = payload.value("order", std::int64_t{0});
        if (amount <= 0)
            return replyFailed(self, request, "amount must be positive");
        if (self.rollFailure())
            return replyFailed(self, request, "card declined");
        db.begin();
        const int changed =
            db.prepare(sql("UPDATE accounts SET balance = balance - ?2, version = version + 1"
                           " WHERE customer_id = ?1 AND balance >= ?2"))
                .bind(1, request.key)
                .bind(2, amount)
                .run();
        if (changed == 0) {
            db.rollback();
            return replyFailed(self, request, "insufficient funds");
        }
        db.prepare(sql("INSERT INTO payments (order_id, customer_id, amount, status, version)"
                       " VALUES (?1, ?2, ?3, 'charged', 1)"))
            .bind(1, order)
            .bind(2, request.key)
            .bind(3, amount)
            .run();
        const std::int64_t id = db.lastInsertRowId();
        if (!self.commit("charge"))
            return;
        return replyOk(self, request, Json{{"payment", id}, {"amount", amount}});
    }
    if (op == "refund") {
        const std::int64_t payment = payload.value("payment", std::int64_t{0});
        db.begin();
        auto r = db.query(
            sql("SELECT customer_id, amount FROM payments WHERE id = ?1 AND status = 'charged'"),
            {payment});
        if (r.rows.empty()) {
            db.rollback();
            return replyFailed(self, request, "no charged payment " + std::to_string(payment));
        }
        db.prepare(
              sql("UPDATE payments SET status = 'refunded', version = version + 1 WHERE id = ?1"))
            .bind(1, payment)
            .run();
        db.prepare(sql("UPDATE accounts SET balance = balance + ?2, version = version + 1 WHERE "
                       "customer_id = ?1"))
            .bind(1, std::get<std::int64_t>(r.rows[0][0]))
            .bind(2, std::get<std::int64_t>(r.rows[0][1]))
            .run();
        if (!self.commit("refund"))
            return;
        return replyOk(self, request, Json{{"payment", payment}});
    }
    replyFailed(self, request, "payments cannot do \"" + op + "\"");
}

} // namespace dplab
