#pragma once

#include "scenario/scenario.h"

#include <nlohmann/json.hpp>

namespace dplab {

/**
 * Writes the "patterns" object of a scenario file back from its model, so a scenario changed in
 * the app (a toggle, a setting) can be saved. Only switches that are on appear, with their
 * settings in full; loading the result gives the same PatternsSpec.
 */
class PatternsWriter
{
public:
    static nlohmann::ordered_json toJson(const PatternsSpec &patterns);
};

} // namespace dplab
