#pragma once

#include "simulation/kernel/simtime.h"
#include "simulation/observe/tracelog.h"
#include "simulation/scenario/scenario.h"

#include <QString>

#include <cstdint>
#include <map>
#include <vector>

namespace dplab {

class FaultManager;

/** A fault's interval as the charts shade it, in seconds of simulated time. */
struct FaultBand
{
    std::uint64_t id = 0;
    FaultSpec::Kind kind = FaultSpec::Kind::Crash;
    double startS = 0;
    double endS = 0;      ///< up to the playhead while the fault is still in force
    bool ongoing = false; ///< in force at the playhead
    QString label;        ///< "crash orders", "partition orders | bus"

    bool operator==(const FaultBand &) const = default;
};

/**
 * The fault bands of a run up to the playhead: every fault applied so far (scheduled in the
 * scenario or injected live) from its start to its end, or to the playhead while it lasts. A
 * fault ended early by hand has its end looked up once in the trace and remembered.
 */
class FaultBandTracker
{
public:
    std::vector<FaultBand> bands(const FaultManager &faults, const TraceLog *trace, SimTime now);
    /// Forgets remembered ends (the world was rebuilt).
    void clear() { m_endedAt.clear(); }

private:
    std::map<std::uint64_t, SimTime> m_endedAt;
};

} // namespace dplab
