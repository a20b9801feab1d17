#include "patterns/saga/sagaorchestrator.h"

#include "patterns/module/switches.h"
#include "patterns/saga/sagaprotocol.h"
#include "patterns/saga/sagasettings.h"
#include "simulation/world/world.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace dplab {

using Json = nlohmann::json;

SagaOrchestrator::SagaOrchestrator(Service &self)
    : m_self(self)
{
    const SagaSettings *saga = settingsOf<SagaSettings>(self.world().scenario());
    const SagaSettings spec = saga ? *saga : SagaSettings{};
    m_timeout = spec.stepTimeout;
    m_retries = spec.stepRetries;
}

void SagaOrchestrator::setup(Service &self)
{
    self.database().exec(
        "CREATE TABLE IF NOT EXISTS sagas (id INTEGER PRIMARY KEY,"
        " order_id INTEGER NOT NULL, customer_id INTEGER NOT NULL,"
        " product_id INTEGER NOT NULL, qty INTEGER NOT NULL, total INTEGER NOT NULL,"
        " step INTEGER NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,"
        " failed_step TEXT, started_us INTEGER NOT NULL, updated_us INTEGER NOT NULL)");
    m_replies = self.world().bus().topic(SagaProtocol::kReplies);
    self.world().bus().subscribe(m_replies, self.index());
}

std::optional<SagaOrchestrator::Row> SagaOrchestrator::load(std::int64_t saga)
{
    const auto r =
        m_self.database().query("SELECT id, order_id, customer_id, product_id, qty, total, step,"
                                " status, attempts FROM sagas WHERE id = ?1",
                                {saga});
    if (r.rows.empty())
        return std::nullopt;
    const auto &v = r.rows[0];
    Row row;
    row.id = std::get<std::int64_t>(v[0]);
    row.order = std::get<std::int64_t>(v[1]);
    row.customer = std::get<std::int64_t>(v[2]);
    row.product = std::get<std::int64_t>(v[3]);
    row.qty = std::get<std::int64_t>(v[4]);
    row.total = std::get<std::int64_t>(v[5]);
    row.step = static_cast<int>(std::get<std::int64_t>(v[6]));
    row.status = std::get<std::string>(v[7]);
    row.attempts = static_cast<int>(std::get<std::int64_t>(v[8]));
    return row;
}

std::string SagaOrchestrator::currentAction(const Row &row)
{
    const auto &step = SagaProtocol::kSteps[static_cast<std::size_t>(row.step)];
    return row.status == "compensating" ? step.compensation : step.action;
}

void SagaOrchestrator::begin(Service &self, const Message &request, std::int64_t product,
                             std::int64_t qty, std::int64_t price)
{
    Database &db = self.database();
    const SimTime now = self.world().now();
    db.begin();
    const std::int64_t order = insertPendingOrder(self, request.key, product, qty, qty * price);
    db.prepare("INSERT INTO sagas (order_id, customer_id, product_id, qty, total, step, status, "
               "attempts,"
               " started_us, updated_us) VALUES (?1, ?2, ?3, ?4, ?5, 0, 'running', 0, ?6, ?6)")
        .bind(1, order)
        .bind(2, request.key)
        .bind(3, product)
        .bind(4, qty)
        .bind(5, qty * price)
        .bind(6, now)
        .run();
    const std::int64_t saga = db.lastInsertRowId();
    const bool alive = self.commit("saga start");
    m_ledger.started(saga, now); // committed: after a crash the restart resumes it
    if (!alive)
        return;
    // The client hears "accepted" now; the saga's outcome arrives later, in the order's status.
    self.reply(request, true,
               Json{{"order", order}, {"total", qty * price}, {"status", "pending"}, {"saga", saga}}
                   .dump());
    if (const auto row = load(saga))
        send(*row);
}

void SagaOrchestrator::send(const Row &row)
{
    const auto &step = SagaProtocol::kSteps[static_cast<std::size_t>(row.step)];
    const bool compensating = row.status == "compensating";
    const std::string action = currentAction(row);
    const Json command{{"id", SagaProtocol::commandId(row.id, action)},
                       {"saga", row.id},
                       {"action", action},
                       {"attempt", row.attempts},
                       {"order", row.order},
                       {"customer", row.customer},
                       {"product", row.product},
                       {"qty", row.qty},
                       {"total", row.total}};
    World &w = m_self.world();
    if (m_self.publish(w.bus().topic(SagaProtocol::commandTopic(step.role)), row.id, command.dump(),
                       compensating ? MessageKind::Compensation : MessageKind::Command))
        ++m_commands;
    if (!m_self.isUp())
        return; // crashed right after publishing: the restart resends it
    // A refused publish is resent by the timeout like a lost one. Each resend waits twice as
    // long as the one before (up to 32 timeouts): a fixed interval would bury a slow
    // participant under copies of commands it has not reached yet.
    const SimTime wait = m_timeout << std::min(row.attempts, 5);
    m_timers[row.id] =
        w.scheduler().scheduleIn(wait, this, 1, 0, static_cast<std::uint64_t>(row.id));
}

void SagaOrchestrator::moveTo(Row row, int step, const std::string &status, int attempts,
                              const std::string &what)
{
    Database &db = m_self.database();
    const SimTime now = m_self.world().now();
    const bool end = status == "completed" || status == "compensated";
    db.begin();
    db.prepare(
          "UPDATE sagas SET step = ?2, status = ?3, attempts = ?4, updated_us = ?5 WHERE id = ?1")
        .bind(1, row.id)
        .bind(2, static_cast<std::int64_t>(step))
        .bind(3, status)
        .bind(4, static_cast<std::int64_t>(attempts))
        .bind(5, now)
        .run();
    if (end)
        decideOrder(m_self, row.order, status == "completed");
    const bool alive = m_self.commit(what);
    if (end)
        m_ledger.finished(row.id, now, status == "completed");
    if (!alive || end)
        return;
    row.step = step;
    row.status = status;
    row.attempts = attempts;
    send(row);
}

void SagaOrchestrator::compensateFrom(const Row &row, int step)
{
    if (step < 0)
        return moveTo(row, 0, "compensated", 0, "saga compensated");
    const auto &s = SagaProtocol::kSteps[static_cast<std::size_t>(step)];
    moveTo(row, step, "compensating", 0, std::string("saga compensate: ") + s.compensation);
}

bool SagaOrchestrator::onEvent(Service &self, const Message &event)
{
    if (event.label != m_replies)
        return false;
    const Json reply = Json::parse(event.payload, nullptr, false);
    if (reply.is_discarded() || !reply.is_object())
        return true;
    guarded(self, [&] { onReply(self, reply); });
    return true;
}

void SagaOrchestrator::onReply(Service &self, const Json &reply)
{
    const auto row = load(reply.value("saga", std::int64_t{0}));
    if (!row || (row->status != "running" && row->status != "compensating"))
        return; // a late copy for a saga that has ended
    const std::string action = reply.value("action", std::string());
    if (action != currentAction(*row))
        return; // a stale reply to an earlier step (a copy, or a resend's second answer)
    const bool ok = reply.value("ok", false);
    if (row->status == "compensating" && !ok)
        return; // the timeout resends it: compensations must eventually succeed
    if (const auto t = m_timers.find(row->id); t != m_timers.end()) {
        self.world().scheduler().cancel(t->second);
        m_timers.erase(t);
    }
    if (row->status == "compensating")
        return compensateFrom(*row, row->step - 1);
    if (ok) {
        if (row->step + 1 >= static_cast<int>(SagaProtocol::kSteps.size()))
            moveTo(*row, row->step, "completed", 0, "saga completed");
        else
            moveTo(*row, row->step + 1, "running", 0,
                   std::string("saga step: ") +
                       SagaProtocol::kSteps[static_cast<std::size_t>(row->step + 1)].action);
        return;
    }
    m_ledger.stepFailed(row->id, action);
    trace(self, row->id,
          action + " failed (" + reply.value("reason", std::string("refused")) +
              "): compensating the steps before it");
    compensateFrom(*row, row->step - 1);
}

void SagaOrchestrator::handleEvent(const Event &event)
{
    const auto saga = static_cast<std::int64_t>(event.b);
    const auto t = m_timers.find(saga);
    if (!m_self.isUp() || t == m_timers.end() || t->second != event.seq)
        return;
    m_timers.erase(t);
    guarded(m_self, [&] { onTimeout(saga); });
}

void SagaOrchestrator::onTimeout(std::int64_t saga)
{
    const auto row = load(saga);
    if (!row || (row->status != "running" && row->status != "compensating"))
        return;
    m_ledger.timedOut();
    const std::string action = currentAction(*row);
    if (row->status == "compensating" || row->attempts < m_retries) {
        m_ledger.retried();
        trace(m_self, saga,
              action + " unanswered after " +
                  std::to_string((m_timeout << std::min(row->attempts, 5)) / kMillisecond) +
                  " ms: sending it again");
        moveTo(*row, row->step, row->status, row->attempts + 1, "saga retry: " + action);
        return;
    }
    // It may have happened and only the reply was lost: undo it along with the steps before.
    m_ledger.stepFailed(saga, action);
    trace(m_self, saga,
          action + " timed out" +
              (m_retries ? " after " + std::to_string(m_retries) + " retries" : std::string()) +
              ": counted as failed, compensating it too");
    compensateFrom(*row, row->step);
}

void SagaOrchestrator::onCrash(Service &self)
{
    for (const auto &[saga, timer] : m_timers)
        self.world().scheduler().cancel(timer);
    m_timers.clear();
}

void SagaOrchestrator::onRestart(Service &self)
{
    guarded(self, [&] { resume(self); });
}

void SagaOrchestrator::resume(Service &self)
{
    // Memory is gone, the table is not: every unfinished saga picks up where its row says.
    const auto r = self.database().query(
        "SELECT id FROM sagas WHERE status IN ('running', 'compensating') ORDER BY id");
    for (const auto &v : r.rows) {
        const auto row = load(std::get<std::int64_t>(v[0]));
        if (!row)
            continue;
        m_ledger.resumed();
        trace(self, row->id,
              "resumed after the restart: sending " + currentAction(*row) + " again");
        send(*row);
        if (!self.isUp())
            return;
    }
}

} // namespace dplab
