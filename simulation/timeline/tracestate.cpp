#include "simulation/timeline/tracestate.h"

#include <algorithm>

namespace dplab {

TraceState::TraceState(std::size_t services, bool sharedLock)
{
    reset(services, sharedLock);
}

void TraceState::reset(std::size_t services, bool sharedLock)
{
    m_sharedLock = sharedLock;
    m_now = State{};
    m_now.services.assign(services, ServiceTraceState{});
    m_snapshots.assign(1, m_now);
    m_flights.clear();
}

void TraceState::update(const TraceLog &trace, std::size_t position)
{
    position = std::min(position, trace.size());
    m_flights.update(trace);
    if (position < m_now.position) {
        const std::size_t k = std::min(position / kSnapshotEvery, m_snapshots.size() - 1);
        m_now = m_snapshots[k];
    }
    while (m_now.position < position) {
        apply(trace[m_now.position], m_now.position);
        ++m_now.position;
        if (m_now.position % kSnapshotEvery == 0 &&
            m_now.position / kSnapshotEvery == m_snapshots.size())
            m_snapshots.push_back(m_now);
    }
}

void TraceState::apply(const TraceEvent &e, std::size_t position)
{
    const auto service = [&](std::int32_t i) -> ServiceTraceState * {
        return i >= 0 && static_cast<std::size_t>(i) < m_now.services.size()
                   ? &m_now.services[static_cast<std::size_t>(i)]
                   : nullptr;
    };
    // The flight this event is about, when it is the one `of` names (a delivery, a start...).
    const auto flightWith = [&](std::uint32_t Flight::*of) -> const Flight * {
        const std::uint32_t n = m_flights.flightOf(position);
        return n != kNoFlight && m_flights[n].*of == position ? &m_flights[n] : nullptr;
    };
    // A worker that waits for the shared database lock is taken but not started.
    const auto waitedForLock = [&](const Flight *f) {
        return m_sharedLock && f && f->lockWait != Flight::kNoEvent;
    };
    switch (e.kind) {
    case TraceKind::Deliver:
        // A reply over the network goes to the call waiting for it, not to the queue.
        if (const Flight *f = flightWith(&Flight::end); f && f->queues)
            if (ServiceTraceState *s = service(e.to))
                ++s->queue;
        break;
    case TraceKind::Hold:
        if (ServiceTraceState *s = service(e.to);
            s && waitedForLock(flightWith(&Flight::lockWait))) {
            ++s->busy;
            s->queue = std::max(0, s->queue - 1);
        }
        break;
    case TraceKind::Start:
        if (ServiceTraceState *s = service(e.to)) {
            s->queue = static_cast<std::int32_t>(e.value);
            if (!waitedForLock(flightWith(&Flight::start)))
                ++s->busy;
        }
        break;
    case TraceKind::Process:
        if (ServiceTraceState *s = service(e.to)) {
            s->busy = std::max(0, s->busy - 1);
            ++s->processed;
        }
        break;
    case TraceKind::Commit:
        if (ServiceTraceState *s = service(e.from))
            ++s->commits;
        break;
    case TraceKind::Crash:
        if (ServiceTraceState *s = service(e.from)) {
            s->up = false;
            s->queue = 0;
            s->busy = 0;
            s->downSince = e.time;
            ++s->crashes;
        }
        break;
    case TraceKind::Restart:
        if (ServiceTraceState *s = service(e.from))
            s->up = true;
        break;
    case TraceKind::FaultStart:
        m_now.faults.push_back(static_cast<std::uint64_t>(e.value));
        break;
    case TraceKind::FaultEnd: {
        const auto it = std::find(m_now.faults.begin(), m_now.faults.end(),
                                  static_cast<std::uint64_t>(e.value));
        if (it != m_now.faults.end())
            m_now.faults.erase(it);
        break;
    }
    case TraceKind::Request:
        ++m_now.outstanding;
        break;
    case TraceKind::Complete:
        m_now.outstanding = std::max<std::int64_t>(0, m_now.outstanding - 1);
        break;
    default:
        break;
    }
}

} // namespace dplab
