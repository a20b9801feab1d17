#include "app/gui/canvas/losscaptionitem.h"

#include "app/gui/canvas/canvastheme.h"
#include "app/gui/canvas/messagelayeritem.h"
#include "app/gui/canvas/messagetracker.h"
#include "app/gui/canvas/nodeitem.h"

#include <QFontMetricsF>
#include <QGraphicsScene>
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

QString LossCaptionItem::captionText(const TransientEffect &fx)
{
    return fx.kind == TransientEffect::Kind::Lost ? QStringLiteral("event lost")
                                                  : QStringLiteral("phantom event");
}

namespace {

QFont captionFont()
{
    QFont font = CanvasTheme::smallFont();
    font.setBold(true);
    return font;
}

} // namespace

QRectF LossCaptionItem::captionRect(const TransientEffect &fx, const QTransform &toDevice) const
{
    // The boxes on screen: a caption never covers one.
    QList<QRectF> boxes;
    if (scene())
        for (QGraphicsItem *item : scene()->items())
            if (!item->parentItem() && dynamic_cast<NodeItem *>(item))
                boxes.append(toDevice.mapRect(item->sceneBoundingRect()));
    auto overlap = [&boxes](const QRectF &r) {
        double area = 0;
        for (const QRectF &b : boxes) {
            const QRectF i = r.intersected(b);
            area += i.isEmpty() ? 0 : i.width() * i.height();
        }
        return area;
    };
    const QFontMetricsF fm(captionFont());
    const MessageLayerItem::LossMark mark = m_layer->lossMark(fx, toDevice);
    const QSizeF size(fm.horizontalAdvance(captionText(fx)) + 14, fm.height() + 6);
    // Across the link from the burst first (along it lie the publisher and the bus), then
    // the other sides: the first place that covers no box, else the one covering least.
    const QPointF along = mark.line.p2() - mark.line.p1();
    const QPointF p = mark.centre;
    const double gap = mark.radius + 6;
    const QRectF above(QPointF(p.x() - size.width() / 2, p.y() - gap - size.height()), size);
    const QRectF below(QPointF(p.x() - size.width() / 2, p.y() + gap), size);
    const QRectF left(QPointF(p.x() - gap - size.width(), p.y() - size.height() / 2), size);
    const QRectF right(QPointF(p.x() + gap, p.y() - size.height() / 2), size);
    const QList<QRectF> places = std::abs(along.x()) >= std::abs(along.y())
                                     ? QList<QRectF>{above, below, left, right}
                                     : QList<QRectF>{left, right, above, below};
    QRectF box = places.front();
    double least = overlap(box);
    for (const QRectF &place : places) {
        if (least == 0)
            break;
        const double o = overlap(place);
        if (o < least) {
            least = o;
            box = place;
        }
    }
    return box;
}

void LossCaptionItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const CanvasTheme theme = CanvasTheme::of(this);
    if (m_tracker->losses().empty())
        return;
    const QTransform toDevice = painter->worldTransform();
    painter->save();
    painter->resetTransform();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setFont(captionFont());
    for (const TransientEffect &fx : m_tracker->losses()) {
        const MessageLayerItem::LossMark mark = m_layer->lossMark(fx, toDevice);
        if (mark.alpha <= 0)
            continue;
        const bool lost = fx.kind == TransientEffect::Kind::Lost;
        const QColor colour = lost ? theme.drop() : theme.phantom();
        const QRectF box = captionRect(fx, toDevice);
        painter->setOpacity(mark.alpha);
        painter->setPen(QPen(colour, theme.stroke(2)));
        painter->setBrush(theme.panelFill());
        painter->drawRoundedRect(box, 6, 6);
        painter->setPen(theme.lossText(lost));
        painter->drawText(box, Qt::AlignCenter, captionText(fx));
    }
    painter->restore();
}

} // namespace dplab
