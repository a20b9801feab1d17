#pragma once

#include "simulation/kernel/rng.h"
#include "simulation/kernel/scheduler.h"
#include "simulation/scenario/scenario.h"
#include "simulation/world/database.h"
#include "simulation/world/databaselock.h"
#include "simulation/world/message.h"

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dplab {

class Service;
class World;

/** The outcome of a call a service made: a reply, or a failure after timeouts and retries. */
struct CallResult
{
    std::uint64_t callId = 0;
    std::uint64_t context = 0; ///< what the caller passed to call()
    std::int16_t target = kNoEndpoint;
    bool ok = false;
    bool timedOut = false;
    std::string payload;
};

/**
 * What a service does with its messages. A role (generic, orders, order-view...) is one
 * ServiceBehavior; the World only queues, times and delivers.
 */
class ServiceBehavior
{
public:
    virtual ~ServiceBehavior() = default;
    /// Creates tables and seed data; called once before the run starts.
    virtual void setup(Service & /*self*/) {}
    /// A request finished its processing time: act, then call self.reply() now or later.
    virtual void onRequest(Service &self, const Message &request) = 0;
    /// A bus delivery finished its processing time; it is acknowledged after this returns.
    virtual void onEvent(Service & /*self*/, const Message & /*event*/) {}
    /// A call this service made has an outcome.
    virtual void onCallResult(Service & /*self*/, const CallResult & /*result*/) {}
    /// The service crashed: forget in-memory state (the database survives).
    virtual void onCrash(Service & /*self*/) {}
    virtual void onRestart(Service & /*self*/) {}
    /// A schema-change fault renames a column of one of this service's tables. The default
    /// runs the ALTER TABLE; returns an empty string or SQLite's error.
    virtual std::string onSchemaChange(Service &self, const std::string &table,
                                       const std::string &column, const std::string &renameTo);
    /// A rebuild intervention: drop the read model and rebuild it from the retained events.
    /// Returns an empty string, or why this service cannot.
    virtual std::string onRebuild(Service & /*self*/)
    {
        return "this service keeps no read model to rebuild";
    }
    /// Shared-database mode: the lock a message's work needs (reads share, writes exclude).
    virtual DatabaseLock::Mode lockFor(const Service & /*self*/, const Message & /*message*/) const
    {
        return DatabaseLock::Mode::Write;
    }
};

/** Per-service measurements, integrated over virtual time. */
struct ServiceStats
{
    std::uint64_t received = 0;
    std::uint64_t processed = 0;
    std::uint64_t lostInCrash = 0;
    std::uint64_t crashes = 0;
    std::uint64_t commits = 0;
    std::size_t maxQueue = 0;
    double busyIntegral = 0;  ///< worker-microseconds of work
    double queueIntegral = 0; ///< message-microseconds of waiting
    SimTime lastChange = 0;
    SimTime downTime = 0;
    std::uint64_t lockWaits = 0;  ///< shared database: times a worker had to wait for the lock
    SimTime lockWaitTime = 0;     ///< and the virtual time spent waiting
    std::uint64_t crossReads = 0; ///< shared database: touches of another service's tables
};

/**
 * A virtual service: a FIFO queue, `workers` concurrent handlers with a processing-time
 * distribution, a private SQLite database and a behaviour. A crash loses queued and in-flight
 * work; the database survives.
 */
class Service : public EventHandler
{
public:
    /// `database` is this service's own, or in shared-database mode the one every service uses.
    Service(World &world, std::int16_t index, const ServiceSpec &spec,
            std::shared_ptr<Database> database, std::uint64_t seed);
    ~Service() override;

    World &world() { return m_world; }
    const World &world() const { return m_world; }
    std::int16_t index() const { return m_index; }
    const std::string &name() const { return m_spec.name; }
    const std::string &role() const { return m_spec.role; }
    const ServiceSpec &spec() const { return m_spec; }
    Database &database() { return *m_database; }
    const Database &database() const { return *m_database; }
    Rng &rng() { return m_behaviorRng; }
    void setBehavior(std::unique_ptr<ServiceBehavior> behavior);
    ServiceBehavior *behavior() { return m_behavior.get(); }
    const ServiceBehavior *behavior() const { return m_behavior.get(); }

    bool isUp() const { return m_up; }
    std::uint32_t incarnation() const { return m_incarnation; }
    SimTime restartAt() const { return m_restartAt; }
    std::size_t queueLength() const { return m_queue.size(); }
    int busyWorkers() const { return m_busy; }
    int workers() const { return m_spec.workers; }
    const ServiceStats &stats() const { return m_stats; }
    /// Utilization (0..1) and mean queue length from the start up to now.
    double utilization(SimTime now) const;
    double meanQueue(SimTime now) const;
    /// Worker-microseconds of work done from the start up to now.
    double busyTimeAt(SimTime now) const
    {
        return m_stats.busyIntegral + m_busy * static_cast<double>(now - m_stats.lastChange);
    }

    /// A message (slot in the World's slab) arrives: queue it or drop it if the service is down.
    void receive(std::uint32_t slot);
    /// Crash now; restart after `downFor` (kSimTimeMax = never).
    void crash(SimTime downFor, const std::string &why);
    void restart();

    // Helpers for behaviours -------------------------------------------------------------
    /// Replies to a request (no-op for messages that are not requests).
    void reply(const Message &request, bool ok, std::string payload = {});
    /// Calls another service; the outcome arrives in onCallResult. Returns the call id.
    std::uint64_t call(std::int16_t target, std::uint32_t label, std::int64_t key,
                       std::string payload = {}, std::uint64_t context = 0);
    /// The same with this call's own per-attempt timeout and retry count (instead of the
    /// scenario's network defaults).
    std::uint64_t call(std::int16_t target, std::uint32_t label, std::int64_t key,
                       std::string payload, std::uint64_t context, SimTime timeout, int retries);
    /// Publishes to a topic; returns false if the bus refused it (partition, bus down + lose).
    /// A crash-after-publish fault may crash the service right after an accepted publish:
    /// callers that go on afterwards check isUp().
    bool publish(std::uint32_t topic, std::int64_t key, std::string payload = {},
                 MessageKind kind = MessageKind::Event);
    /// Commits the open transaction and records it in the trace. Returns false when the
    /// service crashed right after the commit (crash-after-commit fault): stop there.
    bool commit(std::string_view what);
    /// Traces a failure of this service to handle `request` (a business or data error); the
    /// trace event becomes the cause of what follows, usually the failed reply.
    void traceFailure(const Message &request, const std::string &why);
    /// Traces that this service answered a read of `key` with data older than its source's,
    /// `staleness` behind (-1 when not known); `what` says what was read.
    void traceStaleRead(std::int64_t key, SimTime staleness, const std::string &what);
    /// Shared database: records (and traces) that this service touched `owner`'s table.
    void noteCoupling(const std::string &ownerRole, const std::string &table);
    /// True with the service's failure_rate (a business failure such as a declined card).
    bool rollFailure() { return m_failureRng.chance(m_spec.failureRate); }

    void handleEvent(const Event &event) override;
    /// Shared database: the lock this waiter asked for is now held for it.
    void lockGranted(const DatabaseLock::Waiter &waiter);

private:
    enum EventKinds : std::uint32_t { ProcessDone = 1, RestartTimer = 2 };
    void account(SimTime now);
    void startWork();
    void beginProcessing(std::uint32_t slot);
    void removeInFlight(std::uint32_t slot);

    World &m_world;
    std::int16_t m_index;
    ServiceSpec m_spec;
    std::shared_ptr<Database> m_database;
    std::unique_ptr<ServiceBehavior> m_behavior;
    Rng m_processingRng;
    Rng m_behaviorRng;
    Rng m_failureRng;
    Rng m_crashRng;
    std::deque<std::uint32_t> m_queue;     // message slots
    std::vector<std::uint32_t> m_inFlight; // slots being processed (or waiting for the lock)
    int m_busy = 0;
    bool m_up = true;
    std::uint32_t m_incarnation = 0;
    SimTime m_restartAt = kSimTimeMax;
    SimTime m_downSince = 0;
    TimerId m_restartTimer = kNoTimer;
    ServiceStats m_stats;
    /// The label of each commit description seen ("tx:" + what): a service has a handful.
    std::vector<std::pair<std::string, std::uint32_t>> m_commitLabels;
};

} // namespace dplab
