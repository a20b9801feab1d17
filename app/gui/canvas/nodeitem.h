#pragma once

#include <QGraphicsItem>
#include <QString>

namespace dplab {

/**
 * Base of the draggable things on the canvas (services, databases, the bus, the clients): a
 * layout key, a body rectangle that edges and messages attach to, and a notification to the
 * scene when the node is moved so attached edges follow.
 */
class NodeItem : public QGraphicsItem
{
public:
    explicit NodeItem(const QString &key, QGraphicsItem *parent = nullptr);

    /// The name under which layoutPositions() stores this node.
    QString key() const { return m_key; }
    /// The part of the node that edges and messages attach to, in item coordinates.
    virtual QRectF bodyRect() const = 0;
    QRectF sceneBodyRect() const { return mapRectToScene(bodyRect()); }
    /// The point on the body's border on the way from its centre to `towards` (scene coords).
    QPointF borderPoint(const QPointF &towards) const;
    /// Where a line to the bus leaves this node (scene coords); `bus` is a point on the bus.
    virtual QPointF busAnchor(const QPointF &bus) const { return borderPoint(bus); }

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;

private:
    QString m_key;
    QPointF m_pressedAt;
};

} // namespace dplab
