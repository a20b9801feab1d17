#pragma once

#include "simulation/world/database.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace dplab {

/** One row that a committed transaction changed, as its changeset records it. */
struct RowChange
{
    enum class Op { Insert, Update, Delete };
    std::string table;
    Op op = Op::Update;
    int keyColumn = 0; ///< the first primary-key column
    SqlValue key;      ///< its value
    /// Per column, the value before and after; empty where the changeset does not record it
    /// (an UPDATE records only the key and the columns it changed).
    std::vector<std::optional<SqlValue>> before, after;
};

/// The rows a changeset (the session extension's format, as World::commits() keeps them)
/// changed, in its order; empty for an unreadable one.
std::vector<RowChange> readRowChanges(std::span<const unsigned char> changeset);

/// True when the changeset changes a row of `table` (cheaper than reading every value).
bool changesetTouches(std::span<const unsigned char> changeset, const std::string &table);

} // namespace dplab
