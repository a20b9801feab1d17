#include "simulation/world/service.h"

#include "simulation/world/world.h"

namespace dplab {

std::string ServiceBehavior::onSchemaChange(Service &self, const std::string &table,
                                            const std::string &column, const std::string &renameTo)
{
    try {
        // The names were checked by the loader ([A-Za-z_][A-Za-z0-9_]*), and are quoted too.
        self.database().exec("ALTER TABLE \"" + table + "\" RENAME COLUMN \"" + column +
                             "\" TO \"" + renameTo + "\"");
    } catch (const DatabaseError &e) {
        return e.what();
    }
    return {};
}

Service::Service(World &world, std::int16_t index, const ServiceSpec &spec,
                 std::shared_ptr<Database> database, std::uint64_t seed)
    : m_world(world)
    , m_index(index)
    , m_spec(spec)
    , m_database(std::move(database))
    , m_processingRng(Rng::stream(seed, "service/" + spec.name + "/processing"))
    , m_behaviorRng(Rng::stream(seed, "service/" + spec.name + "/behavior"))
    , m_failureRng(Rng::stream(seed, "service/" + spec.name + "/failure"))
    , m_crashRng(Rng::stream(seed, "service/" + spec.name + "/crash"))
{}

Service::~Service() = default;

void Service::setBehavior(std::unique_ptr<ServiceBehavior> behavior)
{
    m_behavior = std::move(behavior);
}

double Service::utilization(SimTime now) const
{
    const SimTime elapsed = now;
    if (elapsed <= 0 || m_spec.workers <= 0)
        return 0;
    const double busy = m_stats.busyIntegral +
                        static_cast<double>(m_busy) * static_cast<double>(now - m_stats.lastChange);
    return busy / (static_cast<double>(m_spec.workers) * static_cast<double>(elapsed));
}

double Service::meanQueue(SimTime now) const
{
    if (now <= 0)
        return 0;
    const double q = m_stats.queueIntegral + static_cast<double>(m_queue.size()) *
                                                 static_cast<double>(now - m_stats.lastChange);
    return q / static_cast<double>(now);
}

void Service::removeInFlight(std::uint32_t slot)
{
    for (std::size_t i = 0; i < m_inFlight.size(); ++i) {
        if (m_inFlight[i] == slot) {
            m_inFlight[i] = m_inFlight.back();
            m_inFlight.pop_back();
            return;
        }
    }
}

void Service::account(SimTime now)
{
    const double dt = static_cast<double>(now - m_stats.lastChange);
    m_stats.busyIntegral += m_busy * dt;
    m_stats.queueIntegral += static_cast<double>(m_queue.size()) * dt;
    m_stats.lastChange = now;
}

void Service::receive(std::uint32_t slot)
{
    if (!m_up) {
        Message &m = m_world.message(slot);
        TraceEvent e = traceOf(TraceKind::Drop, m);
        e.to = m_index;
        e.text = m_world.names().addText("receiver is down");
        m_world.record(e);
        m_world.freeMessage(slot);
        return;
    }
    account(m_world.now());
    ++m_stats.received;
    m_queue.push_back(slot);
    if (m_queue.size() > m_stats.maxQueue)
        m_stats.maxQueue = m_queue.size();
    startWork();
}

void Service::startWork()
{
    while (m_up && m_busy < m_spec.workers && !m_queue.empty()) {
        account(m_world.now());
        const std::uint32_t slot = m_queue.front();
        m_queue.pop_front();
        ++m_busy;
        m_inFlight.push_back(slot);
        DatabaseLock *lock = m_world.sharedLock();
        if (lock && m_behavior) {
            Message &m = m_world.message(slot);
            const DatabaseLock::Mode mode = m_behavior->lockFor(*this, m);
            m.lockMode = static_cast<std::uint8_t>(mode);
            if (!lock->tryAcquire(mode)) {
                // The worker is taken but idle: it waits for another service's transaction.
                lock->enqueue(
                    DatabaseLock::Waiter{m_index, slot, m_incarnation, mode, m_world.now()});
                ++m_stats.lockWaits;
                TraceEvent e = traceOf(TraceKind::Hold, m);
                e.to = m_index;
                e.value = static_cast<std::int64_t>(lock->waiting());
                e.text = m_world.names().addText("waits for the shared database lock");
                m.cause = m_world.record(e);
                continue;
            }
        }
        beginProcessing(slot);
    }
}

void Service::beginProcessing(std::uint32_t slot)
{
    Message &m = m_world.message(slot);
    m.startedAt = m_world.now();
    m.processing = true;
    TraceEvent e = traceOf(TraceKind::Start, m);
    e.to = m_index;
    e.value = static_cast<std::int64_t>(m_queue.size());
    m.cause = m_world.record(e);
    const SimTime duration = m_spec.processing.sample(m_processingRng);
    m_world.scheduler().scheduleIn(duration, this, ProcessDone, m_incarnation, slot);
}

void Service::lockGranted(const DatabaseLock::Waiter &waiter)
{
    if (waiter.incarnation != m_incarnation || !m_up)
        return; // dropWaitersOf removes a crashed service's waiters; this is a safety net
    m_stats.lockWaitTime += m_world.now() - waiter.since;
    beginProcessing(waiter.slot);
}

void Service::handleEvent(const Event &event)
{
    if (event.kind == RestartTimer) {
        m_restartTimer = kNoTimer;
        restart();
        return;
    }
    if (event.kind != ProcessDone)
        return;
    const auto slot = static_cast<std::uint32_t>(event.b);
    if (event.a != m_incarnation) {
        // The service crashed while this message was being processed: the work is lost.
        m_world.freeMessage(slot);
        return;
    }
    account(m_world.now());
    --m_busy;
    ++m_stats.processed;
    removeInFlight(slot);
    const auto lockMode = static_cast<DatabaseLock::Mode>(m_world.message(slot).lockMode);
    // Move the message out first: handlers allocate messages, which may move the slab.
    Message m = std::move(m_world.message(slot));
    m_world.freeMessage(slot);
    TraceEvent e = traceOf(TraceKind::Process, m);
    e.to = m_index;
    e.value = m_world.now() - m.startedAt;
    const std::uint64_t processed = m_world.record(e);
    m_world.setCause(processed);
    const std::uint32_t incarnation = m_incarnation;
    // A bus delivery (event, command, compensation, reply) belongs to a subscription; a call
    // does not. Deliveries go to onEvent and are acknowledged, whatever their kind.
    const bool delivery = m.subscription >= 0;
    if (m_behavior) {
        if (delivery)
            m_behavior->onEvent(*this, m);
        else
            m_behavior->onRequest(*this, m);
    }
    if (lockMode != DatabaseLock::Mode::None && m_incarnation == incarnation)
        if (DatabaseLock *lock = m_world.sharedLock())
            lock->release(lockMode, m_world); // a crash inside the handler released it already
    if (m_incarnation != incarnation)
        return; // crashed inside the handler (crash-after-commit): no ack, no more work
    if (delivery)
        m_world.bus().ack(m);
    startWork();
}

void Service::crash(SimTime downFor, const std::string &why)
{
    if (!m_up)
        return;
    const SimTime now = m_world.now();
    account(now);
    const std::size_t lost = m_queue.size() + static_cast<std::size_t>(m_busy);
    TraceEvent e;
    e.kind = TraceKind::Crash;
    e.from = m_index;
    e.value = static_cast<std::int64_t>(lost);
    e.cause = m_world.cause();
    e.text =
        m_world.names().addText(why + (lost ? ", " + std::to_string(lost) + " messages lost" : ""));
    m_world.record(e);
    m_stats.lostInCrash += lost;
    ++m_stats.crashes;
    for (std::uint32_t slot : m_queue)
        m_world.freeMessage(slot);
    m_queue.clear();
    if (DatabaseLock *lock = m_world.sharedLock()) {
        // Work in progress dies with the service: its locks go back, its waiters leave.
        lock->dropWaitersOf(m_index, m_world);
        for (std::uint32_t slot : m_inFlight) {
            const auto mode = static_cast<DatabaseLock::Mode>(m_world.message(slot).lockMode);
            if (mode != DatabaseLock::Mode::None && m_world.message(slot).processing)
                lock->release(mode, m_world);
        }
    }
    // Slots being processed are freed when their stale ProcessDone fires; slots that were
    // waiting for the lock never get one, so they are freed now.
    for (std::uint32_t slot : m_inFlight)
        if (!m_world.message(slot).processing)
            m_world.freeMessage(slot);
    m_inFlight.clear();
    m_busy = 0; // in-flight slots are freed when their stale ProcessDone fires
    m_up = false;
    ++m_incarnation;
    m_downSince = now;
    if (m_database->inTransaction())
        m_database->rollback();
    m_world.network().forgetCallsOf(m_index);
    if (m_behavior)
        m_behavior->onCrash(*this);
    if (downFor < kSimTimeMax) {
        m_restartAt = now + downFor;
        m_restartTimer = m_world.scheduler().schedule(m_restartAt, this, RestartTimer);
    } else {
        m_restartAt = kSimTimeMax;
    }
}

void Service::restart()
{
    if (m_up)
        return;
    if (m_restartTimer != kNoTimer) {
        m_world.scheduler().cancel(m_restartTimer);
        m_restartTimer = kNoTimer;
    }
    const SimTime now = m_world.now();
    account(now);
    m_stats.downTime += now - m_downSince;
    m_up = true;
    m_restartAt = kSimTimeMax;
    TraceEvent e;
    e.kind = TraceKind::Restart;
    e.from = m_index;
    e.cause = m_world.cause();
    m_world.setCause(m_world.record(e));
    if (m_behavior)
        m_behavior->onRestart(*this);
    startWork();
}

void Service::reply(const Message &request, bool ok, std::string payload)
{
    if (request.kind != MessageKind::Request || !m_up)
        return;
    m_world.network().reply(request, ok, std::move(payload));
}

std::uint64_t Service::call(std::int16_t target, std::uint32_t label, std::int64_t key,
                            std::string payload, std::uint64_t context)
{
    const NetworkSpec &net = m_world.network().spec();
    return m_world.network().call(m_index, target, label, key, std::move(payload), context,
                                  net.timeout, net.retries);
}

std::uint64_t Service::call(std::int16_t target, std::uint32_t label, std::int64_t key,
                            std::string payload, std::uint64_t context, SimTime timeout,
                            int retries)
{
    return m_world.network().call(m_index, target, label, key, std::move(payload), context, timeout,
                                  retries);
}

bool Service::publish(std::uint32_t topic, std::int64_t key, std::string payload, MessageKind kind)
{
    if (!m_world.bus().publish(m_index, topic, key, std::move(payload), kind))
        return false;
    SimTime downFor = kSecond;
    const double p = m_world.faults().crashAfterPublish(m_index, &downFor);
    if (p > 0 && m_crashRng.chance(p)) {
        m_world.setCause(m_world.lastEventId());
        crash(downFor, "crash right after publish");
    }
    return true;
}

void Service::traceFailure(const Message &request, const std::string &why)
{
    TraceEvent e = traceOf(TraceKind::Failure, request);
    e.from = m_index;
    e.to = request.from;
    e.cause = m_world.cause();
    e.ok = false;
    e.text = m_world.names().addText(why);
    m_world.setCause(m_world.record(e));
}

void Service::noteCoupling(const std::string &ownerRole, const std::string &table)
{
    ++m_stats.crossReads;
    TraceEvent e;
    e.kind = TraceKind::Coupling;
    e.from = m_index;
    e.to = m_world.serviceWithRole(ownerRole);
    e.cause = m_world.cause();
    e.text = m_world.names().addText("table " + table);
    m_world.record(e);
}

void Service::traceStaleRead(std::int64_t key, SimTime staleness, const std::string &what)
{
    TraceEvent e;
    e.kind = TraceKind::StaleRead;
    e.from = m_index;
    e.key = key;
    e.value = staleness;
    e.ok = false;
    e.cause = m_world.cause();
    e.text = m_world.names().addText(what);
    m_world.record(e);
}

bool Service::commit(std::string_view what)
{
    const std::span<const unsigned char> cs = m_database->commitView();
    ++m_stats.commits;
    TraceEvent e;
    e.kind = TraceKind::Commit;
    e.from = m_index;
    e.cause = m_world.cause();
    std::uint32_t label = 0;
    bool known = false;
    for (const auto &[text, index] : m_commitLabels) {
        if (text == what) {
            label = index;
            known = true;
            break;
        }
    }
    if (!known) {
        label = m_world.names().label("tx:" + std::string(what));
        m_commitLabels.emplace_back(std::string(what), label);
    }
    e.label = label;
    e.value = static_cast<std::int64_t>(m_world.countCommit());
    const std::uint64_t id = m_world.record(e);
    if (m_world.capturesChangesets())
        m_world.commits().add(m_index, id, cs);
    SimTime downFor = kSecond;
    const double p = m_world.faults().crashAfterCommit(m_index, &downFor);
    if (p > 0 && m_crashRng.chance(p)) {
        m_world.setCause(id);
        crash(downFor, "crash right after commit");
        return false;
    }
    return true;
}

} // namespace dplab
