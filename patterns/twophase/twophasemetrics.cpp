#include "patterns/twophase/twophasemetrics.h"

#include "patterns/domain/inventoryservice.h"
#include "patterns/domain/ordersservice.h"
#include "patterns/domain/paymentsservice.h"
#include "patterns/twophase/twophasecoordinator.h"
#include "patterns/twophase/twophaseparticipant.h"
#include "simulation/observe/summary.h"
#include "simulation/world/world.h"

namespace dplab {

namespace {

const char *const kParticipantRoles[] = {"inventory", "payments"};

} // namespace

const TwoPhaseCoordinator *TwoPhaseMetrics::coordinator(const World &world)
{
    const auto *orders = ShopService::behaviorOf<OrdersService>(world, "orders");
    return orders ? orders->twoPhase() : nullptr;
}

const TwoPhaseParticipant *TwoPhaseMetrics::participant(const World &world, const std::string &role)
{
    if (role == "inventory") {
        const auto *s = ShopService::behaviorOf<InventoryService>(world, role);
        return s ? s->twoPhase() : nullptr;
    }
    if (role == "payments") {
        const auto *s = ShopService::behaviorOf<PaymentsService>(world, role);
        return s ? s->twoPhase() : nullptr;
    }
    return nullptr;
}

nlohmann::ordered_json TwoPhaseMetrics::section(const World &world)
{
    using OJson = nlohmann::ordered_json;
    const TwoPhaseCoordinator *c = coordinator(world);
    if (!c)
        return nullptr;
    const TwoPhaseCoordinatorStats &cs = c->stats();
    OJson aborted = {{"total", cs.abortedTotal()}};
    for (std::size_t i = 0; i < cs.aborted.size(); ++i)
        aborted[twoPhaseAbortName(static_cast<TwoPhaseAbort>(i))] = cs.aborted[i];
    LatencyHistogram blocked, lockWait;
    std::uint64_t lockWaits = 0;
    std::int64_t inDoubt = 0;
    double lockWaitTotal = 0;
    OJson participants = OJson::object();
    for (const char *role : kParticipantRoles) {
        const TwoPhaseParticipant *p = participant(world, role);
        if (!p)
            continue;
        const TwoPhaseParticipantStats &s = p->stats();
        const Service &svc = world.service(world.serviceWithRole(role));
        const std::int64_t doubt = TwoPhaseParticipant::inDoubt(svc);
        blocked.merge(s.blocked);
        lockWait.merge(s.lockWait);
        lockWaits += s.lockWaits;
        lockWaitTotal += s.lockWait.mean() * static_cast<double>(s.lockWait.count());
        inDoubt += doubt;
        participants[svc.name()] = {{"prepared", s.prepared},
                                    {"voted_no", s.votedNo},
                                    {"committed", s.committed},
                                    {"aborted", s.aborted},
                                    {"repeated_decisions", s.repeatedDecisions},
                                    {"inquiries", s.inquiries},
                                    {"blocked_ms", latencyJson(s.blocked)},
                                    {"lock_waits", s.lockWaits},
                                    {"lock_wait_ms", latencyJson(s.lockWait)},
                                    {"in_doubt_now", doubt},
                                    {"locks_held_now", p->locks().held()},
                                    {"requests_waiting_now", p->locks().waiting()}};
    }
    const std::uint64_t decided = cs.committed + cs.abortedTotal();
    const Service &orders = world.service(world.serviceWithRole("orders"));
    return {
        {"transactions", cs.transactions},
        {"committed", cs.committed},
        {"aborted", aborted},
        {"commit_ratio",
         decided ? round3(static_cast<double>(cs.committed) / static_cast<double>(decided)) : 0.0},
        {"blocked_ms", latencyJson(blocked)},
        {"lock_waits", lockWaits},
        {"lock_wait_ms", latencyJson(lockWait)},
        {"lock_wait_total_ms", round3(lockWaitTotal / 1000.0)},
        {"in_doubt_now", inDoubt},
        {"unfinished_now", TwoPhaseCoordinator::unfinished(orders)},
        {"crashes_after_prepare", cs.crashesAfterPrepare},
        {"decisions_resent", cs.decisionsResent},
        {"decision_retries", cs.decisionRetries},
        {"participants", participants}};
}

void TwoPhaseMetrics::addSeries(const World &world, const AddColumn &add)
{
    if (!coordinator(world))
        return;
    std::vector<const TwoPhaseParticipant *> parts;
    for (const char *role : kParticipantRoles)
        if (const TwoPhaseParticipant *p = participant(world, role))
            parts.push_back(p);
    // Locks and blocked participants are the same count (one lock per prepared transaction)
    // except during a participant's crash, when its locks are gone but its promises are not.
    add("two_phase.in_doubt", [](SimTime, const World &w) {
        double n = 0;
        for (const char *role : kParticipantRoles)
            if (participant(w, role))
                n += static_cast<double>(
                    TwoPhaseParticipant::inDoubt(w.service(w.serviceWithRole(role))));
        return n;
    });
    add("two_phase.locks_held", [parts](SimTime, const World &) {
        double n = 0;
        for (const auto *p : parts)
            n += static_cast<double>(p->locks().held());
        return n;
    });
    add("two_phase.requests_waiting", [parts](SimTime, const World &) {
        double n = 0;
        for (const auto *p : parts)
            n += static_cast<double>(p->locks().waiting());
        return n;
    });
}

} // namespace dplab
