#include "patterns/saga/sagarules.h"

#include "patterns/cqrs/cqrssettings.h"
#include "patterns/data/datasettings.h"
#include "patterns/eventsourcing/eventsourcingsettings.h"
#include "patterns/module/switches.h"
#include "patterns/saga/sagasettings.h"
#include "patterns/scenarioerror.h"
#include "patterns/twophase/twophasesettings.h"

#include <algorithm>

namespace dplab {

void SagaRules::check(const Scenario &s, std::vector<LoadError> &errors)
{
    if (!settingsOf<SagaSettings>(s))
        return;
    const std::string path = "patterns.saga";
    const SourcePos pos = s.patterns.pos(SagaSettings::kKey);
    auto error = [&](const std::string &message) {
        errors.push_back(scenarioError(s, pos, path, message));
    };
    std::string missing;
    int count = 0;
    for (const char *role : {"orders", "products", "inventory", "payments", "shipping"}) {
        const bool present = std::any_of(s.services.begin(), s.services.end(),
                                         [&](const ServiceSpec &svc) { return svc.role == role; });
        if (!present)
            missing += std::string(count++ ? ", \"" : "\"") + role + "\"";
    }
    if (count)
        error(std::string("the order saga runs across orders (which asks products for the price), "
                          "inventory, payments and shipping: add ") +
              (count > 1 ? "services with the roles " : "a service with role ") + missing);
    if (settingsOf<TwoPhaseCommitSettings>(s))
        error("saga and two_phase_commit are two answers to the same question: choose one "
              "(they are not supported together)");
    if (settingsOf<EventSourcingSettings>(s))
        error("saga and event_sourcing are not supported together in this build: choose one");
    if (s.patterns.isOn(CqrsSettings::kKey))
        error("saga and cqrs are not supported together in this build: the read side follows "
              "OrderPlaced events, which saga orders do not publish; choose one");
    if (s.patterns.isOn(DataSettings::kKey))
        error(
            "a saga coordinates services that each own their data: use \"data\": \"per-service\"");
    for (std::size_t i = 0; i < s.workload.size(); ++i) {
        const std::string &op = s.workload[i].operation;
        if (op == "pay_order" || op == "cancel_order")
            errors.push_back(scenarioError(
                s, s.workload[i].pos, "workload[" + std::to_string(i) + "].operation",
                "with patterns.saga placing an order already charges and ships it (or "
                "compensates); \"" +
                    op + "\" belongs to the plain order flow: remove it or switch the saga off"));
    }
}

} // namespace dplab
