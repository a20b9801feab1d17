#include "patterns/saga/sagaledger.h"

namespace dplab {

void SagaLedger::started(std::int64_t saga, SimTime at)
{
    if (m_startedAt.emplace(saga, at).second)
        ++m_started;
}

void SagaLedger::finished(std::int64_t saga, SimTime at, bool completed)
{
    const auto it = m_startedAt.find(saga);
    if (it == m_startedAt.end() || it->second < 0)
        return; // unknown, or already counted
    m_duration.record(at - it->second);
    it->second = -1;
    ++(completed ? m_completed : m_compensated);
}

void SagaLedger::stepFailed(std::int64_t saga, const std::string &step)
{
    if (m_failed.insert(saga).second)
        ++m_failedSteps[step];
}

} // namespace dplab
