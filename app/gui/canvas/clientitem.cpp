#include "app/gui/canvas/clientitem.h"

#include "app/gui/canvas/canvastheme.h"
#include "app/gui/canvas/roleicon.h"

#include <QFontMetricsF>
#include <QPainter>

namespace dplab {

namespace {
constexpr double kWidth = 210;
constexpr double kClientHeader = 74;
constexpr double kLine = 24;
constexpr int kMaxLines = 8;
} // namespace

ClientItem::ClientItem(const QStringList &streams)
    : NodeItem(QStringLiteral("@clients"))
    , m_streams(streams)
{
    setFlags(flags() | ItemIsMovable);
    setZValue(2);
    // Repainted only when it changes: the message layer above repaints every frame.
    setCacheMode(DeviceCoordinateCache);
    setToolTip(QStringLiteral("The clients that send the workload's requests"));
}

QSizeF ClientItem::sizeFor(int streams)
{
    return {kWidth, kClientHeader + kLine * qMin(streams, kMaxLines) + 10};
}

void ClientItem::setOutstanding(std::size_t outstanding)
{
    if (outstanding == m_outstanding)
        return;
    m_outstanding = outstanding;
    update();
}

QRectF ClientItem::bodyRect() const
{
    const QSizeF s = sizeFor(static_cast<int>(m_streams.size()));
    return {-s.width() / 2, -s.height() / 2, s.width(), s.height()};
}

QRectF ClientItem::boundingRect() const
{
    return bodyRect().adjusted(-3, -3, 3, 3);
}

void ClientItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const CanvasTheme theme = CanvasTheme::of(this);
    const QRectF r = bodyRect();
    painter->setPen(QPen(theme.nodeBorder(), theme.stroke(2), Qt::DashLine));
    painter->setBrush(theme.clientFill());
    painter->drawRoundedRect(r, 12, 12);

    painter->save();
    painter->translate(r.left() + 10, r.top() + 8);
    painter->scale(1.4, 1.4);
    painter->setPen(QPen(theme.text(), 1.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(RoleIcon::clients());
    painter->restore();

    painter->setPen(theme.text());
    painter->setFont(CanvasTheme::titleFont());
    painter->drawText(QRectF(r.left() + 50, r.top() + 6, r.width() - 56, 34),
                      Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("clients"));
    painter->setFont(CanvasTheme::bodyFont());
    painter->drawText(QRectF(r.left() + 12, r.top() + 40, r.width() - 24, 28),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      QStringLiteral("%1 waiting").arg(m_outstanding));

    const QFont small = CanvasTheme::smallFont();
    painter->setFont(small);
    painter->setPen(theme.mutedText());
    const QFontMetricsF fm(small);
    const int lines = qMin(static_cast<int>(m_streams.size()), kMaxLines);
    for (int i = 0; i < lines; ++i) {
        QString text = m_streams[i];
        if (i == kMaxLines - 1 && m_streams.size() > kMaxLines)
            text = QStringLiteral("… %1 more").arg(m_streams.size() - kMaxLines + 1);
        const QRectF line(r.left() + 12, r.top() + kClientHeader + i * kLine, r.width() - 24,
                          kLine);
        painter->drawText(line, Qt::AlignLeft | Qt::AlignVCenter,
                          fm.elidedText(text, Qt::ElideRight, line.width()));
    }
}

} // namespace dplab
