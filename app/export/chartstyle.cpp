#include "app/export/chartstyle.h"

#include <QValueAxis>

#include <array>

namespace dplab {

namespace {

// Okabe-Ito, in the order of the canvas (request blue first); yellow is left out, it cannot be
// read on white.
constexpr std::array<QRgb, 7> kPalette = {
    0x0072b2, // blue
    0xd55e00, // vermilion
    0x009e73, // bluish green
    0xcc79a7, // reddish purple
    0xe69f00, // orange
    0x56b4e9, // sky blue
    0x000000, // black
};

QFont font(double points, bool bold = false)
{
    QFont f;
    f.setPointSizeF(points);
    f.setBold(bold);
    return f;
}

} // namespace

QColor ChartStyle::seriesColor(int index)
{
    const int n = static_cast<int>(kPalette.size());
    return QColor::fromRgb(kPalette[static_cast<std::size_t>(((index % n) + n) % n)]);
}

int ChartStyle::paletteSize()
{
    return static_cast<int>(kPalette.size());
}

QColor ChartStyle::faultInk(FaultSpec::Kind kind)
{
    switch (kind) {
    case FaultSpec::Kind::Crash:
    case FaultSpec::Kind::CrashAfterCommit:
    case FaultSpec::Kind::CrashAfterPublish:
    case FaultSpec::Kind::CrashAfterPrepare:
        return QColor(0x8a, 0x1c, 0x1c); // as "down" on the canvas
    case FaultSpec::Kind::Partition:
        return QColor(0xc2, 0x41, 0x0c); // canvas partition
    case FaultSpec::Kind::BusDown:
        return QColor(0x5b, 0x3c, 0x88); // canvas bus
    case FaultSpec::Kind::SchemaChange:
    case FaultSpec::Kind::Rebuild:
        return QColor(0x2d, 0x5a, 0x86);
    case FaultSpec::Kind::Latency:
    case FaultSpec::Kind::Drop:
    case FaultSpec::Kind::Duplicate:
    case FaultSpec::Kind::Reorder:
        break;
    }
    return QColor(0x6b, 0x4a, 0x12);
}

QColor ChartStyle::faultFill(FaultSpec::Kind kind)
{
    QColor c = faultInk(kind);
    c.setAlpha(38);
    return c;
}

QFont ChartStyle::titleFont()
{
    return font(15, true);
}
QFont ChartStyle::axisTitleFont()
{
    return font(12);
}
QFont ChartStyle::labelFont()
{
    return font(11);
}
QFont ChartStyle::legendFont()
{
    return font(11);
}
QFont ChartStyle::faultLabelFont()
{
    return font(10, true);
}

void ChartStyle::styleValueAxis(QValueAxis *axis, const QString &title)
{
    axis->setTitleText(title);
    axis->setTitleFont(axisTitleFont());
    axis->setTitleBrush(text());
    axis->setLabelsFont(labelFont());
    axis->setLabelsColor(mutedText());
    axis->setGridLineColor(grid());
    axis->setLinePenColor(mutedText());
    axis->setMinorGridLineVisible(false);
}

} // namespace dplab
