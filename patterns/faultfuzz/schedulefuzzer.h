#pragma once

#include "patterns/faultfuzz/faulthitcounter.h"
#include "patterns/faultfuzz/faultschedule.h"
#include "simulation/observe/summary.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dplab {

/** One random schedule applied to a scenario: what fired and which invariants held. */
struct ScheduleOutcome
{
    std::uint64_t seed = 0;
    std::vector<FaultSpec> faults;
    std::vector<CheckResult> checks; ///< the invariant checks after quiescence
    FaultHits hits;

    /// The checks that fail although the scenario does not expect them to.
    std::vector<const CheckResult *> broken() const;
    const CheckResult *check(const std::string &id) const;
};

/**
 * Runs a scenario under seeded random fault schedules. The workload stops at `stop`, every
 * fault starts and ends before it, and the run goes on for `settle` more so that retries,
 * relays, redeliveries and timeouts finish (quiescence); then the invariant checks run. A
 * check the scenario expects to fail ({"check": id, "ok": false}) is not counted as broken.
 */
class ScheduleFuzzer
{
public:
    ScheduleFuzzer(const Scenario &base, SimTime stop, SimTime settle);

    FaultScheduleSpace &space() { return m_space; }
    const FaultScheduleSpace &space() const { return m_space; }
    /// The scenario one seed runs: the base with its schedule as "faults" (replayable).
    Scenario scenarioFor(std::uint64_t seed) const;
    ScheduleOutcome run(std::uint64_t seed) const;
    /// A dplab-cli run command that replays one seed's scenario from its file (the file's own
    /// --set overrides, the shortened workload and duration, the schedule as "faults").
    std::string replayCommand(std::uint64_t seed) const;
    /// Seed, broken checks, the schedule as a "faults" array and the replay command, for a
    /// failure message.
    std::string describe(const ScheduleOutcome &outcome) const;

private:
    Scenario m_base;
    FaultScheduleSpace m_space;
};

} // namespace dplab
