// CanvasScene: the way each edge and its messages take, around the boxes.

#include "app/gui/canvas/busitem.h"
#include "app/gui/canvas/canvasscene.h"
#include "app/gui/canvas/clientitem.h"
#include "app/gui/canvas/databaseitem.h"
#include "app/gui/canvas/noticebadgeitem.h"
#include "app/gui/canvas/serviceitem.h"
#include "app/gui/canvas/stalenessbadgeitem.h"
#include "app/gui/canvas/stepsitem.h"

namespace dplab {

namespace {
/// One cached route per (sender, receiver, topic).
std::uint64_t routeKey(std::int16_t from, std::int16_t to, std::uint32_t topic)
{
    return (std::uint64_t(std::uint16_t(from)) << 48) | (std::uint64_t(std::uint16_t(to)) << 32) |
           topic;
}
} // namespace

const EdgeRoute &CanvasScene::route(std::int16_t from, std::int16_t to, std::uint32_t topic)
{
    const std::uint64_t key = routeKey(from, to, topic);
    const auto it = m_segments.find(key);
    if (it != m_segments.end())
        return it->second;
    NodeItem *a = node(from);
    NodeItem *b = node(to);
    EdgeRoute path;
    if (a && b && a != b) {
        path = routeBetween(a, b, topic);
        // The edge runs into the topic's lane; a message is drawn from where it leaves the bus
        // (or up to where it enters it): under the bus box it could not be seen.
        if (m_bus && (a == m_bus || b == m_bus))
            path = path.outside(m_bus->sceneBodyRect());
    } else if (a || b) {
        const QPointF p = (a ? a : b)->sceneBodyRect().center();
        path = EdgeRoute(QPolygonF({p, p}));
    }
    // A copy per message drawn would allocate thousands of times a frame: hand out the cached one.
    return m_segments.emplace(key, std::move(path)).first->second;
}

EdgeRoute CanvasScene::routeBetween(NodeItem *a, NodeItem *b, std::uint32_t topic)
{
    if (m_routerDirty) {
        // Every body an edge must not cross, in a fixed order (ties between equally short
        // routes go the same way every time).
        m_router.clear();
        QList<NodeItem *> nodes;
        nodes << m_clients;
        for (ServiceItem *s : m_services)
            nodes << s;
        for (DatabaseItem *d : m_databases)
            nodes << d;
        nodes << m_bus;
        for (NodeItem *n : nodes)
            if (n && n->isVisible())
                m_router.addObstacle(n, n->sceneBodyRect());
        // A badge or steps panel above a box would hide a line, and an arrow head, as well as
        // a box. A badge's width follows its text: keep the box's width free whatever it says.
        for (ServiceItem *s : m_services) {
            const QRectF body = s->sceneBodyRect();
            for (QGraphicsItem *child : s->childItems()) {
                if (!dynamic_cast<StalenessBadgeItem *>(child) &&
                    !dynamic_cast<NoticeBadgeItem *>(child) && !dynamic_cast<StepsItem *>(child))
                    continue;
                const QRectF r = child->sceneBoundingRect();
                m_router.addObstacle(child,
                                     r | QRectF(body.left(), r.top(), body.width(), r.height()));
            }
        }
        m_routerDirty = false;
    }
    if (a == m_bus || b == m_bus) {
        // From the service's bus anchor into the topic's lane; the other way runs backwards.
        NodeItem *other = a == m_bus ? b : a;
        const QPointF p = other->busAnchor(m_bus->sceneBodyRect().center());
        const QPointF lane = m_bus->laneAnchor(topic, p);
        const EdgeRoute toBus(m_router.route(p, other, lane, m_bus));
        return a == m_bus ? toBus.reversed() : toBus;
    }
    // Replies run back along their call's line: route one way only.
    if (b->key() < a->key())
        return routeBetween(b, a, topic).reversed();
    QPolygonF path = m_router.route(a->sceneBodyRect().center(), a, b->sceneBodyRect().center(), b);
    // From centre to centre, cut at the two bodies' borders.
    path.first() = a->borderPoint(path[1]);
    path.last() = b->borderPoint(path[path.size() - 2]);
    return EdgeRoute(path);
}

} // namespace dplab
