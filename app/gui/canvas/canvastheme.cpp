#include "app/gui/canvas/canvastheme.h"

#include "app/gui/canvas/canvasscene.h"

#include <QGraphicsItem>

namespace dplab {

namespace {
/// One colour of each theme, as 0xRRGGBB.
QColor themeColour(bool highContrast, unsigned light, unsigned strong)
{
    return QColor::fromRgb(highContrast ? strong : light);
}
} // namespace

CanvasTheme CanvasTheme::of(const QGraphicsItem *item)
{
    const auto *scene = item ? qobject_cast<const CanvasScene *>(item->scene()) : nullptr;
    return scene ? scene->theme() : CanvasTheme();
}

// Every text colour is at least 4.5:1 against the fill it is drawn on, in both themes
// (tst_guiaccessibility computes each pair).
QColor CanvasTheme::background() const
{
    return themeColour(m_highContrast, 0xf6f7f9, 0xffffff);
}
QColor CanvasTheme::text() const
{
    return themeColour(m_highContrast, 0x1c232b, 0x000000);
}
QColor CanvasTheme::mutedText() const
{
    return themeColour(m_highContrast, 0x4a5562, 0x262626);
}
QColor CanvasTheme::nodeFill() const
{
    return themeColour(m_highContrast, 0xffffff, 0xffffff);
}
QColor CanvasTheme::nodeBorder() const
{
    return themeColour(m_highContrast, 0x3b4a5c, 0x000000);
}
QColor CanvasTheme::selection() const
{
    return themeColour(m_highContrast, 0x1f6fd1, 0x0047c2);
}
QColor CanvasTheme::downFill() const
{
    return themeColour(m_highContrast, 0xd9dbde, 0xd4d4d4);
}
QColor CanvasTheme::downText() const
{
    return themeColour(m_highContrast, 0x8a1c1c, 0x700000);
}
QColor CanvasTheme::databaseFill() const
{
    return themeColour(m_highContrast, 0xe4eef7, 0xeaf2ff);
}
QColor CanvasTheme::databaseCap() const
{
    return themeColour(m_highContrast, 0xf4f8fc, 0xffffff);
}
QColor CanvasTheme::databaseBorder() const
{
    return themeColour(m_highContrast, 0x2d5a86, 0x003a78);
}
QColor CanvasTheme::busFill() const
{
    return themeColour(m_highContrast, 0xf1ecf8, 0xf4efff);
}
QColor CanvasTheme::busBorder() const
{
    return themeColour(m_highContrast, 0x5b3c88, 0x35106a);
}
QColor CanvasTheme::laneFill(bool down) const
{
    return down ? themeColour(m_highContrast, 0xe6e7e9, 0xe2e2e2)
                : themeColour(m_highContrast, 0xffffff, 0xffffff);
}
QColor CanvasTheme::clientFill() const
{
    return themeColour(m_highContrast, 0xfbfbf4, 0xffffff);
}
QColor CanvasTheme::barTrack() const
{
    return themeColour(m_highContrast, 0xeef0f3, 0xe6e6e6);
}
QColor CanvasTheme::panelFill() const
{
    // Translucent in the light theme (a message passing under it still shows), opaque white in
    // the high-contrast one.
    return m_highContrast ? QColor(255, 255, 255) : QColor(255, 255, 255, 235);
}
QColor CanvasTheme::panelBorder() const
{
    return themeColour(m_highContrast, 0xc5cbd3, 0x000000);
}
QColor CanvasTheme::edge() const
{
    return themeColour(m_highContrast, 0x9aa4b0, 0x3a3a3a);
}
QColor CanvasTheme::subscriptionEdge() const
{
    return themeColour(m_highContrast, 0xa98fcc, 0x5a1e9c);
}
QColor CanvasTheme::busy() const
{
    return themeColour(m_highContrast, 0x2e8b57, 0x00703a);
}
QColor CanvasTheme::saturated() const
{
    return themeColour(m_highContrast, 0xc83c2a, 0xb80000);
}
QColor CanvasTheme::drop() const
{
    return themeColour(m_highContrast, 0xd62828, 0xe00000);
}
QColor CanvasTheme::phantom() const
{
    return themeColour(m_highContrast, 0x8e24aa, 0x7a00a8);
}
QColor CanvasTheme::lossText(bool lost) const
{
    return (lost ? drop() : phantom()).darker(m_highContrast ? 150 : 120);
}
QColor CanvasTheme::failing() const
{
    return themeColour(m_highContrast, 0x9b1c1c, 0x8b0000);
}
QColor CanvasTheme::partition() const
{
    return themeColour(m_highContrast, 0xc2410c, 0xa33300);
}

QColor CanvasTheme::partitionSide(int side) const
{
    static constexpr unsigned kLight[] = {0xc2410c, 0x0b6e8a, 0x6b3fa0, 0x4d6b1f};
    static constexpr unsigned kStrong[] = {0xa33300, 0x005f80, 0x5a2090, 0x3a5a00};
    const int i = ((side % 4) + 4) % 4;
    return themeColour(m_highContrast, kLight[i], kStrong[i]);
}

QColor CanvasTheme::undoText() const
{
    return messageColor(MessageKind::Compensation).darker(m_highContrast ? 160 : 130);
}

QColor CanvasTheme::outline(const QColor &fill) const
{
    return m_highContrast ? QColor(Qt::black) : fill.darker(135);
}

QColor CanvasTheme::messageColor(MessageKind kind) const
{
    // Okabe-Ito colours: distinguishable with the common colour-vision deficiencies; the
    // high-contrast theme keeps their hues, more saturated (a projector washes colours out).
    switch (kind) {
    case MessageKind::Request:
        return themeColour(m_highContrast, 0x0072b2, 0x0060df); // blue
    case MessageKind::Reply:
        return themeColour(m_highContrast, 0x009e73, 0x00995a); // bluish green
    case MessageKind::Event:
        return themeColour(m_highContrast, 0xe69f00, 0xffa200); // orange
    case MessageKind::Command:
        return themeColour(m_highContrast, 0xcc79a7, 0xc2188f); // reddish purple
    case MessageKind::Compensation:
        return themeColour(m_highContrast, 0xd55e00, 0xe04a00); // vermilion
    case MessageKind::Query:
        return themeColour(m_highContrast, 0x56b4e9, 0x00a8f0); // sky blue
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
