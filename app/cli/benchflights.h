#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <iosfwd>

namespace dplab {

/** What `dplab-cli bench --flights` measures. */
struct FlightsBenchOptions
{
    std::size_t events = 1'000'000;
    int seeks = 200;
};

/// Records a run of options.events trace events, then times MessageFlights: one pass over the
/// whole trace, the update per frame while the trace grows as in the app playing (at 1x and
/// 100x), "in the air at t" after a seek, and the exports that read it; writes the figures to
/// `text` and returns them.
nlohmann::ordered_json benchFlights(const FlightsBenchOptions &options, std::ostream &text);

} // namespace dplab
