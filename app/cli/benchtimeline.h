#pragma once

#include "simulation/scenario/scenario.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <iosfwd>

namespace dplab {

/** What `dplab-cli bench --timeline` measures. */
struct TimelineBenchOptions
{
    std::size_t events = 1'000'000;
    std::size_t checkpointEveryCommits = 4096;
    int seeks = 200;
};

/// The shop with CQRS, the outbox and idempotent consumers: every request writes to one or
/// more databases, so the run has many commits to step over (and many messages).
Scenario timelineBenchScenario();

/// Records a run of options.events trace events with a timeline, then times seeks anywhere,
/// steps back and the return to the present, against simulating again from t = 0; writes the
/// figures to `text` and returns them.
nlohmann::ordered_json benchTimeline(const TimelineBenchOptions &options, std::ostream &text);

} // namespace dplab
