#pragma once

#include "patterns/domain/orderevents.h"
#include "simulation/kernel/rng.h"
#include "simulation/world/service.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

namespace dplab {

/** Why a transaction was aborted. */
enum class TwoPhaseAbort { VoteNo, Timeout, CoordinatorRecovery, OrderNotWritten, Count_ };
const char *twoPhaseAbortName(TwoPhaseAbort reason);

/** What the coordinator decided, measured over the whole run (crashes do not reset it). */
struct TwoPhaseCoordinatorStats
{
    std::uint64_t transactions = 0; ///< begun (logged as preparing)
    std::uint64_t committed = 0;
    std::array<std::uint64_t, static_cast<std::size_t>(TwoPhaseAbort::Count_)> aborted{};
    std::uint64_t decisionsResent = 0; ///< after recovery or when a participant asked
    std::uint64_t decisionRetries = 0; ///< sent again after a decision got no acknowledgement
    std::uint64_t crashesAfterPrepare = 0;
    std::uint64_t abortedTotal() const
    {
        std::uint64_t n = 0;
        for (auto a : aborted)
            n += a;
        return n;
    }
};

/**
 * The two-phase commit coordinator inside orders. For each order it logs the transaction,
 * asks inventory (reserve the stock) and payments (charge the customer) to prepare, logs the
 * decision (commit only if both voted yes in time) together with the order row, sends it,
 * and answers the client once both acknowledged. After a crash it resends logged decisions
 * and aborts every transaction that had none (presumed abort).
 */
class TwoPhaseCoordinator
{
public:
    using Json = nlohmann::json;
    using Sql = std::function<std::string(const std::string &)>;
    /// Commits the open transaction holding the new order row (with its event when orders
    /// publishes events). False: stop (crashed, or rolled back and the client answered).
    using CommitOrder = std::function<bool(Service &, const Message &request,
                                           const std::string &what, const OrderRow &row)>;

    static constexpr std::uint64_t kContextBit = std::uint64_t{1} << 62;
    static bool owns(std::uint64_t context) { return (context & kContextBit) != 0; }

    TwoPhaseCoordinator(SimTime timeout, Sql sql, CommitOrder commitOrder);

    void setup(Service &self);
    /// Runs one order as a distributed transaction (the price is known already).
    void begin(Service &self, const Message &request, std::int64_t product, std::int64_t qty,
               std::int64_t price);
    void onCallResult(Service &self, const CallResult &result);
    /// A participant asks what was decided; true when the op was this one.
    bool intercept(Service &self, const std::string &op, const Message &request,
                   const Json &payload);
    void onCrash();
    /// Presumed abort: resend the logged decisions, abort the transactions without one.
    void recover(Service &self);

    const TwoPhaseCoordinatorStats &stats() const { return m_stats; }
    /// Transactions begun and not yet acknowledged by both participants (from the log).
    static std::int64_t unfinished(const Service &self);
    /// txid -> logged decision ("commit", "abort", or "" while preparing).
    static std::map<std::int64_t, std::string> decisions(const Service &self);

private:
    static constexpr int kParticipants = 2; // 0 inventory, 1 payments
    enum Phase : std::uint64_t { Prepare = 0, Decision = 1 };
    struct Tx
    {
        std::int64_t txid = 0;
        Message request;
        bool answered = false; ///< the client has its reply (or there is no client any more)
        std::int64_t customer = 0, product = 0, qty = 0, total = 0, order = 0;
        int votesMissing = kParticipants;
        bool decided = false;
        bool commit = false;
        std::string why; ///< the abort's reason, for the client
        std::array<bool, kParticipants> acked{};
    };

    static std::uint64_t context(std::int64_t txid, Phase phase, int participant);
    std::int64_t keyOf(const Tx &tx, int participant) const;
    void send(Service &self, const Tx &tx, int participant, const std::string &op);
    void sendDecision(Service &self, const Tx &tx, int participant);
    /// Logs the decision (with the order row when it is commit), then sends it.
    void decide(Service &self, std::int64_t txid, bool commit, TwoPhaseAbort reason,
                const std::string &why);
    void finish(Service &self, Tx &tx);
    void answer(Service &self, Tx &tx);

    SimTime m_timeout;
    Sql m_sql;
    CommitOrder m_commitOrder;
    Rng m_crashRng;
    std::map<std::int64_t, Tx> m_txs; // in memory: lost in a crash
    TwoPhaseCoordinatorStats m_stats;
};

} // namespace dplab
