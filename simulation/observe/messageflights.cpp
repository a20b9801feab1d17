#include "simulation/observe/messageflights.h"

#include <algorithm>

namespace dplab {

const char *flightFateName(FlightFate fate)
{
    switch (fate) {
    case FlightFate::InAir:
        return "in-air";
    case FlightFate::Dropped:
        return "dropped";
    case FlightFate::Held:
        return "held";
    case FlightFate::Received:
        return "received";
    case FlightFate::Queued:
        return "queued";
    case FlightFate::Processing:
        return "processing";
    case FlightFate::Processed:
        return "processed";
    case FlightFate::Ignored:
        return "ignored";
    case FlightFate::Refused:
        return "refused";
    case FlightFate::LostInCrash:
        return "lost-in-crash";
    }
    return "?";
}

void MessageFlights::clear()
{
    *this = MessageFlights();
}

void MessageFlights::update(const TraceLog &log)
{
    if (m_scanned > log.size()) {
        clear();
    } else if (m_scanned > 0) {
        const TraceEvent &last = log[m_scanned - 1];
        if (last.id != m_lastScanned.id || last.time != m_lastScanned.time ||
            last.kind != m_lastScanned.kind || last.cause != m_lastScanned.cause)
            clear(); // another log, or another run in the same one
    }
    const std::size_t end = std::min(log.size(), kMaxEvents);
    if (m_scanned >= end)
        return;
    m_flightOf.growTo(end, kNoFlight);
    for (; m_scanned < end; ++m_scanned)
        apply(log, static_cast<std::uint32_t>(m_scanned));
    m_lastScanned = log[m_scanned - 1];
}

std::uint32_t MessageFlights::positionOf(const TraceLog &log, std::uint64_t id, std::size_t before)
{
    before = std::min(before, log.size());
    if (id == 0 || before == 0)
        return Flight::kNoEvent;
    // A whole log starts at id 1; a ring's kept events, or a file cut from a bounded run,
    // start later but still count up one by one.
    const std::uint64_t first = log[0].id;
    if (id < first)
        return Flight::kNoEvent;
    if (const std::uint64_t guess = id - first; guess < before && log[guess].id == id)
        return static_cast<std::uint32_t>(guess);
    std::size_t lo = 0, hi = before; // ids with gaps (a hand-made file): they still rise
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (log[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < before && log[lo].id == id ? static_cast<std::uint32_t>(lo) : Flight::kNoEvent;
}

void MessageFlights::apply(const TraceLog &log, std::uint32_t i)
{
    switch (log[i].kind) {
    case TraceKind::Send:
    case TraceKind::Reply:
        addFlight(log, i);
        break;
    case TraceKind::Deliver:
        arrive(log, i);
        break;
    case TraceKind::Drop:
        drop(log, i);
        break;
    case TraceKind::Hold:
        hold(log, i);
        break;
    case TraceKind::Start:
        start(log, i);
        break;
    case TraceKind::Process:
        process(log, i);
        break;
    case TraceKind::Crash:
        crash(log[i], i);
        break;
    default:
        break;
    }
}

std::uint32_t &MessageFlights::lastOfMessage(std::uint64_t msg, std::uint32_t i)
{
    // A run numbers its messages 1, 2, 3... as it sends them: a plain vector. Any other id
    // (a hand-made file) goes to the map, so it cannot make the vector huge.
    if (msg < m_lastByMessage.size() || msg < 4 * static_cast<std::uint64_t>(i) + 4096) {
        if (msg >= m_lastByMessage.size())
            m_lastByMessage.resize(std::max<std::size_t>(static_cast<std::size_t>(msg) + 1,
                                                         m_lastByMessage.size() * 3 / 2),
                                   kNoFlight);
        return m_lastByMessage[static_cast<std::size_t>(msg)];
    }
    return m_lastByOddMessage.try_emplace(msg, kNoFlight).first->second;
}

void MessageFlights::addFlight(const TraceLog &log, std::uint32_t i)
{
    const TraceEvent &e = log[i];
    const auto n = static_cast<std::uint32_t>(m_flights.size());
    Flight f;
    f.send = i;
    f.sent = e.time;
    f.until = e.time + e.value;
    // A reply over the network goes straight to the call waiting for it; everything else a
    // service receives (requests, commands, bus deliveries, replies over the bus) is queued.
    f.queues = e.to >= 0 && e.kind == TraceKind::Send;
    // The bus records a Duplicate and then sends the copy.
    if (i > 0) {
        const TraceEvent &before = log[i - 1];
        f.duplicate =
            before.kind == TraceKind::Duplicate && before.msg == e.msg && before.to == e.to;
    }
    // Back from an outage, the bus sends what it held, naming the Hold as the cause.
    std::uint32_t cause = Flight::kNoEvent;
    const std::uint32_t held = causeFlight(log, e, i, &cause);
    if (held != kNoFlight && log[cause].kind == TraceKind::Hold && m_flights[held].end == cause)
        f.resumes = held;
    if (e.msg != 0) {
        std::uint32_t &last = lastOfMessage(e.msg, i);
        f.previous = last;
        last = n;
    }
    m_maxLatency = std::max(m_maxLatency, e.value);
    if (n % kBlock == 0)
        m_blocks.push_back({f.sent, f.until});
    Block &b = m_blocks.back();
    b.firstSent = std::min(b.firstSent, f.sent);
    b.lastUntil = std::max(b.lastUntil, f.until);
    m_flights.push_back(f);
    m_flightOf[i] = n;
}

std::uint32_t MessageFlights::causeFlight(const TraceLog &log, const TraceEvent &e, std::uint32_t i,
                                          std::uint32_t *cause) const
{
    *cause = positionOf(log, e.cause, i);
    return *cause == Flight::kNoEvent ? kNoFlight : m_flightOf[*cause];
}

void MessageFlights::arrive(const TraceLog &log, std::uint32_t i)
{
    std::uint32_t cause = 0;
    const std::uint32_t n = causeFlight(log, log[i], i, &cause);
    if (n == kNoFlight)
        return;
    Flight &f = m_flights[n];
    if (f.send != cause || f.end != Flight::kNoEvent)
        return;
    f.end = i;
    m_flightOf[i] = n;
    if (!f.queues) {
        f.fate = FlightFate::Received;
        return;
    }
    f.fate = FlightFate::Queued;
    const auto s = static_cast<std::size_t>(log[f.send].to);
    if (s >= m_atService.size()) {
        m_atService.resize(s + 1);
        m_liveAtService.resize(s + 1, 0);
    }
    std::vector<std::uint32_t> &at = m_atService[s];
    // Done ones stay in the list until it is twice as long as needed: amortized O(1).
    if (at.size() >= 64 && at.size() >= 2 * m_liveAtService[s])
        std::erase_if(at, [this](std::uint32_t k) {
            const FlightFate fate = m_flights[k].fate;
            return fate != FlightFate::Queued && fate != FlightFate::Processing;
        });
    at.push_back(n);
    ++m_liveAtService[s];
}

void MessageFlights::drop(const TraceLog &log, std::uint32_t i)
{
    const TraceEvent &e = log[i];
    if (e.to == kBusEndpoint)
        return; // a publish the bus refused or its publisher lost: it never flew
    std::uint32_t cause = 0;
    const std::uint32_t n = causeFlight(log, e, i, &cause);
    if (n == kNoFlight)
        return;
    Flight &f = m_flights[n];
    if (f.send == cause && f.end == Flight::kNoEvent) {
        f.end = i;
        f.fate = FlightFate::Dropped;
        f.until = std::min(f.until, e.time);
        m_flightOf[i] = n;
    } else if (f.end == cause && (f.fate == FlightFate::Received || f.fate == FlightFate::Queued)) {
        // Arrived, then lost: the caller had given up, or the service was down.
        f.lost = i;
        m_flightOf[i] = n;
        if (f.fate == FlightFate::Received) {
            f.fate = FlightFate::Ignored;
        } else {
            f.fate = FlightFate::Refused;
            --m_liveAtService[static_cast<std::size_t>(log[f.send].to)];
        }
    }
}

void MessageFlights::hold(const TraceLog &log, std::uint32_t i)
{
    std::uint32_t cause = 0;
    const std::uint32_t n = causeFlight(log, log[i], i, &cause);
    if (n == kNoFlight)
        return;
    Flight &f = m_flights[n];
    if (f.send == cause && f.end == Flight::kNoEvent) {
        // Arrived at a bus that is down: it stays in the air until then, and waits there.
        f.end = i;
        f.fate = FlightFate::Held;
        m_flightOf[i] = n;
    } else if (f.end == cause && f.fate == FlightFate::Queued && f.lockWait == Flight::kNoEvent) {
        // A worker took it but waits for the shared database's lock. (A participant that holds a
        // lock parks work after processing it: that Hold names the Process.)
        f.lockWait = i;
        m_flightOf[i] = n;
    }
}

void MessageFlights::start(const TraceLog &log, std::uint32_t i)
{
    std::uint32_t cause = 0;
    const std::uint32_t n = causeFlight(log, log[i], i, &cause);
    if (n == kNoFlight)
        return;
    Flight &f = m_flights[n];
    if (f.fate != FlightFate::Queued || (cause != f.end && cause != f.lockWait))
        return;
    f.start = i;
    f.fate = FlightFate::Processing;
    m_flightOf[i] = n;
}

void MessageFlights::process(const TraceLog &log, std::uint32_t i)
{
    std::uint32_t cause = 0;
    const std::uint32_t n = causeFlight(log, log[i], i, &cause);
    if (n == kNoFlight)
        return;
    Flight &f = m_flights[n];
    if (f.fate != FlightFate::Processing || cause != f.start)
        return;
    f.process = i;
    f.fate = FlightFate::Processed;
    m_flightOf[i] = n;
    --m_liveAtService[static_cast<std::size_t>(log[f.send].to)];
}

void MessageFlights::crash(const TraceEvent &e, std::uint32_t i)
{
    if (e.from < 0 || static_cast<std::size_t>(e.from) >= m_atService.size())
        return;
    const auto s = static_cast<std::size_t>(e.from);
    // Everything queued or in the hands of a worker is gone (the crash event counts it).
    for (std::uint32_t k : m_atService[s]) {
        Flight &f = m_flights[k];
        if (f.fate == FlightFate::Queued || f.fate == FlightFate::Processing) {
            f.fate = FlightFate::LostInCrash;
            f.lost = i;
        }
    }
    m_atService[s].clear();
    m_liveAtService[s] = 0;
}

const Flight *MessageFlights::sentBy(std::size_t position) const
{
    const std::uint32_t n = flightOf(position);
    return n != kNoFlight && m_flights[n].send == position ? &m_flights[n] : nullptr;
}

const Flight *MessageFlights::endedBy(std::size_t position) const
{
    const std::uint32_t n = flightOf(position);
    return n != kNoFlight && m_flights[n].end == position ? &m_flights[n] : nullptr;
}

std::vector<std::uint32_t> MessageFlights::flightsOfMessage(std::uint64_t msg) const
{
    std::uint32_t n = kNoFlight;
    if (msg < m_lastByMessage.size())
        n = m_lastByMessage[static_cast<std::size_t>(msg)];
    else if (const auto it = m_lastByOddMessage.find(msg); it != m_lastByOddMessage.end())
        n = it->second;
    std::vector<std::uint32_t> out;
    for (; n != kNoFlight; n = m_flights[n].previous)
        out.push_back(n);
    std::reverse(out.begin(), out.end());
    return out;
}

void MessageFlights::inAirAt(SimTime t, std::vector<std::uint32_t> *out) const
{
    out->clear();
    for (std::size_t b = 0; b < m_blocks.size(); ++b) {
        // A block's bounds only widen (a loss shortens a flight, not its block's bound).
        if (m_blocks[b].firstSent > t || m_blocks[b].lastUntil <= t)
            continue;
        const std::size_t last = std::min(m_flights.size(), (b + 1) * kBlock);
        for (std::size_t n = b * kBlock; n < last; ++n)
            if (m_flights[n].inAirAt(t))
                out->push_back(static_cast<std::uint32_t>(n));
    }
}

DropKind MessageFlights::dropKind(const TraceLog &log, std::size_t position) const
{
    const TraceEvent &e = log[position];
    if (e.kind != TraceKind::Drop)
        return DropKind::None;
    if (e.to == kBusEndpoint)
        return e.ok || e.from < 0 ? DropKind::PublishRefused : DropKind::NeverPublished;
    if (const std::uint32_t n = flightOf(position); n != kNoFlight)
        return m_flights[n].end == position ? DropKind::OnTheWay : DropKind::AfterDelivery;
    if (e.from != kBusEndpoint)
        return DropKind::Other;
    // The bus drops a delivery as it would send it: the cause is its publish, its redelivery
    // timer or whatever rewound the subscription, never a send or a delivery.
    if (e.cause == 0)
        return DropKind::NotSent;
    const std::uint32_t c = positionOf(log, e.cause, position);
    return c != Flight::kNoEvent && !startsFlight(log[c]) && log[c].kind != TraceKind::Deliver
               ? DropKind::NotSent
               : DropKind::Other;
}

std::uint32_t MessageFlights::publishOf(const TraceLog &log, const Flight &flight) const
{
    const std::uint32_t c = positionOf(log, log[flight.send].cause, flight.send);
    return c != Flight::kNoEvent && log[c].kind == TraceKind::Publish ? c : Flight::kNoEvent;
}

std::size_t MessageFlights::memoryBytes() const
{
    std::size_t bytes = m_flights.memoryBytes() + m_flightOf.memoryBytes() +
                        m_blocks.capacity() * sizeof(Block) +
                        m_lastByMessage.capacity() * sizeof(std::uint32_t) +
                        m_lastByOddMessage.size() * (sizeof(std::uint64_t) + 32);
    for (const auto &at : m_atService)
        bytes += at.capacity() * sizeof(std::uint32_t);
    return bytes;
}

} // namespace dplab
