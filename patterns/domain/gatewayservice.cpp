#include "patterns/domain/gatewayservice.h"

#include "patterns/composition/compositionsettings.h"
#include "patterns/cqrs/cqrssettings.h"
#include "patterns/module/switches.h"
#include "patterns/replication/replicationsettings.h"
#include "simulation/world/world.h"

namespace dplab {

GatewayService::GatewayService()
    : ShopService("gateway")
{}

DatabaseLock::Mode GatewayService::lockFor(const Service &self, const Message &message) const
{
    const auto &composition = settingsOf<CompositionSettings>(self.world().scenario());
    if (composition && composition->cacheTtl > 0 &&
        operationOf(self.world(), message.label) == "get_order_details")
        return DatabaseLock::Mode::Write; // a cache lookup may store an answer
    return DatabaseLock::Mode::None;
}

std::string GatewayService::ownerOf(const std::string &operation)
{
    if (operation == "place_order" || operation == "get_order_details" ||
        operation == "pay_order" || operation == "cancel_order" || operation == "list_orders")
        return "orders";
    if (operation == "update_customer")
        return "customers";
    if (operation == "change_price")
        return "products";
    if (operation == "restock")
        return "inventory";
    return {};
}

std::string GatewayService::ownerOf(const std::string &operation, const Scenario &scenario)
{
    if (scenario.patterns.isOn(CqrsSettings::kKey) &&
        (operation == "get_order_details" || operation == "list_orders"))
        return "order-view";
    return ownerOf(operation);
}

void GatewayService::setup(Service &self)
{
    ShopService::setup(self);
    const Scenario &scenario = self.world().scenario();
    if (const CompositionSettings *composition = settingsOf<CompositionSettings>(scenario))
        m_composer = std::make_unique<ApiComposer>(
            *composition, scenario.patterns.isOn(ReplicationSettings::kKey),
            [this](Service &s, const Message &request, const std::string &why) {
                replyFailed(s, request, why);
            });
}

void GatewayService::onCallResult(Service &self, const CallResult &result)
{
    if (m_composer && ApiComposer::owns(result.context))
        return m_composer->onCallResult(self, result);
    ShopService::onCallResult(self, result);
}

void GatewayService::onCrash(Service &self)
{
    ShopService::onCrash(self);
    if (m_composer)
        m_composer->onCrash();
}

void GatewayService::handle(Service &self, const std::string &op, const Message &request,
                            const Json &payload)
{
    const Scenario &scenario = self.world().scenario();
    // With CQRS the read side answers order pages on its own: nothing left to compose.
    if (op == "get_order_details" && m_composer && !scenario.patterns.isOn(CqrsSettings::kKey))
        return m_composer->handle(self, request);
    const std::string owner = ownerOf(op, scenario);
    if (owner.empty())
        return replyFailed(self, request, "the gateway has no route for \"" + op + "\"");
    Flow flow;
    flow.request = request;
    flow.next = [this](Service &s, Flow &f, const CallResult &r, const Json &reply) {
        if (r.ok)
            return replyOk(s, f.request, reply);
        replyFailed(s, f.request,
                    r.timedOut ? "no answer in time" : reply.value("error", std::string("failed")));
    };
    callThen(self, owner, op, request.key, payload, std::move(flow));
}

} // namespace dplab
