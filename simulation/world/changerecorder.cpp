#include "changerecorder.h"

#include "database.h"

// The target defines these; repeated here so that sqlite3.h always declares the session and
// preupdate APIs this file uses.
#ifndef SQLITE_ENABLE_SESSION
#define SQLITE_ENABLE_SESSION
#endif
#ifndef SQLITE_ENABLE_PREUPDATE_HOOK
#define SQLITE_ENABLE_PREUPDATE_HOOK
#endif
#include <sqlite3.h>

#include <cstring>

namespace dplab {

// The changeset format (see sqlite3session.h, "CHANGESET FORMAT"): per table a header
// 'T', varint column count, one primary-key byte per column, NUL-terminated name; then changes:
// op byte, indirect byte, old record (DELETE, UPDATE), new record (INSERT, UPDATE). A record is one
// field per column: 0x00 undefined, 0x01 int64 big-endian, 0x02 double big-endian, 0x03 text and
// 0x04 blob as varint length + bytes, 0x05 NULL.

struct ChangeRecorder::Table
{
    std::string name;
    std::string error; ///< non-empty when the table cannot be captured
    int columnCount = 0;
    std::string pkBytes;              ///< per column: position in the primary key, 0 if none
    std::vector<int> pkColumns;       ///< column indexes of the key, in column order
    std::vector<bool> realAffinity;   ///< per column
    std::vector<std::string> columns; ///< names
    sqlite3_stmt *select = nullptr;   ///< the current row by primary key
    std::vector<std::uint32_t> entries;
};

namespace {

constexpr std::size_t kLinearEntries = 8;
constexpr int kUndefined = 0, kInteger = 1, kReal = 2, kText = 3, kBlob = 4, kNull = 5;

void putVarint(std::string &out, std::uint64_t v)
{
    // SQLite's varint: big-endian groups of 7 bits, high bit = more; 9th byte carries 8 bits.
    unsigned char buf[10];
    if (v <= 0x7f) {
        out.push_back(static_cast<char>(v));
        return;
    }
    if (v & (0xffull << 56)) {
        buf[8] = static_cast<unsigned char>(v);
        v >>= 8;
        for (int i = 7; i >= 0; --i) {
            buf[i] = static_cast<unsigned char>((v & 0x7f) | 0x80);
            v >>= 7;
        }
        out.append(reinterpret_cast<const char *>(buf), 9);
        return;
    }
    int n = 0;
    do {
        buf[n++] = static_cast<unsigned char>((v & 0x7f) | 0x80);
        v >>= 7;
    } while (v != 0);
    buf[0] &= 0x7f;
    for (int i = n - 1; i >= 0; --i)
        out.push_back(static_cast<char>(buf[i]));
}

std::size_t getVarint(const unsigned char *p, std::uint64_t *v)
{
    std::uint64_t x = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        x = (x << 7) | (p[i] & 0x7f);
        if (!(p[i] & 0x80)) {
            *v = x;
            return i + 1;
        }
    }
    *v = (x << 8) | p[8];
    return 9;
}

void putBigEndian(std::string &out, std::uint64_t v)
{
    char buf[8];
    for (int i = 7; i >= 0; --i) {
        buf[i] = static_cast<char>(v & 0xff);
        v >>= 8;
    }
    out.append(buf, 8);
}

std::uint64_t getBigEndian(const unsigned char *p)
{
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v = (v << 8) | p[i];
    return v;
}

void putReal(std::string &out, double d)
{
    std::uint64_t bits;
    std::memcpy(&bits, &d, sizeof bits);
    out.push_back(static_cast<char>(kReal));
    putBigEndian(out, bits);
}

// Integers read from a REAL column come back as floats from a SELECT; encode them the same way
// so the old and the current value of an unchanged column compare equal.
void putValue(std::string &out, sqlite3_value *v, bool realAffinity)
{
    switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER:
        if (realAffinity) {
            putReal(out, sqlite3_value_double(v));
        } else {
            out.push_back(static_cast<char>(kInteger));
            putBigEndian(out, static_cast<std::uint64_t>(sqlite3_value_int64(v)));
        }
        break;
    case SQLITE_FLOAT:
        putReal(out, sqlite3_value_double(v));
        break;
    case SQLITE_TEXT: {
        const auto *text = sqlite3_value_text(v);
        const auto size = static_cast<std::size_t>(sqlite3_value_bytes(v));
        out.push_back(static_cast<char>(kText));
        putVarint(out, size);
        out.append(reinterpret_cast<const char *>(text), size);
        break;
    }
    case SQLITE_BLOB: {
        const auto size = static_cast<std::size_t>(sqlite3_value_bytes(v));
        const void *blob = sqlite3_value_blob(v);
        out.push_back(static_cast<char>(kBlob));
        putVarint(out, size);
        if (size)
            out.append(static_cast<const char *>(blob), size);
        break;
    }
    default:
        out.push_back(static_cast<char>(kNull));
        break;
    }
}

std::size_t fieldSize(const unsigned char *p)
{
    switch (p[0]) {
    case kInteger:
    case kReal:
        return 9;
    case kText:
    case kBlob: {
        std::uint64_t n = 0;
        const std::size_t header = 1 + getVarint(p + 1, &n);
        return header + static_cast<std::size_t>(n);
    }
    default:
        return 1;
    }
}

int bindField(sqlite3_stmt *stmt, int index, const unsigned char *p)
{
    switch (p[0]) {
    case kInteger:
        return sqlite3_bind_int64(stmt, index, static_cast<sqlite3_int64>(getBigEndian(p + 1)));
    case kReal: {
        const std::uint64_t bits = getBigEndian(p + 1);
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return sqlite3_bind_double(stmt, index, d);
    }
    case kText:
    case kBlob: {
        std::uint64_t n = 0;
        const std::size_t header = 1 + getVarint(p + 1, &n);
        const auto *data = reinterpret_cast<const char *>(p + header);
        return p[0] == kText ? sqlite3_bind_text64(stmt, index, data, n, SQLITE_STATIC, SQLITE_UTF8)
                             : sqlite3_bind_blob64(stmt, index, data, n, SQLITE_STATIC);
    }
    default:
        return sqlite3_bind_null(stmt, index);
    }
}

bool contains(const std::string &upper, const char *what)
{
    return upper.find(what) != std::string::npos;
}

// SQLite's rules for the affinity of a declared column type (datatype3.html, section 3.1).
bool isRealAffinity(std::string type)
{
    for (auto &c : type)
        c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    if (contains(type, "INT") || contains(type, "CHAR") || contains(type, "CLOB") ||
        contains(type, "TEXT") || contains(type, "BLOB") || type.empty())
        return false;
    return contains(type, "REAL") || contains(type, "FLOA") || contains(type, "DOUB");
}

std::string quoted(const std::string &identifier)
{
    std::string q = "\"";
    for (char c : identifier) {
        if (c == '"')
            q += '"';
        q += c;
    }
    return q + '"';
}

[[noreturn]] void fail(sqlite3 *db, int rc, const std::string &what)
{
    throw DatabaseError(what + ": " + sqlite3_errmsg(db), rc);
}

} // namespace

ChangeRecorder::ChangeRecorder(sqlite3 *db)
    : m_db(db)
{
    // Installed for good: DELETE without WHERE compiles to a whole-table clear that bypasses the
    // hook unless a hook is present when the statement is prepared.
    sqlite3_preupdate_hook(m_db, &ChangeRecorder::preupdate, this);
}

ChangeRecorder::~ChangeRecorder()
{
    sqlite3_preupdate_hook(m_db, nullptr, nullptr);
    invalidateSchema();
}

void ChangeRecorder::invalidateSchema()
{
    for (auto &t : m_tables)
        sqlite3_finalize(t->select);
    m_tables.clear();
    m_tableIndex.clear();
    sqlite3_finalize(m_schemaVersionStmt);
    m_schemaVersionStmt = nullptr;
    m_schemaVersion = -1;
}

void ChangeRecorder::checkSchemaVersion()
{
    if (!m_schemaVersionStmt) {
        const int rc = sqlite3_prepare_v3(m_db, "PRAGMA main.schema_version", -1,
                                          SQLITE_PREPARE_PERSISTENT, &m_schemaVersionStmt, nullptr);
        if (rc != SQLITE_OK)
            fail(m_db, rc, "prepare \"PRAGMA main.schema_version\"");
    }
    const int rc = sqlite3_step(m_schemaVersionStmt);
    const std::int64_t version =
        rc == SQLITE_ROW ? sqlite3_column_int64(m_schemaVersionStmt, 0) : -1;
    sqlite3_reset(m_schemaVersionStmt);
    if (rc != SQLITE_ROW)
        fail(m_db, rc, "PRAGMA main.schema_version");
    if (version != m_schemaVersion) {
        invalidateSchema();
        m_schemaVersion = version;
    }
}

void ChangeRecorder::start()
{
    stop();
    checkSchemaVersion();
    m_recording = true;
}

void ChangeRecorder::stop()
{
    m_recording = false;
    m_error.clear();
    for (std::uint32_t t : m_touchedTables)
        m_tables[t]->entries.clear();
    m_touchedTables.clear();
    m_entryIndex.clear();
    m_used = 0;
}

void ChangeRecorder::preupdate(void *self, sqlite3 *, int op, const char *dbName,
                               const char *tableName, long long, long long)
{
    auto *recorder = static_cast<ChangeRecorder *>(self);
    if (!recorder->m_recording || std::strcmp(dbName, "main") != 0)
        return;
    // No exception may cross SQLite's C frames: failures are kept for changeset() to report.
    try {
        recorder->onChange(op, tableName);
    } catch (const std::exception &e) {
        if (recorder->m_error.empty())
            recorder->m_error = e.what();
    }
}

void ChangeRecorder::onChange(int op, const char *tableName)
{
    std::uint32_t index = 0;
    Table *t = table(tableName, &index);
    if (!t->error.empty()) {
        if (m_error.empty())
            m_error = t->error;
        return;
    }
    if (sqlite3_preupdate_count(m_db) != t->columnCount) {
        if (m_error.empty())
            m_error = "the columns of table \"" + t->name + "\" changed during a transaction";
        return;
    }
    const bool indirect = sqlite3_preupdate_depth(m_db) > 0;
    if (op == SQLITE_INSERT) {
        touch(index, true, false, indirect);
    } else {
        touch(index, false, true, indirect);
        // An UPDATE may move the row to a new key: that key did not exist before.
        if (op == SQLITE_UPDATE)
            touch(index, true, false, indirect);
    }
}

ChangeRecorder::Table *ChangeRecorder::table(const char *name, std::uint32_t *index)
{
    const std::string_view key(name);
    auto it = m_tableIndex.find(key);
    if (it == m_tableIndex.end()) {
        auto t = std::make_unique<Table>();
        t->name = name;
        loadTable(*t);
        m_tables.push_back(std::move(t));
        it = m_tableIndex.emplace(std::string(key), static_cast<std::uint32_t>(m_tables.size() - 1))
                 .first;
    }
    *index = it->second;
    return m_tables[it->second].get();
}

void ChangeRecorder::loadTable(Table &t)
{
    // The PRAGMA statement, not the pragma_table_xinfo() function: SQLite 3.40 mishandles
    // eponymous virtual tables across sqlite3_deserialize().
    const std::string sql = "PRAGMA main.table_xinfo(" + quoted(t.name) + ")";
    sqlite3_stmt *info = nullptr;
    int rc = sqlite3_prepare_v2(m_db, sql.c_str(), -1, &info, nullptr);
    if (rc != SQLITE_OK)
        fail(m_db, rc, "reading the columns of \"" + t.name + "\"");
    bool hidden = false;
    while ((rc = sqlite3_step(info)) == SQLITE_ROW) {
        // cid, name, type, notnull, dflt_value, pk, hidden
        const auto *column = reinterpret_cast<const char *>(sqlite3_column_text(info, 1));
        const auto *type = reinterpret_cast<const char *>(sqlite3_column_text(info, 2));
        const int pk = sqlite3_column_int(info, 5);
        hidden = hidden || sqlite3_column_int(info, 6) != 0;
        if (pk > 0)
            t.pkColumns.push_back(t.columnCount);
        t.pkBytes.push_back(static_cast<char>(pk));
        t.realAffinity.push_back(isRealAffinity(type ? type : ""));
        t.columns.emplace_back(column ? column : "");
        ++t.columnCount;
    }
    sqlite3_finalize(info);
    if (rc != SQLITE_DONE)
        fail(m_db, rc, "reading the columns of \"" + t.name + "\"");
    if (hidden)
        t.error =
            "table \"" + t.name + "\" has generated columns, so its changes cannot be recorded";
    else if (t.pkColumns.empty())
        t.error = "table \"" + t.name + "\" has no PRIMARY KEY, so its changes cannot be recorded";
}

void ChangeRecorder::touch(std::uint32_t tableIndex, bool useNew, bool existed, bool indirect)
{
    const Table &t = *m_tables[tableIndex];
    m_key.assign(reinterpret_cast<const char *>(&tableIndex), sizeof tableIndex);
    for (int column : t.pkColumns) {
        sqlite3_value *v = nullptr;
        if (useNew)
            sqlite3_preupdate_new(m_db, column, &v);
        else
            sqlite3_preupdate_old(m_db, column, &v);
        if (!v || sqlite3_value_type(v) == SQLITE_NULL) {
            if (m_error.empty())
                m_error = "a row of table \"" + t.name +
                          "\" has a NULL primary key, so its change cannot be recorded";
            return;
        }
        putValue(m_key, v, t.realAffinity[static_cast<std::size_t>(column)]);
    }

    if (m_used <= kLinearEntries) {
        for (std::size_t i = 0; i < m_used; ++i) {
            if (m_entries[i].key == m_key) {
                m_entries[i].indirect = m_entries[i].indirect && indirect;
                return;
            }
        }
    } else if (auto it = m_entryIndex.find(m_key); it != m_entryIndex.end()) {
        m_entries[it->second].indirect = m_entries[it->second].indirect && indirect;
        return;
    }

    if (m_used == m_entries.size())
        m_entries.emplace_back();
    Entry &e = m_entries[m_used];
    e.table = tableIndex;
    e.existed = existed;
    e.indirect = indirect;
    e.key = m_key;
    e.old.clear();
    if (existed) {
        for (int c = 0; c < t.columnCount; ++c) {
            sqlite3_value *v = nullptr;
            sqlite3_preupdate_old(m_db, c, &v);
            if (v)
                putValue(e.old, v, t.realAffinity[static_cast<std::size_t>(c)]);
            else
                e.old.push_back(static_cast<char>(kNull));
        }
    }
    auto &tableEntries = m_tables[tableIndex]->entries;
    if (tableEntries.empty())
        m_touchedTables.push_back(tableIndex);
    tableEntries.push_back(static_cast<std::uint32_t>(m_used));
    ++m_used;
    if (m_used == kLinearEntries + 1) {
        for (std::size_t i = 0; i < m_used; ++i)
            m_entryIndex.emplace(m_entries[i].key, static_cast<std::uint32_t>(i));
    } else if (m_used > kLinearEntries + 1) {
        m_entryIndex.emplace(m_key, static_cast<std::uint32_t>(m_used - 1));
    }
}

std::vector<unsigned char> ChangeRecorder::changeset()
{
    if (!m_error.empty())
        throw DatabaseError(m_error, SQLITE_ERROR);
    std::string out;
    for (std::uint32_t tableIndex : m_touchedTables) {
        Table &t = *m_tables[tableIndex];
        if (!t.select) {
            std::string sql = "SELECT ";
            for (std::size_t c = 0; c < t.columns.size(); ++c)
                sql += (c ? ", " : "") + quoted(t.columns[c]);
            sql += " FROM main." + quoted(t.name) + " WHERE ";
            for (std::size_t k = 0; k < t.pkColumns.size(); ++k) {
                sql += (k ? " AND " : "") +
                       quoted(t.columns[static_cast<std::size_t>(t.pkColumns[k])]) + " IS ?" +
                       std::to_string(k + 1);
            }
            const int rc = sqlite3_prepare_v3(m_db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT,
                                              &t.select, nullptr);
            if (rc != SQLITE_OK)
                fail(m_db, rc, "prepare \"" + sql + "\"");
        }

        const std::size_t headerStart = out.size();
        out.push_back('T');
        putVarint(out, static_cast<std::uint64_t>(t.columnCount));
        out += t.pkBytes;
        out.append(t.name.c_str(), t.name.size() + 1);
        const std::size_t changesStart = out.size();

        for (std::uint32_t entryIndex : t.entries) {
            const Entry &e = m_entries[entryIndex];
            const auto *key =
                reinterpret_cast<const unsigned char *>(e.key.data()) + sizeof(std::uint32_t);
            for (std::size_t k = 0; k < t.pkColumns.size(); ++k) {
                bindField(t.select, static_cast<int>(k + 1), key);
                key += fieldSize(key);
            }
            const int rc = sqlite3_step(t.select);
            if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
                sqlite3_reset(t.select);
                fail(m_db, rc, "reading back a row of \"" + t.name + "\"");
            }
            if (rc == SQLITE_ROW) {
                m_row.clear();
                for (int c = 0; c < t.columnCount; ++c)
                    putValue(m_row, sqlite3_column_value(t.select, c), false);
            }
            sqlite3_reset(t.select);
            const char indirect = e.indirect ? 1 : 0;

            if (rc == SQLITE_ROW && !e.existed) {
                out.push_back(static_cast<char>(SQLITE_INSERT));
                out.push_back(indirect);
                out += m_row;
            } else if (rc == SQLITE_DONE && e.existed) {
                out.push_back(static_cast<char>(SQLITE_DELETE));
                out.push_back(indirect);
                out += e.old;
            } else if (rc == SQLITE_ROW && e.existed) {
                // Old record: key and changed columns; new record: changed columns only.
                const std::size_t changeStart = out.size();
                out.push_back(static_cast<char>(SQLITE_UPDATE));
                out.push_back(indirect);
                std::string newRecord;
                bool changed = false;
                const auto *o = reinterpret_cast<const unsigned char *>(e.old.data());
                const auto *n = reinterpret_cast<const unsigned char *>(m_row.data());
                for (int c = 0; c < t.columnCount; ++c) {
                    const std::size_t os = fieldSize(o), ns = fieldSize(n);
                    const bool differs = os != ns || std::memcmp(o, n, os) != 0;
                    const bool isKey = t.pkBytes[static_cast<std::size_t>(c)] != 0;
                    if (differs && !isKey) {
                        changed = true;
                        out.append(reinterpret_cast<const char *>(o), os);
                        newRecord.append(reinterpret_cast<const char *>(n), ns);
                    } else {
                        if (isKey)
                            out.append(reinterpret_cast<const char *>(o), os);
                        else
                            out.push_back(static_cast<char>(kUndefined));
                        newRecord.push_back(static_cast<char>(kUndefined));
                    }
                    o += os;
                    n += ns;
                }
                if (changed)
                    out += newRecord;
                else
                    out.resize(changeStart);
            }
        }
        if (out.size() == changesStart)
            out.resize(headerStart);
    }
    return {out.begin(), out.end()};
}

} // namespace dplab
