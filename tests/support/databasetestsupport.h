#pragma once

// Helpers shared by the database and change-recorder tests: typed dumps of tables and of
// changesets, and a raw SQLite connection with a real session for cross-checks.

#include "simulation/kernel/rng.h"
#include "simulation/world/changerecorder.h"
#include "simulation/world/database.h"

#include "simulation/world/sqlitesession.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <algorithm>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace dplab::test {

inline std::string typed(const SqlValue &v)
{
    if (std::holds_alternative<std::monostate>(v))
        return "null";
    if (const auto *i = std::get_if<std::int64_t>(&v))
        return "i:" + std::to_string(*i);
    if (const auto *d = std::get_if<double>(&v)) {
        char buf[40];
        std::snprintf(buf, sizeof buf, "r:%.17g", *d);
        return buf;
    }
    return "t:" + std::get<std::string>(v);
}

/// Every table with every row, typed and sorted: equal dumps mean equal contents.
inline std::vector<std::string> dump(Database &db)
{
    std::vector<std::string> lines;
    for (const auto &table : db.tables()) {
        const QueryResult r = db.query("SELECT * FROM \"" + table + "\"");
        std::vector<std::string> rows;
        for (const auto &row : r.rows) {
            std::string line = table + ":";
            for (const auto &v : row)
                line += " " + typed(v);
            rows.push_back(line);
        }
        std::sort(rows.begin(), rows.end());
        lines.push_back("table " + table + " (" + std::to_string(r.columns.size()) + " columns)");
        lines.insert(lines.end(), rows.begin(), rows.end());
    }
    return lines;
}

inline std::string valueText(sqlite3_value *v)
{
    if (!v)
        return "undefined";
    switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER:
        return "i:" + std::to_string(sqlite3_value_int64(v));
    case SQLITE_FLOAT: {
        char buf[40];
        std::snprintf(buf, sizeof buf, "r:%.17g", sqlite3_value_double(v));
        return buf;
    }
    case SQLITE_TEXT:
        return "t:" + std::string(reinterpret_cast<const char *>(sqlite3_value_text(v)),
                                  static_cast<std::size_t>(sqlite3_value_bytes(v)));
    case SQLITE_BLOB:
        return "b:" + std::string(static_cast<const char *>(sqlite3_value_blob(v)),
                                  static_cast<std::size_t>(sqlite3_value_bytes(v)));
    default:
        return "null";
    }
}

/// A changeset as sorted text lines "table op indirect | old... | new...".
inline std::vector<std::string> describe(const Changeset &cs)
{
    std::vector<std::string> out;
    if (cs.empty())
        return out;
    sqlite3_changeset_iter *it = nullptr;
    if (sqlite3changeset_start(&it, static_cast<int>(cs.size()),
                               const_cast<unsigned char *>(cs.data())) != SQLITE_OK)
        return {"<unreadable changeset>"};
    while (sqlite3changeset_next(it) == SQLITE_ROW) {
        const char *table = nullptr;
        int columns = 0, op = 0, indirect = 0;
        sqlite3changeset_op(it, &table, &columns, &op, &indirect);
        std::string line = std::string(table) + (op == SQLITE_INSERT   ? " INSERT"
                                                 : op == SQLITE_DELETE ? " DELETE"
                                                                       : " UPDATE");
        line += indirect ? " indirect |" : " direct |";
        for (int c = 0; c < columns && op != SQLITE_INSERT; ++c) {
            sqlite3_value *v = nullptr;
            sqlite3changeset_old(it, c, &v);
            line += " " + valueText(v);
        }
        line += " |";
        for (int c = 0; c < columns && op != SQLITE_DELETE; ++c) {
            sqlite3_value *v = nullptr;
            sqlite3changeset_new(it, c, &v);
            line += " " + valueText(v);
        }
        out.push_back(line);
    }
    const int rc = sqlite3changeset_finalize(it);
    if (rc != SQLITE_OK)
        out.push_back("<corrupt changeset: " + std::string(sqlite3_errstr(rc)) + ">");
    std::sort(out.begin(), out.end());
    return out;
}

inline QString joined(const std::vector<std::string> &lines)
{
    QStringList list;
    for (const auto &l : lines)
        list << QString::fromStdString(l);
    return list.join('\n');
}

/// The changes only one of two changesets has ("-" expected, "+" actual); empty when they agree.
inline QString changesetDiff(const Changeset &actual, const Changeset &expected)
{
    const auto a = describe(actual), e = describe(expected);
    QStringList diff;
    for (const auto &line : e)
        if (std::find(a.begin(), a.end(), line) == a.end())
            diff << "- " + QString::fromStdString(line);
    for (const auto &line : a)
        if (std::find(e.begin(), e.end(), line) == e.end())
            diff << "+ " + QString::fromStdString(line);
    return diff.join('\n');
}

const char *kShopSchema =
    "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER NOT NULL, total REAL,"
    " status TEXT);"
    "CREATE TABLE stock (sku TEXT NOT NULL, warehouse INTEGER NOT NULL, qty INTEGER NOT NULL,"
    " PRIMARY KEY (sku, warehouse)) WITHOUT ROWID;";

inline void seedShop(Database &db)
{
    db.exec(kShopSchema);
    db.begin();
    for (int i = 1; i <= 5; ++i)
        db.prepare("INSERT INTO orders VALUES (?1, ?2, ?3, ?4)")
            .bind(1, i)
            .bind(2, 100 + i)
            .bind(3, 10.5 * i)
            .bind(4, "placed")
            .run();
    for (const char *sku : {"apple", "pear"})
        for (int w = 1; w <= 2; ++w)
            db.prepare("INSERT INTO stock VALUES (?1, ?2, ?3)")
                .bind(1, sku)
                .bind(2, w)
                .bind(3, 7)
                .run();
    db.commit();
}

/// A bare connection with a statement cache: ChangeRecorder's own tests drive SQLite directly.
class RawDb
{
public:
    explicit RawDb(const std::string &path = ":memory:")
    {
        sqlite3_open(path.c_str(), &m_db);
        exec("PRAGMA foreign_keys = ON");
    }
    ~RawDb()
    {
        for (auto &entry : m_cache)
            sqlite3_finalize(entry.second);
        sqlite3_close(m_db);
    }
    RawDb(const RawDb &) = delete;
    RawDb &operator=(const RawDb &) = delete;

    sqlite3 *handle() const { return m_db; }
    int exec(const std::string &sql)
    {
        return sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr);
    }
    /// Runs a cached statement to its end (or its first row only); SQLite's result code.
    int run(const std::string &sql, const std::vector<SqlValue> &params = {},
            bool firstRowOnly = false)
    {
        sqlite3_stmt *&stmt = m_cache[sql];
        if (!stmt && sqlite3_prepare_v3(m_db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt,
                                        nullptr) != SQLITE_OK)
            return sqlite3_errcode(m_db);
        for (std::size_t i = 0; i < params.size(); ++i) {
            const int index = static_cast<int>(i + 1);
            if (const auto *n = std::get_if<std::int64_t>(&params[i]))
                sqlite3_bind_int64(stmt, index, *n);
            else if (const auto *d = std::get_if<double>(&params[i]))
                sqlite3_bind_double(stmt, index, *d);
            else if (const auto *t = std::get_if<std::string>(&params[i]))
                sqlite3_bind_text(stmt, index, t->data(), static_cast<int>(t->size()),
                                  SQLITE_TRANSIENT);
            else
                sqlite3_bind_null(stmt, index);
        }
        int rc = SQLITE_ROW;
        while (rc == SQLITE_ROW) {
            rc = sqlite3_step(stmt);
            if (firstRowOnly && rc == SQLITE_ROW)
                break;
        }
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
    }

private:
    sqlite3 *m_db = nullptr;
    std::map<std::string, sqlite3_stmt *> m_cache;
};

/// Every row of every table of a bare connection, typed and sorted.
inline std::vector<std::string> rawDump(sqlite3 *db)
{
    std::vector<std::string> lines;
    sqlite3_stmt *tables = nullptr;
    sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'table'", -1, &tables,
                       nullptr);
    while (sqlite3_step(tables) == SQLITE_ROW) {
        const std::string table = reinterpret_cast<const char *>(sqlite3_column_text(tables, 0));
        sqlite3_stmt *rows = nullptr;
        sqlite3_prepare_v2(db, ("SELECT * FROM \"" + table + "\"").c_str(), -1, &rows, nullptr);
        while (sqlite3_step(rows) == SQLITE_ROW) {
            std::string line = table + ":";
            for (int c = 0; c < sqlite3_column_count(rows); ++c)
                line += " " + valueText(sqlite3_column_value(rows, c));
            lines.push_back(line);
        }
        sqlite3_finalize(rows);
    }
    sqlite3_finalize(tables);
    std::sort(lines.begin(), lines.end());
    return lines;
}

/// SQL function side_insert(x): inserts x into s from inside the calling statement, returns x.
inline void sideInsert(sqlite3_context *context, int, sqlite3_value **argv)
{
    sqlite3_stmt *stmt = nullptr;
    sqlite3_prepare_v2(sqlite3_context_db_handle(context),
                       "INSERT OR IGNORE INTO s (name) VALUES (?1)", -1, &stmt, nullptr);
    sqlite3_bind_value(stmt, 1, argv[0]);
    sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    sqlite3_result_value(context, argv[0]);
}

} // namespace dplab::test
