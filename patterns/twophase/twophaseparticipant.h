#pragma once

#include "patterns/twophase/lockmanager.h"
#include "patterns/twophase/twophaseresource.h"
#include "simulation/observe/histogram.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>

namespace dplab {

/** What a participant did, measured over the whole run (crashes do not reset it). */
struct TwoPhaseParticipantStats
{
    std::uint64_t prepared = 0; ///< yes votes (work promised, lock taken)
    std::uint64_t votedNo = 0;  ///< failure_rate, unable to do it, or no lock in time
    std::uint64_t committed = 0;
    std::uint64_t aborted = 0; ///< prepared work discarded
    std::uint64_t repeatedDecisions =
        0;                       ///< a decision that was already applied, acknowledged again
    std::uint64_t inquiries = 0; ///< "what was decided?" asked of the coordinator
    std::uint64_t lockWaits = 0; ///< requests that found their key locked
    LatencyHistogram lockWait;   ///< how long they waited (until the lock, or a no vote)
    LatencyHistogram blocked;    ///< from the yes vote to the decision, per transaction
};

/**
 * One participant of two-phase commit (inventory or payments). On prepare it checks it can do
 * the work, records it durably as prepared and locks the key; from then on it cannot decide
 * alone: it holds the lock, parks every other request on that key, and asks the coordinator
 * now and then, until commit (apply the work) or abort (discard it) arrives. Both decisions
 * are idempotent. After a crash the locks come back from the prepared table.
 */
class TwoPhaseParticipant : public EventHandler
{
public:
    using Json = nlohmann::json;

    TwoPhaseParticipant(SimTime timeout, TwoPhaseResource resource);

    /// Creates the prepared table in the service's database.
    void setup(Service &self);
    /// Handles prepare / commit / abort, and parks a request whose key is locked. False: the
    /// service handles the request as usual.
    bool intercept(Service &self, const std::string &op, const Message &request,
                   const Json &payload);
    void onCrash(Service &self);
    /// Rebuilds the locks of the transactions still prepared, and asks about them at once.
    void onRestart(Service &self);
    void handleEvent(const Event &event) override;

    const TwoPhaseParticipantStats &stats() const { return m_stats; }
    const LockManager &locks() const { return m_locks; }
    const TwoPhaseResource &resource() const { return m_resource; }
    /// Transactions prepared and still waiting for their decision (from the database).
    static std::int64_t inDoubt(const Service &self);
    /// Keys promised to prepared transactions, from the table (so right at any playhead).
    static std::int64_t lockedKeys(const Service &self);
    /// txid -> "prepared" / "committed" / "aborted", as this participant recorded it.
    static std::map<std::int64_t, std::string> outcomes(const Service &self);

private:
    enum Kinds : std::uint32_t { LockDeadline = 1, Inquire = 2 };
    void prepare(Service &self, const Message &request, const Json &payload);
    void decide(Service &self, bool commit, const Message &request, const Json &payload);
    /// Parks a request behind its key's lock (a hold trace event); returns the waiter's id.
    std::uint64_t park(Service &self, const Message &request);
    /// Votes no: traced, then a failed reply.
    void voteNo(Service &self, const Message &request, const std::string &why);
    /// Releases the key's lock and runs the requests parked behind it, oldest first, until one
    /// of them (a prepare) takes the lock again.
    void release(Service &self, std::int64_t key);
    void scheduleInquiry(Service &self, std::int64_t txid, SimTime delay);

    SimTime m_timeout;
    TwoPhaseResource m_resource;
    Service *m_self = nullptr;
    LockManager m_locks;
    TwoPhaseParticipantStats m_stats;
};

} // namespace dplab
