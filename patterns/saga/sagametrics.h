#pragma once

#include <nlohmann/json.hpp>

namespace dplab {

class World;

/** summary.json "sagas": how the sagas of a run went. */
struct SagaMetrics
{
    /// The section, or null when patterns.saga is off.
    static nlohmann::ordered_json collect(const World &world);
};

} // namespace dplab
