#pragma once

#include <QGraphicsItem>
#include <QStringList>

namespace dplab {

/**
 * The key to the message colours, pinned to the view's top-left corner at a fixed size on
 * screen (it ignores zoom), with a status line: messages in flight, how many were not drawn,
 * and the faults in force.
 */
class LegendItem : public QGraphicsItem
{
public:
    LegendItem();

    void setStatus(int inFlight, int hidden, const QStringList &faults);
    QString statusText() const;
    /// Height on screen in pixels, so the view can keep content clear of it.
    static constexpr int kHeight = 66;

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    double keyWidth() const;

    int m_inFlight = 0;
    int m_hidden = 0;
    QStringList m_faults;
};

} // namespace dplab
