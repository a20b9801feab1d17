#include "app/gui/canvas/nodeitem.h"

#include "app/gui/canvas/canvasscene.h"

#include <QtMath>

namespace dplab {

NodeItem::NodeItem(const QString &key, QGraphicsItem *parent)
    : QGraphicsItem(parent)
    , m_key(key)
{
    setFlag(ItemSendsScenePositionChanges);
    // Nodes change a few times a second at most while the message layer repaints every
    // frame: keep their rendering as pixmaps (text is the expensive part).
    setCacheMode(DeviceCoordinateCache);
}

QPointF NodeItem::borderPoint(const QPointF &towards) const
{
    const QRectF r = sceneBodyRect();
    const QPointF c = r.center();
    const QPointF d = towards - c;
    if (qFuzzyIsNull(d.x()) && qFuzzyIsNull(d.y()))
        return c;
    const double tx = qFuzzyIsNull(d.x()) ? 1e9 : (r.width() / 2) / qAbs(d.x());
    const double ty = qFuzzyIsNull(d.y()) ? 1e9 : (r.height() / 2) / qAbs(d.y());
    return c + d * qMin(1.0, qMin(tx, ty));
}

QVariant NodeItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemScenePositionHasChanged) {
        if (auto *s = qobject_cast<CanvasScene *>(scene()))
            s->nodeMoved();
    }
    return QGraphicsItem::itemChange(change, value);
}

void NodeItem::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    m_pressedAt = pos();
    QGraphicsItem::mousePressEvent(event);
}

void NodeItem::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    QGraphicsItem::mouseReleaseEvent(event);
    // Only a drag by the user counts as arranging the canvas (layout code moves nodes too).
    if (pos() != m_pressedAt)
        if (auto *s = qobject_cast<CanvasScene *>(scene()))
            s->markArranged();
}

} // namespace dplab
