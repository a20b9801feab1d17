#include "patterns/twophase/lockmanager.h"

#include <algorithm>

namespace dplab {

std::int64_t LockManager::holder(std::int64_t key) const
{
    const auto it = m_holders.find(key);
    return it == m_holders.end() ? 0 : it->second;
}

std::uint64_t LockManager::enqueue(std::int64_t key, const Message &request, SimTime now)
{
    const std::uint64_t id = m_nextId++;
    m_waiters[key].push_back(Waiter{id, key, request, now});
    return id;
}

std::optional<LockManager::Waiter> LockManager::nextReady(std::int64_t key)
{
    auto it = m_waiters.find(key);
    if (it == m_waiters.end() || locked(key))
        return std::nullopt;
    Waiter w = std::move(it->second.front());
    it->second.pop_front();
    if (it->second.empty())
        m_waiters.erase(it);
    return w;
}

std::optional<LockManager::Waiter> LockManager::take(std::uint64_t id)
{
    for (auto it = m_waiters.begin(); it != m_waiters.end(); ++it) {
        auto &queue = it->second;
        const auto w =
            std::find_if(queue.begin(), queue.end(), [&](const Waiter &x) { return x.id == id; });
        if (w == queue.end())
            continue;
        Waiter out = std::move(*w);
        queue.erase(w);
        if (queue.empty())
            m_waiters.erase(it);
        return out;
    }
    return std::nullopt;
}

void LockManager::clear()
{
    m_holders.clear();
    m_waiters.clear();
}

std::size_t LockManager::waiting() const
{
    std::size_t n = 0;
    for (const auto &[key, queue] : m_waiters)
        n += queue.size();
    return n;
}

} // namespace dplab
