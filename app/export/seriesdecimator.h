#pragma once

#include <QList>
#include <QPointF>

namespace dplab {

/**
 * Reduces a line to at most two points per pixel column, its minimum and its maximum in the
 * order they occur, so a spike one sample wide survives however long the run. Points are fed
 * in increasing x; closed columns are kept, so feeding only the new samples of each frame costs
 * O(new samples), not O(run).
 */
class SeriesDecimator
{
public:
    /// Starts over with `buckets` pixel columns spanning [x0, x1].
    void reset(double x0, double x1, int buckets);
    /// Adds a sample (x not smaller than the previous one). A NaN value is no sample but a gap:
    /// the line breaks there (see breaks()) when at least one whole column stays empty.
    void add(double x, double y);
    /// The decimated line so far, closed columns and the open one.
    QList<QPointF> points() const;
    /// The points of the closed columns (they never change until reset()).
    const QList<QPointF> &closedPoints() const { return m_closed; }
    /// The points of the column still open: its min and max and, so the line reaches the
    /// newest sample, its last point (empty before the first sample).
    QList<QPointF> openPoints() const;
    int buckets() const { return m_buckets; }
    /// Where the line breaks: indices into closedPoints() at which a new run of points starts
    /// after a gap (ascending; the current run starts at the last one, or at 0).
    const QList<qsizetype> &breaks() const { return m_breaks; }
    /// Samples added since reset().
    qsizetype samples() const { return m_samples; }
    double maxY() const { return m_maxY; }
    double minY() const { return m_minY; }

private:
    struct Column
    {
        int index = -1;
        QPointF min, max, last;
    };
    void close();
    int bucketOf(double x) const;

    double m_x0 = 0, m_x1 = 1;
    int m_buckets = 1;
    qsizetype m_samples = 0;
    double m_maxY = 0, m_minY = 0;
    QList<QPointF> m_closed;
    QList<qsizetype> m_breaks;
    bool m_gap = false;    ///< a NaN came after the last point: the next one starts a new run
    int m_lastBucket = -1; ///< the column of the last point
    Column m_open;
};

/// The min/max decimation of a whole line at once (see SeriesDecimator).
QList<QPointF> decimateMinMax(const QList<QPointF> &line, double x0, double x1, int buckets);

} // namespace dplab
