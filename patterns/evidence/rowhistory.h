#pragma once

#include "patterns/evidence/rowchanges.h"
#include "simulation/observe/summary.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace dplab {

class EvidenceContext;

/**
 * Which commits changed each row of one service's table, read from the changesets the world
 * kept (one pass over its commits), and the row as it was right after any trace event: the
 * row now, with the changes of the later commits undone.
 */
class RowHistory
{
public:
    /** One commit's change to a row. */
    struct Change
    {
        std::uint64_t commit = 0; ///< the Commit trace event
        RowChange row;
    };

    RowHistory(const EvidenceContext &context, std::int16_t service, std::string table);

    std::int16_t service() const { return m_service; }
    const std::string &table() const { return m_table; }
    /// False when the run kept no changesets (nothing can be said about rows).
    bool known() const { return m_known; }
    const std::vector<std::string> &columns() const { return m_columns; }

    /// The changes to the row with this key, oldest first (empty when none).
    const std::vector<Change> &changesOf(std::int64_t key) const;
    /// The last change to the row at or before event `id` (0: the last of all), or null.
    const Change *lastChange(std::int64_t key, std::uint64_t id = 0) const;
    /// The change that commit `commit` made to the row, or null.
    const Change *changeAt(std::int64_t key, std::uint64_t commit) const;
    /// Every key with at least one change, ascending.
    std::vector<std::int64_t> keys() const;

    /// The row (column -> value) right after event `asOf` (0: at the end); null when it did
    /// not exist then.
    nlohmann::ordered_json rowAt(std::int64_t key, std::uint64_t asOf = 0) const;
    /// The same as evidence, with what it shows in plain words.
    EvidenceRow row(std::int64_t key, std::uint64_t asOf, std::string says) const;
    /// "status placed -> paid, version 1 -> 2" (at most `max` columns, *_us columns left out),
    /// or "new row (status placed, ...)" / "row deleted".
    std::string describeChange(const RowChange &change, std::size_t max = 3) const;

    /// A column's value in a row of rowAt ("" when absent).
    static std::string text(const nlohmann::ordered_json &row, const std::string &column);

private:
    const EvidenceContext &m_context;
    std::int16_t m_service;
    std::string m_table;
    bool m_known = false;
    std::vector<std::string> m_columns;
    int m_keyColumn = 0;
    std::unordered_map<std::int64_t, std::vector<Change>> m_changes;
};

/// A SQL value as JSON (null, integer, number or string).
nlohmann::ordered_json evidenceJsonOf(const SqlValue &v);

} // namespace dplab
