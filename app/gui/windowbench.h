#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace dplab {

class MainWindow;

/**
 * The window bench (`dplab --bench FILE`): plays the open scenario at the window's speed for a
 * while, with the docks laid out as a user sees them, and measures every frame: the event loop's
 * busy time between two playback frames, split into simulation, canvas (refresh and paint),
 * charts (update and paint) and the rest (docks, layouts, other events). Prints percentiles and
 * how far virtual time kept up with real time, then quits. Figures, not a test.
 */
class WindowBench : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        double seconds = 10.0; ///< wall time measured
        double warmup = 1.0;   ///< wall time played before measuring
        QStringList raise;     ///< docks (object names) brought to the front of their tabs
    };

    WindowBench(MainWindow *window, Options options);

    /// Lays the window out, starts playing and measuring; quits the application when done.
    void start();

private:
    /// One measured frame: milliseconds of each kind of work.
    struct Frame
    {
        double busy = 0, simulation = 0, canvas = 0, charts = 0, interval = 0;
    };
    struct Totals
    {
        double canvas = 0, charts = 0;
    };

    void onAwake();
    void onAboutToBlock();
    void onFrameDone();
    void finish();
    Totals totals() const;

    MainWindow *m_window;
    Options m_options;
    QElapsedTimer m_clock;
    qint64 m_awakeNs = -1; ///< when the event loop last woke (-1: asleep)
    double m_busyMs = 0;   ///< busy time since the last frame
    qint64 m_lastFrameNs = -1;
    Totals m_last;
    bool m_measuring = false;
    qint64 m_measureStartNs = 0;
    std::int64_t m_virtualStart = 0;
    std::uint64_t m_eventsStart = 0;
    std::vector<Frame> m_frames;
};

} // namespace dplab
