#pragma once

#include "app/gui/framepacer.h"
#include "simulation/kernel/simtime.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <cstdint>
#include <optional>
#include <vector>

namespace dplab {

class FollowedTransaction;
class SimulationDocument;

/**
 * Drives the document in real time: a ~60 fps timer advances virtual time by the frame's wall
 * time times the speed, with an adaptive event budget so a frame's simulation work stays under
 * ~8 ms and the UI never freezes. Also pauses at narration marks and at the end.
 */
class Playback : public QObject
{
    Q_OBJECT

public:
    /// speed() == kMaxSpeed means "as fast as possible".
    static constexpr double kMaxSpeed = 0.0;
    static constexpr double kFrameWorkMs = FramePacer::kFrameWorkMs;

    explicit Playback(SimulationDocument *document, QObject *parent = nullptr);

    bool isPlaying() const { return m_timer.isActive(); }
    double speed() const { return m_speed; }
    void setSpeed(double speed);
    /// The speeds offered in the UI, slowest first, kMaxSpeed last.
    static QList<double> speeds();
    static QString speedLabel(double speed);

    /// Times where playback pauses once when it reaches them (narration with "pause").
    void setPauseMarks(std::vector<SimTime> marks);
    /// Events run per wall second, over the last half second of playing.
    double eventsPerSecond() const { return m_eventsPerSecond; }
    std::uint64_t eventBudget() const { return m_pacer.budget(); }
    double lastFrameWorkMs() const { return m_pacer.lastWorkMs(); }
    std::optional<SimTime> runUntilTarget() const { return m_until; }
    /// The transaction the class follows (or null): while one of its messages is in the air,
    /// playback slows down so that hop takes FollowedTransaction::kWallPerHop on screen, and a
    /// frame that would jump over the moment one of its hops leaves stops there.
    void setFollowed(FollowedTransaction *followed) { m_followed = followed; }
    /// The speed of the last frame: speed(), or slower while a followed hop is in the air.
    double effectiveSpeed() const { return m_effectiveSpeed; }

public slots:
    void play();
    void pause();
    void togglePlay();
    /// Pauses and runs exactly one event.
    void stepOnce();
    /// Runs as fast as the budget allows until `t`, then pauses.
    void runUntil(SimTime t);
    /// Plays at the speed chosen (slow motion included) and pauses exactly at `t`: what the
    /// presenter's Next does, so the class sees everything up to the next caption's moment.
    void playTo(SimTime t);
    /// One frame of playback (the timer calls it; tests may too).
    void frame();

signals:
    void playingChanged(bool playing);
    void speedChanged(double speed);
    /// Simulated time moved during a frame or a step.
    void frameDone();
    /// Playback stopped at a narration mark.
    void pausedAtMark(dplab::SimTime at);
    /// The speed actually played changed (slow motion for a followed transaction, or back).
    void effectiveSpeedChanged(double speed);

private:
    /// The speed of the next frame, and whether it is slowed down for a followed hop.
    double frameSpeed(SimTime now, bool *slowed);
    /// After a frame from `from`: back to the moment a followed hop left, when it jumped over it.
    void stopAtFollowedHop(SimTime from);
    void setEffectiveSpeed(double speed);

    SimulationDocument *m_document;
    FollowedTransaction *m_followed = nullptr;
    double m_effectiveSpeed = 1.0;
    QTimer m_timer;
    FramePacer m_pacer;
    double m_speed = 1.0;
    std::vector<SimTime> m_marks;
    std::optional<SimTime> m_until;
    bool m_untilFast = false; ///< m_until set by runUntil (as fast as possible), not playTo
    // events-per-second window
    QElapsedTimer m_rateClock;
    std::uint64_t m_rateEvents = 0;
    double m_eventsPerSecond = 0.0;
};

} // namespace dplab
