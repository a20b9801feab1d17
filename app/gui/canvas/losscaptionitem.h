#pragma once

#include <QGraphicsItem>

namespace dplab {

class MessageLayerItem;
class MessageTracker;
struct TransientEffect;

/**
 * The captions of events lost (or phantom) at their publisher: "event lost" beside the red
 * burst. The bursts belong to the message layer, under the boxes; the captions sit above the
 * boxes, so a neighbouring service or database never hides the words. It covers the message
 * layer's area, so every update of that layer repaints it too: it needs no updates of its own.
 */
class LossCaptionItem : public QGraphicsItem
{
public:
    LossCaptionItem(const MessageLayerItem *layer, const MessageTracker *tracker);

    /// Call when the message layer's area changes: this item covers the same area.
    void areaChanged() { prepareGeometryChange(); }

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    /// Where the caption of a loss goes, in device pixels under `toDevice`: beside its burst,
    /// on the first side where it covers no box (else where it covers least).
    QRectF captionRect(const TransientEffect &fx, const QTransform &toDevice) const;
    /// "event lost" or "phantom event".
    static QString captionText(const TransientEffect &fx);

private:
    const MessageLayerItem *m_layer;
    const MessageTracker *m_tracker;
};

} // namespace dplab
