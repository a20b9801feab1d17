#pragma once

#include "simulation/kernel/simtime.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace dplab {

class World;

/** One saga as the databases tell it: its outcome so far and what each participant recorded. */
struct SagaRecord
{
    std::int64_t saga = 0;
    std::int64_t order = 0;
    /// "running", "compensating", "completed" or "compensated" (choreography: from the order,
    /// so "running" covers compensating too).
    std::string status;
    /// The step it is at: "reserve", "charge", "create_shipment" or a compensation.
    std::string step;
    int attempts = 0;
    SimTime startedAt = -1;  ///< -1 when not recorded (choreography keeps no saga table)
    std::string reservation; ///< status in the participant's table, "" when it has no row
    std::string payment;
    std::string shipment;
};

/**
 * Reads the sagas of a run from the services' tables (the orchestrator's `sagas`, or the
 * orders and participant tables of a choreography): for the checks, and for the GUI, which
 * shows the sagas in flight with their current step.
 */
class SagaView
{
public:
    /// Every saga of the run, by saga id. Empty when patterns.saga is off.
    static std::vector<SagaRecord> all(const World &world);
    /// The sagas not finished yet (running or compensating), by saga id.
    static std::vector<SagaRecord> inFlight(const World &world);
    /// How many sagas have finished so far, read from the tables, so it is right at any
    /// playhead (the ledger in memory only knows the present).
    struct Finished
    {
        int completed = 0;
        int compensated = 0;
    };
    static Finished finished(const World &world);
    /// Participant table status per saga id, for `role` ("inventory", "payments", "shipping").
    static std::map<std::int64_t, std::string> participantStatus(const World &world,
                                                                 const std::string &role);
};

} // namespace dplab
