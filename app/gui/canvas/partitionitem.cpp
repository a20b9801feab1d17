#include "app/gui/canvas/partitionitem.h"

#include "app/gui/canvas/canvastheme.h"

#include <QPainter>

namespace dplab {

PartitionItem::PartitionItem()
{
    setZValue(0.5);
    setAcceptedMouseButtons(Qt::NoButton);
}

void PartitionItem::setSides(const QList<QList<Side>> &partitions)
{
    prepareGeometryChange();
    m_partitions = partitions;
    m_bounds = QRectF();
    for (const auto &p : m_partitions)
        for (const Side &s : p)
            m_bounds |= s.area.adjusted(-40, -60, 40, 40);
    update();
}

void PartitionItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QColor c = CanvasTheme::partition();
    QFont font = CanvasTheme::bodyFont();
    font.setBold(true);
    painter->setFont(font);
    int index = 0;
    for (const auto &partition : m_partitions) {
        const double grow = 14 + 8 * index++;
        for (const Side &s : partition) {
            const QRectF area = s.area.adjusted(-grow, -grow, grow, grow);
            QColor fill = c;
            fill.setAlpha(18);
            painter->setBrush(fill);
            painter->setPen(QPen(c, 3, Qt::DashLine));
            painter->drawRoundedRect(area, 16, 16);
            painter->setPen(c);
            painter->drawText(QRectF(area.left() + 10, area.top() - 30, area.width(), 28),
                              Qt::AlignLeft | Qt::AlignVCenter, s.label);
        }
        if (partition.size() >= 2) {
            // The wall: a thick dashed line through the gap between the first two sides.
            const QRectF a = partition[0].area;
            const QRectF b = partition[1].area;
            painter->setPen(QPen(c, 5, Qt::DashLine, Qt::FlatCap));
            if (a.right() <= b.left() || b.right() <= a.left()) {
                const double x =
                    a.right() <= b.left() ? (a.right() + b.left()) / 2 : (b.right() + a.left()) / 2;
                painter->drawLine(QPointF(x, qMin(a.top(), b.top()) - 20),
                                  QPointF(x, qMax(a.bottom(), b.bottom()) + 20));
            } else if (a.bottom() <= b.top() || b.bottom() <= a.top()) {
                const double y =
                    a.bottom() <= b.top() ? (a.bottom() + b.top()) / 2 : (b.bottom() + a.top()) / 2;
                painter->drawLine(QPointF(qMin(a.left(), b.left()) - 20, y),
                                  QPointF(qMax(a.right(), b.right()) + 20, y));
            }
        }
    }
}

} // namespace dplab
