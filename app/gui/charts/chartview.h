#pragma once

#include <QChartView>

namespace dplab {

/** The dock's chart view: a QChartView that measures how long it takes to paint. */
class ChartView : public QChartView
{
    Q_OBJECT

public:
    explicit ChartView(QWidget *parent = nullptr);

    /// Shows `chart` (the view owns it) and deletes the one shown before. QChartView::setChart
    /// only releases the old chart, and the view starts with a default chart of its own, so
    /// each replacement would otherwise leak a whole chart (LeakSanitizer found it).
    void replaceChart(QChart *chart);

    double lastPaintMs() const { return m_lastPaintMs; }
    double meanPaintMs() const { return m_paints ? m_totalPaintMs / m_paints : 0.0; }
    double totalPaintMs() const { return m_totalPaintMs; }
    double maxPaintMs() const { return m_maxPaintMs; }
    int paints() const { return m_paints; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    double m_lastPaintMs = 0, m_totalPaintMs = 0, m_maxPaintMs = 0;
    int m_paints = 0;
};

} // namespace dplab
