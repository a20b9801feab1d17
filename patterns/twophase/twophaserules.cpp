#include "patterns/twophase/twophaserules.h"

#include "patterns/data/datasettings.h"
#include "patterns/eventsourcing/eventsourcingsettings.h"
#include "patterns/module/switches.h"
#include "patterns/saga/sagasettings.h"
#include "patterns/scenarioerror.h"
#include "patterns/twophase/twophasesettings.h"

#include <algorithm>

namespace dplab {

void TwoPhaseRules::check(const Scenario &s, std::vector<LoadError> &errors)
{
    if (!settingsOf<TwoPhaseCommitSettings>(s))
        return;
    const std::string path = "patterns.two_phase_commit";
    const SourcePos pos = s.patterns.pos(TwoPhaseCommitSettings::kKey);
    auto has = [&](const char *role) {
        return std::any_of(s.services.begin(), s.services.end(),
                           [&](const ServiceSpec &svc) { return svc.role == role; });
    };
    for (const char *role : {"orders", "products", "inventory", "payments"})
        if (!has(role))
            errors.push_back(scenarioError(
                s, pos, path,
                std::string("two-phase commit runs place_order across orders (the coordinator), "
                            "inventory and payments (the participants), with the price from "
                            "products: add a service with role \"") +
                    role + "\""));
    if (settingsOf<SagaSettings>(s))
        errors.push_back(scenarioError(s, pos, path,
                                       "two-phase commit and saga are two answers to the same "
                                       "question (one order across services): choose one"));
    if (settingsOf<EventSourcingSettings>(s))
        errors.push_back(scenarioError(s, pos, path,
                                       "two-phase commit and event sourcing are not supported "
                                       "together: choose one"));
    if (s.patterns.isOn(DataSettings::kKey))
        errors.push_back(scenarioError(s, pos, path,
                                       "two-phase commit coordinates separate databases; with "
                                       "\"data\": \"shared\" one local transaction does the "
                                       "job: choose one"));
}

} // namespace dplab
