#pragma once

#include "app/gui/canvas/nodeitem.h"

#include <QList>
#include <QPair>

#include <cstdint>

namespace dplab {

/**
 * The message bus: a wide hub with one horizontal lane per topic. Deliveries leave from the
 * lane of their topic; publishes hop into it. Greyed, with the number of held messages, while
 * the bus is down.
 */
class BusItem : public NodeItem
{
public:
    /// topics: (label index, display name) in lane order.
    BusItem(const QList<QPair<std::uint32_t, QString>> &topics, double width);

    static double heightFor(int topics);
    void setWidth(double width);
    void setState(bool down, std::size_t held, std::size_t inFlight);
    bool isDown() const { return m_down; }
    std::size_t held() const { return m_held; }

    /// The point of a topic's lane closest to `towards` (scene coordinates).
    QPointF laneAnchor(std::uint32_t topic, const QPointF &towards) const;

    QRectF bodyRect() const override;
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QRectF laneRect(int lane) const;
    int laneOf(std::uint32_t topic) const;

    QList<QPair<std::uint32_t, QString>> m_topics;
    double m_width;
    bool m_down = false;
    std::size_t m_held = 0;
    std::size_t m_inFlight = 0;
};

} // namespace dplab
