#include "patterns/domain/customersservice.h"

#include "patterns/replication/replicationsettings.h"
#include "simulation/world/world.h"

namespace dplab {

CustomersService::CustomersService()
    : ShopService("customers")
{}

void CustomersService::handle(Service &self, const std::string &op, const Message &request,
                              const Json &)
{
    Database &db = self.database();
    if (op == "get_customer") {
        auto r = db.query(sql("SELECT id, name, tier, version FROM customers WHERE id = ?1"),
                          {request.key});
        if (r.rows.empty())
            return replyFailed(self, request, "no customer " + std::to_string(request.key));
        const auto &row = r.rows[0];
        return replyOk(self, request,
                       Json{{"id", std::get<std::int64_t>(row[0])},
                            {"name", std::get<std::string>(row[1])},
                            {"tier", std::get<std::string>(row[2])},
                            {"version", std::get<std::int64_t>(row[3])}});
    }
    if (op == "update_customer") {
        if (self.rollFailure())
            return replyFailed(self, request, "customer update rejected");
        // The tier moves one step up (gold wraps to bronze): a visible, checkable change.
        db.begin();
        const int changed =
            db.prepare(sql("UPDATE customers SET tier = CASE tier WHEN 'bronze' THEN 'silver'"
                           " WHEN 'silver' THEN 'gold' ELSE 'bronze' END,"
                           " version = version + 1 WHERE id = ?1"))
                .bind(1, request.key)
                .run();
        if (changed == 0) {
            db.rollback();
            return replyFailed(self, request, "no customer " + std::to_string(request.key));
        }
        auto r =
            db.query(sql("SELECT name, tier, version FROM customers WHERE id = ?1"), {request.key});
        if (!self.commit("update customer"))
            return; // crashed right after the commit
        const Json customer{{"id", request.key},
                            {"name", std::get<std::string>(r.rows[0][0])},
                            {"tier", std::get<std::string>(r.rows[0][1])},
                            {"version", std::get<std::int64_t>(r.rows[0][2])}};
        if (self.world().scenario().patterns.isOn(ReplicationSettings::kKey))
            self.publish(self.world().bus().topic("customer-events"), request.key,
                         Json{{"type", "CustomerUpdated"},
                              {"customer", customer},
                              {"committed_us", self.world().now()}}
                             .dump());
        return replyOk(self, request, customer);
    }
    replyFailed(self, request, "customers cannot do \"" + op + "\"");
}

} // namespace dplab
