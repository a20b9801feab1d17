#pragma once

#include "simulation/kernel/scheduler.h"
#include "simulation/world/service.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace dplab {

/** What a saga publisher did (summary.json "sagas"). */
struct SagaOutboxStats
{
    std::uint64_t published = 0; ///< publishes the bus accepted (relay repeats included)
    std::uint64_t lost = 0;      ///< dual write: committed, never published
    std::uint64_t staged = 0;    ///< events written with a committed change
    std::uint64_t marked = 0;    ///< outbox rows marked published
};

/**
 * How a saga participant's reaction leaves the service: the local transaction, then its events.
 * With patterns.outbox the events are rows of a `saga_outbox` table written in the same
 * transaction, and a relay polls and publishes them (a crash repeats, never loses). Without it
 * the participant commits, then publishes: a crash in between loses the event, and a
 * choreographed saga waits for it forever (an orchestrator would resend its command).
 */
class SagaOutbox : public EventHandler
{
public:
    using Json = nlohmann::json;

    SagaOutbox(Service &self, bool useOutbox, SimTime poll);
    SagaOutbox(const SagaOutbox &) = delete;
    SagaOutbox &operator=(const SagaOutbox &) = delete;

    /// Creates the table and starts the relay (outbox mode only).
    void setup();
    /// Inside the open transaction: an event that leaves once the transaction commits.
    void stage(const std::string &topic, std::int64_t key, const Json &payload, MessageKind kind);
    /// The transaction was rolled back: forget what was staged.
    void discard() { m_staged.clear(); }
    /// Commits, then publishes what was staged (dual write) or leaves it to the relay. False
    /// when the service crashed on the way: stop there.
    bool commit(const std::string &what);

    bool usesOutbox() const { return m_outbox; }
    const SagaOutboxStats &stats() const { return m_stats; }
    std::uint64_t backlog() const { return m_stats.staged - m_stats.marked; }

    void handleEvent(const Event &event) override;

private:
    struct Staged
    {
        std::string topic;
        std::int64_t key = 0;
        std::string payload;
        MessageKind kind = MessageKind::Event;
    };
    void relay();

    Service &m_self;
    bool m_outbox;
    SimTime m_poll;
    std::vector<Staged> m_staged;
    SagaOutboxStats m_stats;
};

} // namespace dplab
