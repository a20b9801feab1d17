#pragma once

#include <QPainterPath>
#include <QString>

namespace dplab {

/**
 * Small vector pictograms for service roles (gateway, orders, payments...), drawn with painter
 * paths in a 24 x 24 box so no image files are needed and they stay sharp at any zoom.
 */
class RoleIcon
{
public:
    /// The outline of the role's pictogram in a 24 x 24 box (stroke it, and fill closed parts).
    static QPainterPath path(const QString &role);
    /// A one- or two-word description of the role for tooltips.
    static QString description(const QString &role);
};

} // namespace dplab
