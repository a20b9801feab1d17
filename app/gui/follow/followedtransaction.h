#pragma once

#include "simulation/kernel/simtime.h"
#include "simulation/observe/tracelog.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_set>
#include <vector>

namespace dplab {

/**
 * The transaction the class follows: one root event (a client's request) and every trace event
 * it caused, directly or through others (the calls it made, their replies, the commits, the
 * events published and their deliveries), read from the trace as it grows. Playback slows down
 * while one of its messages is in the air, so a protocol whose hops take milliseconds can be
 * watched hop by hop at any speed, and the canvas fades every other message.
 */
class FollowedTransaction
{
public:
    /// A followed hop stays on screen at least this long (seconds of wall time).
    static constexpr double kWallPerHop = 0.8;
    /// The transaction counts as done this long (virtual) after its last event, none in the air.
    static constexpr SimTime kQuiet = 3 * kSecond;

    /// Follows nothing.
    void clear();
    /// Follows the first request a client starts at trace position `from` or later (armed
    /// until the run reaches one); with `through` >= 0, the transaction of the first message
    /// sent to that service from there on instead (its whole tree, from its first cause); with
    /// `label` != 0, the first request of that operation (its trace label).
    void followNextRequest(std::size_t from, int through = -1, std::uint32_t label = 0);
    /// Follows the transaction of the event at `position`: the tree of its first cause.
    void followEvent(const TraceLog &log, std::size_t position);

    /// Follows a fixed set of events (a chain of evidence): those, and the messages they name
    /// or put on their way (a Send or Reply of the same message, or caused by one of them).
    /// Nothing is added as the trace grows, and it is never done by itself.
    void followEvents(const TraceLog &log, const std::vector<std::uint64_t> &ids);

    /// Following, or armed to follow the next request.
    bool active() const { return m_mode != Mode::Off; }
    /// Waiting for the next request to appear.
    bool armed() const { return m_mode == Mode::Armed; }
    /// Reads the events appended to `log` since the last call.
    void update(const TraceLog &log);

    /// The root event (valid while following, not armed).
    const TraceEvent &root() const { return m_root; }
    bool containsEvent(std::uint64_t id) const { return m_ids.count(id) != 0; }
    /// Events of the transaction read so far.
    std::size_t eventCount() const { return m_ids.size(); }

    /// The speed (virtual per wall time) at which the shortest of its hops in the air at `t`
    /// takes kWallPerHop; nullopt when none of them is in the air (or they take no time).
    std::optional<double> slowSpeedAt(SimTime t) const;
    /// The first time in (after, upTo] one of its hops leaves, if any.
    std::optional<SimTime> hopLeavingIn(SimTime after, SimTime upTo) const;
    /// Its hops that left at or before `t`, and those of them in the air at `t`.
    int hopsSentBy(SimTime t) const;
    int hopsInAir(SimTime t) const;
    /// True when nothing of it happened for kQuiet before `t` and nothing is in the air.
    bool doneAt(SimTime t) const;

private:
    enum class Mode { Off, Armed, Following, Fixed };
    struct Hop
    {
        SimTime sent = 0;
        SimTime arrives = 0;
    };

    void start(const TraceEvent &root);
    void read(const TraceEvent &e);

    Mode m_mode = Mode::Off;
    TraceEvent m_root;
    std::size_t m_scanned = 0; ///< trace positions read so far
    int m_through = -1;        ///< armed: wait for a message to this service
    std::uint32_t m_label = 0; ///< armed: wait for a request of this operation (0: any)
    std::unordered_set<std::uint64_t> m_ids;
    std::vector<Hop> m_hops; ///< in the order they left (the trace is in time order)
    SimTime m_last = 0;      ///< the time of its last event read
};

} // namespace dplab
