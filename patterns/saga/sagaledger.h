#pragma once

#include "simulation/kernel/simtime.h"
#include "simulation/observe/histogram.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_map>

namespace dplab {

/**
 * A measurement, not behaviour: how the sagas of a run went (started, outcomes, failed steps,
 * durations, timeouts, retries). It is the observer's notebook, so it survives crashes.
 */
class SagaLedger
{
public:
    void started(std::int64_t saga, SimTime at);
    /// The saga reached its end (completed, or compensated); counted once per saga.
    void finished(std::int64_t saga, SimTime at, bool completed);
    /// Step `step` failed or timed out for good; counted once per saga.
    void stepFailed(std::int64_t saga, const std::string &step);
    void timedOut() { ++m_timeouts; }
    void retried() { ++m_retries; }
    void resumed() { ++m_resumed; }

    std::uint64_t startedCount() const { return m_started; }
    std::uint64_t completed() const { return m_completed; }
    std::uint64_t compensated() const { return m_compensated; }
    std::uint64_t timeouts() const { return m_timeouts; }
    std::uint64_t retries() const { return m_retries; }
    std::uint64_t resumedCount() const { return m_resumed; }
    const std::map<std::string, std::uint64_t> &failedSteps() const { return m_failedSteps; }
    const LatencyHistogram &duration() const { return m_duration; }

private:
    std::uint64_t m_started = 0;
    std::uint64_t m_completed = 0;
    std::uint64_t m_compensated = 0;
    std::uint64_t m_timeouts = 0;
    std::uint64_t m_retries = 0;
    std::uint64_t m_resumed = 0;
    std::map<std::string, std::uint64_t> m_failedSteps;
    LatencyHistogram m_duration;
    std::unordered_map<std::int64_t, SimTime> m_startedAt;
    std::set<std::int64_t> m_failed;
};

} // namespace dplab
