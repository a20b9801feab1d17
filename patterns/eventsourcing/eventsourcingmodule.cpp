#include "patterns/eventsourcing/eventsourcingmodule.h"

#include "patterns/domain/ordersservice.h"
#include "patterns/eventsourcing/eventsourcingchecks.h"
#include "patterns/eventsourcing/eventsourcingevidence.h"
#include "patterns/eventsourcing/eventsourcingmetrics.h"
#include "patterns/eventsourcing/eventsourcingrules.h"
#include "patterns/eventsourcing/eventsourcingsettings.h"
#include "patterns/eventsourcing/eventstore.h"
#include "patterns/module/switches.h"
#include "simulation/world/world.h"

#include <climits>

namespace dplab {

namespace {

const loader::KeyList kEventSourcingKeys = {"snapshot_every", "poll", "batch"};

} // namespace

void EventSourcingModule::read(loader::LoaderContext &ctx, loader::ObjectReader &r,
                               PatternSwitches &out) const
{
    switches::read<EventSourcingSettings>(
        ctx, r, out, [](loader::ObjectReader &o, EventSourcingSettings &s) {
            o.allowOnly(kEventSourcingKeys);
            o.readInteger("snapshot_every", s.snapshotEvery, 0, INT_MAX);
            o.readDuration("poll", s.poll, loader::DurationRule::Positive);
            o.readInteger("batch", s.batch, 1, 10000);
        });
}

void EventSourcingModule::write(const PatternSwitches &in, nlohmann::ordered_json &out) const
{
    if (const EventSourcingSettings *e = settingsOf<EventSourcingSettings>(in))
        out["event_sourcing"] = {{"snapshot_every", e->snapshotEvery},
                                 {"poll", formatDuration(e->poll)},
                                 {"batch", e->batch}};
}

std::vector<std::pair<std::string, std::vector<std::string_view>>>
EventSourcingModule::settingKeys() const
{
    return {{"eventSourcing", kEventSourcingKeys}};
}

void EventSourcingModule::checkScenario(const Scenario &s, std::vector<LoadError> &errors) const
{
    EventSourcingRules::check(s, errors);
}

bool EventSourcingModule::rebuilds(const Scenario &s, const ServiceSpec &service) const
{
    return EventSourcingRules::rebuildsFromStore(s, service);
}

void EventSourcingModule::addChecks(const World &world, std::vector<CheckResult> &out) const
{
    for (auto &c : EventSourcingChecks::run(world))
        out.push_back(std::move(c));
}

void EventSourcingModule::addLiveChecks(const World &world, std::vector<CheckResult> &out) const
{
    for (auto &c : EventSourcingChecks::run(world, true))
        out.push_back(std::move(c));
}

void EventSourcingModule::addEvidence(const EvidenceContext &context, CheckResult &check) const
{
    EventSourcingEvidence::add(context, check);
}

void EventSourcingModule::addSummary(const World &world, nlohmann::ordered_json &out) const
{
    if (auto es = EventSourcingMetrics::collect(world); !es.is_null())
        out["event_sourcing"] = std::move(es);
}

void EventSourcingModule::addSeries(const World &world, const SeriesColumn &add) const
{
    const auto *orders = ShopService::behaviorOf<OrdersService>(world, "orders");
    if (!orders || !orders->eventSourcing())
        return;
    const std::string name = world.service(world.serviceWithRole("orders")).name();
    const SourcedOrders *es = orders->eventSourcing();
    add(name + ".projection_backlog", [es](SimTime, const World &) {
        return static_cast<double>(es->relay().projectionBacklog());
    });
    add(name + ".conflicts",
        [es](SimTime, const World &) { return static_cast<double>(es->stats().conflicts); });
    add(name + ".events_read_per_load",
        [es](SimTime, const World &) { return es->stats().readPerLoad.mean(); });
}

std::vector<Decoration> EventSourcingModule::decorations(const Scenario &s) const
{
    std::vector<Decoration> out;
    if (!settingsOf<EventSourcingSettings>(s))
        return out;
    for (std::size_t i = 0; i < s.services.size(); ++i) {
        if (s.services[i].role != "orders")
            continue;
        Decoration d;
        d.kind = Decoration::Kind::Notice;
        d.service = i;
        d.explanation = "Event sourcing: the events in the store (the truth), how far the orders "
                        "table (a projection fed from the store) is behind it, and how many "
                        "commands lost a race on one order and had to reload and decide again.";
        out.push_back(d);
    }
    return out;
}

// "2729 events · projection 3 behind · 38 conflicts": amber while the projection is behind,
// red from 100 events behind. The conflicts are counted in memory, which holds the present:
// left out at a past playhead (the store and the projection's checkpoint are tables).
std::optional<Probe> EventSourcingModule::probe(const World &world, const Decoration &d,
                                                bool present) const
{
    if (d.service >= world.serviceCount())
        return std::nullopt;
    const Service &service = world.service(static_cast<std::int16_t>(d.service));
    const auto *orders = dynamic_cast<const OrdersService *>(service.behavior());
    if (!orders || !orders->eventSourcing())
        return std::nullopt;
    const SourcedOrders &es = *orders->eventSourcing();
    const std::int64_t events = EventStore::lastPosition(service.database());
    const std::int64_t behind = es.relay().projectionBacklog();
    Probe p;
    p.text = std::to_string(events) + " events · projection " +
             (behind > 0 ? std::to_string(behind) + " behind" : std::string("up to date"));
    if (present)
        p.text += " · " + std::to_string(es.stats().conflicts) + " conflicts";
    p.level = behind >= 100 ? Probe::Level::PiledUp
              : behind > 0  ? Probe::Level::Waiting
                            : Probe::Level::Calm;
    return p;
}

std::vector<PatternControl> EventSourcingModule::controls() const
{
    using S = EventSourcingSettings;
    return {controls::onOff<S>("Event sourcing"),
            controls::count<S>("Snapshot every", "set the snapshot interval to %1",
                               &S::snapshotEvery, 0, 1000000, "never", " events")};
}

} // namespace dplab
