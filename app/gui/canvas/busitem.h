#pragma once

#include "app/gui/canvas/nodeitem.h"

#include <QList>
#include <QPair>

#include <cstdint>

namespace dplab {

/**
 * The message bus: a wide hub with one horizontal lane per topic. Deliveries leave from the
 * lane of their topic; publishes hop into it. Each lane says how many of its deliveries are in
 * the air and which subscribers are behind on it. Greyed, with the number of held messages,
 * while the bus is down.
 */
class BusItem : public NodeItem
{
public:
    /// topics: (label index, display name) in lane order.
    BusItem(const QList<QPair<std::uint32_t, QString>> &topics, double width);

    /** What a topic's lane says: its deliveries in the air, and who is behind on it. */
    struct Lane
    {
        int inFlight = 0;
        QString waiting; ///< "order-view 79 behind": subscribers behind (at the present only)
        bool operator==(const Lane &o) const
        {
            return inFlight == o.inFlight && waiting == o.waiting;
        }
    };

    static double heightFor(int topics);
    void setWidth(double width);
    /// `held` < 0: not known (a past playhead).
    void setState(bool down, long held, std::size_t inFlight);
    /// One per topic, in lane order.
    void setLanes(const QList<Lane> &lanes);
    const QList<Lane> &lanes() const { return m_lanes; }
    const QList<QPair<std::uint32_t, QString>> &topics() const { return m_topics; }
    std::size_t inFlight() const { return m_inFlight; }
    bool isDown() const { return m_down; }
    long held() const { return m_held; }

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
    long m_held = 0;
    QList<Lane> m_lanes;
    std::size_t m_inFlight = 0;
};

} // namespace dplab
