#include "patterns/saga/sagametrics.h"

#include "patterns/module/switches.h"
#include "patterns/saga/sagachecks.h"
#include "patterns/saga/sagaorders.h"
#include "patterns/saga/sagaparticipant.h"
#include "patterns/saga/sagaprotocol.h"
#include "patterns/saga/sagasettings.h"
#include "patterns/saga/sagaview.h"
#include "simulation/observe/summary.h"
#include "simulation/world/world.h"

namespace dplab {

nlohmann::ordered_json SagaMetrics::collect(const World &world)
{
    using OJson = nlohmann::ordered_json;
    const auto &spec = settingsOf<SagaSettings>(world.scenario());
    if (!spec)
        return nullptr;
    const SagaOrders *orders = SagaChecks::orders(world);
    SagaLedger none;
    const SagaLedger &l = orders ? orders->ledger() : none;
    std::uint64_t messages = orders ? orders->messages() : 0;
    std::uint64_t undone = 0, again = 0, tombstones = 0, late = 0, skipped = 0;
    std::uint64_t lost = orders ? orders->eventsLost() : 0;
    for (const auto &step : SagaProtocol::kSteps) {
        const SagaParticipant *p = SagaChecks::participant(world, step.role);
        if (!p)
            continue;
        messages += p->messages();
        undone += p->compensations().effects() - p->compensations().appliedAgain();
        again += p->compensations().appliedAgain();
        skipped += p->compensations().duplicatesSkipped();
        tombstones += p->tombstones();
        late += p->lateRefused();
        lost += p->outbox().stats().lost;
    }
    OJson failed = OJson::object();
    for (const auto &step : SagaProtocol::kSteps) {
        const auto it = l.failedSteps().find(step.action);
        failed[step.action] = it == l.failedSteps().end() ? 0 : it->second;
    }
    const std::uint64_t started = l.startedCount();
    const std::size_t stuck = SagaView::inFlight(world).size();
    OJson out = {
        {"style",
         spec->style == SagaSettings::Style::Choreography ? "choreography" : "orchestration"},
        {"started", started},
        {"completed", l.completed()},
        {"compensated", l.compensated()},
        {"stuck", stuck},
        {"completion_ratio",
         started ? round3(static_cast<double>(l.completed()) / static_cast<double>(started)) : 0.0},
        {"failed_steps", failed},
        {"duration_ms", latencyJson(l.duration())},
        {"messages", messages},
        {"messages_per_saga",
         started ? round3(static_cast<double>(messages) / static_cast<double>(started)) : 0.0},
        {"compensations", undone},
        {"compensations_applied_again", again},
        {"copies_skipped", skipped},
        {"tombstones", tombstones},
        {"late_actions_refused", late},
        {"timeouts", l.timeouts()},
        {"retries", l.retries()},
        {"resumed", l.resumedCount()}};
    if (!orders || !orders->orchestrated())
        out["events_lost"] = lost;
    return out;
}

} // namespace dplab
