#pragma once

#include "simulation/kernel/simtime.h"
#include "simulation/scenario/patternswitches.h"

namespace dplab {

/** "patterns.saga": an order as a saga of local transactions with compensations. */
struct SagaSettings : PatternSettings
{
    static constexpr const char *kKey = "saga";
    enum class Style { Orchestration, Choreography };

    Style style = Style::Orchestration;
    SimTime stepTimeout = kSecond;
    int stepRetries = 0;
};

} // namespace dplab
