#include "patterns/outbox/outboxmodule.h"

#include "patterns/cqrs/cqrssettings.h"
#include "patterns/domain/ordersservice.h"
#include "patterns/module/switches.h"
#include "patterns/outbox/eventpublisher.h"
#include "patterns/outbox/outboxsettings.h"
#include "patterns/outbox/unpublishedrows.h"
#include "patterns/scenarioerror.h"
#include "simulation/world/world.h"

#include <algorithm>

namespace dplab {

namespace {

const loader::KeyList kOutboxKeys = {"poll", "batch"};

} // namespace

void OutboxModule::read(loader::LoaderContext &ctx, loader::ObjectReader &r,
                        PatternSwitches &out) const
{
    const bool outbox =
        switches::read<OutboxSettings>(ctx, r, out, [](loader::ObjectReader &o, OutboxSettings &s) {
            o.allowOnly(kOutboxKeys);
            o.readDuration("poll", s.poll, loader::DurationRule::Positive);
            o.readInteger("batch", s.batch, 1, 10000);
        });
    bool publishFirst = false;
    if (!r.readEnum("dual_write", publishFirst, "dual write order",
                    {{"commit-first", false}, {"publish-first", true}}))
        return;
    if (outbox)
        ctx.error(r.pathOf("dual_write"),
                  "the order of a dual write only matters without the outbox; remove "
                  "\"dual_write\" or set \"outbox\" to false");
    else if (publishFirst)
        turnOn(out, DualWriteSettings{}, ctx.pos(r.pathOf("dual_write")));
}

void OutboxModule::write(const PatternSwitches &in, nlohmann::ordered_json &out) const
{
    if (const OutboxSettings *o = settingsOf<OutboxSettings>(in))
        out["outbox"] = {{"poll", formatDuration(o->poll)}, {"batch", o->batch}};
    else if (in.isOn(DualWriteSettings::kKey))
        out["dual_write"] = "publish-first";
}

std::vector<std::pair<std::string, std::vector<std::string_view>>> OutboxModule::settingKeys() const
{
    return {{"outbox", kOutboxKeys}};
}

void OutboxModule::checkScenario(const Scenario &s, std::vector<LoadError> &errors) const
{
    // With CQRS on, its own rule says the same.
    if (!s.patterns.isOn(OutboxSettings::kKey) || s.patterns.isOn(CqrsSettings::kKey))
        return;
    const bool orders = std::any_of(s.services.begin(), s.services.end(),
                                    [](const ServiceSpec &svc) { return svc.role == "orders"; });
    if (!orders)
        errors.push_back(scenarioError(s, s.patterns.pos(OutboxSettings::kKey), "patterns.outbox",
                                       "the order events come from the orders service: add a "
                                       "service with role \"orders\""));
}

void OutboxModule::addChecks(const World &world, std::vector<CheckResult> &out) const
{
    if (!world.scenario().patterns.isOn(OutboxSettings::kKey))
        return;
    CheckResult c;
    c.id = "outbox.all_published";
    c.name = "every outbox row published";
    const OrdersService *orders = ShopService::behaviorOf<OrdersService>(world, "orders");
    std::uint64_t backlog = orders && orders->publisher() ? orders->publisher()->backlog() : 0;
    if (orders && orders->eventSourcing()) // the event store is the outbox
        backlog = static_cast<std::uint64_t>(orders->eventSourcing()->relay().publishBacklog());
    c.ok = backlog == 0;
    c.detail = std::to_string(backlog) + " rows not marked published at the end";
    out.push_back(c);
}

void OutboxModule::addEvidence(const EvidenceContext &context, CheckResult &check) const
{
    if (check.id == "outbox.all_published")
        addUnpublishedRowsEvidence(context, check);
}

void OutboxModule::addSummary(const World &world, nlohmann::ordered_json &out) const
{
    const auto *orders = ShopService::behaviorOf<OrdersService>(world, "orders");
    if (!orders || !orders->publisher())
        return;
    const EventPublisher &publisher = *orders->publisher();
    const PublisherStats &p = publisher.stats();
    nlohmann::ordered_json j = {
        {"mode", publisher.mode()}, {"events", p.events}, {"published", p.published}};
    if (publisher.usesOutbox()) {
        j["relay_polls"] = p.polls;
        j["republished"] = p.republished;
        j["backlog"] = publisher.backlog();
    } else {
        j["lost"] = p.lost;
        j["phantom"] = p.phantom;
        j["aborted"] = p.aborted;
    }
    out["outbox"] = j;
}

void OutboxModule::addSeries(const World &world, const SeriesColumn &add) const
{
    const auto *orders = ShopService::behaviorOf<OrdersService>(world, "orders");
    if (!orders || !orders->publisher())
        return;
    const std::string name = world.service(world.serviceWithRole("orders")).name();
    const EventPublisher *p = orders->publisher();
    if (p->usesOutbox()) {
        add(name + ".outbox_backlog",
            [p](SimTime, const World &) { return static_cast<double>(p->backlog()); });
        return;
    }
    add(name + ".events_lost",
        [p](SimTime, const World &) { return static_cast<double>(p->stats().lost); });
    add(name + ".phantom_events",
        [p](SimTime, const World &) { return static_cast<double>(p->stats().phantom); });
}

std::vector<PatternControl> OutboxModule::controls() const
{
    using S = OutboxSettings;
    PatternControl head = controls::onOff<S>("Transactional outbox");
    // With the outbox the order of a dual write means nothing (a scenario file may not set it).
    head.set = [on = head.set](PatternSwitches &p, int value) {
        on(p, value);
        if (value)
            p.erase(DualWriteSettings::kKey);
    };
    PatternControl order = controls::offOrOn<DualWriteSettings>(
        "Dual write", "commit, then publish", "publish, then commit");
    order.changeName = "switch dual write to %1";
    order.explanation =
        "Without the outbox, the service writes to two systems that share no transaction: its "
        "database and the bus. Commit, then publish: a crash between the two leaves a saved "
        "change that no one ever hears of (a lost event). Publish, then commit: a crash between "
        "them announces a change that was rolled back (a phantom event). Neither order is safe; "
        "the outbox is the fix.";
    order.enabled = [](const PatternSwitches &p) { return !p.isOn(S::kKey); };
    return {head,
            controls::duration<S>("Poll every", "set the outbox poll to %1", &S::poll, 1, 60000),
            controls::count<S>("Batch", "set the outbox batch to %1", &S::batch, 1, 10000), order};
}

// A dual write that published first and then failed to commit says so in its Failure event.
bool OutboxModule::announcesRolledBackChange(std::string_view failureText) const
{
    return failureText.rfind(EventPublisher::kPhantomPrefix, 0) == 0;
}

} // namespace dplab
