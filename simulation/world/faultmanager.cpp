#include "simulation/world/faultmanager.h"

#include "simulation/world/world.h"

namespace dplab {

FaultManager::FaultManager(World &world)
    : m_world(world)
{}

std::string FaultManager::resolve(ActiveFault &f)
{
    const FaultSpec &s = f.spec;
    auto serviceIndex = [&](const std::string &name, std::int16_t *out) -> std::string {
        *out = m_world.serviceIndex(name);
        return *out < 0 ? "unknown service \"" + name + "\"" : std::string();
    };
    std::string err;
    std::string what = faultKindName(s.kind);
    switch (s.kind) {
    case FaultSpec::Kind::Crash:
    case FaultSpec::Kind::CrashAfterCommit:
    case FaultSpec::Kind::CrashAfterPublish:
    case FaultSpec::Kind::CrashAfterPrepare:
    case FaultSpec::Kind::SchemaChange:
    case FaultSpec::Kind::Rebuild:
        err = serviceIndex(s.service, &f.service);
        what += " " + s.service;
        if (s.kind == FaultSpec::Kind::SchemaChange)
            what += ": " + s.table + "." + s.column + " renamed to " + s.renameTo;
        if (s.kind == FaultSpec::Kind::CrashAfterCommit ||
            s.kind == FaultSpec::Kind::CrashAfterPublish ||
            s.kind == FaultSpec::Kind::CrashAfterPrepare)
            what += " p=" + std::to_string(s.probability).substr(0, 5);
        break;
    case FaultSpec::Kind::Partition: {
        const std::size_t n = m_world.serviceCount();
        f.groupOf.assign(n + 1, -1); // last slot: the bus
        what += " ";
        for (std::size_t g = 0; g < s.between.size(); ++g) {
            what += g ? " | " : "";
            for (std::size_t k = 0; k < s.between[g].size(); ++k) {
                const std::string &name = s.between[g][k];
                what += (k ? "," : "") + name;
                if (name == "bus") {
                    f.groupOf[n] = static_cast<int>(g);
                    continue;
                }
                std::int16_t i = -1;
                err = serviceIndex(name, &i);
                if (!err.empty())
                    return err;
                f.groupOf[static_cast<std::size_t>(i)] = static_cast<int>(g);
            }
        }
        break;
    }
    case FaultSpec::Kind::BusDown:
        break;
    case FaultSpec::Kind::Latency:
    case FaultSpec::Kind::Drop:
    case FaultSpec::Kind::Duplicate:
    case FaultSpec::Kind::Reorder: {
        what += " on " + s.target;
        const auto arrow = s.target.find("->");
        if (s.target == "bus") {
            f.busWide = true;
        } else if (s.target.rfind("topic:", 0) == 0) {
            const std::string name = s.target.substr(6);
            if (!m_world.bus().hasTopic(name))
                return "unknown topic \"" + name + "\"";
            f.topic = m_world.bus().topic(name);
        } else if (arrow != std::string::npos) {
            err = serviceIndex(s.target.substr(0, arrow), &f.from);
            if (err.empty())
                err = serviceIndex(s.target.substr(arrow + 2), &f.to);
        } else {
            err = "target must be \"a->b\", \"bus\" or \"topic:NAME\"";
        }
        if (s.kind == FaultSpec::Kind::Latency && s.latency)
            what += " " + s.latency->describe();
        else if (s.kind != FaultSpec::Kind::Latency)
            what += " p=" + std::to_string(s.probability).substr(0, 5);
        break;
    }
    }
    f.description = what;
    return err;
}

std::string FaultManager::schedule(const FaultSpec &spec)
{
    ActiveFault f;
    f.spec = spec;
    f.id = m_nextId++;
    if (std::string err = resolve(f); !err.empty())
        return err;
    const SimTime at = spec.at < m_world.now() ? m_world.now() : spec.at;
    f.startedAt = at;
    f.endsAt = spec.duration ? at + *spec.duration : kSimTimeMax;
    m_all.push_back(std::move(f));
    if (at <= m_world.now() && m_world.started()) {
        // A live intervention takes effect at once, between two events, so that a replay which
        // injects it after the same event number gets the same run.
        start(m_all.size() - 1);
        return {};
    }
    m_world.scheduler().schedule(at, this, Start, 0, m_all.size() - 1);
    return {};
}

void FaultManager::start(std::size_t index)
{
    ActiveFault f = m_all[index];
    TraceEvent e;
    e.kind = TraceKind::FaultStart;
    e.from = f.service;
    e.value = static_cast<std::int64_t>(f.id);
    e.text = m_world.names().addText(f.description);
    e.cause = m_world.cause();
    const std::uint64_t started = m_world.record(e);
    m_world.setCause(started);
    m_active.push_back(f);
    switch (f.spec.kind) {
    case FaultSpec::Kind::Crash:
        // The fault's end restarts the service (a FaultEnd event), so no restart timer here.
        m_world.service(f.service).crash(kSimTimeMax, "crash fault");
        break;
    case FaultSpec::Kind::BusDown:
        m_world.bus().setDown(true);
        break;
    case FaultSpec::Kind::SchemaChange: {
        Service &svc = m_world.service(f.service);
        const std::string why =
            svc.behavior()
                ? svc.behavior()->onSchemaChange(svc, f.spec.table, f.spec.column, f.spec.renameTo)
                : std::string("no behaviour");
        if (!why.empty())
            traceRefusal(f.service, started, "schema change failed: " + why);
        break;
    }
    case FaultSpec::Kind::Rebuild: {
        Service &svc = m_world.service(f.service);
        const std::string why =
            svc.behavior() ? svc.behavior()->onRebuild(svc) : std::string("no behaviour");
        if (!why.empty())
            traceRefusal(f.service, started, "rebuild failed: " + why);
        // A rebuild is a moment, not a state: it is over as soon as it has started (the
        // replay that follows is the service's own work, traced as such).
        end(f.id);
        return;
    }
    default:
        break;
    }
    if (f.endsAt < kSimTimeMax)
        m_world.scheduler().schedule(f.endsAt, this, End, 0, f.id);
}

void FaultManager::traceRefusal(std::int16_t service, std::uint64_t cause, const std::string &why)
{
    TraceEvent fail;
    fail.kind = TraceKind::Failure;
    fail.from = service;
    fail.ok = false;
    fail.cause = cause;
    fail.text = m_world.names().addText(why);
    m_world.record(fail);
}

void FaultManager::end(std::uint64_t id)
{
    for (std::size_t i = 0; i < m_active.size(); ++i) {
        if (m_active[i].id != id)
            continue;
        ActiveFault f = m_active[i];
        m_active.erase(m_active.begin() + static_cast<std::ptrdiff_t>(i));
        TraceEvent e;
        e.kind = TraceKind::FaultEnd;
        e.from = f.service;
        e.value = static_cast<std::int64_t>(f.id);
        e.text = m_world.names().addText(f.description);
        e.cause = m_world.cause();
        m_world.setCause(m_world.record(e));
        if (f.spec.kind == FaultSpec::Kind::Crash)
            m_world.service(f.service).restart();
        else if (f.spec.kind == FaultSpec::Kind::BusDown) {
            bool stillDown = false;
            for (const auto &o : m_active)
                stillDown = stillDown || o.spec.kind == FaultSpec::Kind::BusDown;
            if (!stillDown)
                m_world.bus().setDown(false);
        }
        return;
    }
}

bool FaultManager::isActive(std::uint64_t id) const
{
    for (const auto &f : m_active)
        if (f.id == id)
            return true;
    return false;
}

bool FaultManager::endFault(std::uint64_t id)
{
    if (!isActive(id))
        return false;
    end(id); // a later scheduled End for this id finds nothing and does nothing
    return true;
}

bool FaultManager::partitioned(std::int16_t a, std::int16_t b) const
{
    if (m_active.empty() || a == b)
        return false;
    const std::size_t n = m_world.serviceCount();
    auto slot = [n](std::int16_t e) -> long {
        if (e == kBusEndpoint)
            return static_cast<long>(n);
        return e >= 0 ? e : -1;
    };
    const long ia = slot(a), ib = slot(b);
    if (ia < 0 || ib < 0)
        return false; // the client is never partitioned
    for (const auto &f : m_active) {
        if (f.spec.kind != FaultSpec::Kind::Partition)
            continue;
        const int ga = f.groupOf[static_cast<std::size_t>(ia)];
        const int gb = f.groupOf[static_cast<std::size_t>(ib)];
        if (ga >= 0 && gb >= 0 && ga != gb)
            return true;
    }
    return false;
}

const Distribution *FaultManager::latencyOverride(std::int16_t from, std::int16_t to) const
{
    const Distribution *d = nullptr;
    for (const auto &f : m_active)
        if (f.spec.kind == FaultSpec::Kind::Latency && f.from == from && f.to == to &&
            f.spec.latency)
            d = &*f.spec.latency;
    return d;
}

const Distribution *FaultManager::busLatencyOverride(std::uint32_t topic) const
{
    const Distribution *d = nullptr;
    for (const auto &f : m_active)
        if (f.spec.kind == FaultSpec::Kind::Latency && f.spec.latency &&
            (f.busWide || (f.topic != 0 && f.topic == topic)))
            d = &*f.spec.latency;
    return d;
}

std::optional<double> FaultManager::dropOverride(std::int16_t from, std::int16_t to) const
{
    std::optional<double> p;
    for (const auto &f : m_active)
        if (f.spec.kind == FaultSpec::Kind::Drop && f.from == from && f.to == to && f.from >= 0)
            p = f.spec.probability;
    return p;
}

std::optional<double> FaultManager::busOverride(FaultSpec::Kind kind, std::uint32_t topic) const
{
    std::optional<double> p;
    for (const auto &f : m_active)
        if (f.spec.kind == kind && (f.busWide || (f.topic != 0 && f.topic == topic)))
            p = f.spec.probability;
    return p;
}

double FaultManager::crashAfterCommit(std::int16_t service, SimTime *restartAfter) const
{
    return crashChance(FaultSpec::Kind::CrashAfterCommit, service, restartAfter);
}

double FaultManager::crashAfterPublish(std::int16_t service, SimTime *restartAfter) const
{
    return crashChance(FaultSpec::Kind::CrashAfterPublish, service, restartAfter);
}

double FaultManager::crashAfterPrepare(std::int16_t service, SimTime *restartAfter) const
{
    return crashChance(FaultSpec::Kind::CrashAfterPrepare, service, restartAfter);
}

double FaultManager::crashChance(FaultSpec::Kind kind, std::int16_t service,
                                 SimTime *restartAfter) const
{
    for (const auto &f : m_active) {
        if (f.spec.kind == kind && f.service == service) {
            if (restartAfter)
                *restartAfter = f.spec.restartAfter;
            return f.spec.probability;
        }
    }
    return 0;
}

void FaultManager::handleEvent(const Event &event)
{
    if (event.kind == Start)
        start(static_cast<std::size_t>(event.b));
    else if (event.kind == End)
        end(event.b);
}

} // namespace dplab
