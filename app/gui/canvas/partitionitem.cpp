#include "app/gui/canvas/partitionitem.h"

#include "app/gui/canvas/canvastheme.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace dplab {

PartitionItem::PartitionItem()
{
    // Above the boxes (its fill is faint), so its labels are never hidden; below the legend.
    setZValue(3.2);
    setAcceptedMouseButtons(Qt::NoButton);
}

void PartitionItem::setSides(const QList<QList<Side>> &partitions, const QRectF &limit)
{
    prepareGeometryChange();
    m_partitions = partitions;
    m_limit = limit;
    m_bounds = QRectF();
    QFont font = CanvasTheme::bodyFont();
    font.setBold(true);
    const QFontMetricsF fm(font);
    for (const auto &p : m_partitions)
        for (const Side &s : p) {
            m_bounds |= s.area.adjusted(-60, -80, 60, 60);
            // Room for the label, which may be wider than the side.
            m_bounds |= QRectF(s.area.left() - 60, s.area.top() - 80,
                               fm.horizontalAdvance(s.label) + 40, 40);
        }
    update();
}

void PartitionItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const CanvasTheme theme = CanvasTheme::of(this);
    // Each side its own colour and line, so a side is told apart without reading its label.
    static const Qt::PenStyle kSideLines[] = {Qt::DashLine, Qt::DotLine, Qt::DashDotLine,
                                              Qt::DashDotDotLine};
    const QColor c = theme.partition();
    QFont font = CanvasTheme::bodyFont();
    font.setBold(true);
    painter->setFont(font);
    const QFontMetricsF fm(font);
    int index = 0;
    for (const auto &partition : m_partitions) {
        const double grow = 14 + 8 * index++;
        int sideIndex = 0;
        for (const Side &s : partition) {
            const QColor colour = theme.partitionSide(sideIndex);
            const Qt::PenStyle line = kSideLines[sideIndex % 4];
            ++sideIndex;
            const QList<QRectF> boxes = s.members.isEmpty() ? QList<QRectF>{s.area} : s.members;
            // Boxes whose margins touch form one outlined group (a side may have several), each
            // labelled with the side and its own members.
            QList<QList<int>> groups;
            for (int b = 0; b < boxes.size(); ++b) {
                const QRectF grown = boxes[b].adjusted(-grow, -grow, grow, grow);
                QList<int> merged{b};
                for (qsizetype g = groups.size() - 1; g >= 0; --g) {
                    bool touches = false;
                    for (int other : groups[g])
                        touches |=
                            grown.intersects(boxes[other].adjusted(-grow, -grow, grow, grow));
                    if (touches)
                        merged += groups.takeAt(g);
                }
                groups.append(merged);
            }
            for (QList<int> group : groups) {
                std::sort(group.begin(), group.end());
                QPainterPath shape;
                QRectF top = boxes[group.front()];
                QStringList names;
                for (int b : group) {
                    QPainterPath one;
                    one.addRoundedRect(boxes[b].adjusted(-grow, -grow, grow, grow), 16, 16);
                    shape = shape.united(one);
                    if (boxes[b].top() < top.top())
                        top = boxes[b];
                    if (b < s.names.size())
                        names << s.names[b];
                }
                QColor fill = colour;
                fill.setAlpha(14);
                painter->setBrush(fill);
                painter->setPen(QPen(colour, theme.stroke(3), line));
                painter->drawPath(shape.simplified());
                const QString label = names.isEmpty() ? s.label
                                                      : s.label.section(QLatin1Char(':'), 0, 0) +
                                                            QStringLiteral(": ") +
                                                            names.join(QStringLiteral(", "));
                const double w = fm.horizontalAdvance(label) + 16;
                QRectF pill(top.left() - grow, top.top() - grow - 30, w, 26);
                if (m_limit.isValid() && pill.right() > m_limit.right())
                    pill.moveRight(std::max(m_limit.left() + w, m_limit.right()));
                painter->setPen(QPen(colour, theme.stroke(1.5)));
                painter->setBrush(theme.panelFill());
                painter->drawRoundedRect(pill, 8, 8);
                painter->setPen(colour);
                painter->drawText(pill, Qt::AlignCenter, label);
            }
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
