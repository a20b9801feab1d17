#pragma once

#include "simulation/kernel/simtime.h"

#include <string_view>

namespace dplab {

/** One unit a duration in a scenario file may name, and its length. */
struct DurationUnit
{
    std::string_view suffix;
    SimTime length;
};

/// The units of durations, the only list of them: parseDuration reads it, and a test checks
/// that scenarios/schema.json's duration patterns and scenarios/README.md name the same ones.
inline constexpr DurationUnit kDurationUnits[] = {{"us", kMicrosecond}, {"\xC2\xB5s", kMicrosecond},
                                                  {"ms", kMillisecond}, {"s", kSecond},
                                                  {"min", kMinute},     {"m", kMinute},
                                                  {"h", kHour}};

} // namespace dplab
