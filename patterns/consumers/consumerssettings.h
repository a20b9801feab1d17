#pragma once

#include "simulation/scenario/patternswitches.h"

namespace dplab {

/** "patterns.idempotent_consumers": every consumer keeps an inbox of the events it applied. */
struct IdempotentConsumersSettings : PatternSettings
{
    static constexpr const char *kKey = "idempotent_consumers";
};

} // namespace dplab
