#pragma once

#include <QChart>
#include <QPointF>
#include <QString>

#include <vector>

class QLineSeries;
class QValueAxis;

namespace dplab {

/** One line of a parameter study's chart: the means at each x and their confidence band. */
struct SweepChartLine
{
    QString label;               ///< legend text: the value of the second parameter
    std::vector<QPointF> points; ///< x and the mean (points without a mean are left out)
    std::vector<double> low;     ///< the 95% interval at each point (NaN: none)
    std::vector<double> high;
};

/**
 * A metric against a parameter of a study: one line per value of the second parameter, with
 * markers at the points and a translucent band for each point's 95% confidence interval, in
 * the colours and fonts of the run charts (ChartStyle).
 */
class SweepChart : public QChart
{
    Q_OBJECT

public:
    SweepChart(const QString &title, const QString &xTitle, const QString &yTitle,
               const std::vector<SweepChartLine> &lines, QGraphicsItem *parent = nullptr);

    QValueAxis *xAxis() const { return m_axisX; }
    QValueAxis *yAxis() const { return m_axisY; }
    /// The series of each line's means, in the order of the lines (for clicks on the markers).
    const std::vector<QLineSeries *> &meanSeries() const { return m_means; }

private:
    QValueAxis *m_axisX;
    QValueAxis *m_axisY;
    std::vector<QLineSeries *> m_means;
};

} // namespace dplab
