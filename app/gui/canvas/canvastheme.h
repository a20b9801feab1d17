#pragma once

#include "simulation/observe/traceevent.h"

#include <QColor>
#include <QFont>
#include <QSizeF>

namespace dplab {

/**
 * Colours, fonts and sizes of the canvas: a calm light theme with strong contrast, sized so
 * labels stay readable on a projector.
 */
class CanvasTheme
{
public:
    static QColor background() { return QColor(0xf6, 0xf7, 0xf9); }
    static QColor text() { return QColor(0x1c, 0x23, 0x2b); }
    static QColor mutedText() { return QColor(0x4a, 0x55, 0x62); }
    static QColor nodeFill() { return QColor(0xff, 0xff, 0xff); }
    static QColor nodeBorder() { return QColor(0x3b, 0x4a, 0x5c); }
    static QColor selection() { return QColor(0x1f, 0x6f, 0xd1); }
    static QColor downFill() { return QColor(0xd9, 0xdb, 0xde); }
    static QColor downText() { return QColor(0x8a, 0x1c, 0x1c); }
    static QColor databaseFill() { return QColor(0xe4, 0xee, 0xf7); }
    static QColor databaseBorder() { return QColor(0x2d, 0x5a, 0x86); }
    static QColor busFill() { return QColor(0xf1, 0xec, 0xf8); }
    static QColor busBorder() { return QColor(0x5b, 0x3c, 0x88); }
    static QColor edge() { return QColor(0x9a, 0xa4, 0xb0); }
    static QColor subscriptionEdge() { return QColor(0xa9, 0x8f, 0xcc); }
    static QColor busy() { return QColor(0x2e, 0x8b, 0x57); }
    static QColor saturated() { return QColor(0xc8, 0x3c, 0x2a); }
    static QColor drop() { return QColor(0xd6, 0x28, 0x28); }
    /// An event published for a change that was rolled back.
    static QColor phantom() { return QColor(0x8e, 0x24, 0xaa); }
    /// A service whose replies fail: dark red-brown, apart from the bright red of a loss.
    static QColor failing() { return QColor(0x9b, 0x1c, 0x1c); }
    static QColor partition() { return QColor(0xc2, 0x41, 0x0c); }

    /// Colour of a message in flight, by what it is (colour-blind friendly palette).
    static QColor messageColor(MessageKind kind);
    /// Words shown in the legend for a message kind.
    static const char *messageLabel(MessageKind kind);

    /// Fonts in points; at 100% zoom every label is at least 11 pt.
    static QFont titleFont();
    static QFont bodyFont();
    static QFont smallFont();

    static QSizeF serviceSize() { return {230, 118}; }
    static QSizeF databaseSize() { return {124, 64}; }
    static constexpr double databaseGap = 8;
    static constexpr double columnGap = 170;
    static constexpr double rowGap = 40;
    /// On-screen diameter of a message dot, in pixels (independent of zoom).
    static constexpr int messageDiameter = 12;
};

} // namespace dplab
