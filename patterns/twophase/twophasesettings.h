#pragma once

#include "simulation/kernel/simtime.h"
#include "simulation/scenario/patternswitches.h"

namespace dplab {

/** "patterns.two_phase_commit": an order committed atomically across databases. */
struct TwoPhaseCommitSettings : PatternSettings
{
    static constexpr const char *kKey = "two_phase_commit";

    SimTime timeout = kSecond;
};

} // namespace dplab
