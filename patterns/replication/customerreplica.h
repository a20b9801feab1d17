#pragma once

#include "patterns/cqrs/writelog.h"
#include "simulation/observe/histogram.h"
#include "simulation/world/service.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <unordered_map>
#include <vector>

namespace dplab {

/** What replication did and measured during a run (summary.json "consistency"). */
struct ReplicationStats
{
    std::uint64_t eventsSeen = 0; ///< CustomerUpdated deliveries processed (duplicates included)
    std::uint64_t applied = 0;    ///< deliveries that moved the replica forward
    std::uint64_t ignored = 0;    ///< duplicates and late events: not newer than the copy
    std::uint64_t reads = 0;      ///< reads answered from the replica
    std::uint64_t staleReads = 0; ///< of which older than the customers' committed version
    LatencyHistogram lag;         ///< per write: commit at customers -> reflected here (us)
    LatencyHistogram staleness;   ///< per read: age of the oldest write it did not reflect (us)
};

/** The replica compared with its source at one moment. */
struct ReplicaDivergence
{
    std::int64_t compared = 0;     ///< rows of the replica checked against customers
    std::int64_t divergent = 0;    ///< rows that differ, plus updated customers missing here
    std::int64_t firstId = 0;      ///< an example of a divergent id (0 = none)
    std::vector<std::int64_t> ids; ///< every divergent id, ascending (what evidence starts from)
};

/**
 * The orders service's read-only copy of the customer data it needs (`customer_replica`: id,
 * name, tier, version), seeded at setup exactly like the customers' own seed and kept up to
 * date from CustomerUpdated events. Applying an event only when its version is newer than the
 * copy's makes duplicates, redeliveries and late arrivals harmless. Also measures lag,
 * staleness and stale reads (by peeking at the source, never by a call).
 */
class CustomerReplica
{
public:
    using Json = nlohmann::json;

    static constexpr const char *kTopic = "customer-events";

    /// Creates and seeds the table and subscribes to the topic.
    void setup(Service &self);
    /// A delivery from the topic: applies it if it is newer than the copy.
    void onEvent(Service &self, const Message &event);
    /// The customer as the replica knows it (null when absent); counts the read.
    Json read(Service &self, std::int64_t customerId);

    const ReplicationStats &stats() const { return m_stats; }
    /// Staleness of the copy now: age of the oldest customer write published that it does not
    /// show yet (0 when up to date).
    SimTime staleness(const World &world) const;
    /// The bus subscription that feeds the copy (for its consumer lag), or -1.
    int subscription() const { return m_subscription; }
    /// Compares every replica row with the customers' row (and every customer ever updated
    /// must be in the replica). Meaningful once the run has quiesced.
    static ReplicaDivergence divergence(const World &world);

private:
    /// Learns the commit times of the writes published so far (from the topic's log).
    void syncHistory(const World &world) const;
    SimTime committedAt(std::int64_t customer, std::int64_t version) const;

    std::uint32_t m_topic = 0;
    int m_subscription = -1;
    // A cache of the topic's log, brought up to date on demand (hence mutable): customer ->
    // version -> commit time at customers, and the same writes as a WriteLog for staleness.
    mutable std::size_t m_logCursor = 0;
    mutable std::unordered_map<std::int64_t, std::map<std::int64_t, SimTime>> m_history;
    mutable WriteLog m_writes;
    ReplicationStats m_stats;
};

} // namespace dplab
