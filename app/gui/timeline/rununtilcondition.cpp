#include "app/gui/timeline/rununtilcondition.h"

#include <algorithm>

namespace dplab {

const char *runUntilKindName(RunUntilCondition::Kind kind)
{
    switch (kind) {
    case RunUntilCondition::Kind::Time:
        return "time";
    case RunUntilCondition::Kind::EventNumber:
        return "event number";
    case RunUntilCondition::Kind::Drop:
        return "next drop";
    case RunUntilCondition::Kind::Compensation:
        return "next compensation";
    case RunUntilCondition::Kind::Fault:
        return "next fault";
    case RunUntilCondition::Kind::StaleRead:
        return "next stale read";
    }
    return "";
}

bool satisfies(const TraceEvent &e, std::size_t index, const RunUntilCondition &c)
{
    switch (c.kind) {
    case RunUntilCondition::Kind::Time:
        return e.time >= c.time;
    case RunUntilCondition::Kind::EventNumber:
        return index + 1 >= c.eventNumber;
    case RunUntilCondition::Kind::Drop:
        return e.kind == TraceKind::Drop;
    case RunUntilCondition::Kind::Compensation:
        return (e.kind == TraceKind::Send || e.kind == TraceKind::Publish) &&
               e.msgKind == MessageKind::Compensation;
    case RunUntilCondition::Kind::Fault:
        return e.kind == TraceKind::FaultStart || e.kind == TraceKind::Crash;
    case RunUntilCondition::Kind::StaleRead:
        return e.kind == TraceKind::StaleRead;
    }
    return false;
}

std::optional<std::size_t> findNext(const TraceLog &trace, std::size_t from,
                                    const RunUntilCondition &c)
{
    const std::size_t n = trace.size();
    if (from >= n)
        return std::nullopt;
    if (c.kind == RunUntilCondition::Kind::EventNumber) {
        // Event numbers are trace positions: no scan needed.
        const std::size_t at = std::max<std::size_t>(from, c.eventNumber ? c.eventNumber - 1 : 0);
        return at < n ? std::optional<std::size_t>(at) : std::nullopt;
    }
    if (c.kind == RunUntilCondition::Kind::Time) {
        // The trace is ordered by time: binary search over [from, n).
        std::size_t lo = from, hi = n;
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo) / 2;
            if (trace[mid].time < c.time)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo < n ? std::optional<std::size_t>(lo) : std::nullopt;
    }
    for (std::size_t i = from; i < n; ++i)
        if (satisfies(trace[i], i, c))
            return i;
    return std::nullopt;
}

} // namespace dplab
