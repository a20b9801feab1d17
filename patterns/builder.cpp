#include "patterns/builder.h"

#include "patterns/scenarioerror.h"

#include <algorithm>

namespace dplab {

WorldBuilder::WorldBuilder(const PatternCatalog &catalog)
    : m_catalog(catalog)
{}

std::vector<LoadError> WorldBuilder::check(const Scenario &s) const
{
    std::vector<LoadError> errors;
    for (std::size_t i = 0; i < s.services.size(); ++i) {
        const ServiceSpec &svc = s.services[i];
        const RoleInfo *role = m_catalog.role(svc.role);
        if (!role || !role->create)
            errors.push_back(
                scenarioError(s, svc.pos, "services[" + std::to_string(i) + "].role",
                              "role \"" + svc.role + "\" is not implemented in this build yet"));
    }
    for (std::size_t i = 0; i < s.workload.size(); ++i) {
        const WorkloadSpec &w = s.workload[i];
        if (!m_catalog.hasOperation(w.operation))
            errors.push_back(scenarioError(
                s, w.pos, "workload[" + std::to_string(i) + "].operation",
                "operation \"" + w.operation + "\" is not implemented in this build yet"));
    }
    m_catalog.checkScenario(s, errors);
    for (std::size_t i = 0; i < s.faults.size(); ++i) {
        const FaultSpec &f = s.faults[i];
        const ServiceSpec *svc = s.service(f.service);
        if (f.kind == FaultSpec::Kind::Rebuild) {
            if (svc && !m_catalog.rebuilds(s, *svc))
                errors.push_back(scenarioError(s, f.pos,
                                               "faults[" + std::to_string(i) + "].service",
                                               "\"" + f.service + "\" has role \"" + svc->role +
                                                   "\", which keeps no read model; rebuild a "
                                                   "service with role \"order-view\" (or, with "
                                                   "patterns.event_sourcing, \"orders\")"));
            continue;
        }
        if (f.kind != FaultSpec::Kind::SchemaChange)
            continue;
        const RoleInfo *role = svc ? m_catalog.role(svc->role) : nullptr;
        const std::vector<std::string> tables = role ? role->tables : std::vector<std::string>{};
        if (std::find(tables.begin(), tables.end(), f.table) != tables.end())
            continue;
        std::string owned;
        for (const auto &t : tables)
            owned += (owned.empty() ? "" : ", ") + t;
        errors.push_back(
            scenarioError(s, f.pos, "faults[" + std::to_string(i) + "].table",
                          "service \"" + f.service + "\" owns no table \"" + f.table + "\"" +
                              (owned.empty() ? std::string() : " (it owns: " + owned + ")")));
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
        WorldOptions worldOptions = options;
        m_catalog.configureWorld(scenario, worldOptions);
        auto world = std::make_unique<World>(scenario, worldOptions);
        for (std::size_t i = 0; i < world->serviceCount(); ++i) {
            Service &svc = world->service(static_cast<std::int16_t>(i));
            const RoleInfo *role = m_catalog.role(svc.spec().role);
            svc.setBehavior(role && role->create ? role->create(svc.spec()) : nullptr);
        }
        for (std::size_t i = 0; i < world->serviceCount(); ++i) {
            Service &svc = world->service(static_cast<std::int16_t>(i));
            if (svc.behavior())
                svc.behavior()->setup(svc);
        }
        m_catalog.install(*world);
        r.world = std::move(world);
    } catch (const std::exception &e) {
        LoadError error;
        error.file = scenario.sourceName;
        error.message = e.what();
        r.errors.push_back(error);
    }
    return r;
}

} // namespace dplab
