#pragma once

#include "patterns/domain/shopservice.h"
#include "patterns/saga/sagaparticipant.h"
#include "patterns/twophase/twophaseparticipant.h"

#include <memory>

namespace dplab {

/** The payments role: owns customer accounts and payments; charges and refunds. */
class PaymentsService : public ShopService
{
public:
    PaymentsService();

    void setup(Service &self) override;
    void onEvent(Service &self, const Message &event) override;
    /// Its part in the order saga (patterns.saga), or nullptr.
    const SagaParticipant *saga() const { return m_saga.get(); }
    void onCrash(Service &self) override;
    void onRestart(Service &self) override;
    /// The two-phase commit participant, or nullptr when patterns.two_phase_commit is off.
    const TwoPhaseParticipant *twoPhase() const { return m_twoPhase.get(); }

protected:
    void handle(Service &self, const std::string &op, const Message &request,
                const Json &payload) override;

private:
    std::unique_ptr<SagaParticipant> m_saga;
    std::unique_ptr<TwoPhaseParticipant> m_twoPhase;
};

} // namespace dplab
