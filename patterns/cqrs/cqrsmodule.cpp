#include "patterns/cqrs/cqrsmodule.h"

#include "patterns/checks.h"
#include "patterns/cqrs/cqrssettings.h"
#include "patterns/cqrs/orderviewservice.h"
#include "patterns/cqrs/readmodelevidence.h"
#include "patterns/domain/ordersservice.h"
#include "patterns/domain/shopschema.h"
#include "patterns/module/switches.h"
#include "patterns/rebuildrecord.h"
#include "patterns/scenarioerror.h"
#include "simulation/world/world.h"

#include <algorithm>

namespace dplab {

void CqrsModule::read(loader::LoaderContext &ctx, loader::ObjectReader &r,
                      PatternSwitches &out) const
{
    switches::readBool<CqrsSettings>(ctx, r, out);
}

void CqrsModule::write(const PatternSwitches &in, nlohmann::ordered_json &out) const
{
    if (in.isOn(CqrsSettings::kKey))
        out["cqrs"] = true;
}

std::vector<RoleInfo> CqrsModule::roles() const
{
    RoleInfo view;
    view.name = "order-view";
    view.create = [](const ServiceSpec &) { return std::make_unique<OrderViewService>(); };
    view.glyph = RoleGlyph::Screen;
    view.column = RoleColumn::ReadSide;
    view.description = "read model";
    view.tables = ShopSchema::tablesOf("order-view");
    return {view};
}

void CqrsModule::checkScenario(const Scenario &s, std::vector<LoadError> &errors) const
{
    const bool on = s.patterns.isOn(CqrsSettings::kKey);
    auto count = [&](const char *role) {
        return std::count_if(s.services.begin(), s.services.end(),
                             [&](const ServiceSpec &svc) { return svc.role == role; });
    };
    const SourcePos pos = s.patterns.pos(CqrsSettings::kKey);
    if (on && count("order-view") == 0)
        errors.push_back(scenarioError(s, pos, "patterns.cqrs",
                                       "CQRS needs a read side: add a service with role "
                                       "\"order-view\""));
    if (on && count("orders") == 0)
        errors.push_back(scenarioError(s, pos, "patterns.cqrs",
                                       "the order events come from the orders service: add a "
                                       "service with role \"orders\""));
    for (std::size_t i = 0, views = 0; i < s.services.size(); ++i) {
        const ServiceSpec &svc = s.services[i];
        if (svc.role != "order-view")
            continue;
        const std::string path = "services[" + std::to_string(i) + "].role";
        if (!on)
            errors.push_back(scenarioError(s, svc.pos, path,
                                           "\"order-view\" is the read side of CQRS: set "
                                           "\"cqrs\": true in \"patterns\""));
        else if (++views > 1)
            errors.push_back(
                scenarioError(s, svc.pos, path, "one service with role \"order-view\" is enough"));
    }
}

bool CqrsModule::rebuilds(const Scenario &, const ServiceSpec &service) const
{
    return service.role == "order-view";
}

// CQRS promises that the read side catches up: once writes stop and the bus drains, every
// summary and every total equals what the orders table implies. The outbox keeps that
// promise under crashes; a dual write breaks it (a lost event is never sent) and this check
// names the cause.
void CqrsModule::addChecks(const World &world, std::vector<CheckResult> &out) const
{
    if (!world.scenario().patterns.isOn(CqrsSettings::kKey))
        return;
    CheckResult c;
    c.id = "cqrs.read_model_matches";
    c.name = "read model matches orders after quiescence";
    const ReadModelDivergence d = OrderViewService::divergence(world);
    c.ok = d.readable && d.divergent() == 0;
    if (!d.readable) {
        c.detail = "a table could not be read (a schema change?)";
        out.push_back(c);
        return;
    }
    c.detail = std::to_string(d.divergent()) + " divergent of " + std::to_string(d.orders) +
               " orders: " + std::to_string(d.missing) + " missing, " + std::to_string(d.outdated) +
               " outdated, " + std::to_string(d.phantom) + " phantom, " +
               std::to_string(d.totalsWrong) + " customer totals wrong";
    if (d.divergent() == 0) {
        out.push_back(c);
        return;
    }
    c.detail += " (e.g. " + d.exampleWhat + " " + std::to_string(d.example) + ")";
    if (const OrdersService *orders = ShopService::behaviorOf<OrdersService>(world, "orders");
        orders && orders->publisher()) {
        const PublisherStats &p = orders->publisher()->stats();
        if (p.lost)
            c.detail += "; " + std::to_string(p.lost) + " events lost by the dual write";
        if (p.phantom)
            c.detail += "; " + std::to_string(p.phantom) +
                        " phantom events published for writes that rolled back";
    }
    c.detail += pendingBusNote(world);
    out.push_back(c);
}

void CqrsModule::addEvidence(const EvidenceContext &context, CheckResult &check) const
{
    if (check.id == "cqrs.read_model_matches")
        addReadModelEvidence(context, check);
}

void CqrsModule::addSummary(const World &world, nlohmann::ordered_json &out) const
{
    if (!world.scenario().patterns.isOn(CqrsSettings::kKey))
        return;
    const auto *orders = ShopService::behaviorOf<OrdersService>(world, "orders");
    const auto *view = ShopService::behaviorOf<OrderViewService>(world, "order-view");
    ReadModelStats s;
    int subscription = -1;
    if (view) {
        s = view->stats();
        subscription = view->subscription();
    }
    WriteLog none;
    const WriteLog &log = orders ? orders->writeLog() : none;
    const ReadModelDivergence d = OrderViewService::divergence(world);
    const nlohmann::ordered_json rebuilds = RebuildRecord::toJson(s.rebuilds);
    out["read_model"] = {
        {"lag_ms", latencyJson(log.lag())},
        {"writes", log.writes()},
        {"writes_reflected", log.lag().count()},
        {"writes_unreflected", log.unreflected()},
        {"staleness_ms", latencyJson(s.staleness)},
        {"stale_reads", s.staleReads},
        {"reads", s.reads},
        {"events_seen", s.eventsSeen},
        {"events_moved_forward", s.moved},
        {"events_not_newer", s.older},
        {"consumer_lag_messages", subscription >= 0 ? world.bus().consumerLag(subscription) : 0},
        {"divergent_entities", d.divergent()},
        {"missing", d.missing},
        {"outdated", d.outdated},
        {"phantom", d.phantom},
        {"customer_totals_wrong", d.totalsWrong},
        {"rebuilds", rebuilds}};
}

void CqrsModule::addSeries(const World &world, const SeriesColumn &add) const
{
    const auto *orders = ShopService::behaviorOf<OrdersService>(world, "orders");
    const auto *view = ShopService::behaviorOf<OrderViewService>(world, "order-view");
    if (!view || !orders)
        return;
    const std::string name = world.service(world.serviceWithRole("order-view")).name();
    add(name + ".staleness_ms", [orders](SimTime now, const World &) {
        return toMilliseconds(orders->writeLog().staleness(now));
    });
    // Mean lag of the writes that became visible since the previous sample (0 if none).
    add(name + ".lag_ms",
        [orders, count = std::uint64_t{0}, total = 0.0](SimTime, const World &) mutable {
            const LatencyHistogram &lag = orders->writeLog().lag();
            const double sum = lag.mean() * static_cast<double>(lag.count());
            const std::uint64_t n = lag.count() - count;
            const double mean = n ? (sum - total) / static_cast<double>(n) / 1000.0 : 0.0;
            count = lag.count();
            total = sum;
            return mean;
        });
    add(name + ".consumer_lag", [view](SimTime, const World &w) {
        return view->subscription() < 0
                   ? 0.0
                   : static_cast<double>(w.bus().consumerLag(view->subscription()));
    });
    add(name + ".stale_reads",
        [view](SimTime, const World &) { return static_cast<double>(view->stats().staleReads); });
}

std::vector<Decoration> CqrsModule::decorations(const Scenario &s) const
{
    std::vector<Decoration> out;
    for (std::size_t i = 0; i < s.services.size(); ++i) {
        if (s.services[i].role != "order-view")
            continue;
        Decoration d;
        d.kind = Decoration::Kind::Staleness;
        d.service = i;
        d.seriesPrefix = s.services[i].name + ".";
        d.explanation = "The read model: how far it is behind the orders it is projected from.";
        out.push_back(d);
    }
    return out;
}

std::vector<PatternControl> CqrsModule::controls() const
{
    return {controls::onOff<CqrsSettings>("CQRS read model")};
}

} // namespace dplab
