#pragma once

#include "app/gui/canvas/canvastheme.h"
#include "simulation/kernel/simtime.h"

#include <QGraphicsItem>
#include <QList>
#include <QPair>
#include <QPixmap>

#include <array>

namespace dplab {

class CanvasScene;
class FollowedTransaction;
class MessageTracker;
struct InFlightMessage;
struct TransientEffect;

/**
 * One custom-painted layer for every message in flight and every transient effect (publish
 * hops, drop bursts, duplicate splits, events lost or phantom at their publisher): thousands
 * of dots cost one item, not thousands. Dots are pre-rendered sprites blitted in device pixels,
 * so their size does not depend on zoom.
 *
 * A filled dot is a message in flight, and nothing else is: a message that takes no time (a hop
 * to the bus, a zero-latency call, a copy the bus makes) is drawn as a ring (its kind's shape,
 * hollow, in its colour), and counted apart (hopsShown), so the legend's count agrees with the
 * filled dots. Each kind has its own shape as well as colour (MessageGlyph).
 */
class MessageLayerItem : public QGraphicsItem
{
public:
    MessageLayerItem(CanvasScene *scene, const MessageTracker *tracker);

    void setArea(const QRectF &area);
    /// Draws the state at `now`; effects last `effectSpan` of virtual time.
    void setTime(SimTime now, SimTime effectSpan);
    void setMaxDrawn(int maxDrawn) { m_maxDrawn = maxDrawn; }
    /// The transaction the class follows: its messages are drawn larger and ringed, every
    /// other message and effect faint (null, or not active: all alike).
    void setFollowed(const FollowedTransaction *followed) { m_followed = followed; }
    /// The message in flight drawn nearest to `scenePos`, within `reach` (scene units), or null.
    const InFlightMessage *messageNear(const QPointF &scenePos, double reach) const;
    /// Messages of the followed transaction the last paint drew.
    int lastDrawnFollowed() const { return m_lastFollowed; }
    int maxDrawn() const { return m_maxDrawn; }
    /// Messages in flight that the last paint left out because of the cap.
    int hiddenCount() const;
    /// Rings (instant hops) shown at the time of the last setTime.
    int hopsShown() const { return m_hops; }
    /// Filled dots (messages in flight) the last paint drew.
    int lastDrawnInFlight() const { return m_lastDrawn; }

    /// Where a message in flight is drawn now (scene coordinates): its share of the flight
    /// time along the route of its edge.
    QPointF positionOf(const InFlightMessage &m) const;

    QRectF boundingRect() const override { return m_area; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    /// Where and how strongly an event lost (or phantom) at its publisher is drawn now, in device
    /// pixels; alpha 0 when it is not shown.
    struct LossMark
    {
        QPointF centre;
        double radius = 0;
        double alpha = 0;
        QLineF line; ///< the publisher's link toward the bus, in device pixels
    };
    LossMark lossMark(const TransientEffect &fx, const QTransform &toDevice) const;

    /// The picture of a message of `kind` (a MessageKind) at `dpr`: its shape filled, or
    /// hollow (`ring`) for a message that took no time; drawn again when the theme changes.
    const QPixmap &sprite(int kind, qreal dpr, bool ring = false);

private:
    /// The followed transaction's messages in flight (device pixels, kind), over the others.
    void paintFollowed(QPainter *painter, const QList<QPair<QPointF, int>> &dots, qreal dpr);
    /// How strongly an effect shows now (0: not at all: faded, or after the playhead).
    double effectAlpha(const TransientEffect &fx) const;
    /// An event lost by its publisher, or a phantom one: a burst (its caption is drawn above the
    /// boxes by LossCaptionItem).
    void paintLoss(QPainter *painter, const QTransform &toDevice, const TransientEffect &fx,
                   qreal dpr);

    CanvasScene *m_scene;
    const MessageTracker *m_tracker;
    QRectF m_area;
    SimTime m_now = 0;
    SimTime m_effectSpan = 1;
    int m_maxDrawn = 5000;
    std::array<QPixmap, 8> m_sprites;
    std::array<QPixmap, 8> m_rings;
    int m_hops = 0;
    int m_lastDrawn = 0;
    int m_lastFollowed = 0;
    const FollowedTransaction *m_followed = nullptr;
    qreal m_spriteDpr = 0;
    CanvasTheme m_spriteTheme;
};

} // namespace dplab
