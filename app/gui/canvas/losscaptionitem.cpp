#include "app/gui/canvas/losscaptionitem.h"

#include "app/gui/canvas/canvastheme.h"
#include "app/gui/canvas/messagelayeritem.h"
#include "app/gui/canvas/messagetracker.h"

#include <QFontMetricsF>
#include <QPainter>

#include <cmath>

namespace dplab {

LossCaptionItem::LossCaptionItem(const MessageLayerItem *layer, const MessageTracker *tracker)
    : m_layer(layer)
    , m_tracker(tracker)
{
    setZValue(3.5); // above the boxes and their badges, below the legend
    setAcceptedMouseButtons(Qt::NoButton);
}

QRectF LossCaptionItem::boundingRect() const
{
    return m_layer->boundingRect();
}

void LossCaptionItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    if (m_tracker->losses().empty())
        return;
    const QTransform toDevice = painter->worldTransform();
    painter->save();
    painter->resetTransform();
    painter->setRenderHint(QPainter::Antialiasing);
    QFont font = CanvasTheme::smallFont();
    font.setBold(true);
    painter->setFont(font);
    const QFontMetricsF fm(font);
    for (const TransientEffect &fx : m_tracker->losses()) {
        const MessageLayerItem::LossMark mark = m_layer->lossMark(fx, toDevice);
        if (mark.alpha <= 0)
            continue;
        const bool lost = fx.kind == TransientEffect::Kind::Lost;
        const QColor colour = lost ? CanvasTheme::drop() : CanvasTheme::phantom();
        const QString text = lost ? QStringLiteral("event lost") : QStringLiteral("phantom event");
        const QSizeF size(fm.horizontalAdvance(text) + 14, fm.height() + 6);
        // Across the link from the burst: along it lie the publisher and the bus.
        const QPointF along = mark.line.p2() - mark.line.p1();
        const QPointF p = mark.centre;
        const double gap = mark.radius + 6;
        const QRectF box =
            std::abs(along.x()) >= std::abs(along.y())
                ? QRectF(QPointF(p.x() - size.width() / 2, p.y() - gap - size.height()), size)
                : QRectF(QPointF(p.x() - gap - size.width(), p.y() - size.height() / 2), size);
        painter->setOpacity(mark.alpha);
        painter->setPen(QPen(colour, 2));
        painter->setBrush(QColor(255, 255, 255, 235));
        painter->drawRoundedRect(box, 6, 6);
        painter->setPen(colour.darker(120));
        painter->drawText(box, Qt::AlignCenter, text);
    }
    painter->restore();
}

} // namespace dplab
