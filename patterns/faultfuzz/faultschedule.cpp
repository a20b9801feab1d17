#include "patterns/faultfuzz/faultschedule.h"

#include "patterns/module/switches.h"

#include "patterns/twophase/twophasesettings.h"

#include "patterns/replication/replicationsettings.h"

#include "patterns/eventsourcing/eventsourcingsettings.h"

#include "patterns/outbox/outboxsettings.h"

#include "patterns/cqrs/cqrssettings.h"

#include "patterns/saga/sagasettings.h"
#include "simulation/kernel/rng.h"
#include "simulation/scenario/faultwriter.h"

#include <algorithm>

namespace dplab {

namespace {

using Kind = FaultSpec::Kind;

std::string nameOfRole(const Scenario &sc, const std::string &role)
{
    for (const auto &s : sc.services)
        if (s.role == role)
            return s.name;
    return {};
}

template <typename T> const T &pick(Rng &rng, const std::vector<T> &from)
{
    return from[rng.below(from.size())];
}

SimTime between(Rng &rng, SimTime lo, SimTime hi)
{
    return hi > lo ? lo + static_cast<SimTime>(rng.below(static_cast<std::uint64_t>(hi - lo))) : lo;
}

double probability(Rng &rng, double lo, double hi)
{
    // Two decimals, so that a schedule printed as JSON reads back exactly.
    const auto first = static_cast<std::uint64_t>(lo * 100 + 0.5);
    const auto last = static_cast<std::uint64_t>(hi * 100 + 0.5);
    return static_cast<double>(first + rng.below(last - first + 1)) / 100.0;
}

} // namespace

FaultScheduleSpace FaultScheduleSpace::forScenario(const Scenario &sc, SimTime from, SimTime until)
{
    FaultScheduleSpace space;
    space.from = from;
    space.until = until;
    const PatternSwitches &p = sc.patterns;
    const SagaSettings *saga = settingsOf<SagaSettings>(p);
    space.bus = p.isOn(CqrsSettings::kKey) || p.isOn(OutboxSettings::kKey) || saga ||
                p.isOn(EventSourcingSettings::kKey) || p.isOn(ReplicationSettings::kKey);
    for (const auto &s : sc.services) {
        space.crashable.push_back(s.name);
        // Services that write their own database and may crash right after a commit.
        if (s.role == "orders" || s.role == "inventory" || s.role == "payments" ||
            s.role == "shipping" || s.role == "customers")
            space.committers.push_back(s.name);
        for (const auto &c : s.calls)
            space.links.push_back(s.name + "->" + c);
    }
    // The shop's calls are in code, not in "calls": the links orders uses.
    if (const std::string orders = nameOfRole(sc, "orders"); !orders.empty()) {
        if (space.bus)
            space.publishers.push_back(orders);
        for (const char *role : {"products", "inventory", "payments", "shipping"})
            if (const std::string to = nameOfRole(sc, role); !to.empty())
                space.links.push_back(orders + "->" + to);
        if (p.isOn(TwoPhaseCommitSettings::kKey))
            space.coordinator = orders;
        if (p.isOn(EventSourcingSettings::kKey))
            space.rebuildable = orders;
    }
    if (saga && saga->style == SagaSettings::Style::Choreography)
        for (const char *role : {"inventory", "payments", "shipping"})
            if (const std::string name = nameOfRole(sc, role); !name.empty())
                space.publishers.push_back(name);
    space.kinds = {Kind::Crash, Kind::Partition, Kind::Latency};
    if (!space.committers.empty())
        space.kinds.push_back(Kind::CrashAfterCommit);
    if (!space.links.empty())
        space.kinds.push_back(Kind::Drop);
    if (space.bus) {
        for (Kind k : {Kind::BusDown, Kind::Drop, Kind::Duplicate, Kind::Reorder})
            space.kinds.push_back(k);
        if (!space.publishers.empty())
            space.kinds.push_back(Kind::CrashAfterPublish);
    }
    if (!space.coordinator.empty())
        space.kinds.push_back(Kind::CrashAfterPrepare);
    return space;
}

std::vector<FaultSpec> randomFaultSchedule(const FaultScheduleSpace &space, std::uint64_t seed)
{
    Rng rng = Rng::stream(seed, "fault-schedule");
    std::vector<FaultSpec> faults;
    if (space.kinds.empty() || space.crashable.empty() || space.until <= space.from)
        return faults;
    const int spread = std::max(0, space.maxFaults - space.minFaults);
    const int n =
        space.minFaults + static_cast<int>(rng.below(static_cast<std::uint64_t>(spread) + 1));
    for (int i = 0; i < n; ++i) {
        FaultSpec f;
        f.at =
            between(rng, space.from, space.until - space.minLength) / kMillisecond * kMillisecond;
        const SimTime room = space.until - f.at;
        const SimTime length = between(rng, space.minLength, std::min(space.maxLength, room) + 1);
        f.duration = std::max(kMillisecond, length / kMillisecond * kMillisecond);
        f.kind = pick(rng, space.kinds);
        switch (f.kind) {
        case Kind::Crash:
            f.service = pick(rng, space.crashable);
            break;
        case Kind::Partition: {
            // One service cut off from some of the others (and from the bus, when it is one).
            const std::string &alone = pick(rng, space.crashable);
            std::vector<std::string> rest;
            for (const auto &s : space.crashable)
                if (s != alone && rng.chance(0.5))
                    rest.push_back(s);
            if (space.bus && (rest.empty() || rng.chance(0.5)))
                rest.push_back("bus");
            if (rest.empty())
                rest.push_back(space.crashable[0] == alone && space.crashable.size() > 1
                                   ? space.crashable[1]
                                   : space.crashable[0]);
            if (rest.size() == 1 && rest[0] == alone) {
                f.kind = Kind::Crash;
                f.service = alone;
                break;
            }
            f.between = {{alone}, rest};
            break;
        }
        case Kind::Latency:
            f.target = space.links.empty() || (space.bus && rng.chance(0.5))
                           ? std::string("bus")
                           : pick(rng, space.links);
            f.latency = Distribution::constant(between(rng, 5, 300) * kMillisecond);
            break;
        case Kind::Drop:
            f.target = space.links.empty() || (space.bus && rng.chance(0.5))
                           ? std::string("bus")
                           : pick(rng, space.links);
            f.probability = probability(rng, 0.1, 0.6);
            break;
        case Kind::Duplicate:
        case Kind::Reorder:
            f.target = "bus";
            f.probability = probability(rng, 0.1, 0.6);
            break;
        case Kind::BusDown:
            break;
        case Kind::CrashAfterCommit:
            f.service = pick(rng, space.committers);
            f.probability = probability(rng, 0.02, 0.3);
            f.restartAfter = between(rng, 50, 800) * kMillisecond;
            break;
        case Kind::CrashAfterPublish:
            f.service = pick(rng, space.publishers);
            f.probability = probability(rng, 0.02, 0.3);
            f.restartAfter = between(rng, 50, 800) * kMillisecond;
            break;
        case Kind::CrashAfterPrepare:
            f.service = space.coordinator;
            f.probability = probability(rng, 0.1, 1.0);
            f.restartAfter = between(rng, 50, 1500) * kMillisecond;
            break;
        default:
            f.kind = Kind::Crash;
            f.service = pick(rng, space.crashable);
            break;
        }
        faults.push_back(std::move(f));
    }
    if (!space.rebuildable.empty() && rng.chance(0.25)) {
        FaultSpec f;
        f.kind = Kind::Rebuild;
        f.service = space.rebuildable;
        f.at = between(rng, space.from, space.until) / kMillisecond * kMillisecond;
        faults.push_back(std::move(f));
    }
    std::stable_sort(faults.begin(), faults.end(),
                     [](const FaultSpec &a, const FaultSpec &b) { return a.at < b.at; });
    return faults;
}

nlohmann::ordered_json faultScheduleToJson(const std::vector<FaultSpec> &faults)
{
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto &f : faults)
        out.push_back(faultToJson(f));
    return out;
}

} // namespace dplab
