#pragma once

#include "simulation/scenario/scenario.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace dplab {

/**
 * The space random fault schedules are drawn from for one scenario: which faults may hit
 * which services, and the window they fall in. Every fault of a schedule starts and ends
 * inside the window, so that the run can quiesce after it.
 */
struct FaultScheduleSpace
{
    SimTime from = 0;
    SimTime until = 0;
    int minFaults = 2;
    int maxFaults = 6;
    SimTime minLength = 50 * kMillisecond;
    SimTime maxLength = 1500 * kMillisecond;
    std::vector<FaultSpec::Kind> kinds;
    std::vector<std::string> crashable;  ///< crash and partition members
    std::vector<std::string> committers; ///< crash-after-commit targets
    std::vector<std::string> publishers; ///< crash-after-publish targets
    std::vector<std::string> links;      ///< "from->to" for drop and latency on calls
    std::string coordinator;             ///< crash-after-prepare target (two-phase commit)
    std::string rebuildable;             ///< rebuild target, empty = none
    bool bus = false;                    ///< the bus exists: bus-down and bus-wide faults

    /// Every fault that applies to the scenario's services and patterns, in [from, until).
    static FaultScheduleSpace forScenario(const Scenario &scenario, SimTime from, SimTime until);
};

/// A schedule drawn from the space; the same seed always gives the same schedule.
std::vector<FaultSpec> randomFaultSchedule(const FaultScheduleSpace &space, std::uint64_t seed);

/// The schedule as a scenario's "faults" array (paste it into a file to replay it).
nlohmann::ordered_json faultScheduleToJson(const std::vector<FaultSpec> &faults);

} // namespace dplab
