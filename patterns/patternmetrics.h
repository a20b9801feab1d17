#pragma once

#include <nlohmann/json.hpp>

namespace dplab {

class World;

/**
 * The summary sections measured by the patterns rather than by the simulation core:
 * "composition" (API composition at the gateway) and "consistency" (replication), each present
 * only when its pattern is on. Passed to buildSummary as its `extra` sections.
 */
class PatternMetrics
{
public:
    static nlohmann::ordered_json collect(const World &world);
};

} // namespace dplab
