#pragma once

#include "simulation/scenario/patternswitches.h"

namespace dplab {

/** "patterns.replication": orders keeps a copy of the customers, fed by their events. */
struct ReplicationSettings : PatternSettings
{
    static constexpr const char *kKey = "replication";
};

} // namespace dplab
