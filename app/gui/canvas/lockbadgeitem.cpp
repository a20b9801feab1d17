#include "lockbadgeitem.h"

#include "canvastheme.h"
#include "stalenessbadgeitem.h"

#include <QFontMetricsF>
#include <QPainter>

namespace dplab {

namespace {
constexpr double kHeight = 34;
constexpr double kPadding = 12;
} // namespace

LockBadgeItem::LockBadgeItem(QGraphicsItem *parent)
    : QGraphicsItem(parent)
{
    setZValue(3);
    setCacheMode(DeviceCoordinateCache);
    setAcceptedMouseButtons(Qt::NoButton);
    setToolTip(QStringLiteral(
        "<p style='white-space:normal'>Two-phase commit: the keys this participant keeps locked "
        "for transactions it prepared and voted yes on, and the requests waiting for those "
        "locks. A participant that voted yes cannot decide alone: until the coordinator's "
        "decision arrives, the lock stays and the queue grows.</p>"));
}

void LockBadgeItem::setState(int locked, int waiting)
{
    if (locked == m_locked && waiting == m_waiting)
        return;
    prepareGeometryChange();
    m_locked = locked;
    m_waiting = waiting;
    update();
}

QString LockBadgeItem::text() const
{
    return QStringLiteral("%1 locked · %2 waiting").arg(m_locked).arg(m_waiting);
}

LockBadgeItem::Level LockBadgeItem::level() const
{
    if (m_waiting >= kPiledUp)
        return Level::PiledUp;
    return m_waiting > 0 ? Level::Waiting : Level::Idle;
}

QColor LockBadgeItem::fill(Level level)
{
    switch (level) {
    case Level::Idle:
        return QColor(0xe3, 0xe6, 0xea);
    case Level::Waiting:
        return ReadSideLag::fill(ReadSideLag::Level::Medium);
    case Level::PiledUp:
        return ReadSideLag::fill(ReadSideLag::Level::High);
    }
    return {};
}

QRectF LockBadgeItem::pillRect() const
{
    const double w = QFontMetricsF(StalenessBadgeItem::secondaryFont()).horizontalAdvance(text()) + 2 * kPadding;
    return {-w, -kHeight, w, kHeight};
}

QRectF LockBadgeItem::boundingRect() const
{
    return pillRect().adjusted(-2, -2, 2, 2);
}

void LockBadgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QRectF r = pillRect();
    const Level l = level();
    const QColor fill = LockBadgeItem::fill(l);
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(fill.darker(135), 1.5));
    painter->setBrush(fill);
    painter->drawRoundedRect(r, kHeight / 2, kHeight / 2);
    painter->setPen(l == Level::PiledUp ? QColor(Qt::white) : CanvasTheme::text());
    painter->setFont(StalenessBadgeItem::secondaryFont());
    painter->drawText(r, Qt::AlignCenter, text());
}

} // namespace dplab
