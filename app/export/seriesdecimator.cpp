#include "app/export/seriesdecimator.h"

#include <algorithm>
#include <cmath>

namespace dplab {

void SeriesDecimator::reset(double x0, double x1, int buckets)
{
    m_x0 = x0;
    m_x1 = x1 > x0 ? x1 : x0 + 1;
    m_buckets = std::max(1, buckets);
    m_samples = 0;
    m_maxY = m_minY = 0;
    m_closed.clear();
    m_closed.reserve(2 * m_buckets);
    m_breaks.clear();
    m_gap = false;
    m_lastBucket = -1;
    m_open = {};
}

int SeriesDecimator::bucketOf(double x) const
{
    const double f = (x - m_x0) / (m_x1 - m_x0) * m_buckets;
    return std::clamp(static_cast<int>(std::floor(f)), 0, m_buckets - 1);
}

void SeriesDecimator::close()
{
    if (m_open.index < 0)
        return;
    const QPointF &a = m_open.min.x() <= m_open.max.x() ? m_open.min : m_open.max;
    const QPointF &b = m_open.min.x() <= m_open.max.x() ? m_open.max : m_open.min;
    m_closed.append(a);
    if (b != a)
        m_closed.append(b);
    m_open = {};
}

void SeriesDecimator::add(double x, double y)
{
    if (std::isnan(x))
        return;
    if (std::isnan(y)) {
        // Nothing to tell here (no request completed): a gap, not a line across it.
        m_gap = m_open.index >= 0 || !m_closed.isEmpty();
        return;
    }
    if (m_samples == 0)
        m_maxY = m_minY = y;
    m_maxY = std::max(m_maxY, y);
    m_minY = std::min(m_minY, y);
    ++m_samples;
    const int b = bucketOf(x);
    // A gap narrower than a pixel column would not show: the line goes on.
    if (m_gap && b > m_lastBucket + 1) {
        close();
        m_breaks.append(m_closed.size());
    }
    m_gap = false;
    m_lastBucket = b;
    if (b != m_open.index) {
        close();
        m_open.index = b;
        m_open.min = m_open.max = m_open.last = QPointF(x, y);
        return;
    }
    m_open.last = QPointF(x, y);
    // Ties keep the first occurrence, so a flat column stays one point.
    if (y < m_open.min.y())
        m_open.min = QPointF(x, y);
    if (y > m_open.max.y())
        m_open.max = QPointF(x, y);
}

QList<QPointF> SeriesDecimator::points() const
{
    return m_closed + openPoints();
}

QList<QPointF> SeriesDecimator::openPoints() const
{
    QList<QPointF> out;
    if (m_open.index >= 0) {
        const QPointF &a = m_open.min.x() <= m_open.max.x() ? m_open.min : m_open.max;
        const QPointF &b = m_open.min.x() <= m_open.max.x() ? m_open.max : m_open.min;
        out.append(a);
        if (b != a)
            out.append(b);
        if (m_open.last != out.back() && m_open.last.x() > out.back().x())
            out.append(m_open.last);
    }
    return out;
}

QList<QPointF> decimateMinMax(const QList<QPointF> &line, double x0, double x1, int buckets)
{
    SeriesDecimator d;
    d.reset(x0, x1, buckets);
    for (const QPointF &p : line)
        d.add(p.x(), p.y());
    return d.points();
}

} // namespace dplab
