#include "builder.h"

#include "domain/gatewayservice.h"
#include "domain/shopschema.h"
#include "eventsourcing/eventsourcingrules.h"
#include "saga/sagarules.h"
#include "scenarioerror.h"
#include "twophase/twophaserules.h"

#include "domain/shopoperations.h"
#include <algorithm>

namespace dplab {

namespace {

std::string at(const Scenario &s, const SourcePos &pos, const std::string &path,
               const std::string &message)
{
    return scenarioError(s, pos, path, message);
}

/// The patterns that need particular roles, and the roles that need their pattern.
void checkReadSide(const Scenario &s, std::vector<std::string> &errors)
{
    auto count = [&](const char *role) {
        return std::count_if(s.services.begin(), s.services.end(),
                             [&](const ServiceSpec &svc) { return svc.role == role; });
    };
    auto patternPos = [&](const std::string &path) { return dplab::patternPos(s, path); };
    if (s.patterns.cqrs && count("order-view") == 0)
        errors.push_back(at(s, patternPos("patterns.cqrs"), "patterns.cqrs",
                            "CQRS needs a read side: add a service with role \"order-view\""));
    if ((s.patterns.cqrs || s.patterns.outbox) && count("orders") == 0) {
        const std::string path = s.patterns.cqrs ? "patterns.cqrs" : "patterns.outbox";
        errors.push_back(at(s, patternPos(path), path,
                            "the order events come from the orders service: add a service with "
                            "role \"orders\""));
    }
    for (std::size_t i = 0, views = 0; i < s.services.size(); ++i) {
        const ServiceSpec &svc = s.services[i];
        if (svc.role != "order-view")
            continue;
        const std::string path = "services[" + std::to_string(i) + "].role";
        if (!s.patterns.cqrs)
            errors.push_back(at(s, svc.pos, path,
                                "\"order-view\" is the read side of CQRS: set \"cqrs\": true "
                                "in \"patterns\""));
        else if (++views > 1)
            errors.push_back(
                at(s, svc.pos, path, "one service with role \"order-view\" is enough"));
    }
}

} // namespace

WorldBuilder::WorldBuilder(const PatternRegistry &registry)
    : m_registry(registry)
{}

std::vector<std::string> WorldBuilder::check(const Scenario &s) const
{
    std::vector<std::string> errors;
    for (std::size_t i = 0; i < s.services.size(); ++i) {
        const ServiceSpec &svc = s.services[i];
        if (!m_registry.hasRole(svc.role))
            errors.push_back(at(s, svc.pos, "services[" + std::to_string(i) + "].role",
                                "role \"" + svc.role + "\" is not implemented in this build yet"));
    }
    for (const auto &path : s.patterns.enabled) {
        if (m_registry.hasPattern(path))
            continue;
        const auto it = s.patterns.positions.find(path);
        errors.push_back(at(s, it == s.patterns.positions.end() ? SourcePos{} : it->second, path,
                            "this pattern is not implemented in this build yet; remove it or "
                            "set it to false"));
    }
    for (std::size_t i = 0; i < s.workload.size(); ++i) {
        const WorkloadSpec &w = s.workload[i];
        if (!m_registry.hasOperation(w.operation)) {
            errors.push_back(
                at(s, w.pos, "workload[" + std::to_string(i) + "].operation",
                   "operation \"" + w.operation + "\" is not implemented in this build yet"));
            continue;
        }
        const std::string owner = GatewayService::ownerOf(w.operation, s.patterns);
        if (!owner.empty()) {
            bool reachable = false;
            for (const auto &svc : s.services)
                reachable = reachable || svc.role == "gateway" || svc.role == owner;
            if (!reachable)
                errors.push_back(at(s, w.pos, "workload[" + std::to_string(i) + "].operation",
                                    "\"" + w.operation +
                                        "\" needs a service with role \"gateway\" or \"" + owner +
                                        "\""));
        }
    }
    checkReadSide(s, errors);
    SagaRules::check(s, errors);
    TwoPhaseRules::check(s, errors);
    EventSourcingRules::check(s, errors);
    for (std::size_t i = 0; i < s.faults.size(); ++i) {
        const FaultSpec &f = s.faults[i];
        if (f.kind == FaultSpec::Kind::Rebuild) {
            const ServiceSpec *svc = s.service(f.service);
            if (svc && svc->role != "order-view" && !EventSourcingRules::rebuildsFromStore(s, *svc))
                errors.push_back(at(s, f.pos, "faults[" + std::to_string(i) + "].service",
                                    "\"" + f.service + "\" has role \"" + svc->role +
                                        "\", which keeps no read model; rebuild a service "
                                        "with role \"order-view\" (or, with "
                                        "patterns.event_sourcing, \"orders\")"));
            continue;
        }
        if (f.kind != FaultSpec::Kind::SchemaChange)
            continue;
        const ServiceSpec *svc = s.service(f.service);
        const auto tables = svc ? ShopSchema::tablesOf(svc->role) : std::vector<std::string>{};
        if (std::find(tables.begin(), tables.end(), f.table) == tables.end())
            errors.push_back(at(s, f.pos, "faults[" + std::to_string(i) + "].table",
                                "service \"" + f.service + "\" owns no table \"" + f.table + "\"" +
                                    (tables.empty() ? std::string() : " (it owns: " + [&] {
                                        std::string list;
                                        for (const auto &t : tables)
                                            list += (list.empty() ? "" : ", ") + t;
                                        return list;
                                    }() + ")")));
    }
    return errors;
}

BuildResult WorldBuilder::build(const Scenario &scenario, const WorldOptions &options) const
{
    BuildResult r;
    r.errors = check(scenario);
    if (!r.errors.empty())
        return r;
    try {
        auto world = std::make_unique<World>(scenario, options);
        for (std::size_t i = 0; i < world->serviceCount(); ++i) {
            Service &svc = world->service(static_cast<std::int16_t>(i));
            svc.setBehavior(m_registry.create(svc.spec()));
        }
        for (std::size_t i = 0; i < world->serviceCount(); ++i) {
            Service &svc = world->service(static_cast<std::int16_t>(i));
            if (svc.behavior())
                svc.behavior()->setup(svc);
        }
        ShopOperations::install(*world);
        r.world = std::move(world);
    } catch (const std::exception &e) {
        r.errors.push_back(scenario.sourceName + ": " + e.what());
    }
    return r;
}

} // namespace dplab
