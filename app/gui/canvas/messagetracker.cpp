#include "app/gui/canvas/messagetracker.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

namespace dplab {

namespace {

/// An effect drawn for trace event `e`, between its endpoints.
TransientEffect effectAt(const TraceEvent &e, TransientEffect::Kind kind, MessageKind msgKind)
{
    TransientEffect fx;
    fx.kind = kind;
    fx.at = e.time;
    fx.label = e.label;
    fx.from = e.from;
    fx.to = e.to;
    fx.msgKind = msgKind;
    return fx;
}

InFlightMessage fromSend(const TraceEvent &e)
{
    InFlightMessage m;
    m.sendEvent = e.id;
    m.msg = e.msg;
    m.sent = e.time;
    m.arrives = e.time + e.value;
    m.label = e.label;
    m.from = e.from;
    m.to = e.to;
    m.kind = e.msgKind;
    return m;
}

std::uint32_t linkKey(std::int16_t from, std::int16_t to)
{
    return (static_cast<std::uint32_t>(static_cast<std::uint16_t>(from)) << 16) |
           static_cast<std::uint16_t>(to);
}

} // namespace

void MessageTracker::reset()
{
    m_flights.clear();
    m_scanned = 0;
    m_time = -1;
    m_inFlight.clear();
    m_effects.clear();
    m_losses.clear();
    m_links.clear();
    m_newLinks.clear();
    m_committed.clear();
}

void MessageTracker::update(const TraceLog &trace, SimTime t, SimTime effectSpan)
{
    if (trace.size() < m_scanned) {
        // A shorter trace (a new run in the same log): start again, keeping the links drawn.
        const auto links = std::move(m_links);
        reset();
        m_links = links;
    } else if (t < m_time) {
        // Back in time: what is still drawn at t happened in its last few effect spans (the
        // links before it are known already), so only those events are read again.
        m_effects.clear();
        m_losses.clear();
        m_committed.clear();
        m_scanned = trace.countAtOrBefore(t - TransientEffect::kLingerSpans * effectSpan - 1);
    }
    m_flights.update(trace);
    while (m_scanned < trace.size()) {
        if (trace[m_scanned].time > t)
            break;
        scan(trace, m_scanned);
        ++m_scanned;
    }
    m_time = t;
    // In order of sending, so drawing is stable.
    m_flights.inAirAt(t, &m_inAir);
    m_inFlight.clear();
    for (std::uint32_t n : m_inAir)
        m_inFlight.push_back(fromSend(trace[m_flights[n].send]));
    while (!m_effects.empty() && m_effects.front().at + effectSpan < t)
        m_effects.pop_front();
    while (!m_losses.empty() &&
           m_losses.front().at + TransientEffect::kLingerSpans * effectSpan < t)
        m_losses.pop_front();
}

void MessageTracker::scan(const TraceLog &trace, std::size_t i)
{
    const TraceEvent &e = trace[i];
    switch (e.kind) {
    case TraceKind::Send:
    case TraceKind::Reply:
        if (e.kind == TraceKind::Send && m_links.insert(linkKey(e.from, e.to)).second)
            m_newLinks.emplace_back(e.from, e.to);
        // A message that takes time is drawn while in flight; one that takes none, as a hop.
        if (e.value <= 0) {
            TransientEffect fx = effectAt(e, TransientEffect::Kind::Instant, e.msgKind);
            m_effects.push_back(fx);
        }
        break;
    case TraceKind::Publish: {
        if (m_links.insert(linkKey(e.from, e.to)).second)
            m_newLinks.emplace_back(e.from, e.to);
        // A command or compensation of a saga is published too: keep its colour.
        TransientEffect fx = effectAt(e, TransientEffect::Kind::Publish, e.msgKind);
        m_effects.push_back(fx);
        break;
    }
    case TraceKind::Drop: {
        TransientEffect fx = effectAt(e, TransientEffect::Kind::Drop, e.msgKind);
        const DropKind kind = m_flights.dropKind(trace, i);
        if (kind == DropKind::NeverPublished) {
            // The publisher gave the event up itself: it never left the service, so the burst
            // belongs at the publisher.
            fx.kind = TransientEffect::Kind::Lost;
            fx.fraction = 0;
            m_losses.push_back(fx);
            break;
        }
        if (const Flight *f = m_flights.endedBy(i); f && trace[f->send].value > 0) {
            // Lost on its way (as it left, or on arrival): the burst is drawn near its sender.
            fx.fraction = 0.12;
        } else if (e.to == kBusEndpoint) {
            fx.fraction = 0.6; // a publish the bus refused
        } else if (e.from == kBusEndpoint) {
            fx.fraction = 0.15; // lost by the bus on the way out
        } else {
            fx.fraction = 0.88; // arrived and was lost at the receiver
        }
        m_effects.push_back(fx);
        break;
    }
    case TraceKind::Duplicate: {
        TransientEffect fx = effectAt(e, TransientEffect::Kind::Duplicate, e.msgKind);
        fx.fraction = 0.2;
        m_effects.push_back(fx);
        break;
    }
    case TraceKind::Failure:
        // Other failures of events on their way to the bus are a participant's "step failed"
        // outcome, published as planned: only the rolled-back publish is a phantom.
        if (e.from >= 0 && e.to == kBusEndpoint && e.msgKind == MessageKind::Event && m_names &&
            m_isPhantom && e.text < m_names->texts.size() && m_isPhantom(m_names->texts[e.text])) {
            // Published, then the change was rolled back: consumers will act on a phantom.
            TransientEffect fx = effectAt(e, TransientEffect::Kind::Phantom, e.msgKind);
            fx.fraction = 0;
            m_losses.push_back(fx);
        }
        break;
    case TraceKind::Commit:
        if (e.from >= 0)
            m_committed.push_back(e.from);
        break;
    case TraceKind::Coupling: {
        // Shared database: a service reached into another one's tables. Drawn as a query
        // hop along a new edge, so the coupling is visible where it happens.
        if (e.from < 0 || e.to < 0)
            break;
        if (m_links.insert(linkKey(e.from, e.to)).second)
            m_newLinks.emplace_back(e.from, e.to);
        TransientEffect fx = effectAt(e, TransientEffect::Kind::Instant, MessageKind::Query);
        m_effects.push_back(fx);
        break;
    }
    default:
        break;
    }
}

std::vector<std::pair<std::int16_t, std::int16_t>> MessageTracker::takeNewLinks()
{
    return std::exchange(m_newLinks, {});
}

std::vector<std::int16_t> MessageTracker::takeCommitted()
{
    std::vector<std::int16_t> out = std::exchange(m_committed, {});
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<InFlightMessage> MessageTracker::bruteForce(const TraceLog &trace, SimTime t)
{
    std::unordered_map<std::uint64_t, SimTime> dropAt; // send id -> first drop it caused
    for (const TraceEvent &e : trace)
        if (e.kind == TraceKind::Drop && e.cause != 0 && !dropAt.count(e.cause))
            dropAt[e.cause] = e.time;
    std::vector<InFlightMessage> out;
    for (const TraceEvent &e : trace) {
        if (!startsFlight(e) || e.time > t || t >= e.time + e.value)
            continue;
        const auto it = dropAt.find(e.id);
        if (it != dropAt.end() && it->second <= t)
            continue;
        out.push_back(fromSend(e));
    }
    return out;
}

} // namespace dplab
