#include "patterns/saga/sagachecks.h"

#include "patterns/consumers/consumerssettings.h"
#include "patterns/domain/inventoryservice.h"
#include "patterns/domain/ordersservice.h"
#include "patterns/domain/paymentsservice.h"
#include "patterns/domain/shippingservice.h"
#include "patterns/domain/shopschema.h"
#include "patterns/module/switches.h"
#include "patterns/saga/sagaorders.h"
#include "patterns/saga/sagaparticipant.h"
#include "patterns/saga/sagasettings.h"
#include "patterns/saga/sagaview.h"
#include "simulation/world/world.h"

#include <functional>
#include <map>

namespace dplab {

namespace {

constexpr std::size_t kAll = static_cast<std::size_t>(ScenarioLimits::maxKeys);

std::string pendingNote(const World &world)
{
    const Bus &bus = world.bus();
    const std::size_t pending = bus.unacked() + bus.inFlight() + bus.heldCount();
    return pending
               ? "; " + std::to_string(pending) + " bus deliveries were still pending at the end"
               : std::string();
}

CheckResult noneStuck(const World &world, const std::vector<SagaRecord> &sagas)
{
    CheckResult c;
    c.id = "saga.none_stuck";
    c.name = "every saga completed or compensated after quiescence";
    std::size_t stuck = 0;
    const SagaRecord *example = nullptr;
    for (const auto &r : sagas)
        if (r.status == "running" || r.status == "compensating") {
            ++stuck;
            if (!example)
                example = &r;
        }
    c.ok = stuck == 0;
    c.detail = std::to_string(stuck) + " of " + std::to_string(sagas.size()) + " sagas unfinished";
    const SagaOrders *orders = SagaChecks::orders(world);
    if (orders && sagas.size() < orders->ledger().startedCount()) {
        // Started sagas missing from the tables: they cannot be read (a schema change?).
        c.ok = false;
        c.detail += "; " + std::to_string(orders->ledger().startedCount()) +
                    " were started, the others cannot be read from the tables (a schema change?)";
    }
    if (example) {
        c.detail += " (e.g. saga " + std::to_string(example->saga) + " at " + example->step + ")";
        if (const auto *p = orders; p && !p->orchestrated()) {
            std::uint64_t lost = p->eventsLost();
            for (const char *role : {"inventory", "payments", "shipping"})
                if (const auto *part = SagaChecks::participant(world, role))
                    lost += part->outbox().stats().lost;
            if (lost)
                c.detail += "; " + std::to_string(lost) +
                            " saga events lost by dual writes (nobody resends them)";
        }
        c.detail += pendingNote(world);
    }
    return c;
}

CheckResult effectsMatch(const std::vector<SagaRecord> &sagas)
{
    CheckResult c;
    c.id = "saga.effects_match_outcome";
    c.name = "a completed saga has all its effects, a compensated one none";
    std::size_t wrong = 0, finished = 0;
    std::string example;
    for (const auto &r : sagas) {
        const bool completed = r.status == "completed";
        if (!completed && r.status != "compensated")
            continue;
        ++finished;
        const bool reserved = r.reservation == "reserved", charged = r.payment == "charged",
                   shipped = r.shipment == "created";
        const bool ok =
            completed ? reserved && charged && shipped : !reserved && !charged && !shipped;
        if (ok)
            continue;
        if (++wrong == 1)
            example = "saga " + std::to_string(r.saga) + " " + r.status + " with reservation '" +
                      r.reservation + "', payment '" + r.payment + "', shipment '" + r.shipment +
                      "'";
    }
    c.ok = wrong == 0;
    c.detail = std::to_string(wrong) + " of " + std::to_string(finished) +
               " finished sagas with effects"
               " that do not match their outcome";
    if (wrong)
        c.detail += " (e.g. " + example + ")";
    return c;
}

CheckResult stockConserved(const World &world)
{
    CheckResult c;
    c.id = "saga.stock_conserved";
    c.name = "stock conserved: available + reserved = initial + restocked, reserved = active "
             "reservations";
    const std::int16_t inv = world.serviceWithRole("inventory");
    const SagaParticipant *part = SagaChecks::participant(world, "inventory");
    if (inv < 0 || !part) {
        c.ok = false;
        c.detail = "no inventory";
        return c;
    }
    World &w = const_cast<World &>(world);
    Database &db = w.service(inv).database();
    std::map<std::int64_t, std::int64_t> active;
    for (const auto &row :
         db.query("SELECT product_id, qty FROM reservations WHERE status = 'reserved'", {}, kAll)
             .rows)
        active[std::get<std::int64_t>(row[0])] += std::get<std::int64_t>(row[1]);
    std::size_t wrong = 0, products = 0;
    std::string example;
    for (const auto &row :
         db.query("SELECT product_id, available, reserved FROM inventory ORDER BY product_id", {},
                  kAll)
             .rows) {
        ++products;
        const std::int64_t product = std::get<std::int64_t>(row[0]);
        const std::int64_t available = std::get<std::int64_t>(row[1]),
                           reserved = std::get<std::int64_t>(row[2]);
        const auto restock = part->restocks().find(product);
        const std::int64_t expected = world.scenario().domain.stock +
                                      (restock == part->restocks().end() ? 0 : restock->second);
        const std::int64_t held = active.count(product) ? active[product] : 0;
        if (available + reserved == expected && reserved == held)
            continue;
        if (++wrong == 1)
            example = "product " + std::to_string(product) + ": " + std::to_string(available) +
                      " available + " + std::to_string(reserved) + " reserved, expected " +
                      std::to_string(expected) + " in all and " + std::to_string(held) +
                      " held by reservations";
    }
    c.ok = wrong == 0;
    c.detail =
        std::to_string(wrong) + " of " + std::to_string(products) + " products out of balance";
    if (wrong)
        c.detail += " (" + example + ")";
    return c;
}

CheckResult moneyConserved(const World &world, const std::vector<SagaRecord> &sagas)
{
    CheckResult c;
    c.id = "saga.money_conserved";
    c.name = "money conserved: balances moved = charges - refunds = totals of completed orders";
    const std::int16_t pay = world.serviceWithRole("payments");
    const std::int16_t ord = world.serviceWithRole("orders");
    if (pay < 0 || ord < 0) {
        c.ok = false;
        c.detail = "no payments or orders";
        return c;
    }
    World &w = const_cast<World &>(world);
    Database &db = w.service(pay).database();
    const auto accounts =
        db.query("SELECT count(*), coalesce(sum(balance), 0) FROM accounts").rows.at(0);
    const std::int64_t moved = std::get<std::int64_t>(accounts[0]) * ShopSchema::kInitialBalance -
                               std::get<std::int64_t>(accounts[1]);
    const std::int64_t charged = std::get<std::int64_t>(
        db.query("SELECT coalesce(sum(amount), 0) FROM payments WHERE status = 'charged'")
            .rows.at(0)[0]);
    // Per saga: what is still charged, against what its order costs if it completed.
    std::map<std::int64_t, std::int64_t> sagaCharged;
    for (const auto &row :
         db.query("SELECT saga_id, amount FROM saga_payments WHERE status = 'charged'", {}, kAll)
             .rows)
        sagaCharged[std::get<std::int64_t>(row[0])] = std::get<std::int64_t>(row[1]);
    std::map<std::int64_t, std::int64_t> totals;
    Database &odb = w.service(ord).database();
    for (const auto &row : odb.query("SELECT id, total FROM orders", {}, kAll).rows)
        totals[std::get<std::int64_t>(row[0])] = std::get<std::int64_t>(row[1]);
    std::int64_t netFinished = 0, completedTotals = 0;
    for (const auto &r : sagas) {
        if (r.status != "completed" && r.status != "compensated")
            continue;
        if (const auto it = sagaCharged.find(r.saga); it != sagaCharged.end())
            netFinished += it->second;
        if (r.status == "completed")
            completedTotals += totals.count(r.order) ? totals[r.order] : 0;
    }
    c.ok = moved == charged && netFinished == completedTotals;
    c.detail = "balances moved " + std::to_string(moved) + ", charges - refunds " +
               std::to_string(charged) + "; finished sagas keep " + std::to_string(netFinished) +
               " charged for " + std::to_string(completedTotals) + " of completed orders";
    if (moved != charged)
        c.detail +=
            ": " + std::to_string(charged - moved) + " credited beyond the refunds recorded";
    return c;
}

CheckResult compensationsOnce(const World &world)
{
    CheckResult c;
    c.id = "saga.compensations_idempotent";
    c.name = "each compensation applied at most once";
    std::uint64_t again = 0, effects = 0, skipped = 0;
    std::string example;
    bool idempotent = world.scenario().patterns.isOn(IdempotentConsumersSettings::kKey);
    for (const char *role : {"inventory", "payments", "shipping"}) {
        const SagaParticipant *p = SagaChecks::participant(world, role);
        if (!p)
            continue;
        again += p->compensations().appliedAgain();
        effects += p->compensations().effects();
        skipped += p->compensations().duplicatesSkipped();
        if (example.empty() && !p->compensations().example().empty())
            example = p->compensations().example() + " at " + role;
    }
    c.ok = again == 0;
    c.detail = std::to_string(effects) + " compensations applied, " + std::to_string(again) +
               " of them repeats, " + std::to_string(skipped) +
               " copies of commands or events skipped by an inbox";
    if (!c.ok)
        c.detail += " (e.g. " + example + ")" +
                    (idempotent ? std::string()
                                : std::string(": participants are not idempotent consumers"));
    return c;
}

} // namespace

const SagaParticipant *SagaChecks::participant(const World &world, const std::string &role)
{
    if (role == "inventory") {
        const auto *s = ShopService::behaviorOf<InventoryService>(world, role);
        return s ? s->saga() : nullptr;
    }
    if (role == "payments") {
        const auto *s = ShopService::behaviorOf<PaymentsService>(world, role);
        return s ? s->saga() : nullptr;
    }
    if (role == "shipping") {
        const auto *s = ShopService::behaviorOf<ShippingService>(world, role);
        return s ? s->saga() : nullptr;
    }
    return nullptr;
}

const SagaOrders *SagaChecks::orders(const World &world)
{
    const auto *s = ShopService::behaviorOf<OrdersService>(world, "orders");
    return s ? s->saga() : nullptr;
}

void SagaChecks::append(const World &world, std::vector<CheckResult> &out)
{
    if (!settingsOf<SagaSettings>(world.scenario()))
        return;
    const auto sagas = SagaView::all(world);
    // A schema-change fault may have renamed a column these checks read: the check then fails
    // and says so, instead of ending the run.
    auto safely = [&](const char *id, const char *name, const std::function<CheckResult()> &check) {
        try {
            out.push_back(check());
        } catch (const DatabaseError &e) {
            CheckResult c;
            c.id = id;
            c.name = name;
            c.ok = false;
            c.detail = std::string("a table could not be read (a schema change?): ") + e.what();
            out.push_back(c);
        }
    };
    out.push_back(noneStuck(world, sagas));
    out.push_back(effectsMatch(sagas));
    safely("saga.stock_conserved", "stock conserved", [&] { return stockConserved(world); });
    safely("saga.money_conserved", "money conserved", [&] { return moneyConserved(world, sagas); });
    out.push_back(compensationsOnce(world));
}

void SagaChecks::appendLive(const World &world, std::vector<CheckResult> &out)
{
    if (settingsOf<SagaSettings>(world.scenario()))
        out.push_back(compensationsOnce(world));
}

} // namespace dplab
