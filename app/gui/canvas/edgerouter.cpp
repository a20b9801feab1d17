#include "app/gui/canvas/edgerouter.h"

#include "app/gui/canvas/edgeroute.h"

#include <QLineF>

#include <limits>

namespace dplab {

void EdgeRouter::clear()
{
    m_obstacles.clear();
    m_prepared = false;
}

void EdgeRouter::addObstacle(const void *owner, const QRectF &body)
{
    const double c = kClearance;
    m_obstacles.push_back({owner, body.normalized().adjusted(-c, -c, c, c)});
    m_prepared = false;
}

bool EdgeRouter::legIsFree(const QPointF &a, const QPointF &b, const void *exemptA,
                           const void *exemptB) const
{
    const QLineF leg(a, b);
    for (const Obstacle &o : m_obstacles)
        if (o.owner != exemptA && o.owner != exemptB && EdgeRoute::legCrosses(leg, o.keepOut))
            return false;
    return true;
}

void EdgeRouter::prepare() const
{
    if (m_prepared)
        return;
    m_prepared = true;
    m_corners.clear();
    const double grow = kMargin - kClearance;
    for (const Obstacle &o : m_obstacles) {
        const QRectF r = o.keepOut.adjusted(-grow, -grow, grow, grow);
        for (const QPointF &c : {r.topLeft(), r.topRight(), r.bottomRight(), r.bottomLeft()}) {
            // A corner inside another body (boxes closer than two margins) is no way through.
            bool inside = false;
            for (const Obstacle &other : m_obstacles)
                inside = inside || (c.x() > other.keepOut.left() && c.x() < other.keepOut.right() &&
                                    c.y() > other.keepOut.top() && c.y() < other.keepOut.bottom());
            if (!inside)
                m_corners.push_back(c);
        }
    }
    const std::size_t n = m_corners.size();
    m_sees.assign(n * n, 0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j)
            if (legIsFree(m_corners[i], m_corners[j], nullptr, nullptr))
                m_sees[i * n + j] = m_sees[j * n + i] = 1;
}

QPolygonF EdgeRouter::route(const QPointF &from, const void *fromOwner, const QPointF &to,
                            const void *toOwner) const
{
    const QPolygonF straight({from, to});
    if (legIsFree(from, to, fromOwner, toOwner))
        return straight;
    prepare();
    // Dijkstra over the start (0), the end (1) and the corners (2...): a few dozen vertices,
    // so the plain quadratic form, with ties going to the lower index (deterministic).
    const std::size_t corners = m_corners.size();
    const std::size_t n = corners + 2;
    const auto point = [&](std::size_t v) {
        return v == 0 ? from : v == 1 ? to : m_corners[v - 2];
    };
    std::vector<char> fromSees(corners), seesTo(corners);
    for (std::size_t k = 0; k < corners; ++k) {
        fromSees[k] = legIsFree(from, m_corners[k], fromOwner, nullptr);
        seesTo[k] = legIsFree(m_corners[k], to, nullptr, toOwner);
    }
    const auto linked = [&](std::size_t u, std::size_t v) {
        if (u == v)
            return false;
        if (u > v)
            std::swap(u, v);
        if (u == 0)
            return v != 1 && fromSees[v - 2] != 0;
        if (u == 1)
            return seesTo[v - 2] != 0;
        return m_sees[(u - 2) * corners + (v - 2)] != 0;
    };
    constexpr double kFar = std::numeric_limits<double>::infinity();
    std::vector<double> dist(n, kFar);
    std::vector<std::size_t> previous(n, n);
    std::vector<char> done(n, 0);
    dist[0] = 0;
    for (;;) {
        std::size_t u = n;
        for (std::size_t v = 0; v < n; ++v)
            if (!done[v] && dist[v] < kFar && (u == n || dist[v] < dist[u]))
                u = v;
        if (u == n || u == 1)
            break;
        done[u] = 1;
        for (std::size_t v = 1; v < n; ++v) {
            if (done[v] || !linked(u, v))
                continue;
            const double d =
                dist[u] + QLineF(point(u), point(v)).length() + (v == 1 ? 0.0 : kBendCost);
            if (d < dist[v]) {
                dist[v] = d;
                previous[v] = u;
            }
        }
    }
    if (dist[1] == kFar)
        return straight;
    QPolygonF path;
    for (std::size_t v = 1; v != n; v = previous[v])
        path.prepend(point(v));
    return path;
}

} // namespace dplab
