#include "app/gui/canvas/serviceitem.h"

#include "app/gui/canvas/canvastheme.h"
#include "app/gui/canvas/databaseitem.h"
#include "app/gui/canvas/roleicon.h"

#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>

namespace dplab {

ServiceItem::ServiceItem(int index, const QString &name, const QString &role, RoleGlyph glyph,
                         const QString &description)
    : NodeItem(name)
    , m_index(index)
    , m_name(name)
    , m_role(role)
    , m_glyph(glyph)
{
    setFlags(flags() | ItemIsMovable | ItemIsSelectable);
    setZValue(2);
    // Repainted only when it changes: the message layer above repaints every frame.
    setCacheMode(DeviceCoordinateCache);
    setToolTip(QStringLiteral("%1 (%2)").arg(name, description));
}

void ServiceItem::setState(const ServiceItemState &state)
{
    if (state == m_state)
        return;
    m_state = state;
    update();
}

QRectF ServiceItem::bodyRect() const
{
    const QSizeF s = CanvasTheme::serviceSize();
    return {-s.width() / 2, -s.height() / 2, s.width(), s.height()};
}

QPointF ServiceItem::busAnchor(const QPointF &bus) const
{
    // Its database hangs under the right half of the box: bus lines leave from the left half.
    const QRectF r = bodyRect();
    const QList<QGraphicsItem *> children = childItems();
    if (std::none_of(children.begin(), children.end(),
                     [](QGraphicsItem *c) { return dynamic_cast<DatabaseItem *>(c) != nullptr; }))
        return borderPoint(bus);
    const QPointF local = mapFromScene(bus);
    const bool down = local.y() >= r.center().y();
    const QPointF straight = mapToScene(QPointF(r.left() + 36, down ? r.bottom() : r.top()));
    const int inTheWay = boxesOnBusLine(straight.x(), straight.y(), bus.y());
    if (inTheWay == 0)
        return straight;
    // Another box (or its database) stands between this one and the bus: a line through it
    // would look like a link to it. Run down the gutter beside the column instead, one step
    // further out for every box in the way, so the lines of stacked boxes stay apart.
    const QRectF body = sceneBodyRect();
    double x = body.left() - kGutterStep * inTheWay;
    for (int k = 0; k < 8 && boxesOnBusLine(x, body.center().y(), bus.y()) > 0; ++k)
        x -= kGutterStep;
    return QPointF(x, body.center().y());
}

int ServiceItem::boxesOnBusLine(double x, double fromY, double toY) const
{
    if (!scene())
        return 0;
    const QRectF strip(QPointF(x - 1, std::min(fromY, toY)), QPointF(x + 1, std::max(fromY, toY)));
    const QList<QGraphicsItem *> hit = scene()->items(strip, Qt::IntersectsItemBoundingRect);
    QList<const QGraphicsItem *> boxes;
    for (QGraphicsItem *item : hit) {
        // A service box, or a database hanging under one, counts as that box.
        const QGraphicsItem *box = dynamic_cast<ServiceItem *>(item) ? item : nullptr;
        if (!box && dynamic_cast<DatabaseItem *>(item) &&
            dynamic_cast<ServiceItem *>(item->parentItem()))
            box = item->parentItem();
        if (box && box != this && !boxes.contains(box))
            boxes.append(box);
    }
    return static_cast<int>(boxes.size());
}

QRectF ServiceItem::boundingRect() const
{
    return bodyRect().adjusted(-5, -5, 5, 5);
}

void ServiceItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const CanvasTheme theme = CanvasTheme::of(this);
    const QRectF r = bodyRect();
    const bool up = m_state.up;
    const bool selected = option->state & QStyle::State_Selected;
    // A service whose answers fail says so in red: its border, and a line on its bar.
    const bool failing = m_state.up && m_state.failedPercent > 0;
    painter->setPen(QPen(selected  ? theme.selection()
                         : failing ? theme.failing()
                                   : theme.nodeBorder(),
                         theme.stroke(selected || failing ? 4 : 2)));
    painter->setBrush(up ? theme.nodeFill() : theme.downFill());
    painter->drawRoundedRect(r, 12, 12);

    const QColor ink = up ? theme.text() : theme.mutedText();
    // Role pictogram, top left.
    painter->save();
    painter->translate(r.left() + 12, r.top() + 10);
    painter->scale(1.25, 1.25);
    painter->setPen(QPen(ink, 1.6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(RoleIcon::path(m_glyph));
    painter->restore();

    // Name, elided so it never runs past the box.
    const QFont title = CanvasTheme::titleFont();
    painter->setFont(title);
    painter->setPen(ink);
    const QRectF nameRect(r.left() + 50, r.top() + 6, r.width() - 58, 34);
    painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetricsF(title).elidedText(m_name, Qt::ElideRight, nameRect.width()));

    painter->setFont(CanvasTheme::bodyFont());
    const QRectF line2(r.left() + 12, r.top() + 44, r.width() - 24, 28);
    if (!up) {
        painter->setPen(theme.downText());
        QFont bold = CanvasTheme::bodyFont();
        bold.setBold(true);
        painter->setFont(bold);
        const QString restart =
            m_state.restartInSeconds >= 0
                ? QStringLiteral("DOWN · back in %1 s").arg(m_state.restartInSeconds, 0, 'f', 1)
                : QStringLiteral("DOWN · no restart");
        painter->drawText(line2, Qt::AlignLeft | Qt::AlignVCenter, restart);
    } else {
        painter->setPen(ink);
        painter->drawText(line2, Qt::AlignLeft | Qt::AlignVCenter,
                          QStringLiteral("queue %1").arg(m_state.queue));
        painter->drawText(line2, Qt::AlignRight | Qt::AlignVCenter,
                          QStringLiteral("busy %1/%2").arg(m_state.busy).arg(m_state.workers));
    }

    // Utilization bar: busy workers out of all workers.
    const QRectF bar(r.left() + 12, r.bottom() - 36, r.width() - 24, 20);
    painter->setPen(QPen(theme.nodeBorder(), 1));
    painter->setBrush(theme.barTrack());
    painter->drawRoundedRect(bar, 5, 5);
    const double fraction =
        m_state.workers > 0 ? qBound(0.0, double(m_state.busy) / m_state.workers, 1.0) : 0.0;
    if (up && fraction > 0) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(fraction >= 0.999 ? theme.saturated() : theme.busy());
        painter->drawRoundedRect(
            QRectF(bar.left(), bar.top(), bar.width() * fraction, bar.height()), 5, 5);
    }
    if (failing) {
        QFont bold = CanvasTheme::bodyFont();
        bold.setBold(true);
        painter->setFont(bold);
        painter->setPen(Qt::NoPen);
        painter->setBrush(theme.panelFill());
        const QString text = QStringLiteral("%1% of replies failed").arg(m_state.failedPercent);
        const double w = QFontMetricsF(bold).horizontalAdvance(text) + 12;
        const QRectF pill(bar.center().x() - w / 2, bar.top(), w, bar.height());
        painter->drawRoundedRect(pill, 5, 5);
        painter->setPen(theme.failing());
        painter->drawText(pill, Qt::AlignCenter, text);
    }
    // The queue as a row of ticks on the bar's right end, so a growing queue is visible at a
    // glance even when the numbers are too small to read.
    if (up && m_state.queue > 0) {
        painter->setPen(QPen(theme.saturated(), 3, Qt::SolidLine, Qt::RoundCap));
        const int ticks = static_cast<int>(qMin<std::size_t>(m_state.queue, 12));
        for (int i = 0; i < ticks; ++i) {
            const double x = r.right() - 14 - i * 7;
            painter->drawLine(QPointF(x, r.bottom() - 10), QPointF(x, r.bottom() - 5));
        }
    }
}

} // namespace dplab
