#include "app/gui/playback.h"

#include "app/gui/follow/followedtransaction.h"
#include "app/gui/simulationdocument.h"

#include <algorithm>
#include <cmath>

namespace dplab {

namespace {
constexpr int kFrameIntervalMs = 16;
} // namespace

Playback::Playback(SimulationDocument *document, QObject *parent)
    : QObject(parent)
    , m_document(document)
{
    m_timer.setInterval(kFrameIntervalMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &Playback::frame);
    m_rateClock.start();
}

QList<double> Playback::speeds()
{
    return {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, kMaxSpeed};
}

QString Playback::speedLabel(double speed)
{
    if (speed == kMaxSpeed)
        return tr("max");
    if (speed < 1)
        return QStringLiteral("1/%1x").arg(std::lround(1.0 / speed));
    return QStringLiteral("%1x").arg(speed);
}

void Playback::setSpeed(double speed)
{
    if (speed < 0 || speed == m_speed)
        return;
    m_speed = speed;
    m_pacer.resetCarry();
    emit speedChanged(speed);
    setEffectiveSpeed(speed);
}

void Playback::setEffectiveSpeed(double speed)
{
    if (speed == m_effectiveSpeed)
        return;
    m_effectiveSpeed = speed;
    emit effectiveSpeedChanged(speed);
}

double Playback::frameSpeed(SimTime now, bool *slowed)
{
    *slowed = false;
    if (!m_followed || !m_followed->active())
        return m_speed;
    m_followed->update(m_document->trace());
    const std::optional<double> slow = m_followed->slowSpeedAt(now);
    // Run Until means "get there": it is not slowed down.
    if (!slow || (m_until && m_untilFast) || (m_speed != kMaxSpeed && *slow >= m_speed))
        return m_speed;
    *slowed = true;
    return *slow;
}

void Playback::stopAtFollowedHop(SimTime from)
{
    if (!m_followed || !m_followed->active() || (m_until && m_untilFast))
        return;
    m_followed->update(m_document->trace());
    const SimTime reached = m_document->now();
    if (const auto leaves = m_followed->hopLeavingIn(from, reached); leaves && *leaves < reached)
        m_document->seekTime(*leaves); // the run went past it: show it leave
}

void Playback::setPauseMarks(std::vector<SimTime> marks)
{
    std::sort(marks.begin(), marks.end());
    m_marks = std::move(marks);
}

void Playback::play()
{
    // While a change is simulated in the background (its progress in the status bar), the
    // run on screen is the old one: it does not play on.
    if (isPlaying() || !m_document->hasRun() || m_document->atEnd() || m_document->busy())
        return;
    m_pacer.start();
    m_rateClock.restart();
    m_rateEvents = 0;
    m_timer.start();
    emit playingChanged(true);
}

void Playback::pause()
{
    m_until.reset();
    if (!isPlaying())
        return;
    m_timer.stop();
    m_eventsPerSecond = 0;
    emit playingChanged(false);
}

void Playback::togglePlay()
{
    if (isPlaying())
        pause();
    else
        play();
}

void Playback::stepOnce()
{
    pause();
    if (m_document->hasRun() && !m_document->atEnd()) {
        m_document->step();
        emit frameDone();
    }
}

void Playback::runUntil(SimTime t)
{
    if (!m_document->hasRun() || t <= m_document->now())
        return;
    m_until = std::min(t, m_document->endTime());
    m_untilFast = true;
    play();
    if (!isPlaying())
        m_until.reset();
}

void Playback::playTo(SimTime t)
{
    if (!m_document->hasRun() || t <= m_document->now())
        return;
    pause();
    m_until = std::min(t, m_document->endTime());
    m_untilFast = false;
    play();
    if (!isPlaying())
        m_until.reset();
}

void Playback::frame()
{
    if (!m_document->hasRun())
        return;
    const qint64 dtNs = m_pacer.nextFrameNs();

    const SimTime now = m_document->now();
    bool slowed = false;
    const double speed = frameSpeed(now, &slowed);
    SimTime target;
    if (slowed) {
        target = now + m_pacer.virtualStep(dtNs, speed);
    } else if (m_until && m_untilFast) {
        target = *m_until;
    } else if (m_speed == kMaxSpeed) {
        target = m_document->endTime();
    } else {
        target = now + m_pacer.virtualStep(dtNs, m_speed);
    }
    // The next narration mark ahead of us stops the frame exactly there.
    if (m_until)
        target = std::min(target, *m_until); // playTo: never past the moment it goes to
    const auto mark = std::upper_bound(m_marks.begin(), m_marks.end(), now);
    const bool markInReach = mark != m_marks.end() && *mark <= target;
    if (markInReach)
        target = *mark;
    target = std::min(target, m_document->endTime());

    QElapsedTimer work;
    work.start();
    const std::uint64_t ran = m_document->advanceTo(target, m_pacer.budget());
    m_pacer.adapt(ran, static_cast<double>(work.nsecsElapsed()) / 1e6);
    stopAtFollowedHop(now);
    setEffectiveSpeed(speed);

    m_rateEvents += ran;
    const qint64 rateMs = m_rateClock.elapsed();
    if (rateMs >= 500) {
        m_eventsPerSecond =
            static_cast<double>(m_rateEvents) * 1000.0 / static_cast<double>(rateMs);
        m_rateEvents = 0;
        m_rateClock.restart();
    }

    emit frameDone();

    const SimTime reached = m_document->now();
    if (markInReach && reached >= *mark) {
        pause();
        emit pausedAtMark(*mark);
    } else if (m_until && reached >= *m_until) {
        pause();
    } else if (m_document->atEnd()) {
        pause();
    }
}

} // namespace dplab
