#include "app/gui/canvas/stalenessbadgeitem.h"

#include "app/gui/canvas/canvastheme.h"

#include <QFontMetricsF>
#include <QPainter>

namespace dplab {

namespace {
constexpr double kStalenessBadgeHeight = 40;
constexpr double kBadgePadding = 14;
constexpr double kGap = 10;
} // namespace

StalenessBadgeItem::StalenessBadgeItem(QGraphicsItem *parent)
    : QGraphicsItem(parent)
{
    setZValue(3);
    // Repainted only when it changes: the message layer above repaints every frame.
    setCacheMode(DeviceCoordinateCache);
    setAcceptedMouseButtons(Qt::NoButton);
    setToolTip(QStringLiteral(
        "<p style='white-space:normal'>How far this read side is behind the writes it mirrors: "
        "the age of the oldest change it does not show yet (\"up to date\" when it shows them "
        "all), and how many messages of its topic it has not consumed yet. Green under 100 ms, "
        "amber up to 1 s, red beyond.</p>"));
}

QFont StalenessBadgeItem::font()
{
    // Larger than the box's own labels: this number is what the lesson is about.
    QFont f = CanvasTheme::titleFont();
    f.setPointSizeF(19);
    return f;
}

QFont StalenessBadgeItem::secondaryFont()
{
    QFont f = CanvasTheme::bodyFont();
    f.setPointSizeF(14);
    f.setBold(true);
    return f;
}

void StalenessBadgeItem::setLag(const ReadSideLag &lag)
{
    const QString main = lag.stalenessText();
    const QString behind = lag.behindText();
    const bool sameLook = main == m_main && behind == m_behind && lag.level() == m_lag.level();
    m_lag = lag;
    if (sameLook)
        return;
    prepareGeometryChange();
    m_main = main;
    m_behind = behind;
    update();
}

QRectF StalenessBadgeItem::pillRect() const
{
    double w = QFontMetricsF(font()).horizontalAdvance(m_main) + 2 * kBadgePadding;
    if (!m_behind.isEmpty())
        w += kGap + QFontMetricsF(secondaryFont()).horizontalAdvance(m_behind);
    return {-w, -kStalenessBadgeHeight, w, kStalenessBadgeHeight};
}

QRectF StalenessBadgeItem::boundingRect() const
{
    return pillRect().adjusted(-2, -2, 2, 2);
}

void StalenessBadgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const CanvasTheme theme = CanvasTheme::of(this);
    const QRectF r = pillRect();
    const ReadSideLag::Level level = m_lag.level();
    const QColor fill = ReadSideLag::fill(level);
    const QColor ink = ReadSideLag::ink(level);
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(theme.outline(fill), theme.stroke(1.5)));
    painter->setBrush(fill);
    painter->drawRoundedRect(r, kStalenessBadgeHeight / 2, kStalenessBadgeHeight / 2);

    // The lag in large type, the consumer lag after it in smaller type, on one baseline.
    const QFontMetricsF big(font());
    const double baseline = r.center().y() + (big.ascent() - big.descent()) / 2;
    painter->setPen(ink);
    painter->setFont(font());
    painter->drawText(QPointF(r.left() + kBadgePadding, baseline), m_main);
    if (!m_behind.isEmpty()) {
        painter->setFont(secondaryFont());
        painter->drawText(
            QPointF(r.left() + kBadgePadding + big.horizontalAdvance(m_main) + kGap, baseline),
            m_behind);
    }
}

} // namespace dplab
