#pragma once

#include <QLineF>
#include <QPolygonF>
#include <QRectF>

#include <vector>

namespace dplab {

/**
 * The way an edge and its messages take across the canvas: a polyline from the sender to the
 * receiver (straight when nothing is in the way, bending around boxes otherwise), with points
 * found by their share of its length, so a dot halfway through its flight is halfway along the
 * drawn line.
 */
class EdgeRoute
{
public:
    EdgeRoute() = default;
    explicit EdgeRoute(const QPolygonF &points);

    const QPolygonF &points() const { return m_points; }
    bool isEmpty() const { return m_points.isEmpty(); }
    QPointF p1() const { return m_points.isEmpty() ? QPointF() : m_points.first(); }
    QPointF p2() const { return m_points.isEmpty() ? QPointF() : m_points.last(); }
    double length() const { return m_lengths.empty() ? 0.0 : m_lengths.back(); }
    /// The point at `fraction` (0: the sender's end, 1: the receiver's) of the length.
    QPointF pointAt(double fraction) const;
    /// A unit vector across the route at `fraction` (the leg's normal).
    QPointF normalAt(double fraction) const;
    /// How far along the route (0..1) the point of the route nearest to `p` is, and its distance.
    double fractionNearest(const QPointF &p, double *distance = nullptr) const;
    QLineF firstLeg() const;
    QLineF lastLeg() const;
    EdgeRoute reversed() const;
    /// The route without its ends' parts inside `rect` (it starts or ends where it crosses the
    /// border): a message leaving a box is seen from the moment it leaves it.
    EdgeRoute outside(const QRectF &rect) const;
    QRectF boundingRect() const { return m_points.boundingRect(); }
    /// True when some leg passes through the inside of `rect` (touching its border is not).
    bool crosses(const QRectF &rect) const;
    /// True when the segment passes through the inside of `rect`.
    static bool legCrosses(const QLineF &leg, const QRectF &rect);

private:
    /// Index of the leg holding the point at `distance` along the route.
    int legAt(double distance) const;

    QPolygonF m_points;
    std::vector<double> m_lengths; ///< length from the start to each point
};

} // namespace dplab
