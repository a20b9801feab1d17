#pragma once

#include "patterns/saga/sagaledger.h"
#include "simulation/world/service.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace dplab {

/**
 * The orders side of the order saga (patterns.saga): place_order writes the order 'pending',
 * starts the saga and answers "accepted" at once; the saga's outcome later sets the order
 * 'confirmed' or 'rejected'. SagaOrchestrator and SagaChoreography are the two ways to run it.
 */
class SagaOrders
{
public:
    virtual ~SagaOrders() = default;
    /// The style the scenario asks for, or nullptr when patterns.saga is off.
    static std::unique_ptr<SagaOrders> create(Service &self);

    virtual void setup(Service &self) = 0;
    /// place_order, once products gave the price.
    virtual void begin(Service &self, const Message &request, std::int64_t product,
                       std::int64_t qty, std::int64_t price) = 0;
    /// True when `event` was saga traffic (handled here).
    virtual bool onEvent(Service &self, const Message &event) = 0;
    virtual void onCrash(Service & /*self*/) {}
    virtual void onRestart(Service & /*self*/) {}
    virtual bool orchestrated() const = 0;
    /// Commands the orchestrator sent, or events orders published.
    virtual std::uint64_t messages() const = 0;
    /// Saga events lost by a dual write (choreography without the outbox).
    virtual std::uint64_t eventsLost() const { return 0; }
    const SagaLedger &ledger() const { return m_ledger; }

protected:
    /// Inside the open transaction: the order row, 'pending' until the saga ends.
    static std::int64_t insertPendingOrder(Service &self, std::int64_t customer,
                                           std::int64_t product, std::int64_t qty,
                                           std::int64_t total);
    /// Inside the open transaction: 'pending' -> 'confirmed' or 'rejected'. False if it was
    /// not pending (already decided).
    static bool decideOrder(Service &self, std::int64_t order, bool completed);
    /// A readable line in the timeline about saga `saga` (a failure, a timeout, a resume).
    static void trace(Service &self, std::int64_t saga, const std::string &text);
    /// Runs `work`; a database error (a schema change, say) rolls back and is traced instead
    /// of ending the run.
    static void guarded(Service &self, const std::function<void()> &work);

    SagaLedger m_ledger;
};

} // namespace dplab
