#include "app/export/sweepchart.h"

#include "app/export/chartstyle.h"
#include "app/export/labchart.h"

#include <QAreaSeries>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace dplab {

namespace {

void styleSweepAxis(QValueAxis *axis, const QString &title, double lo, double hi)
{
    ChartStyle::styleValueAxis(axis, title);
    if (!(hi > lo)) {
        const double pad = lo == 0 ? 1 : std::fabs(lo) * 0.1;
        lo -= pad;
        hi += pad;
    }
    const double step = niceStep(hi - lo, 6);
    lo = std::floor(lo / step + 1e-9) * step;
    hi = std::ceil(hi / step - 1e-9) * step;
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(lo);
    axis->setTickInterval(step);
    axis->setRange(lo, hi);
    const int decimals =
        step >= 1 ? 0 : std::clamp(static_cast<int>(std::ceil(-std::log10(step) - 1e-9)), 0, 6);
    axis->setLabelFormat(QStringLiteral("%.") + QString::number(decimals) + QLatin1Char('f'));
}

} // namespace

SweepChart::SweepChart(const QString &title, const QString &xTitle, const QString &yTitle,
                       const std::vector<SweepChartLine> &lines, QGraphicsItem *parent)
    : QChart(parent)
    , m_axisX(new QValueAxis(this))
    , m_axisY(new QValueAxis(this))
{
    setTitle(title);
    setTitleFont(ChartStyle::titleFont());
    setTitleBrush(ChartStyle::text());
    setBackgroundBrush(ChartStyle::background());
    setPlotAreaBackgroundBrush(ChartStyle::plotBackground());
    setPlotAreaBackgroundVisible(true);
    setBackgroundRoundness(0);
    setMargins(QMargins(6, 4, 10, 4));
    setAnimationOptions(QChart::NoAnimation);
    legend()->setAlignment(lines.size() > 4 ? Qt::AlignRight : Qt::AlignBottom);
    legend()->setFont(ChartStyle::legendFont());
    legend()->setLabelColor(ChartStyle::text());
    legend()->setVisible(lines.size() > 1 || !lines.front().label.isEmpty());

    double xLo = HUGE_VAL, xHi = -HUGE_VAL, yLo = HUGE_VAL, yHi = -HUGE_VAL;
    for (const SweepChartLine &line : lines) {
        for (std::size_t i = 0; i < line.points.size(); ++i) {
            const QPointF p = line.points[i];
            xLo = std::min(xLo, p.x());
            xHi = std::max(xHi, p.x());
            for (double y : {p.y(), line.low[i], line.high[i]}) {
                if (std::isnan(y))
                    continue;
                yLo = std::min(yLo, y);
                yHi = std::max(yHi, y);
            }
        }
    }
    if (xLo > xHi)
        xLo = xHi = 0;
    if (yLo > yHi)
        yLo = yHi = 0;
    // Figures such as latencies are read from 0: the curve's shape is the point.
    if (yLo >= 0)
        yLo = 0;
    addAxis(m_axisX, Qt::AlignBottom);
    addAxis(m_axisY, Qt::AlignLeft);
    styleSweepAxis(m_axisX, xTitle, xLo, xHi);
    styleSweepAxis(m_axisY, yTitle, yLo, yHi);

    for (std::size_t l = 0; l < lines.size(); ++l) {
        const SweepChartLine &line = lines[l];
        const QColor colour = ChartStyle::seriesColor(static_cast<int>(l));
        auto *upper = new QLineSeries(this);
        auto *lower = new QLineSeries(this);
        for (std::size_t i = 0; i < line.points.size(); ++i) {
            if (std::isnan(line.low[i]) || std::isnan(line.high[i]))
                continue;
            upper->append(line.points[i].x(), line.high[i]);
            lower->append(line.points[i].x(), line.low[i]);
        }
        if (upper->count() > 0) {
            auto *band = new QAreaSeries(upper, lower);
            band->setName(line.label + QStringLiteral(" 95% CI"));
            QColor fill = colour;
            fill.setAlpha(50);
            band->setBrush(fill);
            QPen edge(colour);
            edge.setWidthF(0.5);
            band->setPen(edge);
            addSeries(band);
            band->attachAxis(m_axisX);
            band->attachAxis(m_axisY);
            for (QLegendMarker *m : legend()->markers(band))
                m->setVisible(false);
        } else {
            delete upper;
            delete lower;
        }
        auto *mean = new QLineSeries(this);
        mean->setName(line.label);
        QPen pen(colour);
        pen.setWidthF(2.0);
        // A second round through the palette is dashed: colour is never the only cue.
        if (static_cast<int>(l) >= ChartStyle::paletteSize())
            pen.setStyle(Qt::DashLine);
        mean->setPen(pen);
        mean->setPointsVisible(true);
        mean->setMarkerSize(7);
        for (const QPointF &p : line.points)
            mean->append(p);
        addSeries(mean);
        mean->attachAxis(m_axisX);
        mean->attachAxis(m_axisY);
        m_means.push_back(mean);
    }
}

} // namespace dplab
