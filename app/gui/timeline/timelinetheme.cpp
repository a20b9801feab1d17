#include "app/gui/timeline/timelinetheme.h"

#include "app/gui/canvas/canvastheme.h"

#include <algorithm>
#include <cmath>

namespace dplab {

QColor TimelineTheme::eventColor(const TraceEvent &e)
{
    switch (e.kind) {
    case TraceKind::Drop:
    case TraceKind::Crash:
        return CanvasTheme().drop();
    case TraceKind::Failure:
    case TraceKind::Timeout:
    case TraceKind::StaleRead:
        return CanvasTheme().saturated();
    case TraceKind::FaultStart:
    case TraceKind::FaultEnd:
    case TraceKind::Breaker:
    case TraceKind::Coupling:
        return CanvasTheme().partition();
    case TraceKind::Restart:
    case TraceKind::Commit:
        return CanvasTheme().busy();
    case TraceKind::Intervention:
        return CanvasTheme().selection();
    case TraceKind::Complete:
        return e.ok ? CanvasTheme().busy() : CanvasTheme().saturated();
    default:
        break;
    }
    if (e.msgKind != MessageKind::None) {
        // Message events in the canvas's colours, darkened so text stays readable on white.
        return CanvasTheme().messageColor(e.msgKind).darker(135);
    }
    return CanvasTheme().mutedText();
}

SimTime TimelineTheme::tickStep(SimTime span, int count)
{
    const double raw = static_cast<double>(std::max<SimTime>(span, 1)) / std::max(count, 1);
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= raw)
            return std::max<SimTime>(1, static_cast<SimTime>(m * p));
    return static_cast<SimTime>(10 * p);
}

QPainterPath TimelineTheme::evidenceDiamond(QPointF c, double r)
{
    QPainterPath diamond;
    diamond.moveTo(c.x(), c.y() - r);
    diamond.lineTo(c.x() + r, c.y());
    diamond.lineTo(c.x(), c.y() + r);
    diamond.lineTo(c.x() - r, c.y());
    diamond.closeSubpath();
    return diamond;
}

} // namespace dplab
