#include "app/gui/canvas/edgeitem.h"

#include "app/gui/canvas/busitem.h"
#include "app/gui/canvas/canvastheme.h"
#include "app/gui/canvas/nodeitem.h"

#include <QPainter>
#include <QtMath>

namespace dplab {

EdgeItem::EdgeItem(Kind kind, NodeItem *from, NodeItem *to, std::uint32_t topic)
    : m_kind(kind)
    , m_from(from)
    , m_to(to)
    , m_topic(topic)
{
    setZValue(0);
    setAcceptedMouseButtons(Qt::NoButton);
    // The scene paints edges into its cached background (CanvasScene::drawBackground).
    setFlag(ItemHasNoContents);
}

void EdgeItem::setRoute(const EdgeRoute &route)
{
    QLineF joint;
    const bool fromBus = dynamic_cast<BusItem *>(m_from) != nullptr;
    if ((fromBus || dynamic_cast<BusItem *>(m_to)) && !route.isEmpty()) {
        // A line that leaves beside the box (see ServiceItem::busAnchor) gets a short joint
        // from the box's side, so it still reads as this box's line.
        const QPointF p = fromBus ? route.p2() : route.p1();
        const QRectF body = (fromBus ? m_to : m_from)->sceneBodyRect();
        if (p.x() < body.left())
            joint = QLineF(QPointF(body.left(), p.y()), p);
    }
    prepareGeometryChange();
    m_route = route;
    m_joint = joint;
}

QRectF EdgeItem::boundingRect() const
{
    QRectF r = m_route.boundingRect();
    if (!m_joint.isNull())
        r |= QRectF(m_joint.p1(), m_joint.p2()).normalized();
    return r.adjusted(-12, -12, 12, 12);
}

void EdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const CanvasTheme theme = CanvasTheme::of(this);
    QPen pen;
    pen.setCapStyle(Qt::RoundCap);
    switch (m_kind) {
    case Kind::Call:
    case Kind::Client:
        pen = QPen(theme.edge(), theme.stroke(2));
        break;
    case Kind::Publish:
    case Kind::Subscription:
        pen = QPen(theme.subscriptionEdge(), theme.stroke(2), Qt::DashLine);
        break;
    case Kind::SharedDatabase:
        pen = QPen(theme.databaseBorder(), theme.stroke(3));
        break;
    }
    pen.setJoinStyle(Qt::RoundJoin);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    painter->drawPolyline(m_route.points());
    if (!m_joint.isNull())
        painter->drawLine(m_joint);
    if (m_route.length() < 20 || m_kind == Kind::SharedDatabase)
        return;
    // Arrow head at the receiving end, along the last leg.
    const QLineF last = m_route.lastLeg();
    const double angle = qDegreesToRadians(last.angle());
    const QPointF tip = last.p2();
    const double size = 11;
    const QPointF left =
        tip + QPointF(-std::cos(angle - M_PI / 7) * size, std::sin(angle - M_PI / 7) * size);
    const QPointF right =
        tip + QPointF(-std::cos(angle + M_PI / 7) * size, std::sin(angle + M_PI / 7) * size);
    painter->setPen(Qt::NoPen);
    painter->setBrush(pen.color());
    painter->drawPolygon(QPolygonF({tip, left, right}));
}

} // namespace dplab
