#pragma once

#include "simulation/kernel/simtime.h"
#include "simulation/scenario/patternswitches.h"

namespace dplab {

/** "patterns.composition": API composition at the gateway. */
struct CompositionSettings : PatternSettings
{
    static constexpr const char *kKey = "composition";
    enum class Mode { Parallel, Sequential };

    Mode mode = Mode::Parallel;
    SimTime timeout = 200 * kMillisecond;
    int retries = 1;
    int breakerFailures = 5; ///< 0 = no circuit breaker
    SimTime breakerOpenFor = 2 * kSecond;
    SimTime cacheTtl = 0;
};

} // namespace dplab
