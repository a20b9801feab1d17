#pragma once

#include "app/export/chartcatalog.h"
#include "app/export/faultbands.h"
#include "app/export/seriesdecimator.h"
#include "simulation/kernel/simtime.h"

#include <QChart>
#include <QList>

#include <vector>

class QGraphicsLineItem;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;
class QLineSeries;
class QValueAxis;

namespace dplab {

/**
 * One chart of a run (a ChartSpec drawn with Qt Charts): the x axis spans the whole run, the
 * lines are drawn up to the playhead from min/max-decimated samples, faults are shaded as
 * labelled bands behind the lines and a vertical line marks the playhead. The same class draws
 * the dock's charts and the exported pictures.
 */
class LabChart : public QChart
{
    Q_OBJECT

public:
    explicit LabChart(ChartSpec spec, QGraphicsItem *parent = nullptr);
    ~LabChart() override;

    const ChartSpec &spec() const { return m_spec; }
    /// The run's length: the x axis spans 0..duration. Forgets the data.
    void setDuration(SimTime duration);
    SimTime duration() const { return m_duration; }
    /// Pixel columns the lines are decimated to (0: the plot area's width, the default).
    void setResolution(int columns);
    int resolution() const { return m_buckets; }

    /// Feeds the metrics rows it has not seen yet (all of them again when there are fewer rows
    /// than before: the run was reset), moves the playhead to `now` and redraws the bands.
    /// Lines whose data did not change are left alone; each changed line gets one replace().
    void updateData(const std::vector<std::vector<double>> &rows, SimTime now,
                    const std::vector<FaultBand> &faults);
    /// Compact: no title (the dock's picker names the chart) and the legend at the side, so a
    /// short dock keeps most of its height for the plot.
    void setCompact(bool compact);
    /// Shows the playhead line (while the run is not over).
    void setPlayheadVisible(bool visible);

    /// The lines shown (with top-N charts, the largest so far), in the order of the spec.
    /// Each is drawn as two series, this one with the settled part of the line and a tail
    /// series with the recent part (see updateData()); linePoints() joins them.
    QList<QLineSeries *> shownSeries() const;
    /// The whole line of a shown series: its settled points and its tail.
    QList<QPointF> linePoints(const QLineSeries *series) const;
    const ChartSeriesSpec *seriesSpec(const QLineSeries *series) const;
    QGraphicsLineItem *playheadItem() const { return m_playhead; }
    /// The fault bands drawn, in the order of `faults` given to updateData().
    const QList<QGraphicsRectItem *> &bandItems() const { return m_bandItems; }
    const std::vector<FaultBand> &bands() const { return m_bands; }
    QValueAxis *timeAxis() const { return m_axisX; }
    QValueAxis *valueAxis() const { return m_axisY; }
    /// Scene x of a moment of the run on this chart.
    double xPosition(double seconds) const;
    /// Rows fed so far.
    std::size_t rowsSeen() const { return m_rowsSeen; }
    /// True once a value other than 0 was seen (ChartSpec::hideWhenFlat).
    bool hasNonZero() const { return m_nonZero; }

signals:
    /// The decimation changed (the plot was resized): call updateData() to draw it again.
    void resolutionChanged();

private:
    struct Line
    {
        ChartSeriesSpec spec;
        SeriesDecimator decimator;
        QLineSeries *series = nullptr; ///< settled columns, replaced now and then
        QLineSeries *tail = nullptr;   ///< the columns since, replaced every update
        /// The runs of points before the last gap (decimator breaks), one series each: Qt
        /// Charts draws a line through every point of a series, so a gap ends a series.
        QList<QLineSeries *> runs;
        qsizetype settled = 0; ///< closed points in `series`
        bool settleNow = true; ///< after a refeed: settle everything at once
        bool dirty = false;
        bool shown = true;
    };

    void refeed(const std::vector<std::vector<double>> &rows);
    void drawLine(Line &line, bool maySettle);
    void clearRuns(Line &line);
    void feed(const std::vector<std::vector<double>> &rows, std::size_t from);
    void chooseShown();
    void updateValueAxis();
    void rebuildBands();
    void relayout();
    int effectiveBuckets() const;
    std::size_t shownCount() const;

    ChartSpec m_spec;
    SimTime m_duration = kSecond;
    int m_requestedBuckets = 0;
    int m_buckets = 1;
    std::vector<Line> m_lines;
    std::size_t m_rowsSeen = 0;
    bool m_nonZero = false;
    double m_nowS = 0;
    double m_yMax = -1, m_yMin = 0;
    QValueAxis *m_axisX;
    QValueAxis *m_axisY;
    QGraphicsLineItem *m_playhead;
    bool m_playheadVisible = true;
    std::vector<FaultBand> m_bands;
    QList<QGraphicsRectItem *> m_bandItems;
    QList<QGraphicsSimpleTextItem *> m_bandLabels;
    QList<QGraphicsRectItem *> m_bandLabelBacks;
};

/// A "nice" axis step (1, 2 or 5 times a power of ten) for about `ticks` intervals over `span`.
double niceStep(double span, int ticks);

} // namespace dplab
