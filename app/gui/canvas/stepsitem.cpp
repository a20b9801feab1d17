#include "app/gui/canvas/stepsitem.h"

#include "app/gui/canvas/canvastheme.h"

#include <QFontMetricsF>
#include <QPainter>

namespace dplab {

namespace {
constexpr double kSagaPadding = 10;
constexpr double kHeaderHeight = 26;
constexpr double kChipHeight = 30;
constexpr double kArrow = 18;

QFont headerFont()
{
    QFont f = CanvasTheme::bodyFont();
    f.setPointSizeF(12);
    f.setBold(true);
    return f;
}

QFont chipFont()
{
    QFont f = CanvasTheme::bodyFont();
    f.setPointSizeF(13);
    f.setBold(true);
    return f;
}
} // namespace

StepsItem::StepsItem(const QString &explanation, QGraphicsItem *parent)
    : QGraphicsItem(parent)
{
    setZValue(3);
    setCacheMode(DeviceCoordinateCache);
    setAcceptedMouseButtons(Qt::NoButton);
    setToolTip(
        QStringLiteral("<p style='white-space:normal'>%1</p>").arg(explanation.toHtmlEscaped()));
}

QString StepsItem::headerText() const
{
    return QString::fromStdString(m_probe.text);
}

QString StepsItem::chipText(const Probe::Step &step)
{
    QString text =
        QStringLiteral("%1 %2").arg(QString::fromStdString(step.label)).arg(step.running);
    if (step.undoing > 0)
        text += QStringLiteral(" · ↩ %1").arg(step.undoing);
    return text;
}

void StepsItem::setProbe(const Probe &probe)
{
    if (probe == m_probe)
        return;
    prepareGeometryChange();
    m_probe = probe;
    update();
}

double StepsItem::chipWidth(const Probe::Step &step) const
{
    return QFontMetricsF(chipFont()).horizontalAdvance(chipText(step)) + 2 * kSagaPadding;
}

QRectF StepsItem::panelRect() const
{
    double chips = 0;
    for (const auto &s : m_probe.steps)
        chips += chipWidth(s);
    chips += kArrow * static_cast<double>(std::max<std::size_t>(1, m_probe.steps.size()) - 1);
    const double header = QFontMetricsF(headerFont()).horizontalAdvance(headerText());
    const double w = std::max(chips, header) + 2 * kSagaPadding;
    const double h = kHeaderHeight + kChipHeight + 2 * kSagaPadding;
    return {0, -h, w, h};
}

QRectF StepsItem::boundingRect() const
{
    return panelRect().adjusted(-2, -2, 2, 2);
}

void StepsItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const CanvasTheme theme = CanvasTheme::of(this);
    const QRectF r = panelRect();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(theme.nodeBorder(), theme.stroke(1.2)));
    painter->setBrush(theme.nodeFill());
    painter->drawRoundedRect(r, 10, 10);

    painter->setFont(headerFont());
    painter->setPen(theme.text());
    painter->drawText(QRectF(r.left() + kSagaPadding, r.top() + kSagaPadding - 4,
                             r.width() - 2 * kSagaPadding, kHeaderHeight),
                      Qt::AlignLeft | Qt::AlignVCenter, headerText());

    const QColor command = theme.messageColor(MessageKind::Command);
    const QColor undo = theme.messageColor(MessageKind::Compensation);
    double x = r.left() + kSagaPadding;
    const double y = r.top() + kSagaPadding + kHeaderHeight;
    painter->setFont(chipFont());
    for (std::size_t i = 0; i < m_probe.steps.size(); ++i) {
        const Probe::Step &step = m_probe.steps[i];
        const double w = chipWidth(step);
        const QRectF chip(x, y, w, kChipHeight);
        // A step with sagas at it is filled; an idle one is only outlined.
        const bool busy = step.running + step.undoing > 0;
        const QColor accent = step.undoing > 0 ? undo : command;
        painter->setPen(QPen(accent, theme.stroke(1.5)));
        painter->setBrush(busy ? QColor(accent.red(), accent.green(), accent.blue(), 40)
                               : QColor(Qt::transparent));
        painter->drawRoundedRect(chip, kChipHeight / 2, kChipHeight / 2);
        painter->setPen(theme.text());
        const QString main =
            QStringLiteral("%1 %2").arg(QString::fromStdString(step.label)).arg(step.running);
        const QFontMetricsF fm(chipFont());
        const double baseline = chip.center().y() + (fm.ascent() - fm.descent()) / 2;
        painter->drawText(QPointF(chip.left() + kSagaPadding, baseline), main);
        if (step.undoing > 0) {
            painter->setPen(theme.undoText());
            painter->drawText(
                QPointF(chip.left() + kSagaPadding + fm.horizontalAdvance(main), baseline),
                QStringLiteral(" · ↩ %1").arg(step.undoing));
        }
        x += w;
        if (i + 1 < m_probe.steps.size()) {
            // An arrow to the next step: the order sagas go in.
            painter->setPen(QPen(theme.mutedText(), 1.5));
            const double cy = chip.center().y();
            painter->drawLine(QPointF(x + 3, cy), QPointF(x + kArrow - 3, cy));
            painter->setBrush(theme.mutedText());
            painter->drawPolygon(
                QPolygonF({QPointF(x + kArrow - 3, cy), QPointF(x + kArrow - 9, cy - 4),
                           QPointF(x + kArrow - 9, cy + 4)}));
            x += kArrow;
        }
    }
}

} // namespace dplab
