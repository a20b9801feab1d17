#pragma once

#include "simulation/kernel/simtime.h"

#include <QElapsedTimer>

#include <cstdint>

namespace dplab {

/**
 * The pacing shared by the playbacks: how much virtual time a frame shows (its wall time times
 * the speed, with the sub-microsecond remainder carried over, capped after a stall) and an
 * event budget that adapts so a frame's simulation work stays under kFrameWorkMs.
 */
class FramePacer
{
public:
    static constexpr double kFrameWorkMs = 8.0;
    static constexpr std::uint64_t kMinBudget = 200;
    static constexpr std::uint64_t kMaxBudget = 5'000'000;

    FramePacer() { m_wall.start(); }

    /// Playing starts now: the next frame measures from here, with nothing carried over.
    void start()
    {
        markFrame();
        m_carryUs = 0;
    }
    /// The next frame measures from now (resuming without dropping the carry).
    void markFrame() { m_lastFrameNs = m_wall.nsecsElapsed(); }
    void resetCarry() { m_carryUs = 0; }

    /// Wall time since the last frame (at most 100 ms: after a stall, do not jump ahead).
    qint64 nextFrameNs();
    /// Whole virtual microseconds `dtNs` of wall time shows at `speed`; the rest carries over.
    SimTime virtualStep(qint64 dtNs, double speed);
    /// After a frame ran `ran` events in `workMs`: shrink fast when it took too long, grow while
    /// frames are cheap and the budget was the limit.
    void adapt(std::uint64_t ran, double workMs);

    std::uint64_t budget() const { return m_budget; }
    double lastWorkMs() const { return m_lastWorkMs; }

private:
    QElapsedTimer m_wall;
    qint64 m_lastFrameNs = 0;
    double m_carryUs = 0.0;
    std::uint64_t m_budget = 2000;
    double m_lastWorkMs = 0.0;
};

} // namespace dplab
