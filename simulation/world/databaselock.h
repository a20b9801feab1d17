#pragma once

#include "simulation/kernel/simtime.h"

#include <cstdint>
#include <deque>
#include <vector>

namespace dplab {

class World;

/**
 * The lock of a shared database, in virtual time: many readers or one writer at a time, and a
 * FIFO queue of waiters (a reader behind a waiting writer waits too, so writers never starve).
 * A worker that waits for the lock stays busy: this is how one service's heavy work slows the
 * others in shared-database mode.
 */
class DatabaseLock
{
public:
    enum class Mode : std::uint8_t { None, Read, Write };

    struct Waiter
    {
        std::int16_t service = -1;
        std::uint32_t slot = 0;        ///< the message waiting to be processed
        std::uint32_t incarnation = 0; ///< of the service when it started waiting
        Mode mode = Mode::Write;
        SimTime since = 0;
    };

    /// Takes the lock at once if it is free for `mode` and nobody is waiting.
    bool tryAcquire(Mode mode);
    void enqueue(const Waiter &waiter) { m_waiters.push_back(waiter); }
    /// Gives the lock back, then grants it to the waiters now compatible, in order, through
    /// Service::lockGranted.
    void release(Mode mode, World &world);
    /// A crashed service's waiters leave the queue (their work is lost with the crash).
    void dropWaitersOf(std::int16_t service, World &world);

    int readers() const { return m_readers; }
    bool writer() const { return m_writer; }
    std::size_t waiting() const { return m_waiters.size(); }

private:
    bool compatible(Mode mode) const
    {
        return mode == Mode::Read ? !m_writer : (!m_writer && m_readers == 0);
    }
    void take(Mode mode);
    void grantWaiting(World &world);

    int m_readers = 0;
    bool m_writer = false;
    std::deque<Waiter> m_waiters;
};

} // namespace dplab
