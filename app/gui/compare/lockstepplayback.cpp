#include "app/gui/compare/lockstepplayback.h"

#include "app/gui/simulationdocument.h"

#include <algorithm>
#include <cmath>

namespace dplab {

namespace {
constexpr int kFrameIntervalMs = 16;

SimTime shownTime(const SimulationDocument *d)
{
    return std::min(d->now(), d->endTime());
}
} // namespace

LockstepPlayback::LockstepPlayback(SimulationDocument *a, SimulationDocument *b, QObject *parent)
    : QObject(parent)
    , m_docs{a, b}
{
    m_timer.setInterval(kFrameIntervalMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &LockstepPlayback::frame);
}

void LockstepPlayback::setSpeed(double speed)
{
    if (speed < 0 || speed == m_speed)
        return;
    m_speed = speed;
    m_pacer.resetCarry();
    emit speedChanged(speed);
}

SimTime LockstepPlayback::now() const
{
    SimTime t = endTime();
    for (const SimulationDocument *d : m_docs)
        if (!d->atEnd())
            t = std::min(t, shownTime(d));
    return t;
}

SimTime LockstepPlayback::endTime() const
{
    return std::max(m_docs[0]->endTime(), m_docs[1]->endTime());
}

bool LockstepPlayback::atEnd() const
{
    return m_docs[0]->atEnd() && m_docs[1]->atEnd();
}

bool LockstepPlayback::inLockstep() const
{
    const SimTime t = now();
    return std::all_of(m_docs.begin(), m_docs.end(), [t](const SimulationDocument *d) {
        return shownTime(d) == std::min(t, d->endTime());
    });
}

void LockstepPlayback::play()
{
    if (isPlaying() || atEnd())
        return;
    m_pacer.start();
    m_timer.start();
    emit playingChanged(true);
}

void LockstepPlayback::pause()
{
    m_until.reset();
    if (!isPlaying())
        return;
    m_timer.stop();
    if (!inLockstep()) {
        // A paused picture shows both at one time: the run behind is at most a frame's work
        // short of the other.
        advanceBoth(std::max(shownTime(m_docs[0]), shownTime(m_docs[1])), FramePacer::kMaxBudget);
        emit frameDone();
    }
    emit playingChanged(false);
}

void LockstepPlayback::togglePlay()
{
    if (isPlaying())
        pause();
    else
        play();
}

SimTime LockstepPlayback::nextEventTime() const
{
    const SimTime t = now();
    SimTime next = kSimTimeMax;
    for (SimulationDocument *d : m_docs) {
        if (d->atEnd())
            continue;
        if (shownTime(d) > t) {
            next = std::min(next, shownTime(d)); // the other one is behind: bring it level
            continue;
        }
        if (!d->atPresent()) {
            // The recorded run: the first event after the playhead.
            const TraceLog &trace = d->trace();
            for (std::size_t i = d->playhead(); i < trace.size(); ++i)
                if (trace[i].time > t) {
                    next = std::min(next, trace[i].time);
                    break;
                }
            if (d->playhead() < trace.size())
                continue;
        }
        next = std::min(next, d->nextEventTime());
    }
    return std::min(next, endTime());
}

std::uint64_t LockstepPlayback::advanceBoth(SimTime target, std::uint64_t budget)
{
    std::uint64_t ran = 0;
    // The one behind goes first, so a cut budget leaves the two as close as it can.
    std::array<SimulationDocument *, 2> order = m_docs;
    if (shownTime(order[1]) < shownTime(order[0]))
        std::swap(order[0], order[1]);
    for (SimulationDocument *d : order) {
        if (d->atEnd())
            continue;
        const SimTime to = std::min(target, d->endTime());
        const std::uint64_t left = budget > ran ? budget - ran : 0;
        ran += d->advanceTo(to, std::max<std::uint64_t>(left, FramePacer::kMinBudget));
    }
    return ran;
}

void LockstepPlayback::stepOnce()
{
    pause();
    if (atEnd())
        return;
    const SimTime next = nextEventTime();
    if (next == kSimTimeMax)
        return;
    // All events at one instant: a large budget, for they cannot be split between frames.
    advanceBoth(next, FramePacer::kMaxBudget);
    emit frameDone();
    if (atEnd())
        emit finished();
}

void LockstepPlayback::seekTime(SimTime t)
{
    t = std::clamp<SimTime>(t, 0, endTime());
    const bool recorded = std::all_of(m_docs.begin(), m_docs.end(), [t](SimulationDocument *d) {
        return std::min(t, d->endTime()) <= d->frontierTime();
    });
    if (recorded) {
        m_until.reset();
        for (SimulationDocument *d : m_docs)
            d->seekTime(std::min(t, d->endTime()));
        emit frameDone();
        return;
    }
    // Some of it was never simulated: both show the latest common time, then play there.
    for (SimulationDocument *d : m_docs)
        if (!d->atPresent())
            d->seekTime(std::min(t, d->frontierTime()));
    m_until = t;
    if (!isPlaying()) {
        m_pacer.markFrame();
        m_timer.start();
        emit playingChanged(true);
    }
}

void LockstepPlayback::frame()
{
    const qint64 dtNs = m_pacer.nextFrameNs();

    const SimTime now = this->now();
    const bool level = inLockstep();
    SimTime target;
    if (!level) {
        // A cut budget left one behind: time stands still until it is level again.
        target = std::max(shownTime(m_docs[0]), shownTime(m_docs[1]));
    } else if (m_until) {
        target = *m_until;
    } else if (m_speed == kMaxSpeed) {
        target = endTime();
    } else {
        target = now + m_pacer.virtualStep(dtNs, m_speed);
    }
    target = std::min(target, endTime());

    QElapsedTimer work;
    work.start();
    const std::uint64_t ran = advanceBoth(target, m_pacer.budget());
    m_pacer.adapt(ran, static_cast<double>(work.nsecsElapsed()) / 1e6);
    m_maxWorkMs = std::max(m_maxWorkMs, m_pacer.lastWorkMs());
    emit frameDone();

    if (atEnd()) {
        pause();
        emit finished();
    } else if (m_until && inLockstep() && this->now() >= std::min(*m_until, endTime())) {
        pause();
    }
}

} // namespace dplab
