#include "patterns/twophase/twophasemodule.h"

#include "patterns/domain/inventoryservice.h"
#include "patterns/domain/paymentsservice.h"
#include "patterns/module/switches.h"
#include "patterns/twophase/twophasechecks.h"
#include "patterns/twophase/twophaseevidence.h"
#include "patterns/twophase/twophasemetrics.h"
#include "patterns/twophase/twophaseparticipant.h"
#include "patterns/twophase/twophaserules.h"
#include "patterns/twophase/twophasesettings.h"
#include "simulation/world/world.h"

namespace dplab {

namespace {

const loader::KeyList kTwoPhaseKeys = {"timeout"};

} // namespace

void TwoPhaseModule::read(loader::LoaderContext &ctx, loader::ObjectReader &r,
                          PatternSwitches &out) const
{
    switches::read<TwoPhaseCommitSettings>(
        ctx, r, out, [](loader::ObjectReader &o, TwoPhaseCommitSettings &s) {
            o.allowOnly(kTwoPhaseKeys);
            o.readDuration("timeout", s.timeout, loader::DurationRule::Positive);
        });
}

void TwoPhaseModule::write(const PatternSwitches &in, nlohmann::ordered_json &out) const
{
    if (const TwoPhaseCommitSettings *t = settingsOf<TwoPhaseCommitSettings>(in))
        out["two_phase_commit"] = {{"timeout", formatDuration(t->timeout)}};
}

std::vector<std::pair<std::string, std::vector<std::string_view>>>
TwoPhaseModule::settingKeys() const
{
    return {{"twoPhaseCommit", kTwoPhaseKeys}};
}

std::vector<RoleInfo> TwoPhaseModule::roles() const
{
    // The coordinator runs in orders; a service of its own is not built yet (see SagaModule).
    RoleInfo coordinator;
    coordinator.name = "coordinator";
    coordinator.glyph = RoleGlyph::Scales;
    coordinator.description = "2PC coordinator";
    coordinator.column = RoleColumn::Coordinator;
    return {coordinator};
}

void TwoPhaseModule::checkScenario(const Scenario &s, std::vector<LoadError> &errors) const
{
    TwoPhaseRules::check(s, errors);
}

void TwoPhaseModule::addChecks(const World &world, std::vector<CheckResult> &out) const
{
    TwoPhaseChecks::append(world, out);
}

void TwoPhaseModule::addEvidence(const EvidenceContext &context, CheckResult &check) const
{
    TwoPhaseEvidence::add(context, check);
}

void TwoPhaseModule::addSummary(const World &world, nlohmann::ordered_json &out) const
{
    if (auto tpc = TwoPhaseMetrics::section(world); !tpc.is_null())
        out["two_phase_commit"] = tpc;
}

void TwoPhaseModule::addSeries(const World &world, const SeriesColumn &add) const
{
    TwoPhaseMetrics::addSeries(world, add);
}

std::vector<Decoration> TwoPhaseModule::decorations(const Scenario &s) const
{
    std::vector<Decoration> out;
    if (!settingsOf<TwoPhaseCommitSettings>(s))
        return out;
    for (std::size_t i = 0; i < s.services.size(); ++i) {
        if (s.services[i].role != "inventory" && s.services[i].role != "payments")
            continue;
        Decoration d;
        d.kind = Decoration::Kind::Notice;
        d.service = i;
        d.explanation = "Two-phase commit: the keys this participant keeps locked for "
                        "transactions it voted yes on, and the requests waiting for those locks. "
                        "Having voted yes, it cannot decide alone: until the coordinator's "
                        "decision arrives, the lock stays and the queue grows.";
        out.push_back(d);
    }
    return out;
}

// "1 locked · 3 waiting": amber from one waiting request, red from ten. At a past playhead the
// locks come from the prepared transactions' rows; the queue lives in memory (the present).
std::optional<Probe> TwoPhaseModule::probe(const World &world, const Decoration &d,
                                           bool present) const
{
    if (d.service >= world.serviceCount())
        return std::nullopt;
    const Service &service = world.service(static_cast<std::int16_t>(d.service));
    const TwoPhaseParticipant *p = nullptr;
    if (const auto *inventory = dynamic_cast<const InventoryService *>(service.behavior()))
        p = inventory->twoPhase();
    else if (const auto *payments = dynamic_cast<const PaymentsService *>(service.behavior()))
        p = payments->twoPhase();
    if (!p)
        return std::nullopt;
    Probe probe;
    if (!present) {
        probe.text = std::to_string(TwoPhaseParticipant::lockedKeys(service)) + " locked";
        return probe;
    }
    const auto waiting = p->locks().waiting();
    probe.text =
        std::to_string(p->locks().held()) + " locked · " + std::to_string(waiting) + " waiting";
    probe.level = waiting >= 10 ? Probe::Level::PiledUp
                  : waiting > 0 ? Probe::Level::Waiting
                                : Probe::Level::Calm;
    return probe;
}

std::vector<PatternControl> TwoPhaseModule::controls() const
{
    using S = TwoPhaseCommitSettings;
    return {controls::onOff<S>("Two-phase commit"),
            controls::duration<S>("Timeout", "set the 2PC timeout to %1", &S::timeout, 1, 600000)};
}

} // namespace dplab
