#pragma once

#include <QPolygonF>
#include <QRectF>

#include <vector>

namespace dplab {

/**
 * Finds the way of an edge around the boxes of the canvas: the shortest polyline between two
 * points that passes through no node's body but those of its own two ends, bending at corners
 * a small margin off the boxes (a visibility graph). Built once per arrangement of the nodes
 * (the corners and which of them see each other), then asked for each edge.
 */
class EdgeRouter
{
public:
    /// How far off a box a route bends.
    static constexpr double kMargin = 14;
    /// How close a straight leg may pass a box (a bus line in a column's gutter is 9 px off).
    static constexpr double kClearance = 4;
    /// What one bend costs, in pixels of length: a slightly longer route with fewer bends reads
    /// better.
    static constexpr double kBendCost = 30;

    /// Forgets every obstacle.
    void clear();
    /// A node's body; `owner` tells which node it is, so its own edges may leave it.
    void addObstacle(const void *owner, const QRectF &body);
    bool isEmpty() const { return m_obstacles.empty(); }

    /// The way from `from` (inside or on the border of `fromOwner`'s body, or beside it) to `to`
    /// (likewise of `toOwner`): its first leg may cross `fromOwner`'s body and its last leg
    /// `toOwner`'s, no leg any other body. A straight line when nothing is in the way, or when
    /// there is no way around.
    QPolygonF route(const QPointF &from, const void *fromOwner, const QPointF &to,
                    const void *toOwner) const;

private:
    struct Obstacle
    {
        const void *owner;
        QRectF keepOut; ///< the body grown by kClearance: no leg passes through it
    };
    /// Computes the corners and their visibility once after a change.
    void prepare() const;
    /// True when the leg passes no obstacle, but those of `exemptA` and `exemptB`.
    bool legIsFree(const QPointF &a, const QPointF &b, const void *exemptA,
                   const void *exemptB) const;

    std::vector<Obstacle> m_obstacles;
    mutable bool m_prepared = false;
    mutable std::vector<QPointF> m_corners;
    /// m_sees[i * corners + j]: corner j is in plain sight of corner i.
    mutable std::vector<char> m_sees;
};

} // namespace dplab
