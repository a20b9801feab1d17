#include "patterns/twophase/twophaseparticipant.h"

#include "patterns/twophase/twophaseops.h"
#include "simulation/world/world.h"

namespace dplab {

TwoPhaseParticipant::TwoPhaseParticipant(SimTime timeout, TwoPhaseResource resource)
    : m_timeout(timeout)
    , m_resource(std::move(resource))
{}

void TwoPhaseParticipant::setup(Service &self)
{
    m_self = &self;
    // One row per transaction this participant heard of: the promise (prepared) and then
    // its outcome. It survives crashes, so the promise does too.
    self.database().exec("CREATE TABLE IF NOT EXISTS tpc_prepared (txid INTEGER PRIMARY KEY,"
                         " key INTEGER NOT NULL, amount INTEGER NOT NULL, order_id INTEGER,"
                         " state TEXT NOT NULL, prepared_us INTEGER, decided_us INTEGER)");
}

bool TwoPhaseParticipant::intercept(Service &self, const std::string &op, const Message &request,
                                    const Json &payload)
{
    if (op == TwoPhaseOps::kPrepare) {
        prepare(self, request, payload);
        return true;
    }
    if (op == TwoPhaseOps::kCommit || op == TwoPhaseOps::kAbort) {
        decide(self, op == TwoPhaseOps::kCommit, request, payload);
        return true;
    }
    if (!m_locks.locked(request.key))
        return false;
    // Any other work on a locked key (reads too: the prepared value is not decided yet) waits.
    park(self, request);
    return true;
}

std::uint64_t TwoPhaseParticipant::park(Service &self, const Message &request)
{
    World &w = self.world();
    TraceEvent e = traceOf(TraceKind::Hold, request);
    e.to = self.index();
    e.cause = w.cause();
    e.value = static_cast<std::int64_t>(m_locks.waiting() + 1);
    e.text = w.names().addText("waits for the lock on " + m_resource.keyName + " " +
                               std::to_string(request.key) + ", held by transaction " +
                               std::to_string(m_locks.holder(request.key)));
    Message parked = request;
    parked.cause = w.record(e);
    return m_locks.enqueue(request.key, parked, w.now());
}

void TwoPhaseParticipant::voteNo(Service &self, const Message &request, const std::string &why)
{
    ++m_stats.votedNo;
    self.traceFailure(request, m_resource.role + " votes no: " + why);
    self.reply(request, false, Json{{"error", why}}.dump());
}

void TwoPhaseParticipant::prepare(Service &self, const Message &request, const Json &payload)
{
    const std::int64_t txid = payload.value("txid", std::int64_t{0});
    const std::int64_t amount = payload.value("amount", std::int64_t{0});
    Database &db = self.database();
    const auto known = db.query("SELECT state FROM tpc_prepared WHERE txid = ?1", {txid});
    if (!known.rows.empty()) {
        // A repeated prepare: the same vote again, or no when the abort overtook it.
        const std::string state = std::get<std::string>(known.rows[0][0]);
        if (state == "aborted")
            return voteNo(self, request,
                          "transaction " + std::to_string(txid) + " was already aborted");
        return self.reply(request, true, Json{{"txid", txid}}.dump());
    }
    if (txid <= 0 || amount <= 0)
        return voteNo(self, request, "malformed prepare");
    if (m_locks.locked(request.key)) {
        // Another transaction holds the key: wait for it, but not longer than the timeout.
        const std::uint64_t id = park(self, request);
        self.world().scheduler().scheduleIn(m_timeout, this, LockDeadline, self.incarnation(), id);
        return;
    }
    if (self.rollFailure())
        return voteNo(self, request, m_resource.role + " refused");
    if (const std::string why = m_resource.refuse(self, request.key, amount); !why.empty())
        return voteNo(self, request, why);
    const SimTime now = self.world().now();
    db.begin();
    db.prepare("INSERT INTO tpc_prepared (txid, key, amount, state, prepared_us)"
               " VALUES (?1, ?2, ?3, 'prepared', ?4)")
        .bind(1, txid)
        .bind(2, request.key)
        .bind(3, amount)
        .bind(4, now)
        .run();
    m_locks.lock(request.key, txid);
    ++m_stats.prepared;
    if (!self.commit("2pc prepare tx " + std::to_string(txid)))
        return; // crashed: the promise is on disk, the restart takes the lock again
    scheduleInquiry(self, txid, m_timeout);
    self.reply(request, true, Json{{"txid", txid}}.dump());
}

void TwoPhaseParticipant::decide(Service &self, bool commit, const Message &request,
                                 const Json &payload)
{
    const std::int64_t txid = payload.value("txid", std::int64_t{0});
    const SimTime now = self.world().now();
    Database &db = self.database();
    const auto row = db.query(
        "SELECT key, amount, state, prepared_us FROM tpc_prepared WHERE txid = ?1", {txid});
    const char *outcome = commit ? "committed" : "aborted";
    if (row.rows.empty()) {
        if (commit) {
            self.traceFailure(request, "commit of transaction " + std::to_string(txid) +
                                           ", never prepared here");
            return self.reply(request, false, Json{{"error", "never prepared"}}.dump());
        }
        // Abort of a transaction never prepared here (its prepare was lost, or is still on
        // its way): remember the outcome, so a late prepare votes no.
        db.begin();
        db.prepare("INSERT INTO tpc_prepared (txid, key, amount, state, decided_us)"
                   " VALUES (?1, ?2, 0, 'aborted', ?3)")
            .bind(1, txid)
            .bind(2, request.key)
            .bind(3, now)
            .run();
        if (!self.commit("2pc abort tx " + std::to_string(txid) + " (not prepared)"))
            return;
        return self.reply(request, true, Json{{"txid", txid}}.dump());
    }
    const std::int64_t key = std::get<std::int64_t>(row.rows[0][0]);
    const std::int64_t amount = std::get<std::int64_t>(row.rows[0][1]);
    const std::string state = std::get<std::string>(row.rows[0][2]);
    if (state != "prepared") {
        if (state == outcome) {
            ++m_stats.repeatedDecisions;
            return self.reply(request, true, Json{{"txid", txid}, {"repeated", true}}.dump());
        }
        self.traceFailure(request, "transaction " + std::to_string(txid) + " is already " + state);
        return self.reply(request, false, Json{{"error", "already " + state}}.dump());
    }
    const std::int64_t order = payload.value("order", std::int64_t{0});
    db.begin();
    if (commit)
        m_resource.apply(self, key, amount, order);
    db.prepare("UPDATE tpc_prepared SET state = ?2, decided_us = ?3, order_id = ?4 WHERE txid = ?1")
        .bind(1, txid)
        .bind(2, std::string(outcome))
        .bind(3, now)
        .bind(4, order)
        .run();
    m_stats.blocked.record(now - std::get<std::int64_t>(row.rows[0][3]));
    ++(commit ? m_stats.committed : m_stats.aborted);
    if (!self.commit(std::string("2pc ") + (commit ? "commit" : "abort") + " tx " +
                     std::to_string(txid)))
        return; // crashed after the commit: the outcome is on disk, no lock comes back
    self.reply(request, true, Json{{"txid", txid}}.dump());
    release(self, key);
}

void TwoPhaseParticipant::release(Service &self, std::int64_t key)
{
    m_locks.unlock(key);
    const std::uint32_t incarnation = self.incarnation();
    while (auto w = m_locks.nextReady(key)) {
        ++m_stats.lockWaits;
        m_stats.lockWait.record(self.world().now() - w->since);
        // Runs as if it had just arrived: a prepare may take the lock again and stop the loop.
        self.behavior()->onRequest(self, w->request);
        if (!self.isUp() || self.incarnation() != incarnation)
            return;
    }
}

void TwoPhaseParticipant::scheduleInquiry(Service &self, std::int64_t txid, SimTime delay)
{
    self.world().scheduler().scheduleIn(delay, this, Inquire, self.incarnation(),
                                        static_cast<std::uint64_t>(txid));
}

void TwoPhaseParticipant::handleEvent(const Event &event)
{
    Service &self = *m_self;
    if (!self.isUp() || event.a != self.incarnation())
        return; // the timer belongs to a life before a crash
    World &w = self.world();
    if (event.kind == LockDeadline) {
        auto waiter = m_locks.take(event.b);
        if (!waiter)
            return; // it got the lock in time
        ++m_stats.lockWaits;
        m_stats.lockWait.record(w.now() - waiter->since);
        w.setCause(waiter->request.cause);
        voteNo(self, waiter->request,
               m_resource.keyName + " " + std::to_string(waiter->key) +
                   " stayed locked by transaction " + std::to_string(m_locks.holder(waiter->key)));
        return;
    }
    if (event.kind == Inquire) {
        const auto txid = static_cast<std::int64_t>(event.b);
        const auto row = self.database().query(
            "SELECT key FROM tpc_prepared WHERE txid = ?1 AND state = 'prepared'", {txid});
        if (row.rows.empty())
            return; // decided meanwhile
        const std::int16_t coordinator = w.serviceWithRole("orders");
        if (coordinator >= 0) {
            ++m_stats.inquiries;
            // Context 0: the answer is the decision itself, sent as a commit or abort request.
            self.call(coordinator, w.operationLabel(TwoPhaseOps::kAskDecision),
                      std::get<std::int64_t>(row.rows[0][0]),
                      Json{{"txid", txid}, {"participant", m_resource.role}}.dump(), 0, m_timeout,
                      0);
        }
        scheduleInquiry(self, txid, m_timeout);
    }
}

void TwoPhaseParticipant::onCrash(Service &)
{
    m_locks.clear();
}

void TwoPhaseParticipant::onRestart(Service &self)
{
    const auto rows = self.database().query(
        "SELECT txid, key FROM tpc_prepared WHERE state = 'prepared' ORDER BY txid");
    for (const auto &row : rows.rows) {
        const std::int64_t txid = std::get<std::int64_t>(row[0]);
        m_locks.lock(std::get<std::int64_t>(row[1]), txid);
        scheduleInquiry(self, txid, 0);
    }
}

std::int64_t TwoPhaseParticipant::inDoubt(const Service &self)
{
    // Read-only; query() is non-const only for its statement cache.
    const Database &db = self.database();
    const auto r = db.query("SELECT count(*) FROM tpc_prepared WHERE state = 'prepared'");
    return std::get<std::int64_t>(r.rows.at(0).at(0));
}

std::int64_t TwoPhaseParticipant::lockedKeys(const Service &self)
{
    const Database &db = self.database();
    const auto r =
        db.query("SELECT count(DISTINCT key) FROM tpc_prepared WHERE state = 'prepared'");
    return std::get<std::int64_t>(r.rows.at(0).at(0));
}

std::map<std::int64_t, std::string> TwoPhaseParticipant::outcomes(const Service &self)
{
    const Database &db = self.database();
    std::map<std::int64_t, std::string> out;
    for (const auto &row : db.query("SELECT txid, state FROM tpc_prepared ORDER BY txid").rows)
        out[std::get<std::int64_t>(row[0])] = std::get<std::string>(row[1]);
    return out;
}

} // namespace dplab
