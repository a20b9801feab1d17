#include "timelinetheme.h"

#include "canvas/canvastheme.h"

namespace dplab {

QColor TimelineTheme::eventColor(const TraceEvent &e) {
    switch (e.kind) {
    case TraceKind::Drop:
    case TraceKind::Crash:
        return CanvasTheme::drop();
    case TraceKind::Failure:
    case TraceKind::Timeout:
    case TraceKind::StaleRead:
        return CanvasTheme::saturated();
    case TraceKind::FaultStart:
    case TraceKind::FaultEnd:
    case TraceKind::Breaker:
    case TraceKind::Coupling:
        return CanvasTheme::partition();
    case TraceKind::Restart:
    case TraceKind::Commit:
        return CanvasTheme::busy();
    case TraceKind::Intervention:
        return CanvasTheme::selection();
    case TraceKind::Complete:
        return e.ok ? CanvasTheme::busy() : CanvasTheme::saturated();
    default:
        break;
    }
    if (e.msgKind != MessageKind::None) {
        // Message events in the canvas's colours, darkened so text stays readable on white.
        return CanvasTheme::messageColor(e.msgKind).darker(135);
    }
    return CanvasTheme::mutedText();
}

} // namespace dplab
