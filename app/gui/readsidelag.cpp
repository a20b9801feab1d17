#include "app/gui/readsidelag.h"

#include <QCoreApplication>

#include <cmath>

namespace dplab {

ReadSideLag::Level ReadSideLag::level() const
{
    if (!sampled)
        return Level::Unknown;
    if (stalenessMs <= 0)
        return Level::UpToDate;
    if (stalenessMs < kLowMs)
        return Level::Low;
    return stalenessMs <= kHighMs ? Level::Medium : Level::High;
}

QString ReadSideLag::formatMs(double ms)
{
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(std::lround(ms));
    const double s = ms / 1000;
    if (s < 10)
        return QStringLiteral("%1 s").arg(s, 0, 'f', 1);
    if (s < 60)
        return QStringLiteral("%1 s").arg(std::lround(s));
    const long total = std::lround(s);
    return QStringLiteral("%1 min %2 s").arg(total / 60).arg(total % 60);
}

QString ReadSideLag::stalenessText() const
{
    const QString what = label.isEmpty() ? QString() : label + QLatin1Char(' ');
    switch (level()) {
    case Level::Unknown:
        return what + QCoreApplication::translate("ReadSideLag", "lag –");
    case Level::UpToDate:
        return what + QCoreApplication::translate("ReadSideLag", "up to date");
    default:
        break;
    }
    // Under a millisecond but not zero still counts as behind: say so rather than "0 ms".
    return what + QCoreApplication::translate("ReadSideLag", "lag %1")
                      .arg(stalenessMs < 1 ? QStringLiteral("< 1 ms") : formatMs(stalenessMs));
}

QString ReadSideLag::behindText() const
{
    const long n = std::lround(consumerLag);
    if (!sampled || n <= 0)
        return {};
    return QCoreApplication::translate("ReadSideLag", "%1 behind").arg(n);
}

QString ReadSideLag::text() const
{
    const QString behind = behindText();
    return behind.isEmpty() ? stalenessText() : stalenessText() + QStringLiteral(" · ") + behind;
}

QColor ReadSideLag::fill(Level level)
{
    switch (level) {
    case Level::Unknown:
        return QColor(0xd9, 0xdb, 0xde);
    case Level::UpToDate:
    case Level::Low:
        return QColor(0x1e, 0x7b, 0x45); // green
    case Level::Medium:
        return QColor(0xf0, 0xa2, 0x02); // amber
    case Level::High:
        return QColor(0xc6, 0x28, 0x28); // red
    }
    return {};
}

QColor ReadSideLag::ink(Level level)
{
    // Dark text on amber and grey, white on green and red: the stronger contrast each time.
    return level == Level::Medium || level == Level::Unknown ? QColor(0x1c, 0x23, 0x2b)
                                                             : QColor(Qt::white);
}

} // namespace dplab
