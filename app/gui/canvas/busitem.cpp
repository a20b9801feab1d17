#include "app/gui/canvas/busitem.h"

#include "app/gui/canvas/canvastheme.h"
#include "simulation/observe/traceevent.h"

#include <QPainter>

namespace dplab {

namespace {
constexpr double kBusHeader = 40;
constexpr double kLane = 34;
constexpr double kLabelWidth = 170;
} // namespace

BusItem::BusItem(const QList<QPair<std::uint32_t, QString>> &topics, double width)
    : NodeItem(QStringLiteral("@bus"))
    , m_topics(topics)
    , m_width(width)
{
    setFlags(flags() | ItemIsMovable);
    setZValue(1.5);
    // Repainted only when it changes: the message layer above repaints every frame.
    setCacheMode(DeviceCoordinateCache);
    setToolTip(QStringLiteral("Message bus: one lane per topic"));
}

double BusItem::heightFor(int topics)
{
    return kBusHeader + kLane * qMax(1, topics) + 10;
}

void BusItem::setWidth(double width)
{
    prepareGeometryChange();
    m_width = width;
}

void BusItem::setLanes(const QList<Lane> &lanes)
{
    if (lanes == m_lanes)
        return;
    m_lanes = lanes;
    update();
}

void BusItem::setState(bool down, long held, std::size_t inFlight)
{
    if (down == m_down && held == m_held && inFlight == m_inFlight)
        return;
    m_down = down;
    m_held = held;
    m_inFlight = inFlight;
    update();
}

QRectF BusItem::bodyRect() const
{
    const double h = heightFor(static_cast<int>(m_topics.size()));
    return {-m_width / 2, -h / 2, m_width, h};
}

QRectF BusItem::boundingRect() const
{
    return bodyRect().adjusted(-3, -3, 3, 3);
}

QRectF BusItem::laneRect(int lane) const
{
    const QRectF r = bodyRect();
    return {r.left() + 8, r.top() + kBusHeader + lane * kLane, r.width() - 16, kLane - 6};
}

int BusItem::laneOf(std::uint32_t topic) const
{
    for (int i = 0; i < m_topics.size(); ++i)
        if (m_topics[i].first == topic)
            return i;
    return 0;
}

QPointF BusItem::laneAnchor(std::uint32_t topic, const QPointF &towards) const
{
    const QRectF lane = laneRect(laneOf(topic));
    const QPointF local = mapFromScene(towards);
    const double x = qBound(lane.left() + kLabelWidth, local.x(), lane.right() - 10);
    return mapToScene(QPointF(x, lane.center().y()));
}

void BusItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const CanvasTheme theme = CanvasTheme::of(this);
    const QRectF r = bodyRect();
    painter->setPen(QPen(theme.busBorder(), theme.stroke(2)));
    painter->setBrush(m_down ? theme.downFill() : theme.busFill());
    painter->drawRoundedRect(r, 14, 14);

    painter->setFont(CanvasTheme::titleFont());
    painter->setPen(m_down ? theme.mutedText() : theme.text());
    const QRectF header(r.left() + 16, r.top() + 4, r.width() - 32, kBusHeader - 6);
    painter->drawText(header, Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("message bus"));
    painter->setFont(CanvasTheme::bodyFont());
    if (m_down) {
        QFont bold = CanvasTheme::bodyFont();
        bold.setBold(true);
        painter->setFont(bold);
        painter->setPen(theme.downText());
        painter->drawText(header, Qt::AlignRight | Qt::AlignVCenter,
                          m_held < 0 ? QStringLiteral("BUS DOWN")
                                     : QStringLiteral("BUS DOWN · %1 messages held").arg(m_held));
    } else {
        painter->drawText(header, Qt::AlignRight | Qt::AlignVCenter,
                          QStringLiteral("%1 in flight").arg(m_inFlight));
    }

    painter->setFont(CanvasTheme::smallFont());
    for (int i = 0; i < m_topics.size(); ++i) {
        const QRectF lane = laneRect(i);
        painter->setPen(Qt::NoPen);
        painter->setBrush(theme.laneFill(m_down));
        painter->drawRoundedRect(lane, 6, 6);
        painter->setPen(
            QPen(theme.highContrast() ? theme.busBorder() : theme.busBorder().lighter(140),
                 theme.stroke(2), Qt::DashLine));
        painter->drawLine(QPointF(lane.left() + kLabelWidth, lane.center().y()),
                          QPointF(lane.right() - 10, lane.center().y()));
        painter->setPen(theme.text());
        painter->drawText(lane.adjusted(10, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                          painter->fontMetrics().elidedText(m_topics[i].second, Qt::ElideRight,
                                                            int(kLabelWidth - 16)));
        if (i < m_lanes.size()) {
            // At the lane's right end, on a white patch over the dashed line.
            const Lane &l = m_lanes[i];
            QStringList parts;
            if (l.inFlight > 0)
                parts << QStringLiteral("%1 in flight").arg(l.inFlight);
            if (!l.waiting.isEmpty())
                parts << l.waiting;
            if (!parts.isEmpty()) {
                const QString text = painter->fontMetrics().elidedText(
                    parts.join(QStringLiteral(" · ")), Qt::ElideRight,
                    int(lane.width() - kLabelWidth - 24));
                const int w = painter->fontMetrics().horizontalAdvance(text) + 12;
                const QRectF patch(lane.right() - 8 - w, lane.top() + 2, w, lane.height() - 4);
                painter->setPen(Qt::NoPen);
                painter->setBrush(theme.laneFill(false));
                painter->drawRoundedRect(patch, 4, 4);
                painter->setPen(l.waiting.isEmpty() ? theme.text() : theme.downText());
                painter->drawText(patch, Qt::AlignCenter, text);
            }
        }
    }
    // Held messages pile up as a stack of dots in the header while the bus is down.
    if (m_down && m_held > 0) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(theme.messageColor(MessageKind::Event));
        const QRectF lane = laneRect(0);
        const int room = qMax(1, int((lane.width() - kLabelWidth - 20) / 12));
        const int dots = static_cast<int>(qMin<std::size_t>(m_held, std::size_t(room)));
        for (int i = 0; i < dots; ++i)
            painter->drawEllipse(QPointF(lane.left() + kLabelWidth + 6 + i * 12, lane.center().y()),
                                 4.5, 4.5);
    }
}

} // namespace dplab
