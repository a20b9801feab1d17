#pragma once

#include "simulation/kernel/simtime.h"

#include <QColor>
#include <QString>

namespace dplab {

/**
 * How far one read side (a pattern's Staleness decoration: a read model, a replica kept inside
 * a service) is behind the writes it mirrors at a moment: the staleness (age of the oldest write it
 * does not show yet) and the consumer lag (messages on the topic it has not consumed yet), from the
 * metrics sample at or before that moment. The canvas badge and the status bar show the same
 * numbers.
 */
struct ReadSideLag
{
    /// Colour bands: green under kLowMs, amber up to kHighMs, red above.
    enum class Level { Unknown, UpToDate, Low, Medium, High };
    static constexpr double kLowMs = 100;
    static constexpr double kHighMs = 1000;

    int service = -1;
    QString name;
    QString label;          ///< a word before the lag ("replica"), or empty
    bool sampled = false;   ///< false before the first sample of the run
    SimTime sampledAt = 0;  ///< time of the sample the numbers come from
    double stalenessMs = 0; ///< 0 = up to date
    double consumerLag = 0; ///< messages behind the end of the topic

    Level level() const;
    /// "up to date", "lag 62 ms", "lag 1.4 s" or "lag –" (no sample yet).
    QString stalenessText() const;
    /// "12 behind", or empty when the consumer has read everything.
    QString behindText() const;
    /// Both, as one line: "lag 412 ms · 12 behind".
    QString text() const;

    /// A duration in milliseconds for people: "62 ms", "412 ms", "1.4 s", "2 min 5 s".
    static QString formatMs(double ms);
    static QColor fill(Level level);
    static QColor ink(Level level);
};

} // namespace dplab
