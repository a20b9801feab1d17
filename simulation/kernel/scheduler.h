#pragma once

#include "simulation/kernel/simtime.h"

#include <cstdint>
#include <vector>

namespace dplab {

class EventHandler;

/** One pending event: plain data, so scheduling allocates nothing once the heap has grown. */
struct Event
{
    SimTime time = 0;
    std::uint64_t seq = 0; ///< insertion order: ties at equal time run first-in, first-out
    EventHandler *handler = nullptr;
    std::uint32_t kind = 0; ///< meaning chosen by the handler
    std::uint32_t a = 0;    ///< small argument (an index)
    std::uint64_t b = 0;    ///< large argument (an id or a slot)
};

/** Anything that receives events from the scheduler. */
class EventHandler
{
public:
    virtual ~EventHandler() = default;
    virtual void handleEvent(const Event &event) = 0;
};

/** Identifies a scheduled event so it can be cancelled (its sequence number). */
using TimerId = std::uint64_t;
inline constexpr TimerId kNoTimer = 0;

/**
 * The future-event set: a 4-ary min-heap ordered by (time, insertion sequence), which makes
 * runs deterministic, beside a FIFO for events scheduled at the current time (zero-delay hops,
 * as OMNeT++ does: they skip the heap). Cancellation is lazy: a cancelled event is skipped when
 * it surfaces, and the heap is compacted when cancelled events fill most of it.
 */
class Scheduler
{
public:
    Scheduler();

    SimTime now() const { return m_now; }

    /// Schedules at an absolute time (clamped to now: the past cannot be scheduled).
    TimerId schedule(SimTime at, EventHandler *handler, std::uint32_t kind, std::uint32_t a = 0,
                     std::uint64_t b = 0);
    TimerId scheduleIn(SimTime delay, EventHandler *handler, std::uint32_t kind,
                       std::uint32_t a = 0, std::uint64_t b = 0)
    {
        return schedule(m_now + (delay > 0 ? delay : 0), handler, kind, a, b);
    }
    /// Returns false when the timer already ran, was cancelled, or never existed.
    bool cancel(TimerId id);
    bool isPending(TimerId id) const;

    /// Runs the next event; false when none is left.
    bool step();
    /// Runs every event with time <= until, then sets now = until. Returns events run.
    std::uint64_t runUntil(SimTime until);
    /// Runs at most n events (never past `limit`). Returns events run.
    std::uint64_t runEvents(std::uint64_t n, SimTime limit = kSimTimeMax);

    /// Moves the clock forward to t without running anything, but never past the next event.
    void advanceTo(SimTime t);

    bool empty() const { return stored() == m_cancelledPending; }
    std::size_t pending() const { return stored() - m_cancelledPending; }
    /// Time of the next live event, or kSimTimeMax.
    SimTime nextTime();
    std::uint64_t executed() const { return m_executed; }

private:
    void push(const Event &e);
    Event pop();
    /// Runs the next event, the fronts being live (after dropCancelledTop()); false if none.
    bool runNext();
    /// Drops cancelled events from the fronts of the heap and the FIFO.
    void dropCancelledTop();
    /// Removes every cancelled event and rebuilds the heap (the order of the rest is unchanged:
    /// (time, sequence) is a total order).
    void compact();
    /// The next event comes from the FIFO (both fronts live, at least one present).
    bool nextIsFifo() const;
    /// Time of the next event; call after dropCancelledTop().
    SimTime frontTime() const;
    std::size_t stored() const { return m_heap.size() + (m_fifo.size() - m_fifoHead); }

    SimTime m_now = 0;
    std::uint64_t m_nextSeq = 1;
    std::uint64_t m_executed = 0;
    std::vector<Event> m_heap;
    // Events at time m_now, in sequence order, from m_fifoHead on. It is empty whenever the
    // clock moves, since its events come before any later one.
    std::vector<Event> m_fifo;
    std::size_t m_fifoHead = 0;
    // One bit per sequence number ever issued: set once the event ran or was cancelled. It makes
    // cancel() exact and O(1) (1.25 MB per 10^7 events).
    std::vector<std::uint64_t> m_done;
    std::size_t m_cancelledPending = 0;

    bool isDone(std::uint64_t seq) const { return (m_done[seq >> 6] >> (seq & 63)) & 1u; }
    void markDone(std::uint64_t seq) { m_done[seq >> 6] |= (std::uint64_t{1} << (seq & 63)); }
};

} // namespace dplab
