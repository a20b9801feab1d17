#pragma once

#include "simulation/kernel/simtime.h"

#include "simulation/observe/traceevent.h"

#include <QColor>
#include <QPainterPath>
#include <QPointF>

namespace dplab {

/**
 * Colours of the timeline widgets: messages in the canvas's colours (CanvasTheme), losses and
 * crashes in red, faults in orange, bookkeeping events in muted grey, so the event list, the
 * scrubber and the sequence diagram agree with what the canvas shows.
 */
class TimelineTheme
{
public:
    /// Text colour of an event in the list (its kind column and its marker).
    static QColor eventColor(const TraceEvent &e);
    static QColor playheadRow() { return QColor(0xff, 0xe9, 0x8a); }
    /// An event of the chain of evidence being walked (its rows are also marked "◆").
    static QColor evidenceRow() { return QColor(0xd4, 0xe6, 0xff); }
    static QColor evidence() { return QColor(0x0b, 0x4f, 0xa8); }
    /// The mark of an event of a chain of evidence: a diamond of half-diagonal r at c.
    static QPainterPath evidenceDiamond(QPointF c, double r);
    static QColor playhead() { return QColor(0xc2, 0x18, 0x18); }
    static QColor futureText() { return QColor(0xa4, 0xaa, 0xb2); }
    static QColor simulated() { return QColor(0xb9, 0xcd, 0xe4); }
    static QColor notSimulated() { return QColor(0xe9, 0xeb, 0xee); }
    static QColor fault() { return QColor(0xd5, 0x5e, 0x00, 150); }
    static QColor crash() { return QColor(0xd6, 0x28, 0x28, 70); }
    static QColor bookmark() { return QColor(0x1f, 0x6f, 0xd1); }
    static QColor lane() { return QColor(0x9a, 0xa4, 0xb0); }
    static QColor processing() { return QColor(0x3b, 0x4a, 0x5c); }
    /// A round tick step (1, 2 or 5 times a power of ten, in microseconds) for about `count`
    /// ticks over `span`.
    static SimTime tickStep(SimTime span, int count);
};

} // namespace dplab
