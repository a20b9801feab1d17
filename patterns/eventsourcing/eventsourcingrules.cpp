#include "eventsourcingrules.h"

#include "scenarioerror.h"

#include <algorithm>

namespace dplab {

void EventSourcingRules::check(const Scenario &s, std::vector<std::string> &errors)
{
    if (!s.patterns.eventSourcing)
        return;
    const std::string path = "patterns.event_sourcing";
    const SourcePos pos = patternPos(s, path);
    const bool orders = std::any_of(s.services.begin(), s.services.end(),
                                    [](const ServiceSpec &svc) { return svc.role == "orders"; });
    if (!orders)
        errors.push_back(scenarioError(s, pos, path,
                                       "event sourcing keeps the orders as events: add a service "
                                       "with role \"orders\""));
    // The other helpers' write-side patterns change the same order flows; combining them is
    // not built yet.
    if (s.patterns.saga)
        errors.push_back(scenarioError(s, patternPos(s, "patterns.saga"), "patterns.saga",
                                       "event sourcing and a saga are not supported together in "
                                       "this build; set one of them to false"));
    if (s.patterns.twoPhaseCommit)
        errors.push_back(scenarioError(s, patternPos(s, "patterns.two_phase_commit"),
                                       "patterns.two_phase_commit",
                                       "event sourcing and two-phase commit are not supported "
                                       "together in this build; set one of them to false"));
    if (s.patterns.data == PatternsSpec::Data::Shared)
        errors.push_back(scenarioError(s, patternPos(s, "patterns.data"), "patterns.data",
                                       "event sourcing keeps the orders' history in the orders "
                                       "service's own store; with a shared database the other "
                                       "services would write the order tables behind its back. "
                                       "Use \"per-service\" with event sourcing"));
}

bool EventSourcingRules::rebuildsFromStore(const Scenario &s, const ServiceSpec &svc)
{
    return s.patterns.eventSourcing && svc.role == "orders";
}

} // namespace dplab
