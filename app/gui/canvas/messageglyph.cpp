#include "app/gui/canvas/messageglyph.h"

#include "app/gui/canvas/canvastheme.h"

#include <QPainter>
#include <QPolygonF>

namespace dplab {

QPainterPath MessageGlyph::shape(MessageKind kind, const QRectF &box)
{
    QPainterPath path;
    const QPointF c = box.center();
    const double w = box.width();
    const double h = box.height();
    switch (kind) {
    case MessageKind::Reply:
        path.addRoundedRect(box, w * 0.18, h * 0.18);
        break;
    case MessageKind::Event: {
        // Its points reach a little past the box: a diamond inside it looks smaller than the
        // circle and the square beside it.
        const QRectF b = box.adjusted(-w * 0.05, -h * 0.05, w * 0.05, h * 0.05);
        path.addPolygon(QPolygonF({QPointF(c.x(), b.top()), QPointF(b.right(), c.y()),
                                   QPointF(c.x(), b.bottom()), QPointF(b.left(), c.y())}));
        path.closeSubpath();
        break;
    }
    case MessageKind::Command:
        path.addPolygon(QPolygonF({QPointF(c.x(), box.top()), box.bottomRight(), box.bottomLeft(),
                                   QPointF(c.x(), box.top())}));
        break;
    case MessageKind::Compensation:
        path.addPolygon(QPolygonF(
            {box.topLeft(), box.topRight(), QPointF(c.x(), box.bottom()), box.topLeft()}));
        break;
    case MessageKind::Query: {
        const double a = w * 0.17; // half an arm's thickness
        path.addPolygon(QPolygonF({
            QPointF(c.x() - a, box.top()),
            QPointF(c.x() + a, box.top()),
            QPointF(c.x() + a, c.y() - a),
            QPointF(box.right(), c.y() - a),
            QPointF(box.right(), c.y() + a),
            QPointF(c.x() + a, c.y() + a),
            QPointF(c.x() + a, box.bottom()),
            QPointF(c.x() - a, box.bottom()),
            QPointF(c.x() - a, c.y() + a),
            QPointF(box.left(), c.y() + a),
            QPointF(box.left(), c.y() - a),
            QPointF(c.x() - a, c.y() - a),
            QPointF(c.x() - a, box.top()),
        }));
        break;
    }
    case MessageKind::Request:
    case MessageKind::None:
        path.addEllipse(box);
        break;
    }
    return path;
}

void MessageGlyph::paint(QPainter *painter, MessageKind kind, const QRectF &box,
                         const CanvasTheme &theme, bool hollow)
{
    const QColor c = theme.messageColor(kind);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    if (hollow) {
        // Not a message in flight: only the outline, in the kind's colour, on a pale ground.
        // The cross's arms are narrow: a thinner line leaves its middle open.
        const double width = kind == MessageKind::Query ? 1.8 : 2.5;
        painter->setPen(QPen(c.darker(theme.highContrast() ? 135 : 120), width, Qt::SolidLine,
                             Qt::SquareCap, Qt::RoundJoin));
        painter->setBrush(QColor(255, 255, 255, theme.highContrast() ? 235 : 200));
        painter->drawPath(shape(kind, box.adjusted(0.5, 0.5, -0.5, -0.5)));
    } else {
        painter->setPen(QPen(theme.highContrast() ? QColor(Qt::black) : c.darker(150), 1.5,
                             Qt::SolidLine, Qt::SquareCap, Qt::RoundJoin));
        painter->setBrush(c);
        painter->drawPath(shape(kind, box));
    }
    painter->restore();
}

} // namespace dplab
