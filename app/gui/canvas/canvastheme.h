#pragma once

#include "simulation/observe/traceevent.h"

#include <QColor>
#include <QFont>
#include <QSizeF>

class QGraphicsItem;

namespace dplab {

/**
 * Colours, fonts and sizes of the canvas, as a value: the calm light theme by default, or the
 * high-contrast one for washed-out projectors (white ground, black text, thicker lines,
 * saturated message colours). The CanvasScene holds the theme in force and its items read it
 * with of(); fonts and sizes are the same in both themes, so switching never moves a box.
 */
class CanvasTheme
{
public:
    explicit CanvasTheme(bool highContrast = false)
        : m_highContrast(highContrast)
    {}
    /// The theme of the scene `item` is in (the default one outside a CanvasScene).
    static CanvasTheme of(const QGraphicsItem *item);

    bool highContrast() const { return m_highContrast; }
    bool operator==(const CanvasTheme &other) const = default;

    QColor background() const;
    QColor text() const;
    QColor mutedText() const;
    QColor nodeFill() const;
    QColor nodeBorder() const;
    QColor selection() const;
    QColor downFill() const;
    QColor downText() const;
    QColor databaseFill() const;
    /// The top of a database's cylinder.
    QColor databaseCap() const;
    QColor databaseBorder() const;
    QColor busFill() const;
    QColor busBorder() const;
    /// A topic's lane inside the bus (`down`: while the bus is down).
    QColor laneFill(bool down) const;
    QColor clientFill() const;
    /// The empty part of a service's utilisation bar.
    QColor barTrack() const;
    /// The ground of the legend, captions and labels drawn over the canvas.
    QColor panelFill() const;
    QColor panelBorder() const;
    QColor edge() const;
    QColor subscriptionEdge() const;
    QColor busy() const;
    QColor saturated() const;
    QColor drop() const;
    /// An event published for a change that was rolled back.
    QColor phantom() const;
    /// Text of the caption beside an event lost (`lost`) or phantom at its publisher.
    QColor lossText(bool lost) const;
    /// A service whose replies fail: dark red-brown, apart from the bright red of a loss.
    QColor failing() const;
    QColor partition() const;
    /// The colour of a side of a partition (each side its own, the first is partition()).
    QColor partitionSide(int side) const;
    /// The text of the undoing count on a saga step.
    QColor undoText() const;
    /// The outline of a coloured badge or chip filled with `fill`.
    QColor outline(const QColor &fill) const;
    /// A line `width` wide in the light theme, thicker in the high-contrast one.
    double stroke(double width) const { return m_highContrast ? width * 1.6 : width; }

    /// Colour of a message in flight, by what it is (colour-blind friendly palette); the shape
    /// tells the kinds apart as well (MessageGlyph).
    QColor messageColor(MessageKind kind) const;
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

private:
    bool m_highContrast = false;
};

} // namespace dplab
