#include "patterns/sourcepeek.h"

#include "patterns/domain/shopservice.h"
#include "simulation/world/world.h"

namespace dplab {

std::optional<std::int64_t> SourcePeek::version(const World &world, const std::string &role,
                                                const std::string &table, std::int64_t id)
{
    const std::int16_t owner = ShopService::findRole(world, role);
    if (owner < 0)
        return std::nullopt;
    // query() is non-const only because it caches the prepared statement; a SELECT changes
    // nothing the simulation can observe.
    auto &db = const_cast<World &>(world).service(owner).database();
    const auto r = db.query("SELECT version FROM " + table + " WHERE id = ?1", {id});
    if (r.rows.empty() || !std::holds_alternative<std::int64_t>(r.rows[0][0]))
        return std::nullopt;
    return std::get<std::int64_t>(r.rows[0][0]);
}

} // namespace dplab
