#pragma once

#include "app/gui/readsidelag.h"

#include <QGraphicsItem>

namespace dplab {

/**
 * The staleness badge of a read side: a pill above its service box saying how far it is behind
 * ("lag 412 ms", then "12 behind" in smaller type, or "up to date"), green under 100 ms, amber
 * up to a second, red beyond. A child of the ServiceItem, so it moves with the box.
 */
class StalenessBadgeItem : public QGraphicsItem
{
public:
    explicit StalenessBadgeItem(QGraphicsItem *parent = nullptr);

    void setLag(const ReadSideLag &lag);
    const ReadSideLag &lag() const { return m_lag; }
    /// What the badge shows, as one line: "lag 412 ms · 12 behind".
    QString text() const { return m_lag.text(); }
    ReadSideLag::Level level() const { return m_lag.level(); }

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    /// The lag's font, and the smaller one of the consumer lag after it.
    static QFont font();
    static QFont secondaryFont();

private:
    /// The pill, in item coordinates: its bottom-right corner is the item's origin, so a longer
    /// text grows to the left, into the diagram, never past the right edge of the view's fit.
    QRectF pillRect() const;

    ReadSideLag m_lag;
    QString m_main = m_lag.stalenessText();
    QString m_behind;
};

} // namespace dplab
