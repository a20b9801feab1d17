#include "patterns/twophase/twophasecoordinator.h"

#include "patterns/twophase/twophaseops.h"
#include "simulation/world/world.h"

namespace dplab {

namespace {

const char *const kRoles[] = {"inventory", "payments"};

} // namespace

const char *twoPhaseAbortName(TwoPhaseAbort reason)
{
    switch (reason) {
    case TwoPhaseAbort::VoteNo:
        return "vote_no";
    case TwoPhaseAbort::Timeout:
        return "timeout";
    case TwoPhaseAbort::CoordinatorRecovery:
        return "coordinator_recovery";
    case TwoPhaseAbort::OrderNotWritten:
        return "order_not_written";
    case TwoPhaseAbort::Count_:
        break;
    }
    return "unknown";
}

TwoPhaseCoordinator::TwoPhaseCoordinator(SimTime timeout, Sql sql, CommitOrder commitOrder)
    : m_timeout(timeout)
    , m_sql(std::move(sql))
    , m_commitOrder(std::move(commitOrder))
{}

void TwoPhaseCoordinator::setup(Service &self)
{
    m_crashRng = Rng::stream(self.world().scenario().seed, "two-phase/crash/" + self.name());
    // The coordinator's durable memory: what each transaction is and what was decided.
    self.database().exec(
        "CREATE TABLE IF NOT EXISTS tpc_log (txid INTEGER PRIMARY KEY,"
        " order_id INTEGER, customer_id INTEGER NOT NULL, product_id INTEGER NOT NULL,"
        " qty INTEGER NOT NULL, total INTEGER NOT NULL, state TEXT NOT NULL,"
        " decision TEXT, reason TEXT, started_us INTEGER NOT NULL, decided_us INTEGER)");
}

std::uint64_t TwoPhaseCoordinator::context(std::int64_t txid, Phase phase, int participant)
{
    return kContextBit | (static_cast<std::uint64_t>(txid) << 2) | (phase << 1) |
           static_cast<std::uint64_t>(participant);
}

std::int64_t TwoPhaseCoordinator::keyOf(const Tx &tx, int participant) const
{
    return participant == 0 ? tx.product : tx.customer;
}

void TwoPhaseCoordinator::send(Service &self, const Tx &tx, int participant, const std::string &op)
{
    World &w = self.world();
    const std::int16_t target = w.serviceWithRole(kRoles[participant]);
    Json payload{{"txid", tx.txid}};
    if (op == TwoPhaseOps::kPrepare)
        payload["amount"] = participant == 0 ? tx.qty : tx.total;
    if (op == TwoPhaseOps::kCommit)
        payload["order"] = tx.order;
    const Phase phase = op == TwoPhaseOps::kPrepare ? Prepare : Decision;
    self.call(target, w.operationLabel(op), keyOf(tx, participant), payload.dump(),
              context(tx.txid, phase, participant), m_timeout, 0);
}

void TwoPhaseCoordinator::sendDecision(Service &self, const Tx &tx, int participant)
{
    send(self, tx, participant, tx.commit ? TwoPhaseOps::kCommit : TwoPhaseOps::kAbort);
}

void TwoPhaseCoordinator::begin(Service &self, const Message &request, std::int64_t product,
                                std::int64_t qty, std::int64_t price)
{
    Tx tx;
    tx.request = request;
    tx.customer = request.key;
    tx.product = product;
    tx.qty = qty;
    tx.total = qty * price;
    Database &db = self.database();
    db.begin();
    db.prepare("INSERT INTO tpc_log (customer_id, product_id, qty, total, state, started_us)"
               " VALUES (?1, ?2, ?3, ?4, 'preparing', ?5)")
        .bind(1, tx.customer)
        .bind(2, tx.product)
        .bind(3, tx.qty)
        .bind(4, tx.total)
        .bind(5, self.world().now())
        .run();
    tx.txid = db.lastInsertRowId();
    ++m_stats.transactions;
    if (!self.commit("2pc begin tx " + std::to_string(tx.txid)))
        return; // crashed: the recovery aborts it
    Tx &t = m_txs.emplace(tx.txid, std::move(tx)).first->second;
    for (int p = 0; p < kParticipants; ++p)
        send(self, t, p, TwoPhaseOps::kPrepare);
}

void TwoPhaseCoordinator::onCallResult(Service &self, const CallResult &result)
{
    const auto txid = static_cast<std::int64_t>((result.context & ~kContextBit) >> 2);
    const auto phase = static_cast<Phase>((result.context >> 1) & 1);
    const int participant = static_cast<int>(result.context & 1);
    auto it = m_txs.find(txid);
    if (it == m_txs.end())
        return; // finished already (a late answer)
    Tx &tx = it->second;
    if (phase == Prepare) {
        if (tx.decided)
            return; // aborted already on the other vote
        if (!result.ok) {
            const bool timedOut = result.timedOut;
            std::string why = std::string(kRoles[participant]) +
                              (timedOut ? " did not vote in time" : " voted no");
            if (!timedOut) {
                const Json reply = Json::parse(result.payload, nullptr, false);
                if (reply.is_object() && reply.contains("error"))
                    why += ": " + reply.value("error", std::string());
            }
            return decide(self, txid, false,
                          timedOut ? TwoPhaseAbort::Timeout : TwoPhaseAbort::VoteNo, why);
        }
        if (--tx.votesMissing > 0)
            return;
        // Every vote is yes. This is the window that makes 2PC blocking: the participants
        // hold their locks and only this service knows (soon) what happens next.
        SimTime downFor = kSecond;
        const double p = self.world().faults().crashAfterPrepare(self.index(), &downFor);
        if (p > 0 && m_crashRng.chance(p)) {
            ++m_stats.crashesAfterPrepare;
            self.world().setCause(self.world().lastEventId());
            self.crash(downFor, "crash after prepare, before the decision");
            return;
        }
        return decide(self, txid, true, TwoPhaseAbort::Count_, std::string());
    }
    if (!tx.decided)
        return;
    if (!result.ok) {
        // The decision is durable: the client may have it now. A decision that got no answer
        // is sent again until it is acknowledged (one attempt per timeout); one that was
        // refused is not (resending would only be refused again).
        answer(self, tx);
        if (result.timedOut) {
            ++m_stats.decisionRetries;
            sendDecision(self, tx, participant);
        }
        return;
    }
    tx.acked[static_cast<std::size_t>(participant)] = true;
    if (tx.acked[0] && tx.acked[1])
        finish(self, tx);
}

void TwoPhaseCoordinator::decide(Service &self, std::int64_t txid, bool commit,
                                 TwoPhaseAbort reason, const std::string &why)
{
    Tx &tx = m_txs.at(txid);
    Database &db = self.database();
    const SimTime now = self.world().now();
    db.begin();
    db.prepare("UPDATE tpc_log SET state = ?2, decision = ?3, reason = ?4, decided_us = ?5 WHERE "
               "txid = ?1")
        .bind(1, txid)
        .bind(2, std::string(commit ? "committing" : "aborting"))
        .bind(3, std::string(commit ? "commit" : "abort"))
        .bind(4, commit ? std::string() : std::string(twoPhaseAbortName(reason)))
        .bind(5, now)
        .run();
    bool alive = true;
    if (commit) {
        // The order exists exactly when the decision is commit: one local transaction.
        db.prepare(m_sql("INSERT INTO orders (customer_id, product_id, qty, total, status, version)"
                         " VALUES (?1, ?2, ?3, ?4, 'paid', 1)"))
            .bind(1, tx.customer)
            .bind(2, tx.product)
            .bind(3, tx.qty)
            .bind(4, tx.total)
            .run();
        tx.order = db.lastInsertRowId();
        db.prepare("UPDATE tpc_log SET order_id = ?2 WHERE txid = ?1")
            .bind(1, txid)
            .bind(2, tx.order)
            .run();
        const OrderRow row{tx.order, tx.customer, tx.product, tx.qty, tx.total, "paid", 1};
        if (!m_commitOrder(self, tx.request, "2pc decide commit tx " + std::to_string(txid), row)) {
            if (!self.isUp())
                return; // crashed after logging: the recovery resends the decision
            // Rolled back (the order's event could not be published) and the client told:
            // nothing was decided, so abort.
            tx.answered = true;
            return decide(self, txid, false, TwoPhaseAbort::OrderNotWritten,
                          "the order could not be written");
        }
        ++m_stats.committed;
    } else {
        ++m_stats.aborted[static_cast<std::size_t>(reason)];
        alive = self.commit("2pc decide abort tx " + std::to_string(txid));
    }
    if (!alive)
        return;
    tx.decided = true;
    tx.commit = commit;
    tx.why = why;
    for (int p = 0; p < kParticipants; ++p)
        sendDecision(self, tx, p);
}

void TwoPhaseCoordinator::answer(Service &self, Tx &tx)
{
    if (tx.answered)
        return;
    tx.answered = true;
    if (tx.commit) {
        self.reply(tx.request, true,
                   Json{{"order", tx.order}, {"total", tx.total}, {"txid", tx.txid}}.dump());
        return;
    }
    self.traceFailure(tx.request, "transaction " + std::to_string(tx.txid) + " aborted: " + tx.why);
    self.reply(tx.request, false, Json{{"error", tx.why}, {"txid", tx.txid}}.dump());
}

void TwoPhaseCoordinator::finish(Service &self, Tx &tx)
{
    Database &db = self.database();
    db.begin();
    db.prepare("UPDATE tpc_log SET state = 'done' WHERE txid = ?1").bind(1, tx.txid).run();
    if (!self.commit("2pc done tx " + std::to_string(tx.txid)))
        return;
    answer(self, tx);
    m_txs.erase(tx.txid);
}

bool TwoPhaseCoordinator::intercept(Service &self, const std::string &op, const Message &request,
                                    const Json &payload)
{
    if (op != TwoPhaseOps::kAskDecision)
        return false;
    const std::int64_t txid = payload.value("txid", std::int64_t{0});
    const std::string role = payload.value("participant", std::string());
    const int participant = role == kRoles[0] ? 0 : role == kRoles[1] ? 1 : -1;
    self.reply(request, true, Json{{"txid", txid}}.dump());
    if (participant < 0)
        return true;
    if (auto it = m_txs.find(txid); it != m_txs.end()) {
        if (it->second.decided) {
            ++m_stats.decisionsResent;
            sendDecision(self, it->second, participant);
        }
        return true; // still voting: the decision comes when it is made
    }
    // Finished here (the participant missed the message) or never heard of: the log decides,
    // and no record at all means abort.
    auto &db = self.database();
    const auto row = db.query(
        "SELECT decision, order_id, customer_id, product_id FROM tpc_log WHERE txid = ?1", {txid});
    Tx tx;
    tx.txid = txid;
    tx.customer = tx.product = request.key;
    if (!row.rows.empty()) {
        const auto &r = row.rows[0];
        tx.commit =
            std::holds_alternative<std::string>(r[0]) && std::get<std::string>(r[0]) == "commit";
        tx.order = std::holds_alternative<std::int64_t>(r[1]) ? std::get<std::int64_t>(r[1]) : 0;
        tx.customer = std::get<std::int64_t>(r[2]);
        tx.product = std::get<std::int64_t>(r[3]);
    }
    ++m_stats.decisionsResent;
    sendDecision(self, tx, participant);
    return true;
}

void TwoPhaseCoordinator::onCrash()
{
    m_txs.clear();
}

void TwoPhaseCoordinator::recover(Service &self)
{
    const auto rows = self.database().query(
        "SELECT txid, decision, order_id, customer_id, product_id, qty, total FROM tpc_log"
        " WHERE state <> 'done' ORDER BY txid");
    for (const auto &r : rows.rows) {
        Tx tx;
        tx.txid = std::get<std::int64_t>(r[0]);
        tx.answered = true; // the client's request died with the crash
        tx.order = std::holds_alternative<std::int64_t>(r[2]) ? std::get<std::int64_t>(r[2]) : 0;
        tx.customer = std::get<std::int64_t>(r[3]);
        tx.product = std::get<std::int64_t>(r[4]);
        tx.qty = std::get<std::int64_t>(r[5]);
        tx.total = std::get<std::int64_t>(r[6]);
        const bool undecided = !std::holds_alternative<std::string>(r[1]);
        tx.commit = !undecided && std::get<std::string>(r[1]) == "commit";
        Tx &t = m_txs.emplace(tx.txid, std::move(tx)).first->second;
        if (undecided) {
            decide(self, t.txid, false, TwoPhaseAbort::CoordinatorRecovery,
                   "the coordinator crashed before deciding");
        } else {
            t.decided = true;
            for (int p = 0; p < kParticipants; ++p) {
                ++m_stats.decisionsResent;
                sendDecision(self, t, p);
            }
        }
        if (!self.isUp())
            return;
    }
}

std::int64_t TwoPhaseCoordinator::unfinished(const Service &self)
{
    const Database &db = self.database();
    const auto r = db.query("SELECT count(*) FROM tpc_log WHERE state <> 'done'");
    return std::get<std::int64_t>(r.rows.at(0).at(0));
}

std::map<std::int64_t, std::string> TwoPhaseCoordinator::decisions(const Service &self)
{
    const Database &db = self.database();
    std::map<std::int64_t, std::string> out;
    for (const auto &row : db.query("SELECT txid, decision FROM tpc_log ORDER BY txid").rows)
        out[std::get<std::int64_t>(row[0])] = std::holds_alternative<std::string>(row[1])
                                                  ? std::get<std::string>(row[1])
                                                  : std::string();
    return out;
}

} // namespace dplab
