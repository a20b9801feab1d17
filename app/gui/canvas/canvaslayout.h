#pragma once

#include "scenario/scenario.h"

#include <QHash>
#include <QPointF>
#include <QString>

#include <vector>

namespace dplab {

/**
 * The automatic layout: clients on the left, the gateway next, then services in columns by
 * call depth (the longest call path from a workload target), databases beside their services,
 * the shared database and the bus underneath. Positions are node centres keyed by service name,
 * "@clients", "@bus" and "@database".
 */
class CanvasLayout
{
public:
    struct Result
    {
        QHash<QString, QPointF> positions;
        double busWidth = 0;
    };

    /// `clientStreams` and `topics` size the client box and the bus.
    static Result compute(const Scenario &scenario, int clientStreams, int topics);
    /// Column of each service (1 = next to the clients).
    static std::vector<int> columns(const Scenario &scenario);
};

} // namespace dplab
