#pragma once

#include "app/gui/framepacer.h"
#include "simulation/kernel/simtime.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <array>
#include <cstdint>
#include <optional>

namespace dplab {

class SimulationDocument;

/**
 * Plays two documents (variants A and B of one scenario) in lockstep: one ~60 fps timer
 * advances both to the same simulated time, with an adaptive event budget shared by the two so
 * a frame's work stays under ~8 ms. When the budget cuts one run short of the frame's target,
 * the next frames only bring it level with the other before time moves on. Step runs both to
 * the next event of either; seeking moves both playheads (or runs both there in slices).
 */
class LockstepPlayback : public QObject
{
    Q_OBJECT

public:
    static constexpr double kMaxSpeed = 0.0;
    static constexpr double kFrameWorkMs = FramePacer::kFrameWorkMs;

    LockstepPlayback(SimulationDocument *a, SimulationDocument *b, QObject *parent = nullptr);

    bool isPlaying() const { return m_timer.isActive(); }
    double speed() const { return m_speed; }
    void setSpeed(double speed);

    /// The time both show: the earlier of the two (a run that ended counts as at its end).
    SimTime now() const;
    /// The longer of the two runs' durations (an override may change one).
    SimTime endTime() const;
    /// True when both runs are at the end of their scenario.
    bool atEnd() const;
    /// True when both documents show the same simulated time (or one is at its end and the
    /// other past it).
    bool inLockstep() const;
    /// Where a seek beyond what was simulated is heading, while it runs.
    std::optional<SimTime> seekTarget() const { return m_until; }
    std::uint64_t eventBudget() const { return m_pacer.budget(); }
    double lastFrameWorkMs() const { return m_pacer.lastWorkMs(); }
    /// The longest simulation work of a frame so far, in milliseconds.
    double maxFrameWorkMs() const { return m_maxWorkMs; }

public slots:
    void play();
    void pause();
    void togglePlay();
    /// Pauses and runs both to the next event of either.
    void stepOnce();
    /// Both playheads to `t`: recorded time is shown at once, later time is simulated in
    /// bounded slices (playing as fast as possible until both are there).
    void seekTime(SimTime t);
    /// One frame (the timer calls it; tests may too).
    void frame();

signals:
    void playingChanged(bool playing);
    void speedChanged(double speed);
    /// Simulated time moved (a frame, a step or a seek).
    void frameDone();
    /// Both runs reached their end.
    void finished();

private:
    /// The next time either document has something to show after the shared time.
    SimTime nextEventTime() const;
    /// Moves both documents towards `target` (each clamped to its own end) within the budget.
    std::uint64_t advanceBoth(SimTime target, std::uint64_t budget);

    std::array<SimulationDocument *, 2> m_docs;
    QTimer m_timer;
    FramePacer m_pacer;
    double m_speed = 1.0;
    double m_maxWorkMs = 0.0;
    std::optional<SimTime> m_until;
    bool m_finishedSignalled = false;
};

} // namespace dplab
