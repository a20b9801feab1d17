#include "patterns/eventsourcing/eventsourcingrules.h"

#include "patterns/data/datasettings.h"
#include "patterns/eventsourcing/eventsourcingsettings.h"
#include "patterns/module/switches.h"
#include "patterns/saga/sagasettings.h"
#include "patterns/scenarioerror.h"
#include "patterns/twophase/twophasesettings.h"

#include <algorithm>

namespace dplab {

void EventSourcingRules::check(const Scenario &s, std::vector<LoadError> &errors)
{
    if (!settingsOf<EventSourcingSettings>(s))
        return;
    const std::string path = "patterns.event_sourcing";
    const SourcePos pos = s.patterns.pos(EventSourcingSettings::kKey);
    const bool orders = std::any_of(s.services.begin(), s.services.end(),
                                    [](const ServiceSpec &svc) { return svc.role == "orders"; });
    if (!orders)
        errors.push_back(scenarioError(s, pos, path,
                                       "event sourcing keeps the orders as events: add a service "
                                       "with role \"orders\""));
    // The other helpers' write-side patterns change the same order flows; combining them is
    // not built yet.
    if (settingsOf<SagaSettings>(s))
        errors.push_back(scenarioError(s, s.patterns.pos("saga"), "patterns.saga",
                                       "event sourcing and a saga are not supported together in "
                                       "this build; set one of them to false"));
    if (settingsOf<TwoPhaseCommitSettings>(s))
        errors.push_back(scenarioError(s, s.patterns.pos("two_phase_commit"),
                                       "patterns.two_phase_commit",
                                       "event sourcing and two-phase commit are not supported "
                                       "together in this build; set one of them to false"));
    if (s.patterns.isOn(DataSettings::kKey))
        errors.push_back(scenarioError(s, s.patterns.pos("data"), "patterns.data",
                                       "event sourcing keeps the orders' history in the orders "
                                       "service's own store; with a shared database the other "
                                       "services would write the order tables behind its back. "
                                       "Use \"per-service\" with event sourcing"));
}

bool EventSourcingRules::rebuildsFromStore(const Scenario &s, const ServiceSpec &svc)
{
    return settingsOf<EventSourcingSettings>(s) && svc.role == "orders";
}

} // namespace dplab
