#include "patterns/twophase/twophaseresource.h"

#include "simulation/world/world.h"

namespace dplab {

TwoPhaseResource TwoPhaseResource::inventory(Sql sql)
{
    TwoPhaseResource r;
    r.role = "inventory";
    r.keyName = "product";
    r.refuse = [sql](Service &self, std::int64_t key, std::int64_t amount) -> std::string {
        const auto q = self.database().query(
            sql("SELECT available FROM inventory WHERE product_id = ?1"), {key});
        if (q.rows.empty())
            return "no product " + std::to_string(key);
        return std::get<std::int64_t>(q.rows[0][0]) >= amount ? std::string() : "out of stock";
    };
    r.apply = [sql](Service &self, std::int64_t key, std::int64_t amount, std::int64_t) {
        self.database()
            .prepare(
                sql("UPDATE inventory SET available = available - ?2, reserved = reserved + ?2,"
                    " version = version + 1 WHERE product_id = ?1"))
            .bind(1, key)
            .bind(2, amount)
            .run();
    };
    return r;
}

TwoPhaseResource TwoPhaseResource::payments(Sql sql)
{
    TwoPhaseResource r;
    r.role = "payments";
    r.keyName = "customer";
    r.refuse = [sql](Service &self, std::int64_t key, std::int64_t amount) -> std::string {
        const auto q = self.database().query(
            sql("SELECT balance FROM accounts WHERE customer_id = ?1"), {key});
        if (q.rows.empty())
            return "no account for customer " + std::to_string(key);
        return std::get<std::int64_t>(q.rows[0][0]) >= amount ? std::string()
                                                              : "insufficient funds";
    };
    r.apply = [sql](Service &self, std::int64_t key, std::int64_t amount, std::int64_t order) {
        Database &db = self.database();
        db.prepare(sql("UPDATE accounts SET balance = balance - ?2, version = version + 1"
                       " WHERE customer_id = ?1"))
            .bind(1, key)
            .bind(2, amount)
            .run();
        db.prepare(sql("INSERT INTO payments (order_id, customer_id, amount, status, version)"
                       " VALUES (?1, ?2, ?3, 'charged', 1)"))
            .bind(1, order)
            .bind(2, key)
            .bind(3, amount)
            .run();
    };
    return r;
}

} // namespace dplab
