#pragma once

#include "simulation/observe/metrics.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace dplab {

class World;
class TwoPhaseCoordinator;
class TwoPhaseParticipant;

/** summary.json's "two_phase_commit" section and its metrics.csv columns. */
class TwoPhaseMetrics
{
public:
    /// The coordinator of this world (in orders), or nullptr when the pattern is off.
    static const TwoPhaseCoordinator *coordinator(const World &world);
    /// The participant with this role ("inventory", "payments"), or nullptr.
    static const TwoPhaseParticipant *participant(const World &world, const std::string &role);
    /// The section, or null when the pattern is off.
    static nlohmann::ordered_json section(const World &world);
    /// Adds columns to a series source (see PatternSeries); no-op when the pattern is off.
    using AddColumn =
        std::function<void(std::string, std::function<double(SimTime, const World &)>)>;
    static void addSeries(const World &world, const AddColumn &add);
};

} // namespace dplab
