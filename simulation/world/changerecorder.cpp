#include "simulation/world/changerecorder.h"
#include "simulation/world/changesetformat.h"

#include "simulation/world/database.h"

#include "simulation/world/sqlitesession.h"

#include <algorithm>
#include <bit>
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
    std::vector<char> realAffinity;   ///< per column
    bool utf8 = true;                 ///< text is stored as UTF-8 (the changeset's encoding)
    std::vector<std::string> columns; ///< names
    sqlite3_stmt *select = nullptr;   ///< the current row by primary key
    std::vector<std::uint32_t> entries;
};

namespace {

using namespace changesetformat;

constexpr std::size_t kLinearEntries = 8;
constexpr std::size_t kMinSlots = 64;
std::size_t hashBytes(const unsigned char *p, std::size_t size)
{
    return std::hash<std::string_view>{}(std::string_view(reinterpret_cast<const char *>(p), size));
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

// ROLLBACK (TO) undoes changes the hook reported without telling it; DDL changes the tables
// under the recorded rows. Blanks and comments may precede the first keyword.
bool mayUndoOrReshape(const char *sql)
{
    const char *p = sql;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v')
            ++p;
        if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n')
                ++p;
        } else if (p[0] == '/' && p[1] == '*') {
            const char *end = std::strstr(p + 2, "*/");
            if (!end)
                return false;
            p = end + 2;
        } else {
            break;
        }
    }
    const char first = static_cast<char>(*p & ~0x20);
    for (const char *keyword : {"ROLLBACK", "CREATE", "DROP", "ALTER"}) {
        if (keyword[0] != first)
            continue;
        std::size_t i = 1;
        while (keyword[i] && (p[i] & ~0x20) == keyword[i])
            ++i;
        return keyword[i] == 0;
    }
    return false;
}

std::string quotedIdentifier(const std::string &identifier)
{
    std::string q = "\"";
    for (char c : identifier) {
        if (c == '"')
            q += '"';
        q += c;
    }
    return q + '"';
}

/// Marks the recorder's own statements, so that its callbacks ignore them.
struct OwnStatement
{
    explicit OwnStatement(bool &ownFlag)
        : flag(ownFlag)
        , was(ownFlag)
    {
        flag = true;
    }
    ~OwnStatement() { flag = was; }
    bool &flag;
    bool was;
};

} // namespace

void ChangeRecorder::Buffer::grow(std::size_t n)
{
    const std::size_t capacity = std::max({std::size_t(256), m_capacity * 2, m_size + n});
    auto data = std::make_unique_for_overwrite<unsigned char[]>(capacity);
    if (m_size)
        std::memcpy(data.get(), m_data.get(), m_size);
    m_data = std::move(data);
    m_capacity = capacity;
}

ChangeRecorder::ChangeRecorder(sqlite3 *db)
    : m_db(db)
{
    // Installed for good: DELETE without WHERE compiles to a whole-table clear that bypasses the
    // hook unless a hook is present when the statement is prepared.
    sqlite3_preupdate_hook(m_db, &ChangeRecorder::preupdate, this);
    sqlite3_trace_v2(m_db, SQLITE_TRACE_STMT, &ChangeRecorder::trace, this);
    sqlite3_set_authorizer(m_db, &ChangeRecorder::authorize, this);
}

void ChangeRecorder::reinstallAuthorizer()
{
    sqlite3_set_authorizer(m_db, &ChangeRecorder::authorize, this);
}

ChangeRecorder::~ChangeRecorder()
{
    sqlite3_set_authorizer(m_db, nullptr, nullptr);
    sqlite3_trace_v2(m_db, 0, nullptr, nullptr);
    sqlite3_preupdate_hook(m_db, nullptr, nullptr);
    stop();
    invalidateSchema();
}

void ChangeRecorder::invalidateSchema()
{
    if (m_used > 0)
        setError("the schema was replaced during a transaction");
    for (std::uint32_t t : m_touchedTables)
        m_tables[t]->entries.clear();
    m_touchedTables.clear();
    m_used = 0;
    for (auto &t : m_tables)
        sqlite3_finalize(t->select);
    m_tables.clear();
    m_tableIndex.clear();
    m_hasLastTable = false;
    sqlite3_finalize(m_schemaVersionStmt);
    m_schemaVersionStmt = nullptr;
    m_schemaVersion = -1;
    m_schemaMaybeChanged = true;
}

// Called from the hook, before the transaction's first recorded change, and only when some
// statement was (re)prepared since the last call: a schema change makes SQLite re-prepare every
// statement that writes afterwards, so without one the cached layouts are still right.
void ChangeRecorder::checkSchemaVersion()
{
    OwnStatement own(m_ownStatement);
    if (!m_schemaVersionStmt) {
        const int rc = sqlite3_prepare_v3(m_db, "PRAGMA main.schema_version", -1,
                                          SQLITE_PREPARE_PERSISTENT, &m_schemaVersionStmt, nullptr);
        if (rc != SQLITE_OK)
            throwDatabaseError(m_db, rc, "prepare \"PRAGMA main.schema_version\"");
    }
    const int rc = sqlite3_step(m_schemaVersionStmt);
    const std::int64_t version =
        rc == SQLITE_ROW ? sqlite3_column_int64(m_schemaVersionStmt, 0) : -1;
    sqlite3_reset(m_schemaVersionStmt);
    if (rc != SQLITE_ROW)
        throwDatabaseError(m_db, rc, "PRAGMA main.schema_version");
    if (version != m_schemaVersion) {
        sqlite3_stmt *keep = m_schemaVersionStmt;
        m_schemaVersionStmt = nullptr;
        invalidateSchema();
        m_schemaVersionStmt = keep;
        m_schemaVersion = version;
    }
    m_schemaMaybeChanged = false;
}

void ChangeRecorder::start()
{
    stop();
    m_recording = true;
}

void ChangeRecorder::stop()
{
    m_recording = false;
    m_error.clear();
    for (std::uint32_t t : m_touchedTables)
        m_tables[t]->entries.clear();
    m_touchedTables.clear();
    if (m_indexed) {
        std::fill(m_slots.begin(), m_slots.end(), 0u);
        m_indexed = false;
    }
    m_used = 0;
    m_bytes.clear();
    m_readBack = false;
    m_readBackCounted = false;
    m_statementHooked = false;
    m_statement = nullptr;
}

void ChangeRecorder::setError(std::string message)
{
    if (m_error.empty())
        m_error = std::move(message);
}

void ChangeRecorder::preupdate(void *self, sqlite3 *, int op, const char *dbName,
                               const char *tableName, long long, long long)
{
    auto *recorder = static_cast<ChangeRecorder *>(self);
    if (!recorder->m_recording || recorder->m_ownStatement)
        return;
    // Every database counts here: see settleStatement().
    recorder->m_statementHooked = true;
    const bool isMain = dbName[0] == 'm' && dbName[1] == 'a' && dbName[2] == 'i' &&
                        dbName[3] == 'n' && dbName[4] == 0;
    if (!isMain)
        return;
    // No exception may cross SQLite's C frames: failures are kept for changeset() to report.
    try {
        recorder->onChange(op, tableName);
    } catch (const std::exception &e) {
        recorder->setError(e.what());
    }
}

int ChangeRecorder::trace(unsigned, void *self, void *stmt, void *sql)
{
    auto *recorder = static_cast<ChangeRecorder *>(self);
    if (recorder->m_recording && !recorder->m_ownStatement)
        recorder->onStatement(static_cast<sqlite3_stmt *>(stmt), static_cast<const char *>(sql));
    return 0;
}

int ChangeRecorder::authorize(void *self, int, const char *, const char *, const char *,
                              const char *)
{
    auto *recorder = static_cast<ChangeRecorder *>(self);
    if (!recorder->m_ownStatement)
        recorder->m_schemaMaybeChanged = true;
    return SQLITE_OK;
}

void ChangeRecorder::onStatement(sqlite3_stmt *stmt, const char *sql)
{
    if (sql != sqlite3_sql(stmt)) {
        // A trigger program of the running statement, or (text "-- ...") a statement run from
        // inside another one: a failure of the outer one would undo the inner one's counted
        // changes, which settleStatement() could then not tell apart.
        if (stmt != m_statement)
            m_readBack = true;
        return;
    }
    settleStatement();
    m_statement = stmt;
    if (mayUndoOrReshape(sql))
        m_readBack = true;
}

// When SQLite undoes a failed statement it sets sqlite3_changes() to 0, while a statement that
// changed rows sets it to at least 1 when it ends. (sqlite3_total_changes() would not do: it
// counts trigger programs as they finish, before the statement that fired them may fail.) This
// runs when the next statement starts, before that one can end, or at changeset(); a statement
// run from inside another one is caught in onStatement(). A statement that changed rows and
// reports none may have been undone: the hook's view is then not to be trusted.
void ChangeRecorder::settleStatement()
{
    if (!m_statementHooked)
        return;
    m_statementHooked = false;
    if (sqlite3_changes64(m_db) == 0)
        m_readBack = true;
}

void ChangeRecorder::onChange(int op, const char *tableName)
{
    if (m_schemaMaybeChanged && m_used == 0)
        checkSchemaVersion();
    std::uint32_t index = 0;
    Table *t = table(tableName, &index);
    if (!t->error.empty()) {
        setError(t->error);
        return;
    }
    if (sqlite3_preupdate_count(m_db) != t->columnCount) {
        setError("the columns of table \"" + t->name + "\" changed during a transaction");
        return;
    }
    // A blob written in place (sqlite3_blob_write) is reported as a DELETE of a row that stays.
    if (sqlite3_preupdate_blobwrite(m_db) >= 0)
        m_readBack = true;
    const bool indirect = sqlite3_preupdate_depth(m_db) > 0;
    if (op == SQLITE_INSERT) {
        touch(index, Side::New, indirect);
    } else {
        touch(index, Side::Old, indirect);
        // An UPDATE may move the row to a new key: that key did not exist before.
        if (op == SQLITE_UPDATE)
            touch(index, Side::New, indirect);
    }
}

ChangeRecorder::Table *ChangeRecorder::table(const char *name, std::uint32_t *index)
{
    if (m_hasLastTable && std::strcmp(name, m_tables[m_lastTable]->name.c_str()) == 0) {
        *index = m_lastTable;
        return m_tables[m_lastTable].get();
    }
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
    m_lastTable = it->second;
    m_hasLastTable = true;
    *index = it->second;
    return m_tables[it->second].get();
}

void ChangeRecorder::loadTable(Table &t)
{
    OwnStatement own(m_ownStatement);
    // The PRAGMA statement, not the pragma_table_xinfo() function: SQLite 3.40 mishandles
    // eponymous virtual tables across sqlite3_deserialize().
    const std::string sql = "PRAGMA main.table_xinfo(" + quotedIdentifier(t.name) + ")";
    sqlite3_stmt *info = nullptr;
    int rc = sqlite3_prepare_v2(m_db, sql.c_str(), -1, &info, nullptr);
    if (rc != SQLITE_OK)
        throwDatabaseError(m_db, rc, "reading the columns of \"" + t.name + "\"");
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
        t.realAffinity.push_back(isRealAffinity(type ? type : "") ? 1 : 0);
        t.columns.emplace_back(column ? column : "");
        ++t.columnCount;
    }
    sqlite3_finalize(info);
    if (rc != SQLITE_DONE)
        throwDatabaseError(m_db, rc, "reading the columns of \"" + t.name + "\"");
    rc = sqlite3_prepare_v2(m_db, "PRAGMA main.encoding", -1, &info, nullptr);
    if (rc == SQLITE_OK && (rc = sqlite3_step(info)) == SQLITE_ROW) {
        const auto *encoding = reinterpret_cast<const char *>(sqlite3_column_text(info, 0));
        t.utf8 = encoding && std::strcmp(encoding, "UTF-8") == 0;
    }
    sqlite3_finalize(info);
    if (rc != SQLITE_ROW)
        throwDatabaseError(m_db, rc, "reading the encoding of \"" + t.name + "\"");
    if (hidden)
        t.error =
            "table \"" + t.name + "\" has generated columns, so its changes cannot be recorded";
    else if (t.pkColumns.empty())
        t.error = "table \"" + t.name + "\" has no PRIMARY KEY, so its changes cannot be recorded";
}

// Old values are kept as sqlite3_preupdate_old() gives them, as the session extension does: it
// turns integers in REAL columns into floats for rowid tables but not for WITHOUT ROWID ones.
// New values are encoded as a read-back SELECT would return them.
void ChangeRecorder::encodeRow(const Table &t, Side side)
{
    for (int c = 0; c < t.columnCount; ++c) {
        sqlite3_value *v = nullptr;
        if (side == Side::New)
            sqlite3_preupdate_new(m_db, c, &v);
        else
            sqlite3_preupdate_old(m_db, c, &v);
        const bool real = side == Side::New && t.realAffinity[static_cast<std::size_t>(c)] != 0;
        if (v)
            putValue(m_bytes, v, real, t.utf8);
        else
            m_bytes.push(static_cast<unsigned char>(kNull));
    }
}

void ChangeRecorder::touch(std::uint32_t tableIndex, Side side, bool indirect)
{
    const Table &t = *m_tables[tableIndex];
    m_key.clear();
    m_key.append(&tableIndex, sizeof tableIndex);
    // The row as it is now (not needed when the rows will be read back); its key fields are the
    // key, which saves fetching them twice.
    const std::size_t now = m_bytes.size();
    const bool keepRow = side == Side::New && !m_readBack;
    std::size_t nowSize = 0;
    bool nullKey = false;
    if (keepRow) {
        encodeRow(t, side);
        nowSize = m_bytes.size() - now;
        const unsigned char *p = m_bytes.data() + now;
        for (int c = 0; c < t.columnCount; ++c) {
            const std::size_t size = fieldSize(p);
            if (t.pkBytes[static_cast<std::size_t>(c)] != 0) {
                nullKey = nullKey || p[0] == kNull;
                m_key.append(p, size);
            }
            p += size;
        }
    } else {
        for (int column : t.pkColumns) {
            sqlite3_value *v = nullptr;
            if (side == Side::New)
                sqlite3_preupdate_new(m_db, column, &v);
            else
                sqlite3_preupdate_old(m_db, column, &v);
            nullKey = nullKey || !v || sqlite3_value_type(v) == SQLITE_NULL;
            if (v)
                putValue(m_key, v, t.realAffinity[static_cast<std::size_t>(column)] != 0, t.utf8);
        }
    }
    if (nullKey) {
        m_bytes.truncate(now);
        setError("a row of table \"" + t.name +
                 "\" has a NULL primary key, so its change cannot be recorded");
        return;
    }

    Entry *e = findEntry();
    if (e) {
        e->indirect = e->indirect && indirect;
    } else {
        if (m_used == m_entries.size())
            m_entries.emplace_back();
        e = &m_entries[m_used];
        *e = Entry{};
        e->table = tableIndex;
        e->existed = side == Side::Old;
        e->indirect = indirect;
        e->key = m_bytes.size();
        e->keySize = static_cast<std::uint32_t>(m_key.size());
        m_bytes.append(m_key.data(), m_key.size());
        if (e->existed) {
            e->old = m_bytes.size();
            encodeRow(t, Side::Old);
            e->oldSize = static_cast<std::uint32_t>(m_bytes.size() - e->old);
        }
        auto &tableEntries = m_tables[tableIndex]->entries;
        if (tableEntries.empty())
            m_touchedTables.push_back(tableIndex);
        tableEntries.push_back(static_cast<std::uint32_t>(m_used));
        ++m_used;
        indexEntry(static_cast<std::uint32_t>(m_used - 1));
    }

    e->exists = side == Side::New;
    if (keepRow) {
        e->now = now;
        e->nowSize = static_cast<std::uint32_t>(nowSize);
    }
}

ChangeRecorder::Entry *ChangeRecorder::findEntry()
{
    const std::size_t size = m_key.size();
    if (!m_indexed) {
        for (std::size_t i = 0; i < m_used; ++i) {
            Entry &e = m_entries[i];
            if (e.keySize == size && std::memcmp(m_bytes.data() + e.key, m_key.data(), size) == 0)
                return &e;
        }
        return nullptr;
    }
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = hashBytes(m_key.data(), size) & mask; m_slots[i]; i = (i + 1) & mask) {
        Entry &e = m_entries[m_slots[i] - 1];
        if (e.keySize == size && std::memcmp(m_bytes.data() + e.key, m_key.data(), size) == 0)
            return &e;
    }
    return nullptr;
}

void ChangeRecorder::indexEntry(std::uint32_t entry)
{
    auto insert = [this](std::uint32_t i) {
        const Entry &e = m_entries[i];
        const std::size_t mask = m_slots.size() - 1;
        std::size_t slot = hashBytes(m_bytes.data() + e.key, e.keySize) & mask;
        while (m_slots[slot])
            slot = (slot + 1) & mask;
        m_slots[slot] = i + 1;
    };
    if (m_used <= kLinearEntries)
        return;
    // Kept at most half full; the table keeps its size for later transactions.
    if (!m_indexed || m_used * 2 > m_slots.size()) {
        std::size_t size = std::max(kMinSlots, m_slots.size());
        while (m_used * 2 > size)
            size *= 2;
        m_slots.assign(size, 0u);
        m_indexed = true;
        for (std::uint32_t i = 0; i < m_used; ++i)
            insert(i);
        return;
    }
    insert(entry);
}

std::vector<unsigned char> ChangeRecorder::changeset()
{
    writeChangeset();
    return {m_out.data(), m_out.data() + m_out.size()};
}

std::span<const unsigned char> ChangeRecorder::changesetView()
{
    writeChangeset();
    return {m_out.data(), m_out.size()};
}

void ChangeRecorder::changesetInto(std::vector<unsigned char> &out)
{
    writeChangeset();
    out.assign(m_out.data(), m_out.data() + m_out.size());
}

void ChangeRecorder::readBack(Table &t, const Entry &e, bool *exists)
{
    OwnStatement own(m_ownStatement);
    if (!t.select) {
        std::string sql = "SELECT ";
        for (std::size_t c = 0; c < t.columns.size(); ++c)
            sql += (c ? ", " : "") + quotedIdentifier(t.columns[c]);
        sql += " FROM main." + quotedIdentifier(t.name) + " WHERE ";
        for (std::size_t k = 0; k < t.pkColumns.size(); ++k) {
            const std::string &column = t.columns[static_cast<std::size_t>(t.pkColumns[k])];
            sql += (k ? " AND " : "") + quotedIdentifier(column) + " IS ?" + std::to_string(k + 1);
        }
        const int rc = sqlite3_prepare_v3(m_db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT,
                                          &t.select, nullptr);
        if (rc != SQLITE_OK)
            throwDatabaseError(m_db, rc, "prepare \"" + sql + "\"");
    }
    const unsigned char *key = m_bytes.data() + e.key + sizeof(std::uint32_t);
    for (std::size_t k = 0; k < t.pkColumns.size(); ++k) {
        bindField(t.select, static_cast<int>(k + 1), key);
        key += fieldSize(key);
    }
    const int rc = sqlite3_step(t.select);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        sqlite3_reset(t.select);
        throwDatabaseError(m_db, rc, "reading back a row of \"" + t.name + "\"");
    }
    m_row.clear();
    if (rc == SQLITE_ROW) {
        for (int c = 0; c < t.columnCount; ++c)
            putValue(m_row, sqlite3_column_value(t.select, c), false, t.utf8);
    }
    sqlite3_reset(t.select);
    *exists = rc == SQLITE_ROW;
}

void ChangeRecorder::writeChange(const Table &t, const Entry &e, bool exists,
                                 const unsigned char *now, std::size_t nowSize)
{
    const unsigned char indirect = e.indirect ? 1 : 0;
    const unsigned char *old = m_bytes.data() + e.old;
    if (exists && !e.existed) {
        unsigned char *p = m_out.extend(2 + nowSize);
        p[0] = static_cast<unsigned char>(SQLITE_INSERT);
        p[1] = indirect;
        std::memcpy(p + 2, now, nowSize);
    } else if (!exists && e.existed) {
        unsigned char *p = m_out.extend(2 + e.oldSize);
        p[0] = static_cast<unsigned char>(SQLITE_DELETE);
        p[1] = indirect;
        std::memcpy(p + 2, old, e.oldSize);
    } else if (exists && e.existed) {
        // Old record: key and changed columns; new record: changed columns only.
        const std::size_t changeStart = m_out.size();
        m_out.push(static_cast<unsigned char>(SQLITE_UPDATE));
        m_out.push(indirect);
        m_update.clear();
        bool changed = false;
        for (int c = 0; c < t.columnCount; ++c) {
            const std::size_t os = fieldSize(old), ns = fieldSize(now);
            const bool differs = os != ns || std::memcmp(old, now, os) != 0;
            const bool isKey = t.pkBytes[static_cast<std::size_t>(c)] != 0;
            if (differs && !isKey) {
                changed = true;
                m_out.append(old, os);
                m_update.append(now, ns);
            } else {
                if (isKey)
                    m_out.append(old, os);
                else
                    m_out.push(static_cast<unsigned char>(kUndefined));
                m_update.push(static_cast<unsigned char>(kUndefined));
            }
            old += os;
            now += ns;
        }
        if (changed)
            m_out.append(m_update.data(), m_update.size());
        else
            m_out.truncate(changeStart);
    }
}

void ChangeRecorder::writeChangeset()
{
    m_out.clear();
    if (!m_error.empty())
        throw DatabaseError(m_error, SQLITE_ERROR);
    settleStatement();
    if (m_readBack && m_used > 0 && !m_readBackCounted) {
        ++m_readBackCount;
        m_readBackCounted = true;
    }
    for (std::uint32_t tableIndex : m_touchedTables) {
        Table &t = *m_tables[tableIndex];
        const std::size_t headerStart = m_out.size();
        unsigned char *p = m_out.extend(1 + 9);
        p[0] = 'T';
        m_out.truncate(headerStart + 1 + varint(p + 1, static_cast<std::uint64_t>(t.columnCount)));
        m_out.append(t.pkBytes.data(), t.pkBytes.size());
        m_out.append(t.name.c_str(), t.name.size() + 1);
        const std::size_t changesStart = m_out.size();

        for (std::uint32_t entryIndex : t.entries) {
            const Entry &e = m_entries[entryIndex];
            if (m_readBack) {
                bool exists = false;
                readBack(t, e, &exists);
                writeChange(t, e, exists, m_row.data(), m_row.size());
            } else {
                writeChange(t, e, e.exists, m_bytes.data() + e.now, e.nowSize);
            }
        }
        if (m_out.size() == changesStart)
            m_out.truncate(headerStart);
    }
}

} // namespace dplab
