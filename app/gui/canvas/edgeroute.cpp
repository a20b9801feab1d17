#include "app/gui/canvas/edgeroute.h"

#include <QtMath>

#include <algorithm>

namespace dplab {

EdgeRoute::EdgeRoute(const QPolygonF &points)
    : m_points(points)
{
    m_lengths.reserve(static_cast<std::size_t>(points.size()));
    double total = 0;
    for (qsizetype i = 0; i < points.size(); ++i) {
        if (i > 0)
            total += QLineF(points[i - 1], points[i]).length();
        m_lengths.push_back(total);
    }
}

int EdgeRoute::legAt(double distance) const
{
    // The first point whose length is past `distance` ends the leg.
    const auto it = std::upper_bound(m_lengths.begin(), m_lengths.end(), distance);
    const int end = static_cast<int>(it - m_lengths.begin());
    return std::clamp(end - 1, 0, std::max(0, static_cast<int>(m_points.size()) - 2));
}

QPointF EdgeRoute::pointAt(double fraction) const
{
    if (m_points.size() < 2)
        return p1();
    const double d = qBound(0.0, fraction, 1.0) * length();
    const int leg = legAt(d);
    const double start = m_lengths[std::size_t(leg)];
    const double span = m_lengths[std::size_t(leg) + 1] - start;
    const QLineF line(m_points[leg], m_points[leg + 1]);
    return span > 0 ? line.pointAt(qBound(0.0, (d - start) / span, 1.0)) : line.p1();
}

QPointF EdgeRoute::normalAt(double fraction) const
{
    if (m_points.size() < 2)
        return {0, 1};
    const int leg = legAt(qBound(0.0, fraction, 1.0) * length());
    const QLineF line(m_points[leg], m_points[leg + 1]);
    const double l = line.length();
    return l > 0 ? QPointF(-line.dy(), line.dx()) / l : QPointF(0, 1);
}

double EdgeRoute::fractionNearest(const QPointF &p, double *distance) const
{
    double best = 1e300;
    double at = 0;
    for (qsizetype i = 0; i + 1 < m_points.size(); ++i) {
        const QPointF a = m_points[i];
        const QPointF ab = m_points[i + 1] - a;
        const double l2 = QPointF::dotProduct(ab, ab);
        const double t = l2 > 0 ? qBound(0.0, QPointF::dotProduct(p - a, ab) / l2, 1.0) : 0.0;
        const double d = QLineF(p, a + ab * t).length();
        if (d < best) {
            best = d;
            at = m_lengths[std::size_t(i)] + t * std::sqrt(l2);
        }
    }
    if (m_points.size() == 1)
        best = QLineF(p, m_points.first()).length();
    if (distance)
        *distance = best;
    return length() > 0 ? at / length() : 0.0;
}

QLineF EdgeRoute::firstLeg() const
{
    return m_points.size() < 2 ? QLineF(p1(), p1()) : QLineF(m_points[0], m_points[1]);
}

QLineF EdgeRoute::lastLeg() const
{
    const qsizetype n = m_points.size();
    return n < 2 ? QLineF(p2(), p2()) : QLineF(m_points[n - 2], m_points[n - 1]);
}

EdgeRoute EdgeRoute::reversed() const
{
    QPolygonF points = m_points;
    std::reverse(points.begin(), points.end());
    return EdgeRoute(points);
}

bool EdgeRoute::crosses(const QRectF &rect) const
{
    for (qsizetype i = 0; i + 1 < m_points.size(); ++i)
        if (legCrosses(QLineF(m_points[i], m_points[i + 1]), rect))
            return true;
    return false;
}

bool EdgeRoute::legCrosses(const QLineF &leg, const QRectF &rect)
{
    // Liang-Barsky: clip the segment to the rectangle; it crosses the inside when a piece of
    // positive length is left that is not on the border.
    if (rect.isEmpty())
        return false;
    const double dx = leg.dx();
    const double dy = leg.dy();
    double t0 = 0;
    double t1 = 1;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {leg.x1() - rect.left(), rect.right() - leg.x1(), leg.y1() - rect.top(),
                         rect.bottom() - leg.y1()};
    for (int k = 0; k < 4; ++k) {
        if (qFuzzyIsNull(p[k])) {
            // Parallel to this side: outside it, or running along it, misses the inside.
            if (q[k] <= 0)
                return false;
            continue;
        }
        const double t = q[k] / p[k];
        if (p[k] < 0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
        if (t0 >= t1)
            return false;
    }
    // A piece of positive length inside the closed rectangle that is not along a side (those
    // were excluded above) passes through the inside, unless it only grazes a corner.
    return (t1 - t0) * std::sqrt(dx * dx + dy * dy) > 1e-6;
}

} // namespace dplab

namespace dplab {

namespace {
/// Where the leg from `inside` (in `rect`) to `out` (not in it) crosses the border.
QPointF borderCrossing(const QRectF &rect, QPointF inside, QPointF out)
{
    for (int i = 0; i < 40; ++i) { // bisection: exact to far below a pixel
        const QPointF mid = (inside + out) / 2;
        (rect.contains(mid) ? inside : out) = mid;
    }
    return out;
}

QPolygonF clipStart(QPolygonF points, const QRectF &rect)
{
    if (points.size() < 2 || !rect.contains(points.first()))
        return points;
    int k = 0; // the last point still inside
    while (k + 1 < points.size() && rect.contains(points[k + 1]))
        ++k;
    if (k + 1 >= points.size())
        return points; // wholly inside: nothing to keep
    QPolygonF out;
    out << borderCrossing(rect, points[k], points[k + 1]);
    for (int i = k + 1; i < points.size(); ++i)
        out << points[i];
    return out;
}
} // namespace

EdgeRoute EdgeRoute::outside(const QRectF &rect) const
{
    QPolygonF points = clipStart(m_points, rect);
    std::reverse(points.begin(), points.end());
    points = clipStart(points, rect);
    std::reverse(points.begin(), points.end());
    return EdgeRoute(points);
}

} // namespace dplab
