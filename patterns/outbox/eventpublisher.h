#pragma once

#include "simulation/kernel/scheduler.h"
#include "simulation/world/service.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace dplab {

/** What the publisher did during a run (summary.json "outbox"). */
struct PublisherStats
{
    std::uint64_t events = 0;      ///< events written with a committed change
    std::uint64_t published = 0;   ///< publishes the bus accepted (relay repeats included)
    std::uint64_t republished = 0; ///< relay: rows published again (crash before marking)
    std::uint64_t lost = 0;        ///< dual write: committed, never published
    std::uint64_t phantom = 0;     ///< dual write: published, then the commit never happened
    std::uint64_t aborted = 0;     ///< publish first: the bus refused, the write was rolled back
    std::uint64_t polls = 0;       ///< relay polls while the service was up
    std::uint64_t marked = 0;      ///< outbox rows marked published
};

/** How one write-and-publish ended. */
struct WriteOutcome
{
    bool committed = false; ///< the change is in the database
    bool alive = true;      ///< the service is still up (false: stop, it crashed)
};

/**
 * Makes a service's change and the event announcing it leave together, the way the scenario
 * says. With the outbox (patterns.outbox) the event is a row of the `outbox` table written in
 * the same local transaction, and a relay polls the table every `poll`, publishes up to
 * `batch` rows, then marks them published: a crash between the two republishes them later
 * (duplicates), never loses them. Without it the service makes a dual write: commit, then
 * publish (a crash in between loses the event), or publish, then commit (a crash in between
 * leaves a phantom event for a change that never happened). The relay is a background task
 * of the service: it takes no worker and stops while the service is down.
 */
class EventPublisher : public EventHandler
{
public:
    using Json = nlohmann::json;
    /// How the failure of a published event whose change was rolled back begins (the canvas
    /// draws it as a phantom event at the publisher).
    static constexpr const char *kPhantomPrefix = "phantom event: ";

    EventPublisher(Service &self, const std::string &topic);
    EventPublisher(const EventPublisher &) = delete;
    EventPublisher &operator=(const EventPublisher &) = delete;

    /// Creates the outbox table and starts the relay (outbox mode only).
    void setup();
    /// Commits the open transaction together with `event` (published with `key`), as the
    /// pattern in force does it. `what` labels the commit, `name` the event in trace texts.
    WriteOutcome commitWith(const std::string &what, std::int64_t key, const Json &event,
                            const std::string &name);

    bool usesOutbox() const { return m_outbox; }
    /// "outbox", "dual write: commit, then publish" or "dual write: publish, then commit".
    std::string mode() const;
    /// Outbox rows not marked published yet (0 without the outbox).
    std::uint64_t backlog() const { return m_stats.events - m_stats.marked; }
    const PublisherStats &stats() const { return m_stats; }

    void handleEvent(const Event &event) override;

private:
    void relay();

    Service &m_self;
    std::uint32_t m_topic = 0;
    std::string m_topicName;
    bool m_outbox = false;
    bool m_publishFirst = false;
    SimTime m_poll = 0;
    int m_batch = 0;
    PublisherStats m_stats;
    std::unordered_set<std::int64_t> m_everPublished;          // outbox ids (measurement)
    std::unordered_map<std::int64_t, std::uint64_t> m_causeOf; // outbox id -> its commit event
};

} // namespace dplab
