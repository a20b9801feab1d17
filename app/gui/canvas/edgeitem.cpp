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
    updateGeometry();
}

void EdgeItem::updateGeometry()
{
    auto *fromBus = dynamic_cast<BusItem *>(m_from);
    auto *toBus = dynamic_cast<BusItem *>(m_to);
    QLineF line;
    if (fromBus || toBus) {
        BusItem *bus = fromBus ? fromBus : toBus;
        NodeItem *other = fromBus ? m_to : m_from;
        const QPointF p = other->busAnchor(bus->sceneBodyRect().center());
        const QPointF lane = bus->laneAnchor(m_topic, p);
        line = fromBus ? QLineF(lane, p) : QLineF(p, lane);
        // A line that leaves beside the box (see ServiceItem::busAnchor) gets a short joint
        // from the box's side, so it still reads as this box's line.
        const QRectF body = other->sceneBodyRect();
        m_joint = p.x() < body.left() ? QLineF(QPointF(body.left(), p.y()), p) : QLineF();
    } else {
        m_joint = QLineF();
        const QPointF pa = m_from->borderPoint(m_to->sceneBodyRect().center());
        line = QLineF(pa, m_to->borderPoint(pa));
    }
    prepareGeometryChange();
    m_line = line;
}

QRectF EdgeItem::boundingRect() const
{
    QRectF r = QRectF(m_line.p1(), m_line.p2()).normalized();
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
    painter->setPen(pen);
    painter->drawLine(m_line);
    if (!m_joint.isNull())
        painter->drawLine(m_joint);
    if (m_line.length() < 20 || m_kind == Kind::SharedDatabase)
        return;
    // Arrow head at the receiving end.
    const double angle = qDegreesToRadians(m_line.angle());
    const QPointF tip = m_line.p2();
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
