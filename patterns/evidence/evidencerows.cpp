#include "patterns/evidence/evidencerows.h"

#include "simulation/world/world.h"

namespace dplab {

EvidenceRow EvidenceRows::read(const World &world, std::int16_t service, const std::string &table,
                               const std::string &column, const SqlValue &key, std::string says)
{
    EvidenceRow row;
    row.table = table;
    if (const auto *n = std::get_if<std::int64_t>(&key))
        row.key = std::to_string(*n);
    else if (const auto *t = std::get_if<std::string>(&key))
        row.key = *t;
    row.says = std::move(says);
    row.values = nullptr;
    if (service < 0 || static_cast<std::size_t>(service) >= world.serviceCount())
        return row;
    const Service &svc = world.service(service);
    row.service = svc.name();
    try {
        // Table and column names come from the pattern code, never from a scenario file.
        const QueryResult r = svc.database().query(
            "SELECT * FROM " + table + " WHERE " + column + " = ?1 LIMIT 1", {key});
        if (r.rows.empty())
            return row;
        row.values = nlohmann::ordered_json::object();
        for (std::size_t i = 0; i < r.columns.size() && i < r.rows[0].size(); ++i) {
            const SqlValue &v = r.rows[0][i];
            if (const auto *n = std::get_if<std::int64_t>(&v))
                row.values[r.columns[i]] = *n;
            else if (const auto *d = std::get_if<double>(&v))
                row.values[r.columns[i]] = *d;
            else if (const auto *s = std::get_if<std::string>(&v))
                row.values[r.columns[i]] = *s;
            else
                row.values[r.columns[i]] = nullptr;
        }
    } catch (const DatabaseError &) {
        row.values = nullptr; // a table renamed by a schema-change fault
    }
    return row;
}

} // namespace dplab
