#pragma once

#include "simulation/kernel/simtime.h"

#include <cstdint>
#include <string>
#include <unordered_map>

namespace dplab {

class Database;

/**
 * The idempotent consumer (patterns.idempotent_consumers): the ids of processed events live in
 * the consumer's own `inbox` table, written in the same transaction as the event's effect. A
 * copy of an event already there is skipped, so its effect happens once however often the bus
 * delivers it.
 */
class Inbox
{
public:
    static void create(Database &db);
    /// Inside an open transaction: true the first time `eventId` is seen, false for a copy.
    static bool claim(Database &db, const std::string &eventId, SimTime now);
    /// Forgets every id (a read model rebuilt from scratch must see every event again).
    static void clear(Database &db);
};

/**
 * A measurement, not behaviour: how often a consumer applied each event's effect, so that a
 * check can name the effects applied twice. Survives crashes (it is the observer's notebook).
 */
class ConsumerLedger
{
public:
    explicit ConsumerLedger(bool idempotent = false)
        : m_idempotent(idempotent)
    {}

    bool idempotent() const { return m_idempotent; }
    /// The effect of `eventId` was committed.
    void applied(const std::string &eventId);
    /// The inbox recognised a copy and skipped it.
    void skipped() { ++m_skipped; }
    /// Starts counting afresh (after a rebuild, re-applying every event is the point).
    void reset() { m_times.clear(); }

    std::uint64_t effects() const { return m_effects; }
    std::uint64_t duplicatesSkipped() const { return m_skipped; }
    /// Applications beyond the first, over all events.
    std::uint64_t appliedAgain() const { return m_again; }
    /// An example of an event applied more than once ("" if none).
    const std::string &example() const { return m_example; }

private:
    bool m_idempotent;
    std::unordered_map<std::string, std::uint32_t> m_times;
    std::uint64_t m_effects = 0;
    std::uint64_t m_skipped = 0;
    std::uint64_t m_again = 0;
    std::string m_example;
};

} // namespace dplab
