#pragma once

#include "simulation/scenario/patternswitches.h"

namespace dplab {

/** "patterns.cqrs": an order-view service answers the reads from a projected read model. */
struct CqrsSettings : PatternSettings
{
    static constexpr const char *kKey = "cqrs";
};

} // namespace dplab
