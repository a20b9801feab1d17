#pragma once

#include "simulation/kernel/rng.h"
#include "simulation/kernel/scheduler.h"
#include "simulation/observe/chunkedarray.h"
#include "simulation/observe/traceevent.h"
#include "simulation/scenario/scenario.h"

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace dplab {

class World;
struct Message;

/** Bus counters, as in summary.json "bus". */
struct BusCounters
{
    std::uint64_t published = 0;
    std::uint64_t delivered = 0;   ///< handed to a consumer (duplicates included)
    std::uint64_t dropped = 0;     ///< deliveries lost (random drop, partition, consumer down...)
    std::uint64_t duplicated = 0;  ///< extra copies made by the bus
    std::uint64_t redelivered = 0; ///< at-least-once resends after a missing ack
    std::uint64_t held = 0;        ///< deliveries held while the bus was down
    std::uint64_t refused = 0;     ///< publishes refused (publisher cut off, bus down + lose)
    std::uint64_t acked = 0;
};

/** One record of a topic's retained log. */
struct LogEntry
{
    std::int64_t key = 0;
    std::int16_t publisher = -1;
    SimTime publishedAt = 0;
    std::uint64_t messageId = 0;
    MessageKind kind = MessageKind::Event; ///< what the record is (event, command, compensation)
    std::string payload;
};

/**
 * Publish/subscribe bus. Topics are retained logs with consumer offsets; delivery is
 * at-most-once or at-least-once (ack, redelivery after a timeout); per-key ordering; drop,
 * duplicate and reorder; partitions; bus-down holds (or loses) deliveries until recovery.
 */
class Bus : public EventHandler
{
public:
    Bus(World &world, const BusSpec &spec, std::uint64_t seed);

    /// The label index of a topic ("topic:NAME" in the NameTable), created on first use.
    std::uint32_t topic(const std::string &name);
    bool hasTopic(const std::string &name) const;
    int subscribe(std::uint32_t topic, std::int16_t consumer);

    /// Appends to the topic and fans out to its subscriptions. False when refused. `kind` says
    /// what the record is for the trace and the canvas (commands and compensations travel over
    /// the bus too).
    bool publish(std::int16_t from, std::uint32_t topic, std::int64_t key, std::string payload,
                 MessageKind kind = MessageKind::Event);
    /// The consumer finished a delivery.
    void ack(const Message &delivery);
    /// Moves a subscription back to `offset` (a consumer replaying the retained log): every
    /// record from there to the end is delivered again, as new deliveries caused by `cause`.
    /// Deliveries already in flight still arrive. Returns how many records are resent.
    std::int64_t rewind(int subscription, std::int64_t offset, std::uint64_t cause);
    void setDown(bool down);
    bool isDown() const { return m_down; }

    const BusSpec &spec() const { return m_spec; }
    const BusCounters &counters() const { return m_counters; }
    std::size_t heldCount() const { return m_held.size(); }
    std::size_t inFlight() const { return m_inFlight; }
    /// Deliveries not yet acknowledged (at-least-once), over all subscriptions.
    std::size_t unacked() const;

    struct Subscription
    {
        std::uint32_t topic = 0;
        std::int16_t consumer = -1;
        std::int64_t committed = 0;              ///< every offset below this one is acknowledged
        std::map<std::int64_t, TimerId> pending; ///< delivered or in flight, not yet acked
        std::deque<char> ackedAhead;             ///< [i]: offset committed + i is acknowledged
        std::unordered_map<std::int64_t, SimTime> lastArrival; ///< per key, for ordering
    };
    const std::vector<Subscription> &subscriptions() const { return m_subs; }
    /// The retained log of a topic (label index).
    const ChunkedArray<LogEntry, 10> &log(std::uint32_t topic) const;
    std::vector<std::uint32_t> topics() const;
    /// Consumer lag in messages: end of the topic minus the committed offset.
    std::int64_t consumerLag(int subscription) const;

    void handleEvent(const Event &event) override;

private:
    enum EventKinds : std::uint32_t { Arrive = 1, Redeliver = 2 };

    struct Topic
    {
        std::string name;
        ChunkedArray<LogEntry, 10> log; // grows without moving what it holds
        std::vector<int> subscriptions;
        Rng rng;
    };

    Topic *topicByLabel(std::uint32_t label);
    /// Sends one delivery of (subscription, offset); attempt > 0 for redeliveries.
    void sendDelivery(int sub, std::int64_t offset, std::uint8_t attempt, std::uint64_t cause,
                      bool isDuplicate);
    void arrive(std::uint32_t slot);
    void armRedelivery(int sub, std::int64_t offset);
    void advanceCommitted(Subscription &s);

    World &m_world;
    BusSpec m_spec;
    std::uint64_t m_seed;
    bool m_down = false;
    std::size_t m_inFlight = 0;
    std::vector<Topic> m_topics;     // in creation order
    std::vector<int> m_topicByLabel; // label index -> position in m_topics, or -1
    std::vector<std::uint32_t> m_topicOrder;
    std::vector<Subscription> m_subs;
    std::vector<std::uint32_t> m_held; // message slots waiting for the bus to come back
    BusCounters m_counters;
};

} // namespace dplab
