#pragma once

#include "observe/metrics.h"

#include <memory>

namespace dplab {

class World;

/**
 * The patterns' time series for metrics.csv and the charts: the read model's staleness and
 * consumer lag, the outbox backlog or the dual write's losses, the consumers' repeats.
 */
class PatternSeries
{
public:
    /// A source with the columns this world's patterns have, or nullptr when none apply.
    static std::unique_ptr<SeriesSource> create(const World &world);
};

} // namespace dplab
