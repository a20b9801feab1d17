#include "patterns/domain/shopservice.h"

#include "patterns/domain/shopschema.h"
#include "simulation/world/world.h"

#include <cctype>

namespace dplab {

ShopService::ShopService(std::string role)
    : m_role(std::move(role))
{}

void ShopService::setup(Service &self)
{
    ShopSchema::create(self.database(), m_role);
    const World &w = self.world();
    // With several services of one role, only the first one is seeded: the others start empty.
    if (findRole(w, m_role) == self.index())
        ShopSchema::seed(self.database(), m_role, w.scenario().domain, w.scenario().seed);
}

std::string ShopService::operationOf(const World &world, std::uint32_t label)
{
    const std::string &name = world.names().labelName(label);
    return name.rfind("op:", 0) == 0 ? name.substr(3) : name;
}

std::int16_t ShopService::findRole(const World &world, const std::string &role)
{
    return world.serviceWithRole(role);
}

void ShopService::onRequest(Service &self, const Message &request)
{
    Json payload = Json::object();
    if (!request.payload.empty()) {
        payload = Json::parse(request.payload, nullptr, false);
        if (payload.is_discarded()) {
            replyFailed(self, request, "malformed request");
            return;
        }
    }
    const std::string op = operationOf(self.world(), request.label);
    try {
        handle(self, op, request, payload);
    } catch (const DatabaseError &e) {
        if (self.database().inTransaction())
            self.database().rollback();
        replyFailed(self, request, std::string("database error: ") + e.what());
    }
}

void ShopService::callThen(Service &self, const std::string &role, const std::string &op,
                           std::int64_t key, const Json &payload, Flow flow)
{
    World &w = self.world();
    const std::int16_t target = findRole(w, role);
    if (target < 0) {
        replyFailed(self, flow.request, "no " + role + " service in this scenario");
        return;
    }
    const std::uint64_t id = m_nextFlow++;
    m_flows.emplace(id, std::move(flow));
    self.call(target, w.operationLabel(op), key, payload.dump(), id);
}

void ShopService::onCallResult(Service &self, const CallResult &result)
{
    auto it = m_flows.find(result.context);
    if (it == m_flows.end())
        return;
    Flow flow = std::move(it->second);
    m_flows.erase(it);
    Json payload = Json::object();
    if (!result.payload.empty()) {
        payload = Json::parse(result.payload, nullptr, false);
        if (payload.is_discarded())
            payload = Json::object();
    }
    try {
        flow.next(self, flow, result, payload);
    } catch (const DatabaseError &e) {
        if (self.database().inTransaction())
            self.database().rollback();
        replyFailed(self, flow.request, std::string("database error: ") + e.what());
    }
}

void ShopService::onCrash(Service &)
{
    m_flows.clear();
}

DatabaseLock::Mode ShopService::lockFor(const Service &self, const Message &message) const
{
    const std::string op = operationOf(self.world(), message.label);
    return op.rfind("get_", 0) == 0 || op.rfind("list_", 0) == 0 ? DatabaseLock::Mode::Read
                                                                 : DatabaseLock::Mode::Write;
}

std::string ShopService::onSchemaChange(Service &self, const std::string &table,
                                        const std::string &column, const std::string &renameTo)
{
    std::string why = ServiceBehavior::onSchemaChange(self, table, column, renameTo);
    if (why.empty())
        m_renames.emplace_back(column, renameTo);
    return why;
}

std::vector<ShopService::Consumer> ShopService::consumers(const World &world)
{
    std::vector<Consumer> out;
    for (std::size_t i = 0; i < world.serviceCount(); ++i) {
        const Service &svc = world.service(static_cast<std::int16_t>(i));
        const auto *shop = dynamic_cast<const ShopService *>(svc.behavior());
        if (const ConsumerLedger *ledger = shop ? shop->consumerLedger() : nullptr)
            out.push_back({&svc, ledger});
    }
    return out;
}

bool ShopService::sharedData(const Service &self)
{
    return self.world().sharedLock() != nullptr;
}

std::string ShopService::sql(const std::string &text) const
{
    std::string out = text;
    for (const auto &[from, to] : m_renames) {
        // Whole identifiers only: "name" but not "names" or "email_name".
        auto isWord = [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
        };
        std::string next;
        std::size_t i = 0;
        while (i < out.size()) {
            if (out.compare(i, from.size(), from) == 0 && (i == 0 || !isWord(out[i - 1])) &&
                (i + from.size() >= out.size() || !isWord(out[i + from.size()]))) {
                next += to;
                i += from.size();
            } else {
                next += out[i++];
            }
        }
        out = std::move(next);
    }
    return out;
}

void ShopService::replyOk(Service &self, const Message &request, const Json &payload)
{
    self.reply(request, true, payload.dump());
}

void ShopService::replyFailed(Service &self, const Message &request, const std::string &why)
{
    self.traceFailure(request, why);
    self.reply(request, false, Json{{"error", why}}.dump());
}

} // namespace dplab
