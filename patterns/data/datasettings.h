#pragma once

#include "simulation/scenario/patternswitches.h"

namespace dplab {

/** "patterns.data": "shared" (one database for every service); absent for "per-service". */
struct DataSettings : PatternSettings
{
    static constexpr const char *kKey = "data";
};

} // namespace dplab
