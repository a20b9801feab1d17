#pragma once

#include "patterns/module/roleinfo.h"

#include <QPainterPath>
#include <QString>

namespace dplab {

/**
 * Small vector pictograms for the glyphs of service roles (a door, a person, a receipt...),
 * drawn with painter paths in a 24 x 24 box so no image files are needed and they stay sharp at
 * any zoom.
 */
class RoleIcon
{
public:
    /// The outline of the glyph in a 24 x 24 box (stroke it, and fill closed parts).
    static QPainterPath path(RoleGlyph glyph);
    /// Two people: the clients.
    static QPainterPath clients();
};

} // namespace dplab
