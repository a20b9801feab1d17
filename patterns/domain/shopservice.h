#pragma once

#include "simulation/world/service.h"
#include "simulation/world/world.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace dplab {

class ConsumerLedger;

/**
 * Common ground of the shop roles: creates and seeds the role's tables, dispatches requests by
 * operation name, and runs multi-step flows (call another service, then continue) whose state
 * is lost in a crash, as a real service's memory would be.
 */
class ShopService : public ServiceBehavior
{
public:
    using Json = nlohmann::json;

    explicit ShopService(std::string role);

    void setup(Service &self) override;
    void onRequest(Service &self, const Message &request) override;
    void onCallResult(Service &self, const CallResult &result) override;
    void onCrash(Service &self) override;
    /// Reads share the shared database's lock; everything else writes.
    DatabaseLock::Mode lockFor(const Service &self, const Message &message) const override;
    /// Renames the column and remembers it: this service's own SQL follows the new name (its
    /// code was migrated with its schema); other services' SQL does not.
    std::string onSchemaChange(Service &self, const std::string &table, const std::string &column,
                               const std::string &renameTo) override;

    /// The consumer's record of applied events (roles that consume events), or nullptr.
    virtual const ConsumerLedger *consumerLedger() const { return nullptr; }
    /** A service that consumes events, with its ledger. */
    struct Consumer
    {
        const Service *service = nullptr;
        const ConsumerLedger *ledger = nullptr;
    };
    /// Every consuming service of the world, in service order.
    static std::vector<Consumer> consumers(const World &world);

    /// Name of an operation label ("op:place_order" -> "place_order").
    static std::string operationOf(const World &world, std::uint32_t label);
    /// The first service with this role, or -1.
    static std::int16_t findRole(const World &world, const std::string &role);
    /// The behaviour of the first service with this role, if it is a T (else nullptr).
    template <typename T> static T *behaviorOf(World &world, const std::string &role)
    {
        const std::int16_t i = findRole(world, role);
        return i < 0 ? nullptr : dynamic_cast<T *>(world.service(i).behavior());
    }
    template <typename T> static const T *behaviorOf(const World &world, const std::string &role)
    {
        const std::int16_t i = findRole(world, role);
        return i < 0 ? nullptr : dynamic_cast<const T *>(world.service(i).behavior());
    }

protected:
    /** A request in progress, waiting for the outcome of a call. */
    struct Flow
    {
        Message request;
        Json data;
        std::function<void(Service &, Flow &, const CallResult &, const Json &)> next;
    };

    virtual void handle(Service &self, const std::string &op, const Message &request,
                        const Json &payload) = 0;
    /// Calls `op` on the first service of `role`; `then` runs with the reply's payload.
    void callThen(Service &self, const std::string &role, const std::string &op, std::int64_t key,
                  const Json &payload, Flow flow);
    void replyOk(Service &self, const Message &request, const Json &payload = Json::object());
    /// A business failure: traced, then a failed reply carrying the reason.
    void replyFailed(Service &self, const Message &request, const std::string &why);
    const std::string &role() const { return m_role; }
    /// This service's SQL with its own schema changes applied (column renames).
    std::string sql(const std::string &text) const;
    /// True in shared-database mode (every table in one database).
    static bool sharedData(const Service &self);

private:
    std::string m_role;
    std::uint64_t m_nextFlow = 1;
    std::unordered_map<std::uint64_t, Flow> m_flows;
    std::vector<std::pair<std::string, std::string>> m_renames; // old column -> new column
};

} // namespace dplab
