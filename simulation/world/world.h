#pragma once

#include "simulation/kernel/scheduler.h"
#include "simulation/observe/observer.h"
#include "simulation/observe/traceevent.h"
#include "simulation/scenario/scenario.h"
#include "simulation/world/bus.h"
#include "simulation/world/changesetstore.h"
#include "simulation/world/client.h"
#include "simulation/world/database.h"
#include "simulation/world/faultmanager.h"
#include "simulation/world/message.h"
#include "simulation/world/network.h"
#include "simulation/world/service.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dplab {

/** Options that do not belong in a scenario file. */
struct WorldOptions
{
    bool captureChangesets = true;
    /// One database for every service, with one write lock in virtual time in front of it
    /// (instead of a database per service).
    bool sharedDatabase = false;
    /// Directory for file databases ("database": "x.db"); empty = refuse file databases.
    std::string databaseDir;
};

/**
 * Everything that exists in one simulation: the scheduler, services with their databases, the
 * network, the bus, faults and clients. Two Worlds can live side by side in one process; nothing
 * is global. Observers receive every trace event; the World never knows who they are.
 */
class World : public EventHandler
{
public:
    World(const Scenario &scenario, const WorldOptions &options = {});
    ~World() override;
    World(const World &) = delete;
    World &operator=(const World &) = delete;

    const Scenario &scenario() const { return m_scenario; }
    Scheduler &scheduler() { return m_scheduler; }
    SimTime now() const { return m_scheduler.now(); }
    NameTable &names() { return m_names; }
    const NameTable &names() const { return m_names; }

    std::size_t serviceCount() const { return m_services.size(); }
    Service &service(std::int16_t i) { return *m_services[static_cast<std::size_t>(i)]; }
    const Service &service(std::int16_t i) const
    {
        return *m_services[static_cast<std::size_t>(i)];
    }
    /// Index of a service by name, or -1.
    std::int16_t serviceIndex(const std::string &name) const;
    /// Index of the first service with this role, or -1.
    std::int16_t serviceWithRole(const std::string &role) const;
    Network &network() { return *m_network; }
    const Network &network() const { return *m_network; }
    Bus &bus() { return *m_bus; }
    const Bus &bus() const { return *m_bus; }
    FaultManager &faults() { return *m_faults; }
    const FaultManager &faults() const { return *m_faults; }
    /// The lock of the shared database in shared-database mode, else nullptr.
    DatabaseLock *sharedLock() { return m_sharedLock.get(); }
    const DatabaseLock *sharedLock() const { return m_sharedLock.get(); }
    Client &client() { return *m_client; }
    const Client &client() const { return *m_client; }
    /// Label index of an operation ("op:NAME").
    std::uint32_t operationLabel(const std::string &op) { return m_names.label("op:" + op); }

    void addObserver(SimObserver *observer);
    void removeObserver(SimObserver *observer);

    /// Records a trace event: assigns id and time, tells every observer, returns the id. (Not
    /// called emit: Qt defines that word as a macro.)
    std::uint64_t record(TraceEvent event);
    std::uint64_t lastEventId() const { return m_lastEventId; }
    /// The trace id that caused what is happening now (set while a handler runs).
    std::uint64_t cause() const { return m_cause; }
    void setCause(std::uint64_t id) { m_cause = id; }

    // The message slab: every message in flight or queued lives here.
    std::uint32_t allocMessage(Message message);
    Message &message(std::uint32_t slot) { return m_messages[slot]; }
    void freeMessage(std::uint32_t slot);
    std::uint64_t nextMessageId() { return ++m_lastMessageId; }
    std::size_t liveMessages() const { return m_messages.size() - m_freeSlots.size(); }

    /// Every committed transaction's changeset, by slot (the Commit trace event's value).
    ChangesetStore &commits() { return m_commits; }
    const ChangesetStore &commits() const { return m_commits; }
    /// The next commit's number, counted from 0 whether or not changesets are kept (with
    /// them, its slot in commits()), so the trace is the same either way.
    std::uint64_t countCommit() { return m_commitCount++; }
    bool capturesChangesets() const { return m_options.captureChangesets; }

    /// Schedules workloads, scenario faults and samples. Call once, after behaviours are set.
    void start();
    bool started() const { return m_started; }
    /// Runs until `t` (capped at the scenario's end). Returns events run.
    std::uint64_t runUntil(SimTime t);
    /// Runs at most n events, none later than `limit` (capped at the scenario's end).
    std::uint64_t runEvents(std::uint64_t n, SimTime limit = kSimTimeMax);
    bool step();
    /// Runs to the scenario's end and tells observers the run is over.
    void runToEnd();
    void finish();
    bool finished() const { return m_finished; }
    SimTime endTime() const { return m_scenario.duration; }

    /// Injects a fault now (or at spec.at if later); traced as an intervention and kept in
    /// interventions().
    std::string injectFault(FaultSpec spec);
    /// Ends an active fault now (e.g. a slider moved, "heal"); traced as an intervention and
    /// kept in interventions(). Returns false when no active fault has this id.
    bool endFault(std::uint64_t id);
    /// Every intervention made so far, in order: the scenario's "run" ones as they were
    /// replayed, then those made by hand. Saved with a run, they replay it identically.
    const std::vector<InterventionSpec> &interventions() const { return m_interventions; }

    void handleEvent(const Event &event) override;

private:
    enum EventKinds : std::uint32_t { Sample = 1 };

    /// Runs at most maxEvents events up to `limit`, stopping at each replayed intervention's
    /// step to apply it; with `moveClock`, the clock ends at `limit` (runUntil).
    std::uint64_t runBounded(std::uint64_t maxEvents, SimTime limit, bool moveClock);
    void replay(const InterventionSpec &iv);

    Scenario m_scenario;
    WorldOptions m_options;
    Scheduler m_scheduler;
    NameTable m_names;
    std::vector<std::unique_ptr<Service>> m_services;
    std::unique_ptr<Network> m_network;
    std::unique_ptr<Bus> m_bus;
    std::unique_ptr<FaultManager> m_faults;
    std::unique_ptr<Client> m_client;
    std::unique_ptr<DatabaseLock> m_sharedLock;
    std::vector<SimObserver *> m_observers;
    std::vector<Message> m_messages;
    std::vector<std::uint32_t> m_freeSlots;
    ChangesetStore m_commits;
    std::uint64_t m_commitCount = 0;
    std::uint64_t m_lastEventId = 0;
    std::uint64_t m_lastMessageId = 0;
    std::uint64_t m_cause = 0;
    std::vector<InterventionSpec> m_interventions;
    std::size_t m_nextReplay = 0; ///< next of m_scenario.run.interventions to apply
    bool m_started = false;
    bool m_finished = false;
};

} // namespace dplab
