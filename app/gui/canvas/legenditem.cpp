#include "app/gui/canvas/legenditem.h"

#include "app/gui/canvas/canvastheme.h"
#include "app/gui/canvas/messageglyph.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>

namespace dplab {

namespace {
constexpr MessageKind kKinds[] = {MessageKind::Request, MessageKind::Reply,
                                  MessageKind::Event,   MessageKind::Command,
                                  MessageKind::Query,   MessageKind::Compensation};
constexpr int kDropped = 100;
constexpr int kHop = 101;
constexpr double kRow = 28;
constexpr double kPad = 12;
} // namespace

LegendItem::LegendItem()
{
    setFlag(ItemIgnoresTransformations);
    setAcceptedMouseButtons(Qt::NoButton);
    // Drawn again only when its counts change (text layout is most of a paint), not with every
    // frame of the canvas under it.
    setCacheMode(DeviceCoordinateCache);
    setZValue(100);
    // Repainted only when it changes: the message layer above repaints every frame.
    setCacheMode(DeviceCoordinateCache);
    for (MessageKind k : kKinds)
        m_entries.push_back({int(k), QString::fromLatin1(CanvasTheme::messageLabel(k))});
    m_entries.push_back({kDropped, QStringLiteral("dropped")});
    // A ring: a message that took no time (drawn for a moment, not in flight).
    m_entries.push_back({kHop, QStringLiteral("instant hop")});
    layout();
}

void LegendItem::setStatus(int inFlight, int hidden, int hops, const QStringList &faults)
{
    if (inFlight == m_inFlight && hidden == m_hidden && hops == m_hops && faults == m_faults)
        return;
    m_inFlight = inFlight;
    m_hidden = hidden;
    m_hops = hops;
    m_faults = faults;
    layout();
    setToolTip(statusText());
    update();
}

void LegendItem::setMaxWidth(double width)
{
    width = std::max(160.0, width);
    if (qFuzzyCompare(width, m_maxWidth))
        return;
    m_maxWidth = width;
    layout();
    update();
}

QString LegendItem::statusText() const
{
    QString s = m_inFlight == 1 ? QStringLiteral("1 message in flight")
                                : QStringLiteral("%1 messages in flight").arg(m_inFlight);
    if (m_hidden > 0)
        s += QStringLiteral(" (%1 not drawn)").arg(m_hidden);
    if (m_hops > 0)
        s += m_hops == 1 ? QStringLiteral(" · 1 instant hop")
                         : QStringLiteral(" · %1 instant hops").arg(m_hops);
    if (!m_faults.isEmpty())
        s += QStringLiteral("   ·   faults: ") + m_faults.join(QStringLiteral("; "));
    return s;
}

void LegendItem::layout()
{
    prepareGeometryChange();
    const QFontMetricsF fm(CanvasTheme::smallFont());
    double x = kPad;
    int row = 0;
    double widest = 0;
    for (Entry &e : m_entries) {
        const double w = 24 + fm.horizontalAdvance(e.label) + 14;
        if (x > kPad && x + w > m_maxWidth - kPad) {
            widest = std::max(widest, x);
            x = kPad;
            ++row;
        }
        e.x = x;
        e.row = row;
        x += w;
    }
    widest = std::max(widest, x);
    m_rows = row + 1;
    const double status = fm.horizontalAdvance(statusText()) + 2 * kPad;
    m_width = std::min(m_maxWidth, std::max(widest + kPad - 14, status));
}

double LegendItem::height() const
{
    return 4 + kRow * (m_rows + 1) + 2;
}

QRectF LegendItem::markRect(MessageKind kind) const
{
    for (const Entry &e : m_entries)
        if (e.mark == int(kind))
            return {e.x + 1, 4 + kRow * e.row + kRow / 2 - 7, 14, 14};
    return {};
}

QRectF LegendItem::boundingRect() const
{
    return {0, 0, m_width, height()};
}

void LegendItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const CanvasTheme theme = CanvasTheme::of(this);
    const QRectF r = boundingRect();
    painter->setPen(QPen(theme.panelBorder(), theme.stroke(1)));
    painter->setBrush(theme.panelFill());
    painter->drawRoundedRect(r, 8, 8);

    const QFont font = CanvasTheme::smallFont();
    painter->setFont(font);
    const QFontMetricsF fm(font);
    for (const Entry &e : m_entries) {
        const double x = e.x;
        const double cy = 4 + kRow * e.row + kRow / 2;
        if (e.mark == kDropped) {
            painter->setPen(QPen(theme.drop(), 2.5, Qt::SolidLine, Qt::RoundCap));
            painter->setBrush(Qt::NoBrush);
            painter->drawEllipse(QPointF(x + 8, cy), 8, 8);
            painter->drawLine(QPointF(x + 4, cy - 4), QPointF(x + 12, cy + 4));
            painter->drawLine(QPointF(x + 4, cy + 4), QPointF(x + 12, cy - 4));
        } else if (e.mark == kHop) {
            // Any kind's outline is a hop; a neutral one stands for them all.
            painter->setPen(QPen(theme.mutedText(), 2.5));
            painter->setBrush(Qt::white);
            painter->drawEllipse(QPointF(x + 8, cy), 6.5, 6.5);
        } else {
            // The same shape and colour as the dots on the canvas, a little larger.
            const auto kind = static_cast<MessageKind>(e.mark);
            MessageGlyph::paint(painter, kind, markRect(kind), theme, false);
        }
        painter->setPen(theme.text());
        painter->drawText(QRectF(x + 20, cy - kRow / 2, fm.horizontalAdvance(e.label) + 4, kRow),
                          Qt::AlignLeft | Qt::AlignVCenter, e.label);
    }
    painter->setPen(m_faults.isEmpty() ? theme.mutedText() : theme.partition());
    const double textWidth = r.width() - 2 * kPad;
    painter->drawText(QRectF(kPad, 4 + kRow * m_rows, textWidth, kRow),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      fm.elidedText(statusText(), Qt::ElideRight, textWidth));
}

} // namespace dplab
