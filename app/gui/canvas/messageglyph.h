#pragma once

#include "simulation/observe/traceevent.h"

#include <QPainterPath>
#include <QRectF>

class QPainter;

namespace dplab {

class CanvasTheme;

/**
 * The shape of each message kind (request circle, reply rounded square, event diamond,
 * command triangle, compensation triangle upside down, query cross), so the kinds differ by
 * more than colour. Filled, the mark is a message in flight; hollow, a message that took no
 * time. The message sprites and the legend both draw with it.
 */
class MessageGlyph
{
public:
    /// The outline of `kind`'s shape, fitted in `box`.
    static QPainterPath shape(MessageKind kind, const QRectF &box);
    /// Draws the mark of `kind` in `box` with `theme`'s colours: filled, or `hollow`.
    static void paint(QPainter *painter, MessageKind kind, const QRectF &box,
                      const CanvasTheme &theme, bool hollow);
};

} // namespace dplab
