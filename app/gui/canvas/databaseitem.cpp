#include "app/gui/canvas/databaseitem.h"

#include "app/gui/canvas/canvastheme.h"

#include <QLocale>
#include <QPainter>
#include <QPainterPath>

namespace dplab {

DatabaseItem::DatabaseItem(const QString &key, bool shared, QGraphicsItem *parent)
    : NodeItem(key, parent)
    , m_shared(shared)
{
    if (shared)
        setFlags(flags() | ItemIsMovable);
    setZValue(2);
    // Repainted only when it changes: the message layer above repaints every frame.
    setCacheMode(DeviceCoordinateCache);
    setToolTip(shared ? QStringLiteral("One database shared by every service")
                      : QStringLiteral("The service's private database"));
}

QSizeF DatabaseItem::size() const
{
    const QSizeF s = CanvasTheme::databaseSize();
    return m_shared ? QSizeF(s.width() * 3.2, s.height() * 1.35) : s;
}

void DatabaseItem::setCounts(int tables, qint64 rows)
{
    if (tables == m_tables && rows == m_rows)
        return;
    m_tables = tables;
    m_rows = rows;
    update();
}

QRectF DatabaseItem::bodyRect() const
{
    const QSizeF s = size();
    return {-s.width() / 2, -s.height() / 2, s.width(), s.height()};
}

QRectF DatabaseItem::boundingRect() const
{
    return bodyRect().adjusted(-3, -3, 3, 3);
}

void DatabaseItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const CanvasTheme theme = CanvasTheme::of(this);
    const QRectF r = bodyRect();
    const double capH = qMin(22.0, r.height() * 0.22);
    const QRectF top(r.left(), r.top(), r.width(), capH);
    const QRectF bottom(r.left(), r.bottom() - capH, r.width(), capH);
    QPainterPath body;
    body.moveTo(r.left(), r.top() + capH / 2);
    body.lineTo(r.left(), r.bottom() - capH / 2);
    body.arcTo(bottom, 180, 180);
    body.lineTo(r.right(), r.top() + capH / 2);
    body.arcTo(top, 0, -180);
    painter->setPen(QPen(theme.databaseBorder(), theme.stroke(2)));
    painter->setBrush(theme.databaseFill());
    painter->drawPath(body);
    painter->setBrush(theme.databaseCap());
    painter->drawEllipse(top);

    painter->setPen(theme.text());
    const QLocale locale;
    const QRectF text = r.adjusted(4, capH + 2, -4, -capH / 2);
    if (m_shared) {
        QFont f = CanvasTheme::titleFont();
        painter->setFont(f);
        painter->drawText(text.adjusted(0, 0, 0, -text.height() / 2), Qt::AlignCenter,
                          QStringLiteral("shared database"));
        painter->setFont(CanvasTheme::bodyFont());
        const QString counts =
            m_rows >= 0
                ? QStringLiteral("%1 tables · %2 rows").arg(m_tables).arg(locale.toString(m_rows))
                : QString();
        painter->drawText(text.adjusted(0, text.height() / 2, 0, 0), Qt::AlignCenter, counts);
        return;
    }
    painter->setFont(CanvasTheme::smallFont());
    if (m_rows < 0)
        return;
    // Compact counts (1.2k) so the number fits the small cylinder.
    const QString rows = m_rows >= 100000  ? QStringLiteral("%1k").arg(m_rows / 1000)
                         : m_rows >= 10000 ? QStringLiteral("%1k").arg(m_rows / 1000.0, 0, 'f', 1)
                                           : QString::number(m_rows);
    painter->drawText(text, Qt::AlignCenter,
                      rows + (m_rows == 1 ? QStringLiteral(" row") : QStringLiteral(" rows")));
}

} // namespace dplab
