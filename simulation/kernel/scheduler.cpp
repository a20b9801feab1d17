#include "scheduler.h"

namespace dplab {

Scheduler::Scheduler()
{
    m_heap.reserve(1024);
    m_done.reserve(1024);
    m_done.push_back(1); // sequence 0 is kNoTimer: never pending
}

TimerId Scheduler::schedule(SimTime at, EventHandler *handler, std::uint32_t kind, std::uint32_t a,
                            std::uint64_t b)
{
    const std::uint64_t seq = m_nextSeq++;
    if ((seq >> 6) >= m_done.size())
        m_done.push_back(0);
    push(Event{at < m_now ? m_now : at, seq, handler, kind, a, b});
    return seq;
}

bool Scheduler::cancel(TimerId id)
{
    if (id == kNoTimer || id >= m_nextSeq || isDone(id))
        return false;
    markDone(id);
    ++m_cancelledPending;
    return true;
}

bool Scheduler::isPending(TimerId id) const
{
    return id != kNoTimer && id < m_nextSeq && !isDone(id);
}

void Scheduler::push(const Event &e)
{
    // Sift up in a 4-ary heap: shallower than a binary heap, fewer cache misses per pop.
    std::size_t i = m_heap.size();
    m_heap.push_back(e);
    while (i > 0) {
        const std::size_t parent = (i - 1) >> 2;
        if (!before(e, m_heap[parent]))
            break;
        m_heap[i] = m_heap[parent];
        i = parent;
    }
    m_heap[i] = e;
}

Event Scheduler::pop()
{
    const Event top = m_heap.front();
    const Event last = m_heap.back();
    m_heap.pop_back();
    const std::size_t n = m_heap.size();
    if (n > 0) {
        std::size_t i = 0;
        for (;;) {
            const std::size_t first = (i << 2) + 1;
            if (first >= n)
                break;
            std::size_t best = first;
            const std::size_t end = first + 4 < n ? first + 4 : n;
            for (std::size_t c = first + 1; c < end; ++c)
                if (before(m_heap[c], m_heap[best]))
                    best = c;
            if (!before(m_heap[best], last))
                break;
            m_heap[i] = m_heap[best];
            i = best;
        }
        m_heap[i] = last;
    }
    return top;
}

void Scheduler::dropCancelledTop()
{
    while (m_cancelledPending > 0 && !m_heap.empty() && isDone(m_heap.front().seq)) {
        pop();
        --m_cancelledPending;
    }
}

SimTime Scheduler::nextTime()
{
    dropCancelledTop();
    return m_heap.empty() ? kSimTimeMax : m_heap.front().time;
}

bool Scheduler::step()
{
    dropCancelledTop();
    if (m_heap.empty())
        return false;
    const Event e = pop();
    markDone(e.seq);
    m_now = e.time;
    ++m_executed;
    e.handler->handleEvent(e);
    return true;
}

std::uint64_t Scheduler::runUntil(SimTime until)
{
    std::uint64_t n = 0;
    for (;;) {
        dropCancelledTop();
        if (m_heap.empty() || m_heap.front().time > until)
            break;
        step();
        ++n;
    }
    if (until > m_now)
        m_now = until;
    return n;
}

std::uint64_t Scheduler::runEvents(std::uint64_t count, SimTime limit)
{
    std::uint64_t n = 0;
    while (n < count) {
        dropCancelledTop();
        if (m_heap.empty() || m_heap.front().time > limit)
            break;
        step();
        ++n;
    }
    return n;
}

} // namespace dplab
