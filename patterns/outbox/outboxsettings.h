#pragma once

#include "simulation/kernel/simtime.h"
#include "simulation/scenario/patternswitches.h"

namespace dplab {

/** "patterns.outbox": events written in the same transaction as the change, then relayed. */
struct OutboxSettings : PatternSettings
{
    static constexpr const char *kKey = "outbox";

    SimTime poll = 50 * kMillisecond;
    int batch = 100;
};

/** "patterns.dual_write": "publish-first" (without the outbox: publish, then commit); absent
 *  for "commit-first". */
struct DualWriteSettings : PatternSettings
{
    static constexpr const char *kKey = "dual_write";
};

} // namespace dplab
