#pragma once

#include "patterns/consumers/inbox.h"
#include "patterns/saga/sagaoutbox.h"
#include "simulation/world/service.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace dplab {

/**
 * One step of the order saga inside its owner (inventory reserves and releases, payments
 * charges and refunds, shipping creates and cancels shipments). Every piece of saga work is a
 * row keyed by saga id in the participant's own table, so a compensation undoes exactly what
 * was done, records a tombstone when nothing was, and an action arriving after its
 * compensation is refused. Orchestrated, it answers commands; choreographed, it reacts to
 * the events of the step before. With patterns.idempotent_consumers each command or event id
 * is claimed in the inbox in the same transaction, and a copy gets the recorded outcome.
 */
class SagaParticipant
{
public:
    using Json = nlohmann::json;

    explicit SagaParticipant(Service &self);
    SagaParticipant(const SagaParticipant &) = delete;
    SagaParticipant &operator=(const SagaParticipant &) = delete;

    /// Creates the saga table (and inbox), subscribes to commands or events.
    void setup();
    /// True when `event` was saga traffic (handled here).
    bool onEvent(Service &self, const Message &event);
    /// Inventory: a restock added stock (the stock check counts it in).
    void restocked(std::int64_t product, std::int64_t qty) { m_restocked[product] += qty; }

    /// The participant's saga table ("reservations", "saga_payments", "saga_shipments").
    static const char *tableOf(const std::string &role);
    /// Status of a row whose step is done ("reserved", "charged", "created") or undone.
    static const char *doneStatus(const std::string &role);
    static const char *undoneStatus(const std::string &role);

    const std::map<std::int64_t, std::int64_t> &restocks() const { return m_restocked; }
    /// Measurement: how often each compensation changed something (repeats = applied twice).
    const ConsumerLedger &compensations() const { return m_ledger; }
    std::uint64_t tombstones() const { return m_tombstones; }
    std::uint64_t lateRefused() const { return m_lateRefused; }
    /// Replies (orchestration) or events (choreography) this participant put on the bus.
    std::uint64_t messages() const { return m_replies + m_outbox.stats().published; }
    const SagaOutbox &outbox() const { return m_outbox; }

private:
    struct Outcome
    {
        bool ok = true;
        std::string reason;
    };
    enum class Undo { Applied, Tombstone, Nothing };

    void onCommand(Service &self, const Message &message, const Json &command);
    void onSagaEvent(Service &self, const Message &message, const Json &event);
    std::optional<std::string> statusOf(std::int64_t saga);
    /// What a step already recorded means for a repeat of its action.
    Outcome recorded(const std::string &status) const;
    /// Inside the open transaction, with no row for `saga` yet: do the step, record it.
    Outcome forward(Service &self, std::int64_t saga, const Json &data);
    /// Inside the open transaction: undo what the row says was done.
    Undo compensate(Service &self, std::int64_t saga, const Json &data);
    void undoEffect(std::int64_t saga);
    void reply(Service &self, std::int64_t saga, const std::string &action,
               const std::string &command, const Outcome &outcome);

    Service &m_self;
    std::string m_role;
    int m_step = -1;
    bool m_orchestrated = true;
    bool m_idempotent = false;
    std::uint32_t m_listenTopic = 0;
    SagaOutbox m_outbox;
    ConsumerLedger m_ledger;
    std::map<std::int64_t, std::int64_t> m_restocked;
    std::uint64_t m_tombstones = 0;
    std::uint64_t m_lateRefused = 0;
    std::uint64_t m_replies = 0;
};

} // namespace dplab
