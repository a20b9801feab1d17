#include "patterns/composition/circuitbreaker.h"

namespace dplab {

CircuitBreaker::CircuitBreaker(int failures, SimTime openFor)
    : m_failures(failures)
    , m_openFor(openFor)
{}

const char *CircuitBreaker::stateName(State s)
{
    switch (s) {
    case State::Closed:
        return "closed";
    case State::Open:
        return "open";
    case State::HalfOpen:
        return "half-open";
    }
    return "";
}

bool CircuitBreaker::allow(SimTime now, bool *probe, bool *changed)
{
    *changed = false;
    *probe = false;
    if (!enabled())
        return true;
    switch (m_state) {
    case State::Closed:
        return true;
    case State::Open:
        if (now < m_openUntil)
            return false;
        m_state = State::HalfOpen;
        m_probeInFlight = true;
        *probe = true;
        *changed = true;
        return true;
    case State::HalfOpen:
        // One probe at a time: the others fail fast until it has an outcome.
        if (m_probeInFlight)
            return false;
        m_probeInFlight = true;
        *probe = true;
        return true;
    }
    return true;
}

void CircuitBreaker::record(bool ok, bool probe, SimTime now, bool *changed)
{
    *changed = false;
    if (!enabled())
        return;
    if (m_state == State::HalfOpen) {
        if (!probe)
            return; // a late outcome of a call sent before the breaker opened
        m_probeInFlight = false;
        if (ok) {
            m_state = State::Closed;
            m_consecutive = 0;
        } else {
            open(now);
        }
        *changed = true;
        return;
    }
    if (m_state == State::Open || probe)
        return; // a late outcome of a call sent before the breaker opened
    if (ok) {
        m_consecutive = 0;
        return;
    }
    if (++m_consecutive >= m_failures) {
        open(now);
        *changed = true;
    }
}

void CircuitBreaker::open(SimTime now)
{
    m_state = State::Open;
    m_openUntil = now + m_openFor;
    m_consecutive = 0;
    m_probeInFlight = false;
}

void CircuitBreaker::reset()
{
    m_state = State::Closed;
    m_consecutive = 0;
    m_openUntil = 0;
    m_probeInFlight = false;
}

} // namespace dplab
