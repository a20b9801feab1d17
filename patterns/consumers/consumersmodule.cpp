#include "patterns/consumers/consumersmodule.h"

#include "patterns/consumers/consumerssettings.h"
#include "patterns/consumers/duplicateeffect.h"
#include "patterns/consumers/inbox.h"
#include "patterns/domain/shopservice.h"
#include "patterns/module/switches.h"
#include "simulation/world/world.h"

namespace dplab {

void ConsumersModule::read(loader::LoaderContext &ctx, loader::ObjectReader &r,
                           PatternSwitches &out) const
{
    switches::readBool<IdempotentConsumersSettings>(ctx, r, out);
}

void ConsumersModule::write(const PatternSwitches &in, nlohmann::ordered_json &out) const
{
    if (in.isOn(IdempotentConsumersSettings::kKey))
        out["idempotent_consumers"] = true;
}

void ConsumersModule::addChecks(const World &world, std::vector<CheckResult> &out) const
{
    addLiveChecks(world, out);
}

// An event's effect must happen once, however many copies the bus delivers. The inbox keeps
// that promise; without it, every duplicate or redelivery is applied again. A repeat, once
// applied, stays applied: the check can be judged at any moment.
void ConsumersModule::addLiveChecks(const World &world, std::vector<CheckResult> &out) const
{
    const auto consumers = ShopService::consumers(world);
    if (consumers.empty())
        return;
    CheckResult c;
    c.id = "consumers.no_effect_applied_twice";
    c.name = "no event applied twice by a consumer";
    std::uint64_t again = 0, skipped = 0, effects = 0;
    std::string example, who;
    bool idempotent = true;
    for (const auto &[svc, ledger] : consumers) {
        idempotent = idempotent && ledger->idempotent();
        again += ledger->appliedAgain();
        skipped += ledger->duplicatesSkipped();
        effects += ledger->effects();
        if (example.empty() && !ledger->example().empty()) {
            example = ledger->example();
            who = svc->name();
        }
    }
    c.ok = again == 0;
    c.detail = std::to_string(effects) + " effects applied, " + std::to_string(again) +
               " of them repeats, " + std::to_string(skipped) + " copies skipped by an inbox";
    if (!c.ok)
        c.detail += " (e.g. " + example + " at " + who + ")" +
                    (idempotent ? std::string() : std::string(": consumers are not idempotent"));
    out.push_back(c);
}

void ConsumersModule::addEvidence(const EvidenceContext &context, CheckResult &check) const
{
    if (check.id == "consumers.no_effect_applied_twice")
        addDuplicateEffectEvidence(context, check);
}

void ConsumersModule::addSummary(const World &world, nlohmann::ordered_json &out) const
{
    nlohmann::ordered_json consumers = nlohmann::ordered_json::object();
    for (const auto &[svc, ledger] : ShopService::consumers(world))
        consumers[svc->name()] = {{"idempotent", ledger->idempotent()},
                                  {"effects_applied", ledger->effects()},
                                  {"applied_again", ledger->appliedAgain()},
                                  {"duplicates_skipped", ledger->duplicatesSkipped()}};
    if (!consumers.empty())
        out["consumers"] = consumers;
}

void ConsumersModule::addSeries(const World &world, const SeriesColumn &add) const
{
    for (const auto &[svc, ledger] : ShopService::consumers(world)) {
        add(svc->name() + ".applied_again", [ledger = ledger](SimTime, const World &) {
            return static_cast<double>(ledger->appliedAgain());
        });
        add(svc->name() + ".duplicates_skipped", [ledger = ledger](SimTime, const World &) {
            return static_cast<double>(ledger->duplicatesSkipped());
        });
    }
}

std::vector<PatternControl> ConsumersModule::controls() const
{
    return {controls::onOff<IdempotentConsumersSettings>("Idempotent consumers")};
}

} // namespace dplab
