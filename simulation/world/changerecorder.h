#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;
struct sqlite3_value;

namespace dplab {

/**
 * Records the row changes of one transaction through SQLite's preupdate hook and writes them as a
 * changeset in the session extension's binary format, so sqlite3changeset_apply/invert work on it.
 *
 * It follows the session extension's rules: the first change to a row keeps the row's values at
 * the start of the transaction; at the end the current row is read back by primary key (through a
 * statement prepared once per table) and INSERT/UPDATE/DELETE is decided from "existed before" and
 * "exists now", so statements or savepoints rolled back inside the transaction leave no trace. A
 * session object would do the same but re-reads the schema and re-prepares its queries for every
 * transaction, which costs ~30 us per table touched.
 *
 * Changes to tables in "main" are recorded; a table without a PRIMARY KEY, a row with a NULL key
 * or a table with generated columns cannot be captured and makes changeset() throw.
 */
class ChangeRecorder
{
public:
    /// Installs the preupdate hook on db for the recorder's lifetime (one hook per connection).
    explicit ChangeRecorder(sqlite3 *db);
    ~ChangeRecorder();
    ChangeRecorder(const ChangeRecorder &) = delete;
    ChangeRecorder &operator=(const ChangeRecorder &) = delete;

    /// Starts recording a transaction (call right after BEGIN).
    void start();
    /// The changeset of everything recorded so far, judged against the current rows; recording
    /// continues until stop(). Throws DatabaseError when a change could not be captured.
    std::vector<unsigned char> changeset();
    /// Stops recording and forgets the transaction.
    void stop();
    bool recording() const { return m_recording; }

    /// Forgets cached table layouts and finalizes statements (when the schema was replaced).
    void invalidateSchema();

private:
    struct Table;
    struct Entry
    {
        std::uint32_t table = 0;
        bool existed = false; ///< the row existed when the transaction started
        bool indirect = true; ///< every change to it came from a trigger
        std::string key;      ///< table index + encoded primary key
        std::string old;      ///< encoded row at the start (when existed)
    };

    static void preupdate(void *self, sqlite3 *db, int op, const char *dbName,
                          const char *tableName, long long key1, long long key2);
    void onChange(int op, const char *tableName);
    void touch(std::uint32_t table, bool useNew, bool existed, bool indirect);
    Table *table(const char *name, std::uint32_t *index);
    void loadTable(Table &table);
    void checkSchemaVersion();

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
    sqlite3_stmt *m_schemaVersionStmt = nullptr;
    std::vector<std::unique_ptr<Table>> m_tables;
    std::unordered_map<std::string, std::uint32_t, NameHash, std::equal_to<>> m_tableIndex;

    std::vector<Entry> m_entries; ///< first-touch order; the first m_used are this transaction's
    std::size_t m_used = 0;
    std::unordered_map<std::string, std::uint32_t> m_entryIndex; ///< built past a few entries
    std::vector<std::uint32_t> m_touchedTables;                  ///< first-touch order
    std::string m_key;                                           ///< scratch
    std::string m_row;                                           ///< scratch
};

} // namespace dplab
