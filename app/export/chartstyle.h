#pragma once

#include "simulation/scenario/scenario.h"

#include <QColor>
#include <QFont>
#include <QSize>

class QValueAxis;
class QString;

namespace dplab {

/**
 * Colours and fonts of the charts: the canvas's light theme and its Okabe-Ito palette
 * (distinguishable with the common colour-vision deficiencies), with fonts large enough for a
 * projector.
 */
class ChartStyle
{
public:
    static QColor background() { return QColor(0xff, 0xff, 0xff); }
    static QColor plotBackground() { return QColor(0xfb, 0xfc, 0xfd); }
    static QColor text() { return QColor(0x1c, 0x23, 0x2b); }
    static QColor mutedText() { return QColor(0x4a, 0x55, 0x62); }
    static QColor grid() { return QColor(0xdd, 0xe1, 0xe6); }
    static QColor playhead() { return QColor(0x1c, 0x23, 0x2b); }

    /// Line colour number `index` (cycles; the dash pattern tells the second round apart).
    static QColor seriesColor(int index);
    static int paletteSize();
    /// The band behind the plot while a fault of this kind is in force (light, translucent).
    static QColor faultFill(FaultSpec::Kind kind);
    /// Its label's colour (the same hue, dark enough to read).
    static QColor faultInk(FaultSpec::Kind kind);

    static QFont titleFont();
    static QFont axisTitleFont();
    static QFont labelFont();
    static QFont legendFont();
    static QFont faultLabelFont();
    /// A value axis in the charts' look: title, label fonts and colours, grid, no minor grid.
    static void styleValueAxis(QValueAxis *axis, const QString &title);

    /// Size of exported pictures (16:9, a slide's proportions).
    static QSize exportSize() { return {1280, 720}; }
};

} // namespace dplab
