#pragma once

#include "simulation/kernel/scheduler.h"
#include "simulation/scenario/scenario.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dplab {

class World;

/** A fault in force now, resolved to endpoint and topic indices. */
struct ActiveFault
{
    std::uint64_t id = 0;
    FaultSpec spec;
    SimTime startedAt = 0;
    SimTime endsAt = kSimTimeMax;
    std::int16_t service = -1;       ///< crash, crash-after-commit/-publish/-prepare, rebuild...
    std::int16_t from = -1, to = -1; ///< link target "a->b"
    bool busWide = false;            ///< target "bus"
    std::uint32_t topic = 0;         ///< target "topic:NAME"
    std::vector<int> groupOf; ///< partition: group per endpoint index (+1 for bus), -1 = none
    std::string description;
};

/**
 * Schedules faults (from the scenario or injected live), starts and ends them as trace events,
 * and answers the network's and bus's questions about what is in force right now.
 */
class FaultManager : public EventHandler
{
public:
    explicit FaultManager(World &world);

    /// Schedules a fault at max(now, spec.at); once the run has started, a fault due now starts
    /// at once. Returns an error text if a name does not resolve.
    std::string schedule(const FaultSpec &spec);
    const std::vector<ActiveFault> &active() const { return m_active; }
    /// Ends a fault in force now (traced as its end, as if its duration were over). Returns
    /// false when no active fault has this id.
    bool endFault(std::uint64_t id);
    bool isActive(std::uint64_t id) const;
    /// Every fault scheduled so far (started or not), in order.
    const std::vector<ActiveFault> &all() const { return m_all; }

    /// False when no fault is in force: the network and bus skip every lookup then.
    bool anyActive() const { return !m_active.empty(); }
    bool partitioned(std::int16_t a, std::int16_t b) const;
    const Distribution *latencyOverride(std::int16_t from, std::int16_t to) const;
    const Distribution *busLatencyOverride(std::uint32_t topic) const;
    std::optional<double> dropOverride(std::int16_t from, std::int16_t to) const;
    std::optional<double> busOverride(FaultSpec::Kind kind, std::uint32_t topic) const;
    /// Probability of a crash right after a commit, and the downtime that follows.
    double crashAfterCommit(std::int16_t service, SimTime *restartAfter) const;
    /// The same for a crash right after a publish (before whatever the service does next).
    double crashAfterPublish(std::int16_t service, SimTime *restartAfter) const;
    /// The same for a coordinator that has every participant's vote and has not yet logged its
    /// decision (the pattern module that coordinates asks).
    double crashAfterPrepare(std::int16_t service, SimTime *restartAfter) const;

    void handleEvent(const Event &event) override;

private:
    enum EventKinds : std::uint32_t { Start = 1, End = 2 };
    void start(std::size_t index);
    void end(std::uint64_t id);
    std::string resolve(ActiveFault &f);
    /// A service could not carry out the fault (its behaviour said why): a Failure event.
    void traceRefusal(std::int16_t service, std::uint64_t cause, const std::string &why);
    double crashChance(FaultSpec::Kind kind, std::int16_t service, SimTime *restartAfter) const;

    World &m_world;
    std::vector<ActiveFault> m_all;
    std::vector<ActiveFault> m_active;
    std::uint64_t m_nextId = 1;
};

} // namespace dplab
