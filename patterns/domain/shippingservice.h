#pragma once

#include "patterns/domain/shopservice.h"
#include "patterns/saga/sagaparticipant.h"

#include <memory>

namespace dplab {

/** The shipping role: owns shipments; creates and cancels them. */
class ShippingService : public ShopService
{
public:
    ShippingService();

    void setup(Service &self) override;
    void onEvent(Service &self, const Message &event) override;
    /// Its part in the order saga (patterns.saga), or nullptr.
    const SagaParticipant *saga() const { return m_saga.get(); }

protected:
    void handle(Service &self, const std::string &op, const Message &request,
                const Json &payload) override;

private:
    std::unique_ptr<SagaParticipant> m_saga;
};

} // namespace dplab
