#pragma once

#include "simulation/observe/traceevent.h"

#include <QGraphicsItem>
#include <QStringList>

#include <vector>

namespace dplab {

/**
 * The key to the message colours, shapes and marks, pinned to the view's top-left corner at a fixed
 * size on screen (it ignores zoom), with a status line: messages in flight, how many were not
 * drawn, instant hops, and the faults in force. On a narrow view the key wraps onto more rows
 * and the status line is cut with an ellipsis (the whole line is its tooltip).
 */
class LegendItem : public QGraphicsItem
{
public:
    LegendItem();

    /// inFlight: filled dots (messages travelling now); hops: rings (messages that took no
    /// time, shown for a moment); hidden: messages in flight left undrawn by the cap.
    void setStatus(int inFlight, int hidden, int hops, const QStringList &faults);
    QString statusText() const;
    /// The width the legend may take on screen (the view's width less margins).
    void setMaxWidth(double width);
    /// Height on screen in pixels, so the view can keep content clear of it.
    double height() const;

    /// Where the mark of a message kind is drawn, in the item's coordinates (empty if none).
    QRectF markRect(MessageKind kind) const;

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    /// One entry of the key: its mark and label, placed at (x, row).
    struct Entry
    {
        int mark = 0; ///< a MessageKind, or kDropped / kHop
        QString label;
        double x = 0;
        int row = 0;
    };
    void layout();

    int m_inFlight = 0;
    int m_hidden = 0;
    int m_hops = 0;
    QStringList m_faults;
    double m_maxWidth = 100000;
    std::vector<Entry> m_entries;
    double m_width = 0;
    int m_rows = 1;
};

} // namespace dplab
