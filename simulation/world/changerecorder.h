#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace dplab {

/**
 * Records the row changes of one transaction through SQLite's preupdate hook and writes them as a
 * changeset in the session extension's binary format, so sqlite3changeset_apply/invert work on it.
 *
 * It follows the session extension's rules: the first change to a row keeps the row's values at
 * the start of the transaction, the last one gives its values at the end, and INSERT/UPDATE/DELETE
 * is decided from "existed before" and "exists now". The hook sees every change but not the
 * statement or savepoint rollbacks that undo some of them; when the transaction may have had one
 * (a failed statement, ROLLBACK TO, DDL, a statement run from inside another, a blob written in
 * place), the rows are read back by primary key instead, through a statement prepared once per
 * table, as a session would. (A session object costs ~30 us per transaction, reading every row
 * back ~1 us; taking the rows from the hook a few hundred ns.)
 *
 * For that it owns the connection's preupdate hook, its SQLITE_TRACE_STMT trace callback and its
 * authorizer (which only watches for re-prepared statements, i.e. schema changes); nothing else
 * may set them. Statements must be prepared with sqlite3_prepare_v2/v3 (the legacy
 * sqlite3_prepare() keeps no SQL text, so SQLite does not trace them).
 *
 * Changes to tables in "main" are recorded; a table without a PRIMARY KEY, a row with a NULL key
 * or a table with generated columns cannot be captured and makes changeset() throw.
 */
class ChangeRecorder
{
public:
    /// Installs the hooks on db for the recorder's lifetime.
    explicit ChangeRecorder(sqlite3 *db);
    ~ChangeRecorder();
    ChangeRecorder(const ChangeRecorder &) = delete;
    ChangeRecorder &operator=(const ChangeRecorder &) = delete;

    /// Starts recording a transaction (call right after BEGIN).
    void start();
    /// The changeset of everything recorded so far, judged against the current rows; recording
    /// continues until stop(). Throws DatabaseError when a change could not be captured.
    std::vector<unsigned char> changeset();
    /// The same without a copy: valid until the next changeset is written (stop() keeps it).
    std::span<const unsigned char> changesetView();
    /// The same into out (replacing its contents, keeping its capacity).
    void changesetInto(std::vector<unsigned char> &out);
    /// Stops recording and forgets the transaction.
    void stop();
    bool recording() const { return m_recording; }

    /// Forgets cached table layouts and finalizes statements (when the schema was replaced).
    void invalidateSchema();
    /// Puts the recorder's authorizer back after someone else's (Database::query's) was used.
    void reinstallAuthorizer();

    /// How many transactions had to read their rows back (for tests and profiling).
    std::uint64_t readBackCount() const { return m_readBackCount; }

private:
    struct Table;
    /// Bytes that keep their capacity; appends are inline (std::vector's zero-fill and are not).
    class Buffer
    {
    public:
        std::size_t size() const { return m_size; }
        const unsigned char *data() const { return m_data.get(); }
        unsigned char *extend(std::size_t n)
        {
            if (m_capacity - m_size < n)
                grow(n);
            unsigned char *p = m_data.get() + m_size;
            m_size += n;
            return p;
        }
        void push(unsigned char c) { *extend(1) = c; }
        void append(const void *p, std::size_t n)
        {
            if (n)
                std::memcpy(extend(n), p, n);
        }
        void clear() { m_size = 0; }
        void truncate(std::size_t size) { m_size = size; }

    private:
        void grow(std::size_t n);
        std::unique_ptr<unsigned char[]> m_data;
        std::size_t m_size = 0;
        std::size_t m_capacity = 0;
    };
    /// A row touched by the transaction; the byte ranges are in m_bytes.
    struct Entry
    {
        std::size_t key = 0; ///< table index + encoded primary key
        std::size_t old = 0; ///< encoded row at the start (when existed)
        std::size_t now = 0; ///< encoded row after the last change (when exists)
        std::uint32_t keySize = 0, oldSize = 0, nowSize = 0;
        std::uint32_t table = 0;
        bool existed = false; ///< the row existed when the transaction started
        bool exists = false;  ///< the row exists after the last change seen
        bool indirect = true; ///< every change to it came from a trigger
    };
    enum class Side { Old, New };

    static void preupdate(void *self, sqlite3 *db, int op, const char *dbName,
                          const char *tableName, long long key1, long long key2);
    static int trace(unsigned type, void *self, void *stmt, void *sql);
    static int authorize(void *self, int action, const char *, const char *, const char *,
                         const char *);
    void onChange(int op, const char *tableName);
    void onStatement(sqlite3_stmt *stmt, const char *sql);
    void settleStatement();
    void touch(std::uint32_t tableIndex, Side side, bool indirect);
    void encodeRow(const Table &t, Side side);
    Table *table(const char *name, std::uint32_t *index);
    void loadTable(Table &table);
    void checkSchemaVersion();
    Entry *findEntry();
    void indexEntry(std::uint32_t entry);
    void readBack(Table &t, const Entry &e, bool *exists);
    void writeChange(const Table &t, const Entry &e, bool exists, const unsigned char *now,
                     std::size_t nowSize);
    void writeChangeset();
    void setError(std::string message);

    struct NameHash
    {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const
        {
            return std::hash<std::string_view>{}(s);
        }
    };

    sqlite3 *m_db;
    bool m_recording = false;
    std::string m_error;
    std::int64_t m_schemaVersion = -1;
    bool m_schemaMaybeChanged = true; ///< a statement was (re)prepared since the last check
    bool m_ownStatement = false;      ///< the recorder itself is preparing or stepping
    sqlite3_stmt *m_schemaVersionStmt = nullptr;
    std::vector<std::unique_ptr<Table>> m_tables;
    std::unordered_map<std::string, std::uint32_t, NameHash, std::equal_to<>> m_tableIndex;
    std::uint32_t m_lastTable = 0; ///< the table of the previous change, tried first
    bool m_hasLastTable = false;

    bool m_readBack = false;             ///< this transaction's rows must be read back
    bool m_readBackCounted = false;      ///< in m_readBackCount already
    bool m_statementHooked = false;      ///< the last statement that started changed rows
    sqlite3_stmt *m_statement = nullptr; ///< the last statement that started
    std::uint64_t m_readBackCount = 0;

    std::vector<Entry> m_entries; ///< first-touch order; the first m_used are this transaction's
    std::size_t m_used = 0;
    std::vector<std::uint32_t> m_slots;         ///< open-addressing index: entry + 1, 0 = free
    bool m_indexed = false;                     ///< m_slots is in use (past a few entries)
    std::vector<std::uint32_t> m_touchedTables; ///< first-touch order
    Buffer m_bytes;                             ///< keys and rows of this transaction
    Buffer m_key;                               ///< scratch
    Buffer m_row;                               ///< scratch: a row read back
    Buffer m_update;                            ///< scratch: the new half of an UPDATE
    Buffer m_out;                               ///< the changeset being written
};

} // namespace dplab
