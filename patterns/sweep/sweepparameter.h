#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dplab {

/**
 * One varied parameter of a parameter study (`--vary PATH=VALUES`): a path into the scenario,
 * as --set takes it, and the values it takes there, as the texts --set would be given.
 */
struct SweepParameter
{
    std::string path;                ///< "workload[0].rate"
    std::vector<std::string> values; ///< "10", "0.5", "20ms", any JSON text

    /// Reads "PATH=V1,V2,..." (commas inside JSON brackets or quotes do not split) or
    /// "PATH=A..B:STEP" (numbers, optionally with one unit such as ms: 10ms..100ms:10ms).
    static std::optional<SweepParameter> parse(std::string_view text, std::string *why);

    /// The value number `index` as a number on a chart's axis: a JSON number as it is, a
    /// duration in milliseconds, true/false as 1/0; otherwise nothing.
    std::optional<double> axisValue(std::size_t index) const;
    /// True when every value has an axisValue().
    bool numeric() const;
    /// PATH with its unit where the values or the path say it: "PATH (ms)" for durations,
    /// "(requests/s)" for a workload's rate, "(probability)" for a failure rate, "(workers)".
    std::string axisTitle() const;
};

} // namespace dplab
