#pragma once

#include "simulation/kernel/simtime.h"

namespace dplab {

/**
 * A circuit breaker in front of one downstream service: closed (calls go through) until
 * `failures` consecutive calls fail, then open (calls fail fast, unsent) for `openFor`; the
 * first call after that is a single probe (half-open) whose outcome closes the breaker again
 * or re-opens it. Pure state, no World: the caller traces the transitions.
 */
class CircuitBreaker
{
public:
    enum class State { Closed, Open, HalfOpen };

    CircuitBreaker() = default;
    /// `failures` = 0 disables the breaker (always closed).
    CircuitBreaker(int failures, SimTime openFor);

    /// May a call be sent now? Moves open -> half-open when the open period is over; the call
    /// it then lets through is the probe (`*probe`). `*changed` tells whether the state changed.
    bool allow(SimTime now, bool *probe, bool *changed);
    /// The outcome of a call that allow() let through. `*changed` as above.
    void record(bool ok, bool probe, SimTime now, bool *changed);
    /// Forgets everything (the owner crashed: the breaker lived in its memory).
    void reset();

    State state() const { return m_state; }
    bool enabled() const { return m_failures > 0; }
    int consecutiveFailures() const { return m_consecutive; }
    SimTime openUntil() const { return m_openUntil; }
    static const char *stateName(State s);

private:
    void open(SimTime now);

    int m_failures = 0;
    SimTime m_openFor = 0;
    State m_state = State::Closed;
    int m_consecutive = 0;
    SimTime m_openUntil = 0;
    bool m_probeInFlight = false;
};

} // namespace dplab
