#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace dplab {

class ChangeRecorder;

/** Thrown when SQLite reports an error; the message includes SQLite's own text. */
class DatabaseError : public std::runtime_error
{
public:
    DatabaseError(const std::string &what, int code)
        : std::runtime_error(what)
        , m_code(code)
    {}
    int code() const { return m_code; }

private:
    int m_code;
};

/// Throws a DatabaseError: context, then SQLite's message for db (or for rc when db is null).
[[noreturn]] void throwDatabaseError(sqlite3 *db, int rc, std::string_view context);

/** A binary SQLite changeset (session extension format). */
using Changeset = std::vector<unsigned char>;

/** A value read from or bound to SQL. */
using SqlValue = std::variant<std::monostate, std::int64_t, double, std::string>;

/** A prepared statement owned by a Database; reset after each use. */
class Statement
{
public:
    Statement(sqlite3 *db, std::string_view sql);
    ~Statement();
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    Statement &bind(int index, std::int64_t value);
    Statement &bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement &bind(int index, double value);
    Statement &bind(int index, std::string_view value);
    // Without these, std::string and string literals would be ambiguous (string_view or SqlValue).
    Statement &bind(int index, const std::string &value)
    {
        return bind(index, std::string_view(value));
    }
    Statement &bind(int index, const char *value) { return bind(index, std::string_view(value)); }
    Statement &bindNull(int index);
    Statement &bind(int index, const SqlValue &value);

    /// Steps once: true while a row is available, false when done (and then reset). Throws on
    /// error (and resets).
    bool step();
    /// Runs to completion (for INSERT/UPDATE/DELETE) and resets; returns sqlite3_changes().
    int run();
    void reset();

    int columnCount() const;
    std::string columnName(int i) const;
    std::int64_t columnInt64(int i) const;
    double columnDouble(int i) const;
    std::string columnText(int i) const;
    bool columnIsNull(int i) const;
    SqlValue column(int i) const;

    sqlite3_stmt *handle() const { return m_stmt; }

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_stmt = nullptr;
};

/** The rows of a query, for inspectors, tests and checks. */
struct QueryResult
{
    std::vector<std::string> columns;
    std::vector<std::vector<SqlValue>> rows;
};

/**
 * One service's SQLite database (RAII over sqlite3*). Statements are prepared once and cached by
 * their SQL text; only bound parameters carry data. When capture is on, every committed
 * transaction yields its changeset (session extension format, recorded by a ChangeRecorder) so a
 * timeline can undo and redo it. Captured tables need a PRIMARY KEY.
 */
class Database
{
public:
    /// Opens ":memory:" (default) or a file. Throws DatabaseError.
    explicit Database(const std::string &path = ":memory:");
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    /// Runs SQL text that comes from this program (DDL, PRAGMA), never from a scenario file.
    void exec(std::string_view sql);
    /// A cached prepared statement, reset and with bindings cleared.
    Statement &prepare(std::string_view sql);
    /// Runs a read-only query and returns every row (bounded by maxRows). Throws DatabaseError
    /// for a statement that would write or change the connection (ATTACH, BEGIN, a PRAGMA
    /// that sets something, load_extension()). maxSteps > 0 bounds the work: past that many
    /// SQLite virtual-machine steps the query stops and throws (an endless recursive query typed
    /// into a console must not freeze the app). Steps, not seconds, so the outcome is the same
    /// on every machine.
    /// Const: a query only looks, so a const Database (a view of the world) can be asked.
    QueryResult query(std::string_view sql, const std::vector<SqlValue> &params = {},
                      std::size_t maxRows = 100000, std::uint64_t maxSteps = 0) const;

    void setCaptureChangesets(bool on) { m_capture = on; }
    bool captureChangesets() const { return m_capture; }

    /// BEGIN; when capture is on, every change is recorded until commit. Nested begin throws.
    void begin();
    /// COMMIT; returns the transaction's changeset (empty when capture is off or no change).
    /// If the changes cannot be captured or COMMIT fails, throws and the transaction stays open.
    Changeset commit();
    /// The same, without a copy: the bytes stay valid until the next transaction commits.
    std::span<const unsigned char> commitView();
    /// ROLLBACK and forget the recorded changes; does nothing outside a transaction.
    void rollback();
    bool inTransaction() const { return m_inTransaction; }

    /// Applies a changeset (redo, or undo once inverted); any conflict aborts and throws, leaving
    /// the database unchanged. Triggers and foreign-key actions are off meanwhile (their effects
    /// are in the changeset already). Outside a transaction the changes are not captured. Only
    /// pass changesets made by commit(): SQLite 3.40 can loop forever on a corrupt one.
    void applyChangeset(const Changeset &changeset);
    static Changeset invertChangeset(const Changeset &changeset);
    /// Bytes SQLite holds for every database of the process, now and at its peak.
    static std::int64_t memoryUsed();
    static std::int64_t memoryPeak();

    /// Whole-database image (sqlite3_serialize) and its restore (through sqlite3_deserialize and
    /// the backup API). Cached statements stay valid and re-prepare against the restored schema.
    std::vector<unsigned char> serialize() const;
    void deserialize(const std::vector<unsigned char> &image);

    /// User tables, sorted by name.
    std::vector<std::string> tables();
    std::int64_t lastInsertRowId() const;
    int changes() const;

    sqlite3 *handle() const { return m_db; }
    const std::string &path() const { return m_path; }

private:
    /// Lets prepare() look up a string_view without building a std::string.
    struct SqlHash
    {
        using is_transparent = void;
        std::size_t operator()(std::string_view sql) const
        {
            return std::hash<std::string_view>{}(sql);
        }
    };

    void check(int rc, const char *what) const;
    /// A statement of this program's own (BEGIN, COMMIT), prepared once.
    Statement &own(Statement *&cached, std::string_view sql);
    /// Back to the change recorder's authorizer after query() used its own.
    void restoreAuthorizer() const;

    sqlite3 *m_db = nullptr;
    std::string m_path;
    bool m_capture = true;
    bool m_inTransaction = false;
    std::unique_ptr<ChangeRecorder> m_recorder;
    std::unordered_map<std::string, std::unique_ptr<Statement>, SqlHash, std::equal_to<>>
        m_statements;
    Statement *m_begin = nullptr;
    Statement *m_commit = nullptr;
    /// prepare() looks here first, by where the SQL text lives (a string literal's address is
    /// the same at every call), then compares the text: no hash of the whole text per call.
    struct Recent
    {
        const char *data = nullptr;
        const std::string *sql = nullptr;
        Statement *statement = nullptr;
    };
    static constexpr std::size_t kRecent = 16;
    Recent m_recent[kRecent];
};

/// Prepares SQLite for a program that runs Worlds on several threads at once: call it first thing
/// in main(), before any database opens (later it changes nothing). SQLite's memory statistics
/// take one process-wide mutex on every allocation, which made two threads slower than one;
/// dplab reads none of those statistics. Returns false when SQLite was already in use.
bool configureSqliteForThreads();

} // namespace dplab
