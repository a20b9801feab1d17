#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dplab {

/** Virtual time and durations, in integer microseconds. */
using SimTime = std::int64_t;

inline constexpr SimTime kMicrosecond = 1;
inline constexpr SimTime kMillisecond = 1000;
inline constexpr SimTime kSecond = 1000 * kMillisecond;
inline constexpr SimTime kMinute = 60 * kSecond;
inline constexpr SimTime kHour = 60 * kMinute;
inline constexpr SimTime kSimTimeMax = INT64_MAX / 4;

/// Parses "250us", "4ms", "2s", "1.5min", "1h" or a bare number (milliseconds).
/// Returns nullopt and fills *error (without position) when the text is not a duration.
std::optional<SimTime> parseDuration(std::string_view text, std::string *error = nullptr);

/// Converts a JSON number of milliseconds to SimTime (rounded to the microsecond).
std::optional<SimTime> durationFromMilliseconds(double ms, std::string *error = nullptr);

/// Shortest readable form: "0s", "250us", "4ms", "1.5s", "2min".
std::string formatDuration(SimTime t);

/// Milliseconds as a double, for reports.
inline double toMilliseconds(SimTime t)
{
    return static_cast<double>(t) / kMillisecond;
}
inline double toSeconds(SimTime t)
{
    return static_cast<double>(t) / kSecond;
}

} // namespace dplab
