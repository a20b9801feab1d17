#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace dplab {

class World;

/**
 * A measurement, not behaviour: reads the current version of an entity straight from its
 * owner's database, so stale reads can be counted without sending any message or changing
 * anything the simulated services see.
 */
class SourcePeek
{
public:
    /// `SELECT version FROM table WHERE id = id` at the first service of `role`; nothing when
    /// there is no such service or row.
    static std::optional<std::int64_t> version(const World &world, const std::string &role,
                                               const std::string &table, std::int64_t id);
};

} // namespace dplab
