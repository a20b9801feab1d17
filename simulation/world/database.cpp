#include "simulation/world/database.h"

#include "simulation/world/changerecorder.h"

#include "simulation/world/sqlitesession.h"

#include <algorithm>
#include <cstring>

namespace dplab {

void throwDatabaseError(sqlite3 *db, int rc, std::string_view context)
{
    std::string message(context);
    message += ": ";
    message += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    throw DatabaseError(message, rc);
}

namespace {

std::string statementContext(const char *what, sqlite3_stmt *stmt)
{
    std::string text(what);
    if (const char *sql = stmt ? sqlite3_sql(stmt) : nullptr) {
        text += " \"";
        text += sql;
        text += '"';
    }
    return text;
}

/// The authorizer of query(): reading only. sqlite3_stmt_readonly() alone lets through what
/// changes the connection rather than a file (ATTACH, BEGIN, "PRAGMA query_only(1)",
/// "PRAGMA foreign_keys(0)"), which would break or silently change the simulation.
int authorizeReadOnly(void *, int action, const char *a, const char *b, const char *, const char *)
{
    switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_RECURSIVE:
        return SQLITE_OK;
    case SQLITE_FUNCTION:
        return std::string_view(b ? b : "") == "load_extension" ? SQLITE_DENY : SQLITE_OK;
    case SQLITE_UPDATE:
        // SQLite asks this while it declares a table-valued function's columns
        // (pragma_table_info(), json_each()); a real UPDATE fails sqlite3_stmt_readonly().
        return std::string_view(a ? a : "") == "sqlite_master" ? SQLITE_OK : SQLITE_DENY;
    case SQLITE_PRAGMA: {
        // Without an argument a pragma reports; with one only those whose argument names what
        // to report on are allowed ("PRAGMA table_info(orders)").
        static constexpr std::string_view kReporting[] = {
            "table_info",      "table_xinfo", "table_list",       "index_list",
            "index_info",      "index_xinfo", "foreign_key_list", "foreign_key_check",
            "integrity_check", "quick_check"};
        const std::string_view name = a ? a : "";
        if (!b)
            return SQLITE_OK;
        for (std::string_view ok : kReporting)
            if (sqlite3_stricmp(std::string(name).c_str(), std::string(ok).c_str()) == 0)
                return SQLITE_OK;
        return SQLITE_DENY;
    }
    default:
        return SQLITE_DENY;
    }
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Statement

Statement::Statement(sqlite3 *db, std::string_view sql)
    : m_db(db)
{
    const char *tail = nullptr;
    const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &m_stmt, &tail);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
        throwDatabaseError(db, rc, "prepare \"" + std::string(sql) + "\"");
    }
    if (!m_stmt) {
        throw DatabaseError("prepare \"" + std::string(sql) + "\": no SQL statement",
                            SQLITE_MISUSE);
    }
    // Text after the first statement would be silently ignored; refuse it instead.
    const char *end = sql.data() + sql.size();
    for (const char *p = tail; p && p < end; ++p) {
        if (*p != ';' && *p != ' ' && *p != '\n' && *p != '\t' && *p != '\r') {
            sqlite3_finalize(m_stmt);
            m_stmt = nullptr;
            throw DatabaseError("prepare \"" + std::string(sql) +
                                    "\": only one SQL statement is allowed",
                                SQLITE_MISUSE);
        }
    }
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

Statement &Statement::bind(int index, std::int64_t value)
{
    const int rc = sqlite3_bind_int64(m_stmt, index, value);
    if (rc != SQLITE_OK)
        throwDatabaseError(m_db, rc, statementContext("bind", m_stmt));
    return *this;
}

Statement &Statement::bind(int index, double value)
{
    const int rc = sqlite3_bind_double(m_stmt, index, value);
    if (rc != SQLITE_OK)
        throwDatabaseError(m_db, rc, statementContext("bind", m_stmt));
    return *this;
}

Statement &Statement::bind(int index, std::string_view value)
{
    // A null data pointer would bind SQL NULL; an empty string_view must stay an empty text.
    const char *data = value.data() ? value.data() : "";
    const int rc =
        sqlite3_bind_text64(m_stmt, index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK)
        throwDatabaseError(m_db, rc, statementContext("bind", m_stmt));
    return *this;
}

Statement &Statement::bindNull(int index)
{
    const int rc = sqlite3_bind_null(m_stmt, index);
    if (rc != SQLITE_OK)
        throwDatabaseError(m_db, rc, statementContext("bind", m_stmt));
    return *this;
}

Statement &Statement::bind(int index, const SqlValue &value)
{
    struct Binder
    {
        Statement &s;
        int i;
        Statement &operator()(std::monostate) const { return s.bindNull(i); }
        Statement &operator()(std::int64_t v) const { return s.bind(i, v); }
        Statement &operator()(double v) const { return s.bind(i, v); }
        Statement &operator()(const std::string &v) const { return s.bind(i, std::string_view(v)); }
    };
    return std::visit(Binder{*this, index}, value);
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE) {
        // Ready for new bindings right away (binding a finished statement is an error).
        sqlite3_reset(m_stmt);
        return false;
    }
    // Keep the message before reset() so the statement stays reusable after the throw.
    const std::string message = statementContext("step", m_stmt) + ": " + sqlite3_errmsg(m_db);
    sqlite3_reset(m_stmt);
    throw DatabaseError(message, rc);
}

int Statement::run()
{
    while (step()) {
    }
    return sqlite3_changes(m_db);
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
}

int Statement::columnCount() const
{
    return sqlite3_column_count(m_stmt);
}

std::string Statement::columnName(int i) const
{
    const char *name = sqlite3_column_name(m_stmt, i);
    return name ? name : std::string();
}

std::int64_t Statement::columnInt64(int i) const
{
    return sqlite3_column_int64(m_stmt, i);
}

double Statement::columnDouble(int i) const
{
    return sqlite3_column_double(m_stmt, i);
}

std::string Statement::columnText(int i) const
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, i));
    const int size = sqlite3_column_bytes(m_stmt, i);
    return text ? std::string(text, static_cast<std::size_t>(size)) : std::string();
}

bool Statement::columnIsNull(int i) const
{
    return sqlite3_column_type(m_stmt, i) == SQLITE_NULL;
}

SqlValue Statement::column(int i) const
{
    switch (sqlite3_column_type(m_stmt, i)) {
    case SQLITE_INTEGER:
        return sqlite3_column_int64(m_stmt, i);
    case SQLITE_FLOAT:
        return sqlite3_column_double(m_stmt, i);
    case SQLITE_NULL:
        return std::monostate{};
    case SQLITE_BLOB: {
        const auto *data = static_cast<const char *>(sqlite3_column_blob(m_stmt, i));
        const int size = sqlite3_column_bytes(m_stmt, i);
        return data ? std::string(data, static_cast<std::size_t>(size)) : std::string();
    }
    default:
        return columnText(i);
    }
}

// ---------------------------------------------------------------------------------------------
// Database

Database::Database(const std::string &path)
    : m_path(path)
{
    // One connection per service, used by one thread at a time: no mutex needed.
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        const std::string message =
            "open \"" + path + "\": " + (m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc));
        sqlite3_close(m_db);
        m_db = nullptr;
        throw DatabaseError(message, rc);
    }
    try {
        exec("PRAGMA foreign_keys = ON");
        if (path != ":memory:" && !path.empty()) {
            // A simulator's database need not survive a power cut; speed matters more.
            exec("PRAGMA journal_mode = MEMORY");
            exec("PRAGMA synchronous = OFF");
        }
        m_recorder = std::make_unique<ChangeRecorder>(m_db);
    } catch (...) {
        m_statements.clear();
        sqlite3_close(m_db);
        m_db = nullptr;
        throw;
    }
}

Database::~Database()
{
    m_statements.clear();
    m_recorder.reset();
    sqlite3_close(m_db);
}

void Database::check(int rc, const char *what) const
{
    if (rc != SQLITE_OK)
        throwDatabaseError(m_db, rc, what);
}

void Database::exec(std::string_view sql)
{
    const std::string text(sql);
    char *error = nullptr;
    const int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        std::string message = "exec \"" + text + "\": " + (error ? error : sqlite3_errstr(rc));
        sqlite3_free(error);
        throw DatabaseError(message, rc);
    }
}

Statement &Database::prepare(std::string_view sql)
{
    Recent &recent = m_recent[(reinterpret_cast<std::uintptr_t>(sql.data()) >> 3) % kRecent];
    Statement *found = nullptr;
    if (recent.data == sql.data() && recent.sql && *recent.sql == sql) {
        found = recent.statement;
    } else {
        auto it = m_statements.find(sql);
        if (it == m_statements.end()) {
            auto statement = std::make_unique<Statement>(m_db, sql);
            it = m_statements.emplace(std::string(sql), std::move(statement)).first;
            recent = Recent{sql.data(), &it->first, it->second.get()};
            return *it->second;
        }
        recent = Recent{sql.data(), &it->first, it->second.get()};
        found = it->second.get();
    }
    sqlite3_stmt *stmt = found->handle();
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return *found;
}

Statement &Database::own(Statement *&cached, std::string_view sql)
{
    if (!cached)
        cached = &prepare(sql);
    return *cached;
}

namespace {

/// Stops the statements of one connection after a number of virtual-machine steps (SQLite's
/// progress handler, called every kStepsPerCall steps); 0 means no bound. RAII: removed on exit.
class StepBudget
{
public:
    StepBudget(sqlite3 *db, std::uint64_t maxSteps)
        : m_db(db)
        , m_calls(maxSteps / kStepsPerCall)
    {
        if (maxSteps > 0)
            sqlite3_progress_handler(m_db, kStepsPerCall, &StepBudget::tick, this);
    }
    ~StepBudget() { sqlite3_progress_handler(m_db, 0, nullptr, nullptr); }
    StepBudget(const StepBudget &) = delete;
    StepBudget &operator=(const StepBudget &) = delete;
    bool exceeded() const { return m_exceeded; }

private:
    static constexpr int kStepsPerCall = 1000;
    static int tick(void *self)
    {
        auto *b = static_cast<StepBudget *>(self);
        if (b->m_calls == 0) {
            b->m_exceeded = true;
            return 1; // SQLITE_INTERRUPT
        }
        --b->m_calls;
        return 0;
    }
    sqlite3 *m_db;
    std::uint64_t m_calls;
    bool m_exceeded = false;
};

} // namespace

QueryResult Database::query(std::string_view sql, const std::vector<SqlValue> &params,
                            std::size_t maxRows, std::uint64_t maxSteps) const
{
    // Inspectors and checks look; only the simulation's own handlers may change data. The
    // authorizer judges the statement while it is prepared (it is stepped right away, before
    // anything could make SQLite prepare it again).
    sqlite3_set_authorizer(m_db, &authorizeReadOnly, nullptr);
    std::optional<Statement> prepared;
    try {
        prepared.emplace(m_db, sql);
    } catch (const DatabaseError &e) {
        restoreAuthorizer();
        if (e.code() == SQLITE_AUTH)
            throw DatabaseError("query \"" + std::string(sql) +
                                    "\": not a read-only statement (only reading is allowed: no "
                                    "writes, ATTACH, transactions, settings or extensions)",
                                SQLITE_AUTH);
        throw;
    } catch (...) {
        restoreAuthorizer();
        throw;
    }
    restoreAuthorizer();
    Statement &statement = *prepared;
    if (!sqlite3_stmt_readonly(statement.handle()))
        throw DatabaseError("query \"" + std::string(sql) +
                                "\": not a read-only statement (use prepare() to change data)",
                            SQLITE_MISUSE);
    for (std::size_t i = 0; i < params.size(); ++i)
        statement.bind(static_cast<int>(i + 1), params[i]);
    StepBudget budget(m_db, maxSteps);
    QueryResult result;
    const int n = statement.columnCount();
    result.columns.reserve(static_cast<std::size_t>(n));
    for (int c = 0; c < n; ++c)
        result.columns.push_back(statement.columnName(c));
    try {
        while (result.rows.size() < maxRows && statement.step()) {
            std::vector<SqlValue> row;
            row.reserve(static_cast<std::size_t>(n));
            for (int c = 0; c < n; ++c)
                row.push_back(statement.column(c));
            result.rows.push_back(std::move(row));
        }
    } catch (const DatabaseError &e) {
        if (!budget.exceeded())
            throw;
        throw DatabaseError("query \"" + std::string(sql) + "\": stopped after " +
                                std::to_string(maxSteps / 1000000) +
                                " million SQLite steps, the most one query may take here (add a "
                                "LIMIT or a WHERE clause)",
                            SQLITE_INTERRUPT);
    }
    return result;
}

void Database::restoreAuthorizer() const
{
    if (m_recorder)
        m_recorder->reinstallAuthorizer();
    else
        sqlite3_set_authorizer(m_db, nullptr, nullptr);
}

void Database::begin()
{
    if (m_inTransaction)
        throw DatabaseError("begin: a transaction is already open on \"" + m_path + "\"",
                            SQLITE_MISUSE);
    own(m_begin, "BEGIN").run();
    m_inTransaction = true;
    if (m_capture) {
        try {
            m_recorder->start();
        } catch (...) {
            rollback();
            throw;
        }
    }
}

Changeset Database::commit()
{
    const auto bytes = commitView();
    return Changeset(bytes.begin(), bytes.end());
}

std::span<const unsigned char> Database::commitView()
{
    if (!m_inTransaction)
        throw DatabaseError("commit: no transaction is open on \"" + m_path + "\"", SQLITE_MISUSE);
    std::span<const unsigned char> changeset;
    if (m_recorder->recording())
        changeset = m_recorder->changesetView();
    own(m_commit, "COMMIT").run();
    m_inTransaction = false;
    m_recorder->stop();
    return changeset;
}

void Database::rollback()
{
    m_recorder->stop();
    if (!m_inTransaction)
        return;
    m_inTransaction = false;
    // SQLite rolls back by itself after some errors (SQLITE_FULL, SQLITE_NOMEM...).
    if (!sqlite3_get_autocommit(m_db))
        prepare("ROLLBACK").run();
}

namespace {

struct ApplyContext
{
    std::string conflict;
};

int abortOnConflict(void *context, int reason, sqlite3_changeset_iter *iter)
{
    auto *ctx = static_cast<ApplyContext *>(context);
    const char *table = nullptr;
    int columns = 0, op = 0, indirect = 0;
    sqlite3changeset_op(iter, &table, &columns, &op, &indirect);
    const char *what = "conflict";
    switch (reason) {
    case SQLITE_CHANGESET_DATA:
        what = "row differs from the changeset's old values";
        break;
    case SQLITE_CHANGESET_NOTFOUND:
        what = "row not found";
        break;
    case SQLITE_CHANGESET_CONFLICT:
        what = "row already exists";
        break;
    case SQLITE_CHANGESET_CONSTRAINT:
        what = "constraint violation";
        break;
    case SQLITE_CHANGESET_FOREIGN_KEY:
        what = "foreign key violation";
        break;
    }
    const char *opName = op == SQLITE_INSERT ? "INSERT" : op == SQLITE_DELETE ? "DELETE" : "UPDATE";
    if (ctx->conflict.empty())
        ctx->conflict =
            std::string(what) + " (" + opName + " on " + (table ? table : "foreign keys") + ")";
    return SQLITE_CHANGESET_ABORT;
}

} // namespace

void Database::applyChangeset(const Changeset &changeset)
{
    if (changeset.empty())
        return;
    // A changeset already holds every row that triggers and ON DELETE/UPDATE actions changed;
    // letting them fire again while applying would change those rows twice.
    struct Suppress
    {
        sqlite3 *db;
        int triggers = 1, foreignKeys = 1;
        explicit Suppress(sqlite3 *d)
            : db(d)
        {
            sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, -1, &triggers);
            sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FKEY, -1, &foreignKeys);
            sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
            sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FKEY, 0, nullptr);
        }
        ~Suppress()
        {
            sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, triggers, nullptr);
            sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FKEY, foreignKeys, nullptr);
        }
    };
    ApplyContext context;
    int rc = SQLITE_OK;
    {
        Suppress suppress(m_db);
        rc = sqlite3changeset_apply(m_db, static_cast<int>(changeset.size()),
                                    const_cast<unsigned char *>(changeset.data()), nullptr,
                                    abortOnConflict, &context);
    }
    if (rc != SQLITE_OK) {
        std::string message = "apply changeset: ";
        message += context.conflict.empty() ? sqlite3_errmsg(m_db) : context.conflict;
        throw DatabaseError(message, rc);
    }
}

Changeset Database::invertChangeset(const Changeset &changeset)
{
    if (changeset.empty())
        return {};
    int size = 0;
    void *data = nullptr;
    const int rc =
        sqlite3changeset_invert(static_cast<int>(changeset.size()), changeset.data(), &size, &data);
    Changeset inverted;
    if (rc == SQLITE_OK && data) {
        const auto *bytes = static_cast<const unsigned char *>(data);
        inverted.assign(bytes, bytes + size);
    }
    sqlite3_free(data);
    if (rc != SQLITE_OK)
        throw DatabaseError(std::string("invert changeset: ") + sqlite3_errstr(rc), rc);
    return inverted;
}

std::vector<unsigned char> Database::serialize() const
{
    sqlite3_int64 size = 0;
    unsigned char *data = sqlite3_serialize(m_db, "main", &size, 0);
    // A database without a single page serializes to nothing (and a null pointer).
    if (!data) {
        if (size == 0)
            return {};
        throw DatabaseError("serialize \"" + m_path + "\": out of memory", SQLITE_NOMEM);
    }
    std::vector<unsigned char> image(data, data + size);
    sqlite3_free(data);
    return image;
}

void Database::deserialize(const std::vector<unsigned char> &image)
{
    if (m_inTransaction)
        throw DatabaseError("deserialize: a transaction is open on \"" + m_path + "\"",
                            SQLITE_MISUSE);
    // SQLite 3.40's sqlite3_deserialize() leaves any eponymous virtual table already used on the
    // connection (pragma_table_info, json_each...) pointing at freed memory. So the image is
    // opened on a scratch connection and copied in with the backup API, which also bumps the
    // schema cookie so that cached statements re-prepare against the restored schema.
    struct Scratch
    {
        sqlite3 *db = nullptr;
        ~Scratch() { sqlite3_close(db); }
    } scratch;
    int rc =
        sqlite3_open_v2(":memory:", &scratch.db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK)
        throwDatabaseError(scratch.db, rc, "deserialize: scratch connection");
    const auto size = static_cast<sqlite3_int64>(image.size());
    auto *buffer =
        static_cast<unsigned char *>(sqlite3_malloc64(std::max<sqlite3_uint64>(1, image.size())));
    if (!buffer)
        throw DatabaseError("deserialize \"" + m_path + "\": out of memory", SQLITE_NOMEM);
    if (!image.empty())
        std::memcpy(buffer, image.data(), image.size());
    // With FREEONCLOSE SQLite owns the buffer from here on, even when the call fails.
    rc = sqlite3_deserialize(scratch.db, "main", buffer, size, std::max<sqlite3_int64>(1, size),
                             SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
    if (rc != SQLITE_OK)
        throwDatabaseError(scratch.db, rc, "deserialize");

    // A statement left mid-iteration would hold a read lock and block the copy.
    for (auto &entry : m_statements)
        entry.second->reset();
    m_recorder->invalidateSchema();
    sqlite3_backup *backup = sqlite3_backup_init(m_db, "main", scratch.db, "main");
    if (!backup)
        throwDatabaseError(m_db, sqlite3_errcode(m_db), "deserialize");
    const int stepRc = sqlite3_backup_step(backup, -1);
    rc = sqlite3_backup_finish(backup);
    if (stepRc != SQLITE_DONE)
        throwDatabaseError(m_db, rc != SQLITE_OK ? rc : stepRc, "deserialize \"" + m_path + "\"");
}

std::vector<std::string> Database::tables()
{
    Statement &statement = prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name "
                                   "NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
    std::vector<std::string> names;
    while (statement.step())
        names.push_back(statement.columnText(0));
    statement.reset();
    return names;
}

std::int64_t Database::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const
{
    return sqlite3_changes(m_db);
}

std::int64_t Database::memoryUsed()
{
    return sqlite3_memory_used();
}

std::int64_t Database::memoryPeak()
{
    return sqlite3_memory_highwater(0);
}

bool configureSqliteForThreads()
{
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
}

} // namespace dplab
