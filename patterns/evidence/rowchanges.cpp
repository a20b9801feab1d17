#include "patterns/evidence/rowchanges.h"

#include "simulation/world/sqlitesession.h"

namespace dplab {

namespace {

std::optional<SqlValue> evidenceValueOf(sqlite3_value *v)
{
    if (!v)
        return std::nullopt; // not recorded
    switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER:
        return SqlValue(static_cast<std::int64_t>(sqlite3_value_int64(v)));
    case SQLITE_FLOAT:
        return SqlValue(sqlite3_value_double(v));
    case SQLITE_TEXT:
    case SQLITE_BLOB:
        return SqlValue(std::string(reinterpret_cast<const char *>(sqlite3_value_text(v)),
                                    static_cast<std::size_t>(sqlite3_value_bytes(v))));
    default:
        return SqlValue(std::monostate{});
    }
}

/// Iterates a changeset: calls visit(iterator) for each change; false when it is unreadable.
template <typename Visit> bool forEachEvidenceChange(std::span<const unsigned char> cs, Visit visit)
{
    if (cs.empty())
        return true;
    sqlite3_changeset_iter *it = nullptr;
    if (sqlite3changeset_start(&it, static_cast<int>(cs.size()),
                               const_cast<unsigned char *>(cs.data())) != SQLITE_OK)
        return false;
    bool go = true;
    while (go && sqlite3changeset_next(it) == SQLITE_ROW)
        go = visit(it);
    return sqlite3changeset_finalize(it) == SQLITE_OK;
}

} // namespace

std::vector<RowChange> readRowChanges(std::span<const unsigned char> changeset)
{
    std::vector<RowChange> out;
    const bool readable = forEachEvidenceChange(changeset, [&](sqlite3_changeset_iter *it) {
        const char *table = nullptr;
        int columns = 0, op = 0, indirect = 0;
        sqlite3changeset_op(it, &table, &columns, &op, &indirect);
        RowChange c;
        c.table = table ? table : "";
        c.op = op == SQLITE_INSERT   ? RowChange::Op::Insert
               : op == SQLITE_DELETE ? RowChange::Op::Delete
                                     : RowChange::Op::Update;
        unsigned char *pk = nullptr;
        int pkColumns = 0;
        sqlite3changeset_pk(it, &pk, &pkColumns);
        for (int i = 0; i < pkColumns; ++i)
            if (pk[i]) {
                c.keyColumn = i;
                break;
            }
        c.before.resize(static_cast<std::size_t>(columns));
        c.after.resize(static_cast<std::size_t>(columns));
        for (int i = 0; i < columns; ++i) {
            sqlite3_value *v = nullptr;
            if (op != SQLITE_INSERT && sqlite3changeset_old(it, i, &v) == SQLITE_OK)
                c.before[static_cast<std::size_t>(i)] = evidenceValueOf(v);
            v = nullptr;
            if (op != SQLITE_DELETE && sqlite3changeset_new(it, i, &v) == SQLITE_OK)
                c.after[static_cast<std::size_t>(i)] = evidenceValueOf(v);
        }
        const auto k = static_cast<std::size_t>(c.keyColumn);
        if (k < c.before.size())
            c.key = c.op == RowChange::Op::Insert ? c.after[k].value_or(SqlValue())
                                                  : c.before[k].value_or(SqlValue());
        out.push_back(std::move(c));
        return true;
    });
    if (!readable)
        out.clear();
    return out;
}

bool changesetTouches(std::span<const unsigned char> changeset, const std::string &table)
{
    bool found = false;
    forEachEvidenceChange(changeset, [&](sqlite3_changeset_iter *it) {
        const char *name = nullptr;
        int columns = 0, op = 0, indirect = 0;
        sqlite3changeset_op(it, &name, &columns, &op, &indirect);
        found = name && table == name;
        return !found;
    });
    return found;
}

} // namespace dplab
