#include "patterns/domain/productsservice.h"

namespace dplab {

ProductsService::ProductsService()
    : ShopService("products")
{}

void ProductsService::handle(Service &self, const std::string &op, const Message &request,
                             const Json &)
{
    Database &db = self.database();
    if (op == "get_product") {
        auto r = db.query(sql("SELECT id, name, price, version FROM products WHERE id = ?1"),
                          {request.key});
        if (r.rows.empty())
            return replyFailed(self, request, "no product " + std::to_string(request.key));
        const auto &row = r.rows[0];
        return replyOk(self, request,
                       Json{{"id", std::get<std::int64_t>(row[0])},
                            {"name", std::get<std::string>(row[1])},
                            {"price", std::get<std::int64_t>(row[2])},
                            {"version", std::get<std::int64_t>(row[3])}});
    }
    if (op == "change_price") {
        if (self.rollFailure())
            return replyFailed(self, request, "price change rejected");
        // Prices move by +5% then back, deterministically by version parity.
        db.begin();
        const int changed = db.prepare(sql("UPDATE products SET price = CASE version % 2 WHEN 1"
                                           " THEN price * 105 / 100 ELSE price * 100 / 105 END,"
                                           " version = version + 1 WHERE id = ?1"))
                                .bind(1, request.key)
                                .run();
        if (changed == 0) {
            db.rollback();
            return replyFailed(self, request, "no product " + std::to_string(request.key));
        }
        if (!self.commit("change price"))
            return;
        return replyOk(self, request, Json{{"id", request.key}});
    }
    replyFailed(self, request, "products cannot do \"" + op + "\"");
}

} // namespace dplab
