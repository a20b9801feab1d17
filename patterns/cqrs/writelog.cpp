#include "writelog.h"

namespace dplab {

void WriteLog::committed(std::int64_t entity, std::int64_t version, SimTime at)
{
    ++m_writes;
    m_pending[entity][version] = at;
    m_byTime.insert({at, {entity, version}});
}

void WriteLog::reflected(std::int64_t entity, std::int64_t version, SimTime now)
{
    const auto it = m_pending.find(entity);
    if (it == m_pending.end())
        return;
    auto &versions = it->second;
    // A newer version includes the writes it overtook: they are reflected too.
    while (!versions.empty() && versions.begin()->first <= version) {
        const auto [v, at] = *versions.begin();
        m_lag.record(now - at);
        m_byTime.erase({at, {entity, v}});
        versions.erase(versions.begin());
    }
    if (versions.empty())
        m_pending.erase(it);
}

SimTime WriteLog::staleness(SimTime now) const
{
    return m_byTime.empty() ? 0 : now - m_byTime.begin()->first;
}

SimTime WriteLog::oldestUnreflected(std::int64_t entity) const
{
    const auto it = m_pending.find(entity);
    return it == m_pending.end() || it->second.empty() ? -1 : it->second.begin()->second;
}

} // namespace dplab
