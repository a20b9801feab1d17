#include "app/gui/charts/chartview.h"

#include <QElapsedTimer>

namespace dplab {

ChartView::ChartView(QWidget *parent)
    : QChartView(parent)
{
    setRenderHint(QPainter::Antialiasing);
}

void ChartView::replaceChart(QChart *chart)
{
    QChart *old = this->chart();
    setChart(chart);
    if (old != chart)
        delete old;
}

void ChartView::paintEvent(QPaintEvent *event)
{
    QElapsedTimer clock;
    clock.start();
    QChartView::paintEvent(event);
    m_lastPaintMs = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    m_totalPaintMs += m_lastPaintMs;
    m_maxPaintMs = std::max(m_maxPaintMs, m_lastPaintMs);
    ++m_paints;
}

} // namespace dplab
