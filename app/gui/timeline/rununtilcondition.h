#pragma once

#include "simulation/kernel/simtime.h"
#include "simulation/observe/tracelog.h"

#include <cstddef>
#include <cstdint>
#include <optional>

namespace dplab {

/**
 * Where "Run until" stops: a virtual time, an event number, or the next event of a kind the
 * lessons are about. Free of Qt so the timeline engine can evaluate it anywhere.
 */
struct RunUntilCondition
{
    enum class Kind : std::uint8_t {
        Time,         ///< the first event at or after `time`
        EventNumber,  ///< event `eventNumber` (1-based, the "#" column of the event list)
        Drop,         ///< the next lost message (TraceKind::Drop)
        Compensation, ///< the next compensation sent or published
        Fault,        ///< the next fault starting or service crashing
        StaleRead,    ///< the next read answered with data older than its source's
    };
    Kind kind = Kind::Time;
    SimTime time = 0;
    std::uint64_t eventNumber = 0;

    static RunUntilCondition atTime(SimTime t) { return {Kind::Time, t, 0}; }
    static RunUntilCondition atEvent(std::uint64_t n) { return {Kind::EventNumber, 0, n}; }
    static RunUntilCondition next(Kind k) { return {k, 0, 0}; }

    bool operator==(const RunUntilCondition &) const = default;
};

/// Words for the condition's kind ("next drop"), for menus and the status line.
const char *runUntilKindName(RunUntilCondition::Kind kind);

/// True when event `e` (at trace index `index`) satisfies the condition.
bool satisfies(const TraceEvent &e, std::size_t index, const RunUntilCondition &c);

/// The first trace index at or after `from` whose event satisfies the condition, or nullopt if
/// none has happened yet (the engine then keeps running and asks again as the trace grows).
/// The playhead position that shows the event is the index + 1.
std::optional<std::size_t> findNext(const TraceLog &trace, std::size_t from,
                                    const RunUntilCondition &c);

} // namespace dplab
