#include "app/gui/canvas/legenditem.h"

#include "app/gui/canvas/canvastheme.h"

#include <QFontMetricsF>
#include <QPainter>

namespace dplab {

namespace {
constexpr MessageKind kKinds[] = {MessageKind::Request, MessageKind::Reply,
                                  MessageKind::Event,   MessageKind::Command,
                                  MessageKind::Query,   MessageKind::Compensation};
constexpr double kRow = 28;
} // namespace

LegendItem::LegendItem()
{
    setFlag(ItemIgnoresTransformations);
    setAcceptedMouseButtons(Qt::NoButton);
    setZValue(100);
    // Repainted only when it changes: the message layer above repaints every frame.
    setCacheMode(DeviceCoordinateCache);
}

void LegendItem::setStatus(int inFlight, int hidden, const QStringList &faults)
{
    if (inFlight == m_inFlight && hidden == m_hidden && faults == m_faults)
        return;
    m_inFlight = inFlight;
    m_hidden = hidden;
    m_faults = faults;
    update();
}

QString LegendItem::statusText() const
{
    QString s = m_inFlight == 1 ? QStringLiteral("1 message in flight")
                                : QStringLiteral("%1 messages in flight").arg(m_inFlight);
    if (m_hidden > 0)
        s += QStringLiteral(" (%1 not drawn)").arg(m_hidden);
    if (!m_faults.isEmpty())
        s += QStringLiteral("   ·   faults: ") + m_faults.join(QStringLiteral("; "));
    return s;
}

double LegendItem::keyWidth() const
{
    const QFontMetricsF fm(CanvasTheme::smallFont());
    double w = 12;
    for (MessageKind k : kKinds)
        w += 24 + fm.horizontalAdvance(QString::fromLatin1(CanvasTheme::messageLabel(k))) + 14;
    return w + 24 + fm.horizontalAdvance(QStringLiteral("dropped")) + 12;
}

QRectF LegendItem::boundingRect() const
{
    const QFontMetricsF fm(CanvasTheme::smallFont());
    const double w = qMax(keyWidth(), fm.horizontalAdvance(statusText()) + 24);
    return {0, 0, w, kHeight - 6};
}

void LegendItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QRectF r = boundingRect();
    painter->setPen(QPen(QColor(0xc5, 0xcb, 0xd3), 1));
    painter->setBrush(QColor(255, 255, 255, 235));
    painter->drawRoundedRect(r, 8, 8);

    const QFont font = CanvasTheme::smallFont();
    painter->setFont(font);
    const QFontMetricsF fm(font);
    double x = 12;
    const double cy = 4 + kRow / 2;
    for (MessageKind k : kKinds) {
        const QColor c = CanvasTheme::messageColor(k);
        painter->setPen(QPen(c.darker(150), 1.5));
        painter->setBrush(c);
        painter->drawEllipse(QPointF(x + 8, cy), 7, 7);
        const QString label = QString::fromLatin1(CanvasTheme::messageLabel(k));
        painter->setPen(CanvasTheme::text());
        painter->drawText(QRectF(x + 20, cy - kRow / 2, fm.horizontalAdvance(label) + 4, kRow),
                          Qt::AlignLeft | Qt::AlignVCenter, label);
        x += 24 + fm.horizontalAdvance(label) + 14;
    }
    painter->setPen(QPen(CanvasTheme::drop(), 2.5, Qt::SolidLine, Qt::RoundCap));
    painter->setBrush(Qt::NoBrush);
    painter->drawEllipse(QPointF(x + 8, cy), 8, 8);
    painter->drawLine(QPointF(x + 4, cy - 4), QPointF(x + 12, cy + 4));
    painter->drawLine(QPointF(x + 4, cy + 4), QPointF(x + 12, cy - 4));
    painter->setPen(CanvasTheme::text());
    painter->drawText(QRectF(x + 22, cy - kRow / 2, 100, kRow), Qt::AlignLeft | Qt::AlignVCenter,
                      QStringLiteral("dropped"));

    painter->setPen(m_faults.isEmpty() ? CanvasTheme::mutedText() : CanvasTheme::partition());
    painter->drawText(QRectF(12, 4 + kRow, r.width() - 24, kRow), Qt::AlignLeft | Qt::AlignVCenter,
                      statusText());
}

} // namespace dplab
