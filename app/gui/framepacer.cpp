#include "app/gui/framepacer.h"

#include <algorithm>
#include <cmath>

namespace dplab {

namespace {
constexpr qint64 kMaxFrameWallNs = 100'000'000;
} // namespace

qint64 FramePacer::nextFrameNs()
{
    const qint64 wallNow = m_wall.nsecsElapsed();
    const qint64 dtNs = std::clamp<qint64>(wallNow - m_lastFrameNs, 0, kMaxFrameWallNs);
    m_lastFrameNs = wallNow;
    return dtNs;
}

SimTime FramePacer::virtualStep(qint64 dtNs, double speed)
{
    m_carryUs += static_cast<double>(dtNs) / 1000.0 * speed;
    const double whole = std::floor(m_carryUs);
    m_carryUs -= whole;
    return static_cast<SimTime>(whole);
}

void FramePacer::adapt(std::uint64_t ran, double workMs)
{
    m_lastWorkMs = workMs;
    if (workMs > kFrameWorkMs) {
        const double scale = kFrameWorkMs / workMs * 0.9;
        m_budget = std::max<std::uint64_t>(
            kMinBudget, static_cast<std::uint64_t>(static_cast<double>(m_budget) * scale));
    } else if (ran >= m_budget && workMs < kFrameWorkMs * 0.6) {
        m_budget = std::min<std::uint64_t>(kMaxBudget, m_budget + m_budget / 2);
    }
}

} // namespace dplab
