#include "simulation/world/databaselock.h"

#include "simulation/world/world.h"

namespace dplab {

bool DatabaseLock::tryAcquire(Mode mode)
{
    if (mode == Mode::None)
        return true;
    if (!m_waiters.empty() || !compatible(mode))
        return false;
    take(mode);
    return true;
}

void DatabaseLock::take(Mode mode)
{
    if (mode == Mode::Read)
        ++m_readers;
    else if (mode == Mode::Write)
        m_writer = true;
}

void DatabaseLock::release(Mode mode, World &world)
{
    if (mode == Mode::Read && m_readers > 0)
        --m_readers;
    else if (mode == Mode::Write)
        m_writer = false;
    grantWaiting(world);
}

void DatabaseLock::grantWaiting(World &world)
{
    while (!m_waiters.empty() && compatible(m_waiters.front().mode)) {
        const Waiter w = m_waiters.front();
        m_waiters.pop_front();
        take(w.mode);
        world.service(w.service).lockGranted(w);
    }
}

void DatabaseLock::dropWaitersOf(std::int16_t service, World &world)
{
    bool removed = false;
    for (auto it = m_waiters.begin(); it != m_waiters.end();) {
        if (it->service == service) {
            it = m_waiters.erase(it);
            removed = true;
        } else {
            ++it;
        }
    }
    if (removed)
        grantWaiting(world); // a removed head may have been blocking compatible waiters
}

} // namespace dplab
