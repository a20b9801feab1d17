#include "patterns/saga/sagamodule.h"

#include "patterns/domain/ordersservice.h"
#include "patterns/module/switches.h"
#include "patterns/saga/sagachecks.h"
#include "patterns/saga/sagaevidence.h"
#include "patterns/saga/sagametrics.h"
#include "patterns/saga/sagarules.h"
#include "patterns/saga/sagasettings.h"
#include "patterns/saga/sagaview.h"
#include "simulation/world/world.h"

namespace dplab {

namespace {

const loader::KeyList kSagaKeys = {"style", "step_timeout", "step_retries"};

} // namespace

void SagaModule::read(loader::LoaderContext &ctx, loader::ObjectReader &r,
                      PatternSwitches &out) const
{
    switches::read<SagaSettings>(ctx, r, out, [](loader::ObjectReader &o, SagaSettings &s) {
        o.allowOnly(kSagaKeys);
        o.readEnum("style", s.style, "saga style",
                   {{"orchestration", SagaSettings::Style::Orchestration},
                    {"choreography", SagaSettings::Style::Choreography}});
        o.readDuration("step_timeout", s.stepTimeout, loader::DurationRule::Positive);
        o.readInteger("step_retries", s.stepRetries, 0, 10);
    });
}

void SagaModule::write(const PatternSwitches &in, nlohmann::ordered_json &out) const
{
    if (const SagaSettings *s = settingsOf<SagaSettings>(in))
        out["saga"] = {{"style", s->style == SagaSettings::Style::Choreography ? "choreography"
                                                                               : "orchestration"},
                       {"step_timeout", formatDuration(s->stepTimeout)},
                       {"step_retries", s->stepRetries}};
}

std::vector<std::pair<std::string, std::vector<std::string_view>>> SagaModule::settingKeys() const
{
    return {{"saga", kSagaKeys}};
}

std::vector<RoleInfo> SagaModule::roles() const
{
    // A service of its own for the orchestrator is not built yet: the orchestration runs in
    // orders. The name is reserved so that a file asking for it is refused by name.
    RoleInfo orchestrator;
    orchestrator.name = "orchestrator";
    orchestrator.glyph = RoleGlyph::Baton;
    orchestrator.column = RoleColumn::Coordinator;
    orchestrator.description = "saga orchestrator";
    return {orchestrator};
}

void SagaModule::checkScenario(const Scenario &s, std::vector<LoadError> &errors) const
{
    SagaRules::check(s, errors);
}

void SagaModule::addChecks(const World &world, std::vector<CheckResult> &out) const
{
    SagaChecks::append(world, out);
}

void SagaModule::addLiveChecks(const World &world, std::vector<CheckResult> &out) const
{
    SagaChecks::appendLive(world, out);
}

void SagaModule::addEvidence(const EvidenceContext &context, CheckResult &check) const
{
    SagaEvidence::add(context, check);
}

void SagaModule::addSummary(const World &world, nlohmann::ordered_json &out) const
{
    if (auto sagas = SagaMetrics::collect(world); !sagas.is_null())
        out["sagas"] = sagas;
}

void SagaModule::addSeries(const World &world, const SeriesColumn &add) const
{
    const auto *orders = ShopService::behaviorOf<OrdersService>(world, "orders");
    const SagaOrders *saga = orders ? orders->saga() : nullptr;
    if (!saga)
        return;
    add("sagas.in_flight", [saga](SimTime, const World &) {
        const SagaLedger &l = saga->ledger();
        return static_cast<double>(l.startedCount() - l.completed() - l.compensated());
    });
    add("sagas.completed",
        [saga](SimTime, const World &) { return static_cast<double>(saga->ledger().completed()); });
    add("sagas.compensated", [saga](SimTime, const World &) {
        return static_cast<double>(saga->ledger().compensated());
    });
}

std::vector<Decoration> SagaModule::decorations(const Scenario &s) const
{
    if (!settingsOf<SagaSettings>(s))
        return {};
    for (std::size_t i = 0; i < s.services.size(); ++i) {
        if (s.services[i].role != "orders")
            continue;
        Decoration d;
        d.kind = Decoration::Kind::Steps;
        d.service = i;
        d.explanation = "The sagas in flight at each step (and those being undone), and the "
                        "finished ones.";
        return {d};
    }
    return {};
}

// Read from the saga tables (a query per saga in flight), so right at any playhead.
std::optional<Probe> SagaModule::probe(const World &world, const Decoration &, bool) const
{
    if (!settingsOf<SagaSettings>(world.scenario()))
        return std::nullopt;
    Probe p;
    p.steps = {{"reserve", 0, 0}, {"charge", 0, 0}, {"ship", 0, 0}};
    // Each action and the compensation that undoes it share a chip.
    static const std::pair<const char *, int> kStep[] = {
        {"reserve", 0}, {"charge", 1}, {"create_shipment", 2}};
    static const std::pair<const char *, int> kUndo[] = {
        {"release", 0}, {"refund", 1}, {"cancel_shipment", 2}};
    for (const SagaRecord &r : SagaView::inFlight(world)) {
        for (const auto &[name, i] : kStep)
            if (r.step == name)
                ++p.steps[std::size_t(i)].running;
        for (const auto &[name, i] : kUndo)
            if (r.step == name)
                ++p.steps[std::size_t(i)].undoing;
    }
    const SagaView::Finished finished = SagaView::finished(world);
    p.completed = finished.completed;
    p.undone = finished.compensated;
    int inFlight = 0;
    for (const Probe::Step &s : p.steps)
        inFlight += s.running + s.undoing;
    p.text = "sagas: " + std::to_string(inFlight) + " in flight · " + std::to_string(p.completed) +
             " completed · " + std::to_string(p.undone) + " compensated";
    return p;
}

std::vector<PatternControl> SagaModule::controls() const
{
    using S = SagaSettings;
    return {controls::onOff<S>("Saga"),
            controls::choice<S>("Style", "switch saga to %1", &S::style,
                                {"orchestration", "choreography"}),
            controls::duration<S>("Step timeout", "set the saga step timeout to %1",
                                  &S::stepTimeout, 1, 600000)};
}

} // namespace dplab
