#include "patterns/cqrs/writelog.h"

namespace dplab {

void WriteLog::committed(std::int64_t entity, std::int64_t version, SimTime at)
{
    ++m_writes;
    m_pending[entity][version] = Pending{at, true};
    m_byTime.insert({at, {entity, version}});
    m_history.push_back({{entity, version}, at});
}

void WriteLog::reflected(std::int64_t entity, std::int64_t version, SimTime now)
{
    const auto it = m_pending.find(entity);
    if (it == m_pending.end())
        return;
    auto &versions = it->second;
    // A newer version includes the writes it overtook: they are reflected too.
    while (!versions.empty() && versions.begin()->first <= version) {
        const auto [v, pending] = *versions.begin();
        if (pending.measured)
            m_lag.record(now - pending.at);
        m_byTime.erase({pending.at, {entity, v}});
        versions.erase(versions.begin());
    }
    if (versions.empty())
        m_pending.erase(it);
}

void WriteLog::unreflectAll()
{
    for (const auto &[key, at] : m_history) {
        auto &versions = m_pending[key.first];
        if (versions.count(key.second))
            continue; // still pending from before: its lag will count once, as usual
        versions[key.second] = Pending{at, false};
        m_byTime.insert({at, key});
    }
}

SimTime WriteLog::staleness(SimTime now) const
{
    return m_byTime.empty() ? 0 : now - m_byTime.begin()->first;
}

SimTime WriteLog::oldestUnreflected(std::int64_t entity) const
{
    const auto it = m_pending.find(entity);
    return it == m_pending.end() || it->second.empty() ? -1 : it->second.begin()->second.at;
}

} // namespace dplab
