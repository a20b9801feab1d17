#pragma once

#include "patterns/eventsourcing/eventstore.h"
#include "simulation/scenario/scenario.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>

namespace dplab {

class World;

/**
 * "State as of any event": reads a run's event store at a point of its history and reports
 * the state of one order stream (with the events that made it) or of every stream that
 * existed then. Shared by `dplab-cli run --as-of` and the GUI.
 */
class TimeTravel
{
public:
    /// Why `asOf` / `stream` cannot be asked of this scenario, or an empty string.
    static std::string validate(const Scenario &scenario, const AsOf &asOf,
                                const std::string &stream);
    /// The report as JSON: {"as_of", "stream"?, "streams": [{stream, version, state,
    /// events?}], ...}. Events are listed for a single stream only.
    static nlohmann::ordered_json report(const World &world, const AsOf &asOf,
                                         const std::string &stream);
    /// The report as text for a terminal, at most `maxStreams` streams listed.
    static std::string text(const nlohmann::ordered_json &report, std::size_t maxStreams = 40);
};

} // namespace dplab
