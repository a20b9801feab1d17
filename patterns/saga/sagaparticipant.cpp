#include "patterns/saga/sagaparticipant.h"

#include "patterns/consumers/consumerssettings.h"
#include "patterns/module/switches.h"
#include "patterns/outbox/outboxsettings.h"
#include "patterns/saga/sagaprotocol.h"
#include "patterns/saga/sagasettings.h"
#include "simulation/world/world.h"

namespace dplab {

namespace {

/// What a choreographed participant reacts to, and what it announces.
struct Reaction
{
    bool compensation = false;
    const char *success = "";
    const char *failure = "";
};

std::optional<Reaction> reactionOf(const std::string &role, const std::string &type)
{
    if (role == "inventory" && type == "OrderCreated")
        return Reaction{false, "StockReserved", "StockRejected"};
    if (role == "inventory" && (type == "PaymentDeclined" || type == "PaymentRefunded"))
        return Reaction{true, "StockReleased", ""};
    if (role == "payments" && type == "StockReserved")
        return Reaction{false, "PaymentCharged", "PaymentDeclined"};
    if (role == "payments" && type == "ShipmentRefused")
        return Reaction{true, "PaymentRefunded", ""};
    if (role == "shipping" && type == "PaymentCharged")
        return Reaction{false, "ShipmentCreated", "ShipmentRefused"};
    return std::nullopt;
}

std::int64_t num(const nlohmann::json &j, const char *key)
{
    return j.value(key, std::int64_t{0});
}

} // namespace

namespace {

bool choreographed(const Scenario &s)
{
    const SagaSettings *saga = settingsOf<SagaSettings>(s);
    return saga && saga->style == SagaSettings::Style::Choreography;
}

} // namespace

SagaParticipant::SagaParticipant(Service &self)
    : m_self(self)
    , m_role(self.role())
    , m_step(SagaProtocol::stepOf(self.role()))
    , m_outbox(self,
               choreographed(self.world().scenario()) &&
                   settingsOf<OutboxSettings>(self.world().scenario()) != nullptr,
               settingsOf<OutboxSettings>(self.world().scenario())
                   ? settingsOf<OutboxSettings>(self.world().scenario())->poll
                   : 0)
{
    const Scenario &s = self.world().scenario();
    m_orchestrated = !choreographed(s);
    m_idempotent = s.patterns.isOn(IdempotentConsumersSettings::kKey);
    m_ledger = ConsumerLedger(m_idempotent);
}

const char *SagaParticipant::tableOf(const std::string &role)
{
    if (role == "inventory")
        return "reservations";
    if (role == "payments")
        return "saga_payments";
    return "saga_shipments";
}

const char *SagaParticipant::doneStatus(const std::string &role)
{
    if (role == "inventory")
        return "reserved";
    if (role == "payments")
        return "charged";
    return "created";
}

const char *SagaParticipant::undoneStatus(const std::string &role)
{
    if (role == "inventory")
        return "released";
    if (role == "payments")
        return "refunded";
    return "cancelled";
}

void SagaParticipant::setup()
{
    Database &db = m_self.database();
    if (m_role == "inventory")
        db.exec("CREATE TABLE IF NOT EXISTS reservations (saga_id INTEGER PRIMARY KEY,"
                " order_id INTEGER NOT NULL, product_id INTEGER NOT NULL, qty INTEGER NOT NULL,"
                " status TEXT NOT NULL, reason TEXT, updated_us INTEGER NOT NULL)");
    else if (m_role == "payments")
        db.exec(
            "CREATE TABLE IF NOT EXISTS saga_payments (saga_id INTEGER PRIMARY KEY,"
            " order_id INTEGER NOT NULL, customer_id INTEGER NOT NULL, amount INTEGER NOT NULL,"
            " payment_id INTEGER, status TEXT NOT NULL, reason TEXT, updated_us INTEGER NOT NULL)");
    else
        db.exec("CREATE TABLE IF NOT EXISTS saga_shipments (saga_id INTEGER PRIMARY KEY,"
                " order_id INTEGER NOT NULL, customer_id INTEGER NOT NULL, shipment_id INTEGER,"
                " status TEXT NOT NULL, reason TEXT, updated_us INTEGER NOT NULL)");
    if (m_idempotent)
        Inbox::create(db);
    m_outbox.setup();
    Bus &bus = m_self.world().bus();
    m_listenTopic =
        bus.topic(m_orchestrated ? SagaProtocol::commandTopic(m_role) : SagaProtocol::kEvents);
    bus.subscribe(m_listenTopic, m_self.index());
}

bool SagaParticipant::onEvent(Service &self, const Message &event)
{
    if (event.label != m_listenTopic)
        return false;
    const Json payload = Json::parse(event.payload, nullptr, false);
    if (payload.is_discarded() || !payload.is_object())
        return true;
    Database &db = self.database();
    try {
        if (m_orchestrated)
            onCommand(self, event, payload);
        else
            onSagaEvent(self, event, payload);
    } catch (const DatabaseError &e) {
        if (db.inTransaction())
            db.rollback();
        m_outbox.discard();
        self.traceFailure(event, std::string("saga step failed: ") + e.what());
    }
    return true;
}

std::optional<std::string> SagaParticipant::statusOf(std::int64_t saga)
{
    const auto r = m_self.database().query(
        std::string("SELECT status FROM ") + tableOf(m_role) + " WHERE saga_id = ?1", {saga});
    if (r.rows.empty())
        return std::nullopt;
    return std::get<std::string>(r.rows[0][0]);
}

SagaParticipant::Outcome SagaParticipant::recorded(const std::string &status) const
{
    if (status == doneStatus(m_role))
        return {true, ""};
    if (status == "refused")
        return {false, "refused earlier"};
    return {false, "already compensated"};
}

SagaParticipant::Outcome SagaParticipant::forward(Service &self, std::int64_t saga, const Json &d)
{
    Database &db = self.database();
    const SimTime now = self.world().now();
    Outcome out;
    if (m_role == "inventory") {
        const std::int64_t product = num(d, "product"), qty = num(d, "qty");
        if (self.rollFailure())
            out = {false, "inventory refused the reservation"};
        else if (db.prepare(
                       "UPDATE inventory SET available = available - ?2, reserved = reserved + ?2,"
                       " version = version + 1 WHERE product_id = ?1 AND available >= ?2")
                     .bind(1, product)
                     .bind(2, qty)
                     .run() == 0)
            out = {false, "out of stock"};
        db.prepare("INSERT INTO reservations (saga_id, order_id, product_id, qty, status, reason, "
                   "updated_us)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
            .bind(1, saga)
            .bind(2, num(d, "order"))
            .bind(3, product)
            .bind(4, qty)
            .bind(5, std::string(out.ok ? "reserved" : "refused"))
            .bind(6, out.reason)
            .bind(7, now)
            .run();
    } else if (m_role == "payments") {
        const std::int64_t customer = num(d, "customer"), amount = num(d, "total");
        std::int64_t payment = 0;
        if (self.rollFailure())
            out = {false, "card declined"};
        else if (amount <= 0 ||
                 db.prepare("UPDATE accounts SET balance = balance - ?2, version = version + 1"
                            " WHERE customer_id = ?1 AND balance >= ?2")
                         .bind(1, customer)
                         .bind(2, amount)
                         .run() == 0)
            out = {false, "insufficient funds"};
        if (out.ok) {
            db.prepare("INSERT INTO payments (order_id, customer_id, amount, status, version)"
                       " VALUES (?1, ?2, ?3, 'charged', 1)")
                .bind(1, num(d, "order"))
                .bind(2, customer)
                .bind(3, amount)
                .run();
            payment = db.lastInsertRowId();
        }
        db.prepare("INSERT INTO saga_payments (saga_id, order_id, customer_id, amount, payment_id, "
                   "status,"
                   " reason, updated_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
            .bind(1, saga)
            .bind(2, num(d, "order"))
            .bind(3, customer)
            .bind(4, amount)
            .bind(5, payment)
            .bind(6, std::string(out.ok ? "charged" : "refused"))
            .bind(7, out.reason)
            .bind(8, now)
            .run();
    } else {
        std::int64_t shipment = 0;
        if (self.rollFailure()) {
            out = {false, "shipping refused"};
        } else {
            db.prepare("INSERT INTO shipments (order_id, customer_id, status, version) VALUES (?1, "
                       "?2, 'created', 1)")
                .bind(1, num(d, "order"))
                .bind(2, num(d, "customer"))
                .run();
            shipment = db.lastInsertRowId();
        }
        db.prepare("INSERT INTO saga_shipments (saga_id, order_id, customer_id, shipment_id, "
                   "status, reason,"
                   " updated_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
            .bind(1, saga)
            .bind(2, num(d, "order"))
            .bind(3, num(d, "customer"))
            .bind(4, shipment)
            .bind(5, std::string(out.ok ? "created" : "refused"))
            .bind(6, out.reason)
            .bind(7, now)
            .run();
    }
    return out;
}

void SagaParticipant::undoEffect(std::int64_t saga)
{
    // Written as an increment ("give the quantity back", "credit the amount"), as undo steps
    // usually are: only the inbox stops a copy of the compensation from applying it again.
    Database &db = m_self.database();
    if (m_role == "inventory") {
        const auto r =
            db.query("SELECT product_id, qty FROM reservations WHERE saga_id = ?1", {saga});
        db.prepare("UPDATE inventory SET available = available + ?2, reserved = reserved - ?2,"
                   " version = version + 1 WHERE product_id = ?1 AND reserved >= ?2")
            .bind(1, std::get<std::int64_t>(r.rows.at(0)[0]))
            .bind(2, std::get<std::int64_t>(r.rows.at(0)[1]))
            .run();
    } else if (m_role == "payments") {
        const auto r = db.query(
            "SELECT payment_id, customer_id, amount FROM saga_payments WHERE saga_id = ?1", {saga});
        db.prepare("UPDATE payments SET status = 'refunded', version = version + 1 WHERE id = ?1")
            .bind(1, std::get<std::int64_t>(r.rows.at(0)[0]))
            .run();
        db.prepare("UPDATE accounts SET balance = balance + ?2, version = version + 1 WHERE "
                   "customer_id = ?1")
            .bind(1, std::get<std::int64_t>(r.rows.at(0)[1]))
            .bind(2, std::get<std::int64_t>(r.rows.at(0)[2]))
            .run();
    } else {
        const auto r =
            db.query("SELECT shipment_id FROM saga_shipments WHERE saga_id = ?1", {saga});
        db.prepare("UPDATE shipments SET status = 'cancelled', version = version + 1 WHERE id = ?1")
            .bind(1, std::get<std::int64_t>(r.rows.at(0)[0]))
            .run();
    }
}

SagaParticipant::Undo SagaParticipant::compensate(Service &self, std::int64_t saga, const Json &d)
{
    Database &db = self.database();
    const std::string table = tableOf(m_role);
    const auto status = statusOf(saga);
    if (!status) {
        // Nothing was done (the action is late, or lost): remember that it was cancelled, so
        // the action is refused if it arrives after all.
        if (m_role == "inventory")
            db.prepare(
                  "INSERT INTO reservations (saga_id, order_id, product_id, qty, status, reason, "
                  "updated_us)"
                  " VALUES (?1, ?2, ?3, ?4, 'tombstone', 'compensated before it happened', ?5)")
                .bind(1, saga)
                .bind(2, num(d, "order"))
                .bind(3, num(d, "product"))
                .bind(4, num(d, "qty"))
                .bind(5, self.world().now())
                .run();
        else
            db.prepare("INSERT INTO " + table + " (saga_id, order_id, customer_id, " +
                       (m_role == "payments" ? "amount, " : "") +
                       "status, reason, updated_us) VALUES (?1, ?2, ?3, " +
                       (m_role == "payments" ? "0, " : "") +
                       "'tombstone', 'compensated before it happened', ?4)")
                .bind(1, saga)
                .bind(2, num(d, "order"))
                .bind(3, num(d, "customer"))
                .bind(4, self.world().now())
                .run();
        ++m_tombstones;
        return Undo::Tombstone;
    }
    if (*status == "refused" || *status == "tombstone")
        return Undo::Nothing;
    undoEffect(saga);
    db.prepare("UPDATE " + table + " SET status = ?2, updated_us = ?3 WHERE saga_id = ?1")
        .bind(1, saga)
        .bind(2, std::string(undoneStatus(m_role)))
        .bind(3, self.world().now())
        .run();
    return Undo::Applied;
}

void SagaParticipant::reply(Service &self, std::int64_t saga, const std::string &action,
                            const std::string &command, const Outcome &outcome)
{
    const Json r{{"saga", saga},     {"action", action},         {"command", command},
                 {"ok", outcome.ok}, {"reason", outcome.reason}, {"from", m_role}};
    if (self.publish(self.world().bus().topic(SagaProtocol::kReplies), saga, r.dump(),
                     MessageKind::Reply))
        ++m_replies;
}

void SagaParticipant::onCommand(Service &self, const Message &message, const Json &command)
{
    const SagaProtocol::Step &step = SagaProtocol::kSteps[static_cast<std::size_t>(m_step)];
    const std::string action = command.value("action", std::string());
    const std::string id = command.value("id", std::string());
    const std::int64_t saga = num(command, "saga");
    const bool isCompensation = action == step.compensation;
    if ((action != step.action && !isCompensation) || id.empty())
        return;
    Database &db = self.database();
    db.begin();
    if (m_idempotent && !Inbox::claim(db, "command " + id, self.world().now())) {
        // A copy (a bus duplicate, or the orchestrator's resend): answer what was recorded.
        db.rollback();
        m_ledger.skipped();
        const auto status = statusOf(saga);
        return reply(self, saga, action, id,
                     isCompensation || !status ? Outcome{} : recorded(*status));
    }
    if (!isCompensation) {
        Outcome out;
        if (const auto status = statusOf(saga)) {
            // Done before: the recorded outcome again, and nothing new to write. A tombstone
            // means the action comes after its compensation: refused.
            if (*status == "tombstone") {
                ++m_lateRefused;
                self.traceFailure(message, "saga " + std::to_string(saga) + ": " + action +
                                               " arrived after its compensation, refused");
            }
            out = recorded(*status);
            if (!m_idempotent) {
                db.rollback();
                return reply(self, saga, action, id, out);
            }
        } else {
            out = forward(self, saga, command);
            if (!out.ok)
                self.traceFailure(message, "saga " + std::to_string(saga) + ": " + action +
                                               " failed (" + out.reason + ")");
        }
        if (!self.commit(out.ok ? "saga " + action : "saga " + action + " refused"))
            return;
        return reply(self, saga, action, id, out);
    }
    const Undo undo = compensate(self, saga, command);
    const bool alive = self.commit(undo == Undo::Applied ? "saga " + action
                                                         : "saga " + action + " (nothing to undo)");
    // The effect is committed even when the service crashed right after.
    if (undo == Undo::Applied)
        m_ledger.applied(action + " of saga " + std::to_string(saga));
    if (alive)
        reply(self, saga, action, id, Outcome{});
}

void SagaParticipant::onSagaEvent(Service &self, const Message &message, const Json &event)
{
    const std::string type = event.value("type", std::string());
    const auto reaction = reactionOf(m_role, type);
    const std::string eventId = event.value("event_id", std::string());
    const std::int64_t saga = num(event, "saga");
    if (!reaction || eventId.empty())
        return;
    const SagaProtocol::Step &step = SagaProtocol::kSteps[static_cast<std::size_t>(m_step)];
    Database &db = self.database();
    db.begin();
    if (m_idempotent && !Inbox::claim(db, "event " + eventId, self.world().now())) {
        db.rollback();
        m_ledger.skipped();
        return; // a copy: its reaction and its events are already committed
    }
    auto announce = [&](const std::string &announced, const std::string &reason, MessageKind kind) {
        Json next = event;
        next["type"] = announced;
        next["event_id"] = SagaProtocol::eventId(saga, announced);
        next["reason"] = reason;
        next["from"] = m_role;
        m_outbox.stage(SagaProtocol::kEvents, saga, next, kind);
    };
    if (!reaction->compensation) {
        if (const auto status = statusOf(saga)) {
            // The step was taken before (a copy of the event): natural idempotency by saga id.
            db.rollback();
            if (*status == "tombstone")
                ++m_lateRefused;
            return;
        }
        const Outcome out = forward(self, saga, event);
        if (!out.ok)
            self.traceFailure(message, "saga " + std::to_string(saga) + ": " + step.action +
                                           " failed (" + out.reason + ")");
        announce(out.ok ? reaction->success : reaction->failure, out.reason, MessageKind::Event);
        m_outbox.commit(out.ok ? std::string("saga ") + step.action
                               : std::string("saga ") + step.action + " refused");
        return;
    }
    const Undo undo = compensate(self, saga, event);
    announce(reaction->success, "", MessageKind::Compensation);
    const std::string action = step.compensation;
    const bool alive = m_outbox.commit(
        undo == Undo::Applied ? "saga " + action : "saga " + action + " (nothing to undo)");
    // The effect is committed even if the service crashed right after.
    if (undo == Undo::Applied)
        m_ledger.applied(action + " of saga " + std::to_string(saga));
    (void)alive;
}

} // namespace dplab
