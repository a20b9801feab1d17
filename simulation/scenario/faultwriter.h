#pragma once

#include "simulation/scenario/scenario.h"

#include <nlohmann/json.hpp>

namespace dplab {

/// A fault as a scenario file writes it (the keys of its kind only), so that the loader reads
/// back the same FaultSpec.
nlohmann::ordered_json faultToJson(const FaultSpec &fault);
/// A distribution as a scenario file writes it ({"dist": "exponential", "mean": "4ms"}).
nlohmann::ordered_json distributionToJson(const Distribution &d);
/// The "run" section of a run file (interventions, playhead, bookmarks).
nlohmann::ordered_json runToJson(const RunSpec &run);

} // namespace dplab
