#pragma once

#include "simulation/kernel/simtime.h"
#include "simulation/world/message.h"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>

namespace dplab {

/**
 * A participant's exclusive locks, one per key (product or customer), held by a prepared
 * transaction until its decision, and the requests waiting for them in arrival order. Memory
 * only: a crash loses it, and the participant rebuilds the locks from its prepared table.
 */
class LockManager
{
public:
    /** A request parked until its key is free. */
    struct Waiter
    {
        std::uint64_t id = 0;
        std::int64_t key = 0;
        Message request;
        SimTime since = 0;
    };

    bool locked(std::int64_t key) const { return m_holders.count(key) != 0; }
    /// The transaction holding the key's lock, or 0.
    std::int64_t holder(std::int64_t key) const;
    void lock(std::int64_t key, std::int64_t txid) { m_holders[key] = txid; }
    void unlock(std::int64_t key) { m_holders.erase(key); }
    /// Parks a request behind the key's lock; returns the waiter's id.
    std::uint64_t enqueue(std::int64_t key, const Message &request, SimTime now);
    /// The oldest waiter of a key that is free now, taken out of the queue.
    std::optional<Waiter> nextReady(std::int64_t key);
    /// Takes a waiter out of its queue (its wait is over without the lock).
    std::optional<Waiter> take(std::uint64_t id);
    /// A crash: every lock and every parked request is gone.
    void clear();

    std::size_t held() const { return m_holders.size(); }
    std::size_t waiting() const;

private:
    std::map<std::int64_t, std::int64_t> m_holders;       // key -> txid
    std::map<std::int64_t, std::deque<Waiter>> m_waiters; // key -> arrival order
    std::uint64_t m_nextId = 1;
};

} // namespace dplab
