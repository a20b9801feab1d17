#include "gatewayservice.h"

namespace dplab {

GatewayService::GatewayService()
    : ShopService("gateway")
{
}

std::string GatewayService::ownerOf(const std::string &operation)
{
    if (operation == "place_order" || operation == "get_order_details")
        return "orders";
    if (operation == "update_customer")
        return "customers";
    if (operation == "change_price")
        return "products";
    if (operation == "restock")
        return "inventory";
    return {};
}

void GatewayService::handle(Service &self, const std::string &op, const Message &request,
                            const Json &payload)
{
    const std::string owner = ownerOf(op);
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
