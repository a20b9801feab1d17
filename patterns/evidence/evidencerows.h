#pragma once

#include "simulation/observe/summary.h"
#include "simulation/world/database.h"

#include <cstdint>
#include <string>

namespace dplab {

class World;

/** Database rows for evidence, read as they are now (the end of the run). */
struct EvidenceRows
{
    /// The row of `table` in service `service`'s database whose `column` equals `key`, with
    /// every column; values null when there is no such row (or the table cannot be read).
    static EvidenceRow read(const World &world, std::int16_t service, const std::string &table,
                            const std::string &column, const SqlValue &key, std::string says);
};

} // namespace dplab
