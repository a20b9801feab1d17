#include "app/gui/canvas/noticebadgeitem.h"

#include "app/gui/canvas/canvastheme.h"
#include "app/gui/canvas/stalenessbadgeitem.h"

#include <QFontMetricsF>
#include <QPainter>

namespace dplab {

namespace {
constexpr double kNoticeBadgeHeight = 34;
constexpr double kNoticePadding = 12;
} // namespace

NoticeBadgeItem::NoticeBadgeItem(const QString &toolTip, QGraphicsItem *parent)
    : QGraphicsItem(parent)
{
    setZValue(3);
    setCacheMode(DeviceCoordinateCache);
    setAcceptedMouseButtons(Qt::NoButton);
    setToolTip(QStringLiteral("<p style='white-space:normal'>%1</p>").arg(toolTip));
}

void NoticeBadgeItem::setNotice(const QString &text, Level level)
{
    if (text == m_text && level == m_level)
        return;
    prepareGeometryChange();
    m_text = text;
    m_level = level;
    update();
}

QColor NoticeBadgeItem::fill(Level level)
{
    switch (level) {
    case Level::Calm:
        return QColor(0xe3, 0xe6, 0xea);
    case Level::Waiting:
        return ReadSideLag::fill(ReadSideLag::Level::Medium);
    case Level::PiledUp:
        return ReadSideLag::fill(ReadSideLag::Level::High);
    }
    return {};
}

QRectF NoticeBadgeItem::pillRect() const
{
    const double w = QFontMetricsF(StalenessBadgeItem::secondaryFont()).horizontalAdvance(m_text) +
                     2 * kNoticePadding;
    return {-w, -kNoticeBadgeHeight, w, kNoticeBadgeHeight};
}

QRectF NoticeBadgeItem::boundingRect() const
{
    return pillRect().adjusted(-2, -2, 2, 2);
}

void NoticeBadgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const CanvasTheme theme = CanvasTheme::of(this);
    if (m_text.isEmpty())
        return;
    const QRectF r = pillRect();
    const QColor fill = NoticeBadgeItem::fill(m_level);
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(theme.outline(fill), theme.stroke(1.5)));
    painter->setBrush(fill);
    painter->drawRoundedRect(r, kNoticeBadgeHeight / 2, kNoticeBadgeHeight / 2);
    painter->setPen(m_level == Level::PiledUp ? QColor(Qt::white) : theme.text());
    painter->setFont(StalenessBadgeItem::secondaryFont());
    painter->drawText(r, Qt::AlignCenter, m_text);
}

} // namespace dplab
