#include "app/gui/canvas/canvastheme.h"

namespace dplab {

QColor CanvasTheme::messageColor(MessageKind kind)
{
    // Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
    switch (kind) {
    case MessageKind::Request:
        return QColor(0x00, 0x72, 0xb2); // blue
    case MessageKind::Reply:
        return QColor(0x00, 0x9e, 0x73); // green
    case MessageKind::Event:
        return QColor(0xe6, 0x9f, 0x00); // orange
    case MessageKind::Command:
        return QColor(0xcc, 0x79, 0xa7); // purple-pink
    case MessageKind::Compensation:
        return QColor(0xd5, 0x5e, 0x00); // vermilion
    case MessageKind::Query:
        return QColor(0x56, 0xb4, 0xe9); // sky blue
    case MessageKind::None:
        break;
    }
    return QColor(0x55, 0x55, 0x55);
}

const char *CanvasTheme::messageLabel(MessageKind kind)
{
    switch (kind) {
    case MessageKind::Request:
        return "request";
    case MessageKind::Reply:
        return "reply";
    case MessageKind::Event:
        return "event";
    case MessageKind::Command:
        return "command";
    case MessageKind::Compensation:
        return "compensation";
    case MessageKind::Query:
        return "query";
    case MessageKind::None:
        break;
    }
    return "other";
}

QFont CanvasTheme::titleFont()
{
    QFont f;
    f.setPointSizeF(15);
    f.setBold(true);
    return f;
}

QFont CanvasTheme::bodyFont()
{
    QFont f;
    f.setPointSizeF(13);
    return f;
}

QFont CanvasTheme::smallFont()
{
    QFont f;
    f.setPointSizeF(12);
    return f;
}

} // namespace dplab
