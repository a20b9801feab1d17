#pragma once

#include "simulation/kernel/simtime.h"
#include "simulation/observe/messageflights.h"
#include "simulation/observe/tracelog.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace dplab {

/** A message between its send and its arrival (send <= t < arrival). */
struct InFlightMessage
{
    std::uint64_t sendEvent = 0; ///< trace id of the Send/Reply event
    std::uint64_t msg = 0;
    SimTime sent = 0;
    SimTime arrives = 0;
    std::uint32_t label = 0; ///< operation or topic
    std::int16_t from = kNoEndpoint;
    std::int16_t to = kNoEndpoint;
    MessageKind kind = MessageKind::None;
};

/**
 * Something drawn briefly where it happened: a publish hop, a drop burst, a duplicate split, a
 * message that took no virtual time at all (zero latency), shown as a quick hop; or, lingering
 * longer, an event its publisher lost before it reached the bus (a dual write that crashed
 * between commit and publish) or published for a change it then rolled back (a phantom).
 */
struct TransientEffect
{
    enum class Kind : std::uint8_t { Publish, Drop, Duplicate, Instant, Lost, Phantom };
    /// Lost and phantom events stay on screen this many effect spans: they are the moment a
    /// lesson is about, and easy to miss in 300 ms.
    static constexpr int kLingerSpans = 4;
    Kind kind = Kind::Drop;
    SimTime at = 0;
    double fraction = 0.5; ///< where along from -> to it happened
    std::uint32_t label = 0;
    std::int16_t from = kNoEndpoint;
    std::int16_t to = kNoEndpoint;
    MessageKind msgKind = MessageKind::None;
};

/**
 * What the canvas draws of the trace at a playhead: the messages in flight, asked of the
 * trace's MessageFlights (read as the trace grows), and the recent transient effects, kept
 * while scanning forward; going back reads only the last few effect spans again. An update
 * costs O(new events + flights / 64 + in flight), not O(trace). A message is in flight at t
 * when its Send/Reply event happened at or before t, t is before its arrival (time + value),
 * and no Drop caused by that send happened at or before t (the network drops some messages the
 * moment they are sent).
 */
class MessageTracker
{
public:
    /// Forgets everything (a new world).
    void reset();
    /// The world's names, to read failure texts (a phantom event is one kind of failure).
    void setNames(const NameTable *names) { m_names = names; }
    /// Which failure texts announce a change that was rolled back (the pattern modules know).
    void setPhantomTest(std::function<bool(std::string_view)> test)
    {
        m_isPhantom = std::move(test);
    }
    /// Brings the index to time t. Going back in time rescans from the start.
    void update(const TraceLog &trace, SimTime t, SimTime effectSpan);

    SimTime time() const { return m_time; }
    const std::vector<InFlightMessage> &inFlight() const { return m_inFlight; }
    const std::deque<TransientEffect> &effects() const { return m_effects; }
    /// Lost and phantom events of the last kLingerSpans effect spans.
    const std::deque<TransientEffect> &losses() const { return m_losses; }
    /// Sender/receiver pairs of Send events seen for the first time since the last call.
    std::vector<std::pair<std::int16_t, std::int16_t>> takeNewLinks();
    /// Services that committed a transaction since the last call (after a step back, only those
    /// of the effect spans read again: the caller refreshes every database then).
    std::vector<std::int16_t> takeCommitted();
    /// The flights of the trace, read up to its end at the last update.
    const MessageFlights &flights() const { return m_flights; }

    /// The definition above applied to the whole trace, for tests.
    static std::vector<InFlightMessage> bruteForce(const TraceLog &trace, SimTime t);

private:
    void scan(const TraceLog &trace, std::size_t i);

    const NameTable *m_names = nullptr;
    std::function<bool(std::string_view)> m_isPhantom;
    MessageFlights m_flights;
    std::size_t m_scanned = 0;
    SimTime m_time = -1;
    std::vector<InFlightMessage> m_inFlight;
    std::vector<std::uint32_t> m_inAir; // flight numbers, reused between updates
    std::deque<TransientEffect> m_effects;
    std::deque<TransientEffect> m_losses;
    std::unordered_set<std::uint32_t> m_links;
    std::vector<std::pair<std::int16_t, std::int16_t>> m_newLinks;
    std::vector<std::int16_t> m_committed;
};

} // namespace dplab
