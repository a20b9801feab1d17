#pragma once

#include "patterns/consumers/inbox.h"
#include "patterns/domain/shopservice.h"
#include "patterns/saga/sagaparticipant.h"
#include "patterns/twophase/twophaseparticipant.h"

#include <memory>

namespace dplab {

/**
 * The inventory role: owns stock per product; reserves, releases and restocks. When orders
 * publishes events it also consumes OrderCancelled and gives the order's stock back, through
 * the inbox when consumers are idempotent (a copy of the event would release it twice).
 */
class InventoryService : public ShopService
{
public:
    InventoryService();

    void setup(Service &self) override;
    void onEvent(Service &self, const Message &event) override;
    /// Its part in the order saga (patterns.saga), or nullptr.
    const SagaParticipant *saga() const { return m_saga.get(); }
    void onCrash(Service &self) override;
    void onRestart(Service &self) override;
    /// The two-phase commit participant, or nullptr when patterns.two_phase_commit is off.
    const TwoPhaseParticipant *twoPhase() const { return m_twoPhase.get(); }
    const ConsumerLedger *consumerLedger() const override { return m_topic ? &m_ledger : nullptr; }

protected:
    void handle(Service &self, const std::string &op, const Message &request,
                const Json &payload) override;

private:
    std::uint32_t m_topic = 0;
    ConsumerLedger m_ledger;
    std::unique_ptr<SagaParticipant> m_saga;
    std::unique_ptr<TwoPhaseParticipant> m_twoPhase;
};

} // namespace dplab
