#pragma once

#include "simulation/observe/chunkedarray.h"
#include "simulation/observe/tracelog.h"

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace dplab {

/// Whether an event puts a message on its way to a receiver: a Send (a call, a command, a bus
/// delivery) or a Reply. Each such event starts one Flight.
inline bool startsFlight(const TraceEvent &e)
{
    return e.kind == TraceKind::Send || e.kind == TraceKind::Reply;
}

/** What became of a flight, as far as the log goes. */
enum class FlightFate : std::uint8_t {
    InAir,       ///< sent; nothing has happened to it yet
    Dropped,     ///< lost on the way (end: the Drop, whose text says why: the network's or the
                 ///< bus's drop probability, a partition, a receiver or the bus down on arrival)
    Held,        ///< reached a bus that is down and waits in it (end: the Hold); the flight that
                 ///< carries it on when the bus is back names this one in `resumes`
    Received,    ///< delivered to whoever waited for it: a reply taken by its call or the client
    Queued,      ///< delivered to a service; waits for a worker (or, lockWait, for the lock)
    Processing,  ///< a worker took it (start)
    Processed,   ///< the worker finished it (process)
    Ignored,     ///< delivered after its caller had given up: a late reply (lost: the Drop)
    Refused,     ///< delivered to a service that was down (lost: the Drop)
    LostInCrash, ///< its service crashed while it was queued or being processed (lost: the Crash)
};

/// "in-air", "dropped", "lost-in-crash"...
const char *flightFateName(FlightFate fate);

/** What a Drop event lost, seen from the flights. */
enum class DropKind : std::uint8_t {
    None,           ///< not a Drop
    OnTheWay,       ///< ended a flight (FlightFate::Dropped)
    AfterDelivery,  ///< arrived, then lost: a late reply, or a receiver down (Ignored, Refused)
    NotSent,        ///< the bus dropped a delivery before it left (drop probability or fault)
    PublishRefused, ///< the bus refused a publish: it is down, or the publisher is cut off
    NeverPublished, ///< the publisher lost the event itself (crashed after its commit, or gave
                    ///< up after a refusal): it never reached the bus
    Other,          ///< a drop whose cause is not in the log (a cut trace)
};

inline constexpr std::uint32_t kNoFlight = 0xffffffffu;

/**
 * One hop of a message, from the event that sent it to what became of it: delivered (and then
 * queued, processed, ignored, lost in a crash), dropped on the way, or held by a bus that is
 * down. Events are named by their position in the TraceLog (kNoEvent: none yet).
 */
struct Flight
{
    static constexpr std::uint32_t kNoEvent = 0xffffffffu;

    std::uint32_t send = kNoEvent;      ///< its Send or Reply
    std::uint32_t end = kNoEvent;       ///< the Deliver, Drop or Hold that ended the hop
    std::uint32_t lockWait = kNoEvent;  ///< delivered, it waited for the shared lock (a Hold)
    std::uint32_t start = kNoEvent;     ///< a worker took it
    std::uint32_t process = kNoEvent;   ///< the worker finished it
    std::uint32_t lost = kNoEvent;      ///< delivered, then lost: the Drop or the Crash
    std::uint32_t resumes = kNoFlight;  ///< the held flight this one carries on (bus back up)
    std::uint32_t previous = kNoFlight; ///< the flight of the same message sent before this one
    SimTime sent = 0;
    SimTime until = 0; ///< out of the air from then: its arrival, or its loss on the way
    FlightFate fate = FlightFate::InAir;
    bool duplicate = false; ///< the bus's extra copy of a delivery
    bool queues = false;    ///< delivered, it joins its service's queue (all but network replies)

    bool inAirAt(SimTime t) const { return sent <= t && t < until; }
    /// The event after which it waited for a worker: its lock wait, else its delivery.
    std::uint32_t queuedBy() const { return lockWait != kNoEvent ? lockWait : end; }
};

/**
 * The trace interpreted once: every message's flights (one per Send or Reply event) with the
 * events that delivered, dropped, held, queued, processed or lost them, found by following
 * each event's cause. Built by one pass over a TraceLog and brought up to date by reading only
 * the events appended since (a log that shrank or changed is read again). Answers "in the air
 * at t" from an index of blocks of flights (O(flights / 64) plus the blocks that overlap t),
 * "which flight is this event about" in O(1), and "the flights of message #m" along a chain.
 * Costs 56 bytes per flight and 4 per event. Positions are 32-bit: a log longer than
 * 2^32 - 2 events is read up to there.
 */
class MessageFlights
{
public:
    /// Reads the events appended to `log` since the last call.
    void update(const TraceLog &log);
    /// Forgets everything.
    void clear();
    /// Events read so far.
    std::size_t scanned() const { return m_scanned; }

    std::size_t size() const { return m_flights.size(); }
    bool empty() const { return m_flights.empty(); }
    const Flight &operator[](std::uint32_t i) const { return m_flights[i]; }
    const ChunkedArray<Flight, 12> &flights() const { return m_flights; }

    /// The flight an event is part of (its send, the end of its hop, its lock wait, start,
    /// process, or the drop after its delivery), or kNoFlight.
    std::uint32_t flightOf(std::size_t position) const
    {
        return position < m_flightOf.size() ? m_flightOf[position] : kNoFlight;
    }
    /// The flight that event `position` sent, or null when it sent none.
    const Flight *sentBy(std::size_t position) const;
    /// The flight whose hop event `position` ended (delivered, dropped, held), or null.
    const Flight *endedBy(std::size_t position) const;
    /// The flights of message `msg` in the order they left: the bus's deliveries of an event
    /// to each subscriber, their duplicates, redeliveries and resumptions after a hold.
    std::vector<std::uint32_t> flightsOfMessage(std::uint64_t msg) const;
    /// The flights in the air at t (sent <= t < until), in the order they left.
    void inAirAt(SimTime t, std::vector<std::uint32_t> *out) const;
    /// What the Drop at `position` lost.
    DropKind dropKind(const TraceLog &log, std::size_t position) const;
    /// The Publish whose delivery the flight is, when that is its direct cause (kNoEvent
    /// otherwise: a redelivery names its timer, a resumption its hold).
    std::uint32_t publishOf(const TraceLog &log, const Flight &flight) const;
    /// The longest latency of any flight so far (0 without flights).
    SimTime maxLatency() const { return m_maxLatency; }
    std::size_t memoryBytes() const;

    /// Position of the event with this id among the first `before` events of `log`, or
    /// Flight::kNoEvent. Ids rise with position; in a whole log they are position + 1.
    static std::uint32_t positionOf(const TraceLog &log, std::uint64_t id, std::size_t before);

private:
    struct Block
    {
        SimTime firstSent = 0;
        SimTime lastUntil = 0;
    };
    static constexpr std::size_t kBlock = 64;
    static constexpr std::size_t kMaxEvents = Flight::kNoEvent - 1;

    void apply(const TraceLog &log, std::uint32_t i);
    void addFlight(const TraceLog &log, std::uint32_t i);
    /// The flight whose event `e` names as its cause, and that event's position.
    std::uint32_t causeFlight(const TraceLog &log, const TraceEvent &e, std::uint32_t i,
                              std::uint32_t *cause) const;
    void arrive(const TraceLog &log, std::uint32_t i);
    void drop(const TraceLog &log, std::uint32_t i);
    void hold(const TraceLog &log, std::uint32_t i);
    void start(const TraceLog &log, std::uint32_t i);
    void process(const TraceLog &log, std::uint32_t i);
    void crash(const TraceEvent &e, std::uint32_t i);
    std::uint32_t &lastOfMessage(std::uint64_t msg, std::uint32_t i);

    // Chunks, not vectors: a frame that adds one flight never copies all the others.
    ChunkedArray<Flight, 12> m_flights;
    ChunkedArray<std::uint32_t, 14> m_flightOf; ///< by event position
    std::vector<Block> m_blocks;                ///< the in-air index: one per kBlock flights
    /// Flights delivered to each service and not done with: lost when it crashes.
    std::vector<std::vector<std::uint32_t>> m_atService;
    std::vector<std::size_t> m_liveAtService;   ///< how many of those are still queued or busy
    std::vector<std::uint32_t> m_lastByMessage; ///< by message id, for ids a run would give
    std::unordered_map<std::uint64_t, std::uint32_t> m_lastByOddMessage; ///< any other id
    std::size_t m_scanned = 0;
    TraceEvent m_lastScanned; ///< to notice a log that was replaced under the same size
    SimTime m_maxLatency = 0;
};

} // namespace dplab
