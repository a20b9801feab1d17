#pragma once

#include "simulation/scenario/scenarioloader.h"

#include <string>
#include <vector>

namespace dplab {

/**
 * Build-time rules of patterns.event_sourcing: the orders service it needs, and the patterns
 * it does not run with in this build. Errors in the loader's "file:line:col: path: message".
 */
class EventSourcingRules
{
public:
    static void check(const Scenario &s, std::vector<LoadError> &errors);
    /// True when a rebuild of `svc` replays a projection from the event store.
    static bool rebuildsFromStore(const Scenario &s, const ServiceSpec &svc);
};

} // namespace dplab
