#include "simulation/world/world.h"

#include <algorithm>
#include <limits>

namespace dplab {

World::World(const Scenario &scenario, const WorldOptions &options)
    : m_scenario(scenario)
    , m_options(options)
{
    m_messages.reserve(1024);
    for (const auto &spec : m_scenario.services) {
        m_names.services.push_back(spec.name);
        m_names.roles.push_back(spec.role);
    }
    const std::uint64_t seed = m_scenario.seed;
    m_network = std::make_unique<Network>(*this, m_scenario.network, seed);
    m_bus = std::make_unique<Bus>(*this, m_scenario.bus, seed);
    m_faults = std::make_unique<FaultManager>(*this);
    std::shared_ptr<Database> shared;
    if (m_options.sharedDatabase) {
        // One database for everybody, and one lock in virtual time in front of it.
        shared = std::make_shared<Database>(":memory:");
        shared->setCaptureChangesets(m_options.captureChangesets);
        m_sharedLock = std::make_unique<DatabaseLock>();
    }
    for (std::size_t i = 0; i < m_scenario.services.size(); ++i) {
        const auto &spec = m_scenario.services[i];
        if (shared) {
            m_services.push_back(
                std::make_unique<Service>(*this, static_cast<std::int16_t>(i), spec, shared, seed));
            continue;
        }
        std::string path = ":memory:";
        if (spec.database != ":memory:" && !spec.database.empty()) {
            if (m_options.databaseDir.empty())
                throw DatabaseError(
                    "service " + spec.name + ": file databases need an output folder (--out)", 0);
            path = m_options.databaseDir + "/" + spec.database;
        }
        auto db = std::make_shared<Database>(path);
        db->setCaptureChangesets(m_options.captureChangesets);
        m_services.push_back(std::make_unique<Service>(*this, static_cast<std::int16_t>(i), spec,
                                                       std::move(db), seed));
    }
    // Topics in file order, so label indices do not depend on who publishes first.
    for (const auto &spec : m_scenario.services) {
        if (!spec.publishes.empty())
            m_bus->topic(spec.publishes);
        for (const auto &t : spec.subscribes)
            m_bus->topic(t);
    }
    for (const auto &w : m_scenario.workload) {
        operationLabel(operationName(w));
        if (!w.topic.empty())
            m_bus->topic(w.topic);
    }
    m_client = std::make_unique<Client>(*this, m_scenario.workload, m_scenario.duration, seed);
}

World::~World() = default;

std::int16_t World::serviceIndex(const std::string &name) const
{
    for (std::size_t i = 0; i < m_names.services.size(); ++i)
        if (m_names.services[i] == name)
            return static_cast<std::int16_t>(i);
    return -1;
}

std::int16_t World::serviceWithRole(const std::string &role) const
{
    for (std::size_t i = 0; i < m_names.roles.size(); ++i)
        if (m_names.roles[i] == role)
            return static_cast<std::int16_t>(i);
    return -1;
}

void World::addObserver(SimObserver *observer)
{
    if (observer &&
        std::find(m_observers.begin(), m_observers.end(), observer) == m_observers.end())
        m_observers.push_back(observer);
}

void World::removeObserver(SimObserver *observer)
{
    m_observers.erase(std::remove(m_observers.begin(), m_observers.end(), observer),
                      m_observers.end());
}

std::uint64_t World::record(TraceEvent event)
{
    event.id = ++m_lastEventId;
    event.time = m_scheduler.now();
    for (SimObserver *o : m_observers)
        o->onEvent(event, *this);
    return event.id;
}

std::uint32_t World::allocMessage(Message message)
{
    if (!m_freeSlots.empty()) {
        const std::uint32_t slot = m_freeSlots.back();
        m_freeSlots.pop_back();
        m_messages[slot] = std::move(message);
        return slot;
    }
    m_messages.push_back(std::move(message));
    return static_cast<std::uint32_t>(m_messages.size() - 1);
}

void World::freeMessage(std::uint32_t slot)
{
    m_messages[slot].payload.clear();
    m_messages[slot].id = 0;
    m_freeSlots.push_back(slot);
}

void World::start()
{
    if (m_started)
        return;
    m_started = true;
    for (const auto &f : m_scenario.faults)
        m_faults->schedule(f);
    m_client->start();
    if (m_scenario.sampleInterval > 0)
        m_scheduler.schedule(m_scenario.sampleInterval, this, Sample);
}

std::uint64_t World::runUntil(SimTime t)
{
    return runBounded(std::numeric_limits<std::uint64_t>::max(), t, true);
}

std::uint64_t World::runEvents(std::uint64_t n, SimTime limit)
{
    return runBounded(n, limit, false);
}

bool World::step()
{
    if (!m_started)
        start();
    if (m_scheduler.nextTime() > m_scenario.duration)
        return false;
    return runBounded(1, m_scenario.duration, false) == 1;
}

std::uint64_t World::runBounded(std::uint64_t maxEvents, SimTime limit, bool moveClock)
{
    if (!m_started)
        start();
    limit = std::min(limit, m_scenario.duration);
    const auto &replays = m_scenario.run.interventions;
    std::uint64_t ran = 0;
    for (;;) {
        const InterventionSpec *next =
            m_nextReplay < replays.size() ? &replays[m_nextReplay] : nullptr;
        const bool stepsDone = next && m_scheduler.executed() >= next->step;
        if (next && ((stepsDone && m_scheduler.nextTime() >= next->at) ||
                     m_scheduler.nextTime() > next->at)) {
            // Due: it was made after exactly next->step events, at next->at (the clock may have
            // moved past the last event by then). A file edited by hand may claim more events
            // before it than this run has by that time; then it applies at its time. It may
            // also claim fewer: then the events before its time still run first, since the
            // clock cannot go back (applying it at once stalled a run sliced by time).
            if (next->at > limit)
                break;
            m_scheduler.advanceTo(next->at);
            ++m_nextReplay;
            replay(*next);
            continue;
        }
        std::uint64_t budget = maxEvents - ran;
        SimTime until = limit;
        if (next) {
            // Up to its step; past it (see above), one event at a time until its time.
            budget = std::min(budget, stepsDone ? 1 : next->step - m_scheduler.executed());
            until = std::min(until, next->at);
        }
        if (budget == 0)
            break;
        const std::uint64_t n = m_scheduler.runEvents(budget, until);
        ran += n;
        if (n == 0 && (!next || next->at > limit))
            break;
    }
    if (moveClock && m_scheduler.nextTime() > limit)
        m_scheduler.advanceTo(limit);
    return ran;
}

void World::replay(const InterventionSpec &iv)
{
    if (iv.kind == InterventionSpec::Kind::InjectFault) {
        FaultSpec f = iv.fault;
        f.at = iv.at;
        injectFault(f);
    } else {
        endFault(iv.faultId);
    }
}

void World::runToEnd()
{
    runUntil(m_scenario.duration);
    finish();
}

void World::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    for (SimObserver *o : m_observers)
        o->onFinish(m_scheduler.now(), *this);
}

std::string World::injectFault(FaultSpec spec)
{
    if (spec.at < now())
        spec.at = now();
    InterventionSpec iv;
    iv.kind = InterventionSpec::Kind::InjectFault;
    iv.step = m_scheduler.executed();
    iv.at = spec.at;
    iv.fault = spec;
    TraceEvent e;
    e.kind = TraceKind::Intervention;
    e.text = m_names.addText(std::string("inject ") + faultKindName(spec.kind));
    iv.traceId = record(e);
    // Kept even when refused: the refusal is in the trace too, and a replay refuses it again.
    m_interventions.push_back(std::move(iv));
    return m_faults->schedule(spec);
}

bool World::endFault(std::uint64_t id)
{
    if (!m_faults->isActive(id))
        return false;
    InterventionSpec iv;
    iv.kind = InterventionSpec::Kind::EndFault;
    iv.step = m_scheduler.executed();
    iv.at = now();
    iv.faultId = id;
    TraceEvent e;
    e.kind = TraceKind::Intervention;
    e.value = static_cast<std::int64_t>(id);
    e.text = m_names.addText("end fault " + std::to_string(id));
    iv.traceId = record(e);
    setCause(iv.traceId);
    m_interventions.push_back(std::move(iv));
    return m_faults->endFault(id);
}

void World::handleEvent(const Event &event)
{
    if (event.kind == Sample) {
        for (SimObserver *o : m_observers)
            o->onSample(m_scheduler.now(), *this);
        const SimTime next = m_scheduler.now() + m_scenario.sampleInterval;
        if (next <= m_scenario.duration)
            m_scheduler.schedule(next, this, Sample);
    }
}

} // namespace dplab
