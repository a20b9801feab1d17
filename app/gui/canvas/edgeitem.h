#pragma once

#include "app/gui/canvas/edgeroute.h"

#include <QGraphicsItem>
#include <QLineF>

#include <cstdint>

namespace dplab {

class NodeItem;

/**
 * A thin line between two nodes: a call (with an arrow head), a client stream, a subscription
 * or publication on a bus topic, or a service's wire to the shared database. It runs along the
 * route the scene finds for it around the other boxes (setRoute(), again when a node moves),
 * the same route its messages take. The scene paints it into the view's cached background,
 * not as an item of its own.
 */
class EdgeItem : public QGraphicsItem
{
public:
    enum class Kind { Call, Client, Publish, Subscription, SharedDatabase };

    /// `topic` is the bus lane for Publish/Subscription edges.
    EdgeItem(Kind kind, NodeItem *from, NodeItem *to, std::uint32_t topic = 0);

    Kind kind() const { return m_kind; }
    NodeItem *fromNode() const { return m_from; }
    NodeItem *toNode() const { return m_to; }
    std::uint32_t topic() const { return m_topic; }
    const EdgeRoute &route() const { return m_route; }
    /// The way from `fromNode()` to `toNode()` (CanvasScene::route()).
    void setRoute(const EdgeRoute &route);

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    Kind m_kind;
    NodeItem *m_from;
    NodeItem *m_to;
    std::uint32_t m_topic;
    EdgeRoute m_route;
    QLineF m_joint; ///< bus lines leaving beside their box: from the box's side to the line
};

} // namespace dplab
