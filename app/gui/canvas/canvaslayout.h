#pragma once

#include "patterns/module/roleinfo.h"
#include "simulation/scenario/scenario.h"

#include <QHash>
#include <QPointF>
#include <QString>

#include <vector>

namespace dplab {

/**
 * The automatic layout: clients on the left, the entry (a gateway) next, then services in
 * columns by their role's column and by call depth (the longest call path from a workload
 * target), read sides last, databases beside their services,
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

    /// `roles`: the column of each service's role (as its pattern module says); `shared`: one
    /// database for all; `clientStreams` and `topics` size the client box and the bus.
    static Result compute(const Scenario &scenario, const std::vector<RoleColumn> &roles,
                          bool shared, int clientStreams, int topics);
    /// Column of each service (1 = next to the clients).
    static std::vector<int> columns(const Scenario &scenario, const std::vector<RoleColumn> &roles);
};

} // namespace dplab
