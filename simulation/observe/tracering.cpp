#include "simulation/observe/tracering.h"

#include <algorithm>

namespace dplab {

TraceRing::TraceRing(std::size_t capacity)
    : m_capacity(capacity)
{}

void TraceRing::onEvent(const TraceEvent &event, const World &)
{
    ++m_seen;
    if (m_capacity == 0)
        return;
    if (m_ring.size() < m_capacity) {
        // Grows with the run up to the bound (never past it), so a short run does not pay for
        // a large ring.
        if (m_ring.size() == m_ring.capacity())
            m_ring.reserve(
                std::min(m_capacity, std::max<std::size_t>(1024, m_ring.capacity() * 2)));
        m_ring.push_back(event);
        return;
    }
    m_ring[m_next] = event;
    m_next = (m_next + 1) % m_capacity;
}

TraceLog TraceRing::kept() const
{
    TraceLog out;
    const std::size_t n = m_ring.size();
    const std::size_t first = n < m_capacity ? 0 : m_next;
    for (std::size_t i = 0; i < n; ++i)
        out.push_back(m_ring[(first + i) % n]);
    return out;
}

} // namespace dplab
