#include "app/export/faultbands.h"

#include "simulation/world/faultmanager.h"

#include <algorithm>

namespace dplab {

namespace {

/// The time of the FaultEnd event of fault `id`, searched from the newest event back to its start.
std::optional<SimTime> traceEnd(const TraceLog &trace, std::uint64_t id, SimTime startedAt)
{
    for (std::size_t i = trace.size(); i-- > 0;) {
        const TraceEvent &e = trace[i];
        if (e.time < startedAt)
            break;
        if (e.kind == TraceKind::FaultEnd && static_cast<std::uint64_t>(e.value) == id)
            return e.time;
    }
    return std::nullopt;
}

} // namespace

std::vector<FaultBand> FaultBandTracker::bands(const FaultManager &faults, const TraceLog *trace,
                                               SimTime now)
{
    std::vector<FaultBand> out;
    for (const ActiveFault &f : faults.all()) {
        if (f.startedAt > now)
            continue;
        FaultBand b;
        b.id = f.id;
        b.kind = f.spec.kind;
        b.startS = toSeconds(f.startedAt);
        b.label = QString::fromStdString(f.description);
        SimTime end = f.endsAt;
        if (faults.isActive(f.id)) {
            b.ongoing = true;
            end = std::min(end, now);
        } else if (f.spec.kind == FaultSpec::Kind::Rebuild) {
            end = f.startedAt; // a moment: over as soon as it started
        } else if (end > now) {
            // Not in force but its planned end is still ahead: someone ended it early. Without
            // a trace, the first time it is seen over is the best guess.
            auto it = m_endedAt.find(f.id);
            if (it == m_endedAt.end()) {
                std::optional<SimTime> t =
                    trace ? traceEnd(*trace, f.id, f.startedAt) : std::nullopt;
                it = m_endedAt.emplace(f.id, t.value_or(now)).first;
            }
            end = it->second;
        }
        b.endS = toSeconds(std::min(end, now));
        out.push_back(std::move(b));
    }
    return out;
}

} // namespace dplab
