#include "patterns/data/datamodule.h"

#include "patterns/data/datasettings.h"
#include "patterns/module/switches.h"
#include "simulation/world/world.h"

namespace dplab {

void DataModule::read(loader::LoaderContext &ctx, loader::ObjectReader &r,
                      PatternSwitches &out) const
{
    bool shared = false;
    if (r.readEnum("data", shared, "data mode", {{"per-service", false}, {"shared", true}}) &&
        shared)
        turnOn(out, DataSettings{}, ctx.pos(r.pathOf("data")));
}

void DataModule::write(const PatternSwitches &in, nlohmann::ordered_json &out) const
{
    out["data"] = in.isOn(DataSettings::kKey) ? "shared" : "per-service";
}

void DataModule::configureWorld(const Scenario &s, WorldOptions &options) const
{
    options.sharedDatabase = s.patterns.isOn(DataSettings::kKey);
}

void DataModule::addChecks(const World &world, std::vector<CheckResult> &out) const
{
    addLiveChecks(world, out);
}

// Counts only grow: a cross-service read, once made, stays made.
void DataModule::addLiveChecks(const World &world, std::vector<CheckResult> &out) const
{
    if (world.scenario().patterns.isOn(DataSettings::kKey))
        return;
    // Database per service promises that nobody reaches into another service's tables and
    // nobody waits for another service's transactions.
    CheckResult c;
    c.id = "data.no_cross_service_access";
    c.name = "database per service: no cross-service reads, no lock waits";
    std::uint64_t cross = 0, waits = 0;
    for (std::size_t i = 0; i < world.serviceCount(); ++i) {
        cross += world.service(static_cast<std::int16_t>(i)).stats().crossReads;
        waits += world.service(static_cast<std::int16_t>(i)).stats().lockWaits;
    }
    c.ok = cross == 0 && waits == 0;
    c.detail =
        std::to_string(cross) + " cross-service reads, " + std::to_string(waits) + " lock waits";
    out.push_back(c);
}

void DataModule::addSummary(const World &world, nlohmann::ordered_json &out) const
{
    // Who touched whose data, and who waited for whom: the cost of sharing a database.
    std::uint64_t cross = 0, waits = 0;
    SimTime waited = 0;
    nlohmann::ordered_json per = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < world.serviceCount(); ++i) {
        const Service &svc = world.service(static_cast<std::int16_t>(i));
        const ServiceStats &st = svc.stats();
        cross += st.crossReads;
        waits += st.lockWaits;
        waited += st.lockWaitTime;
        if (st.crossReads || st.lockWaits)
            per[svc.name()] = {{"cross_service_reads", st.crossReads},
                               {"lock_waits", st.lockWaits},
                               {"lock_wait_ms", round3(toMilliseconds(st.lockWaitTime))}};
    }
    out["data"] = {
        {"mode", world.scenario().patterns.isOn(DataSettings::kKey) ? "shared" : "per-service"},
        {"cross_service_reads", cross},
        {"lock_waits", waits},
        {"lock_wait_ms", round3(toMilliseconds(waited))},
        {"services", per}};
}

std::vector<PatternControl> DataModule::controls() const
{
    PatternControl c =
        controls::offOrOn<DataSettings>("Data", "one database per service", "one shared database");
    c.changeName = "switch to %1";
    return {c};
}

} // namespace dplab
