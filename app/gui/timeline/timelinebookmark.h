#pragma once

#include "simulation/kernel/simtime.h"

#include <QString>

#include <cstddef>

namespace dplab {

/** A named moment of a run: the playhead position (events applied) and its virtual time. */
struct TimelineBookmark
{
    QString name;
    std::size_t position = 0;
    SimTime time = 0;

    bool operator==(const TimelineBookmark &) const = default;
};

} // namespace dplab
