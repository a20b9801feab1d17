#pragma once

#include "simulation/observe/messageflights.h"
#include "simulation/observe/tracelog.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace dplab {

/** One service as the trace shows it at a position. */
struct ServiceTraceState
{
    bool up = true;
    std::int32_t queue = 0; ///< messages waiting for a worker
    std::int32_t busy = 0;  ///< workers taken (processing, or waiting for the shared lock)
    SimTime downSince = 0;
    std::uint64_t processed = 0;
    std::uint64_t commits = 0;
    std::uint32_t crashes = 0;
};

/**
 * What the trace says the world looked like after its first p events: services up or down with
 * their queues and busy workers, the faults in force (by id, as FaultManager numbers them) and
 * the client's requests outstanding. The views draw a past playhead from it; the live world
 * answers for the present. Moving forward reads only the new events; moving back starts again
 * from the last snapshot before the position (one is kept every 2^16 events). What each
 * message event means (a delivery that queues, a worker waiting for the lock) comes from the
 * trace's MessageFlights, read as the trace grows.
 */
class TraceState
{
public:
    /// `sharedLock`: the run has the shared database's lock, whose waits take a worker.
    explicit TraceState(std::size_t services = 0, bool sharedLock = false);

    /// Brings the state to `position` (events 0..position-1 applied).
    void update(const TraceLog &trace, std::size_t position);
    /// Forgets everything (a new run).
    void reset(std::size_t services, bool sharedLock);

    std::size_t position() const { return m_now.position; }
    const std::vector<ServiceTraceState> &services() const { return m_now.services; }
    /// Faults started and not ended, in the order they started.
    const std::vector<std::uint64_t> &activeFaults() const { return m_now.faults; }
    std::int64_t clientOutstanding() const { return m_now.outstanding; }

private:
    struct State
    {
        std::size_t position = 0;
        std::vector<ServiceTraceState> services;
        std::vector<std::uint64_t> faults;
        std::int64_t outstanding = 0;
    };
    static constexpr std::size_t kSnapshotEvery = std::size_t{1} << 16;
    void apply(const TraceEvent &e, std::size_t position);

    MessageFlights m_flights;
    State m_now;
    bool m_sharedLock = false;
    std::vector<State> m_snapshots; ///< m_snapshots[k] is the state at k * kSnapshotEvery
};

} // namespace dplab
