#pragma once

#include "simulation/observe/observer.h"
#include "simulation/observe/tracelog.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace dplab {

/**
 * Keeps the last `capacity` trace events in a fixed ring, for long runs whose whole trace goes
 * to disk as it happens (TraceStream): memory stays at capacity * 64 bytes however long the
 * run, and the exports that draw a recent window still have the events they need.
 */
class TraceRing : public SimObserver
{
public:
    explicit TraceRing(std::size_t capacity);

    void onEvent(const TraceEvent &event, const World &world) override;

    std::size_t capacity() const { return m_capacity; }
    /// Events kept now (at most capacity).
    std::size_t size() const { return m_ring.size(); }
    /// Every event the run produced.
    std::uint64_t seen() const { return m_seen; }
    /// Events pushed out of the ring by newer ones.
    std::uint64_t dropped() const { return m_seen - m_ring.size(); }
    /// The kept events, oldest first.
    TraceLog kept() const;
    std::size_t memoryBytes() const { return m_ring.capacity() * sizeof(TraceEvent); }

private:
    std::size_t m_capacity;
    std::vector<TraceEvent> m_ring;
    std::size_t m_next = 0; ///< where the next event goes once the ring is full
    std::uint64_t m_seen = 0;
};

} // namespace dplab
