#pragma once

#include "patterns/composition/apicomposer.h"
#include "patterns/domain/shopservice.h"

#include <memory>

namespace dplab {

/**
 * The gateway role: the clients' single entry point. It forwards each operation to the
 * service that owns the data (place_order to orders, update_customer to customers...) and
 * relays the answer. Patterns such as API composition change what it does for reads.
 */
class GatewayService : public ShopService
{
public:
    GatewayService();

    /// The role that owns an operation ("place_order" -> "orders"), or "".
    static std::string ownerOf(const std::string &operation);
    /// The same with the scenario's patterns: with CQRS the reads go to the read side.
    static std::string ownerOf(const std::string &operation, const Scenario &scenario);
    /// The gateway routes without touching a table, except to use the composer's cache.
    DatabaseLock::Mode lockFor(const Service &self, const Message &message) const override;

    void setup(Service &self) override;
    void onCallResult(Service &self, const CallResult &result) override;
    void onCrash(Service &self) override;
    /// The API composer (patterns.composition), or nullptr when the pattern is off.
    const ApiComposer *composer() const { return m_composer.get(); }

protected:
    void handle(Service &self, const std::string &op, const Message &request,
                const Json &payload) override;

private:
    std::unique_ptr<ApiComposer> m_composer;
};

} // namespace dplab
