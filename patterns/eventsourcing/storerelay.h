#pragma once

#include "patterns/eventsourcing/eventsourcingstats.h"
#include "patterns/eventsourcing/eventstore.h"
#include "simulation/kernel/scheduler.h"

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>

namespace dplab {

class Service;

/**
 * The event store's catch-up subscriptions, a background task of the orders service (no
 * worker; it stops while the service is down). Each reads up to `batch` events past its
 * checkpoint every `poll`: the projection applies them to the `orders` table and moves its
 * checkpoint in the same transaction; the publisher (when order events go to the bus,
 * patterns.cqrs or patterns.outbox) publishes them on "order-events" and then moves its
 * checkpoint, so a crash in between publishes them again (never loses them): the store is the
 * outbox, and patterns.outbox's poll and batch, when given, are the publisher's pace. A rebuild
 * empties the projection and sets its checkpoint back to 0, and the replay then runs at the relay's
 * pace, `batch` events per poll.
 */
class StoreRelay : public EventHandler
{
public:
    static constexpr const char *kProjection = "orders-projection";
    static constexpr const char *kPublisher = "order-events-publisher";

    /// `sql` maps the orders table's SQL to the service's current schema (column renames).
    StoreRelay(Service &self, EventSourcingStats &stats,
               std::function<std::string(const std::string &)> sql);
    StoreRelay(const StoreRelay &) = delete;
    StoreRelay &operator=(const StoreRelay &) = delete;

    /// Starts polling.
    void setup();
    bool publishes() const { return m_publish; }
    /// A command appended the event at `position` with the commit traced as `commitEvent`
    /// (so what the relay does with it is traced as its consequence).
    void noteAppended(std::int64_t position, std::uint64_t commitEvent);
    /// The rebuild intervention; an empty string, or why not.
    std::string rebuild();
    bool rebuilding() const;
    /// Events appended but not projected / not published yet.
    std::int64_t projectionBacklog() const;
    std::int64_t publishBacklog() const;

    void handleEvent(const Event &event) override;

private:
    enum EventKinds : std::uint32_t { Project = 1, Publish = 2 };
    void project();
    void publish();
    void applyToProjection(const StoredEvent &e);

    Service &m_self;
    EventSourcingStats &m_stats;
    std::function<std::string(const std::string &)> m_sql;
    std::uint32_t m_topic = 0;
    bool m_publish = false;
    SimTime m_poll = 0;
    std::int64_t m_batch = 0;
    SimTime m_publishPoll = 0;
    std::int64_t m_publishBatch = 0;
    std::int64_t m_replayUpTo = 0;       // a rebuild replays positions up to here
    std::int64_t m_highestPublished = 0; // measurement: publishes below it are repeats
    std::unordered_map<std::int64_t, std::uint64_t> m_causeOf; // position -> its commit event
};

} // namespace dplab
