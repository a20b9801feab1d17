#include "simulation/kernel/scheduler.h"

#include <algorithm>

namespace dplab {

namespace {

__extension__ typedef unsigned __int128 Key;

// (time, seq) as one unsigned 128-bit number: one comparison instead of two, which the
// compiler turns into conditional moves instead of hard-to-predict branches.
inline Key keyOf(const Event &e)
{
    return (static_cast<Key>(static_cast<std::uint64_t>(e.time)) << 64) | e.seq;
}

// Fewer cancelled events than this are left to surface by themselves.
constexpr std::size_t kCompactAfter = 256;

} // namespace

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
    if (at <= m_now)
        m_fifo.push_back(Event{m_now, seq, handler, kind, a, b});
    else
        push(Event{at, seq, handler, kind, a, b});
    return seq;
}

bool Scheduler::cancel(TimerId id)
{
    if (id == kNoTimer || id >= m_nextSeq || isDone(id))
        return false;
    markDone(id);
    ++m_cancelledPending;
    // Timers that are almost always cancelled (request timeouts) would otherwise fill the heap
    // and make every push and pop slower; compacting costs O(1) per cancellation amortized.
    if (m_cancelledPending >= kCompactAfter && m_cancelledPending * 2 >= stored())
        compact();
    return true;
}

bool Scheduler::isPending(TimerId id) const
{
    return id != kNoTimer && id < m_nextSeq && !isDone(id);
}

void Scheduler::push(const Event &e)
{
    std::size_t i = m_heap.size();
    m_heap.push_back(e);
    const Key k = keyOf(e);
    while (i > 0) {
        const std::size_t parent = (i - 1) >> 2;
        if (k >= keyOf(m_heap[parent]))
            break;
        m_heap[i] = m_heap[parent];
        i = parent;
    }
    m_heap[i] = e;
}

Event Scheduler::pop()
{
    // Bottom-up deletion on a 4-ary heap: walk the hole down to a leaf along the smallest
    // children (no comparison with the moved element on the way down), then sift the last
    // element up from there, which is usually zero or one step.
    const Event top = m_heap.front();
    const Event last = m_heap.back();
    m_heap.pop_back();
    const std::size_t n = m_heap.size();
    if (n == 0)
        return top;
    Event *h = m_heap.data();
    std::size_t i = 0;
    for (;;) {
        const std::size_t first = (i << 2) + 1;
        if (first + 3 < n) {
            std::size_t a = first, b = first + 2;
            a += keyOf(h[first + 1]) < keyOf(h[first]);
            b += keyOf(h[first + 3]) < keyOf(h[first + 2]);
            const std::size_t best = keyOf(h[b]) < keyOf(h[a]) ? b : a;
            h[i] = h[best];
            i = best;
            continue;
        }
        if (first >= n)
            break;
        std::size_t best = first;
        for (std::size_t c = first + 1; c < n; ++c)
            if (keyOf(h[c]) < keyOf(h[best]))
                best = c;
        h[i] = h[best];
        i = best;
        break; // a partial family is always at the bottom level
    }
    const Key k = keyOf(last);
    while (i > 0) {
        const std::size_t parent = (i - 1) >> 2;
        if (k >= keyOf(h[parent]))
            break;
        h[i] = h[parent];
        i = parent;
    }
    h[i] = last;
    return top;
}

void Scheduler::compact()
{
    const auto done = [this](const Event &e) { return isDone(e.seq); };
    m_fifo.erase(std::remove_if(m_fifo.begin() + static_cast<std::ptrdiff_t>(m_fifoHead),
                                m_fifo.end(), done),
                 m_fifo.end());
    m_heap.erase(std::remove_if(m_heap.begin(), m_heap.end(), done), m_heap.end());
    m_cancelledPending = 0;
    // Floyd's construction: sift every parent down, last one first.
    const std::size_t n = m_heap.size();
    Event *h = m_heap.data();
    for (std::size_t p = n / 4 + 1; p-- > 0;) {
        if ((p << 2) + 1 >= n)
            continue;
        const Event moving = h[p];
        const Key k = keyOf(moving);
        std::size_t i = p;
        for (;;) {
            const std::size_t first = (i << 2) + 1;
            if (first >= n)
                break;
            std::size_t best = first;
            const std::size_t last = std::min(first + 4, n);
            for (std::size_t c = first + 1; c < last; ++c)
                if (keyOf(h[c]) < keyOf(h[best]))
                    best = c;
            if (k <= keyOf(h[best]))
                break;
            h[i] = h[best];
            i = best;
        }
        h[i] = moving;
    }
}

void Scheduler::dropCancelledTop()
{
    while (m_cancelledPending > 0) {
        if (m_fifoHead < m_fifo.size() && isDone(m_fifo[m_fifoHead].seq)) {
            ++m_fifoHead;
            --m_cancelledPending;
        } else if (!m_heap.empty() && isDone(m_heap.front().seq)) {
            pop();
            --m_cancelledPending;
        } else {
            break;
        }
    }
}

bool Scheduler::nextIsFifo() const
{
    // Every FIFO event is at the current time; a heap event at that time was scheduled before
    // the clock got there, so it has the smaller sequence number. The keys decide either way.
    return m_fifoHead < m_fifo.size() &&
           (m_heap.empty() || keyOf(m_fifo[m_fifoHead]) < keyOf(m_heap.front()));
}

SimTime Scheduler::frontTime() const
{
    if (m_fifoHead < m_fifo.size())
        return m_fifo[m_fifoHead].time;
    return m_heap.empty() ? kSimTimeMax : m_heap.front().time;
}

SimTime Scheduler::nextTime()
{
    dropCancelledTop();
    return frontTime();
}

bool Scheduler::step()
{
    if (m_cancelledPending > 0)
        dropCancelledTop();
    return runNext();
}

bool Scheduler::runNext()
{
    Event e;
    if (nextIsFifo()) {
        e = m_fifo[m_fifoHead++];
        if (m_fifoHead == m_fifo.size()) {
            m_fifo.clear();
            m_fifoHead = 0;
        } else if (m_fifoHead >= 1024 && m_fifoHead * 2 >= m_fifo.size()) {
            // A long chain at one time: drop the consumed half so the FIFO does not grow.
            m_fifo.erase(m_fifo.begin(), m_fifo.begin() + static_cast<std::ptrdiff_t>(m_fifoHead));
            m_fifoHead = 0;
        }
    } else if (!m_heap.empty()) {
        e = pop();
    } else {
        return false;
    }
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
        if (m_cancelledPending > 0) // most events: nothing to drop, and no call
            dropCancelledTop();
        if (frontTime() > until)
            break;
        runNext();
        ++n;
    }
    if (until > m_now)
        m_now = until;
    return n;
}

void Scheduler::advanceTo(SimTime t)
{
    t = std::min(t, nextTime());
    if (t > m_now)
        m_now = t;
}

std::uint64_t Scheduler::runEvents(std::uint64_t count, SimTime limit)
{
    std::uint64_t n = 0;
    while (n < count) {
        if (m_cancelledPending > 0) // most events: nothing to drop, and no call
            dropCancelledTop();
        if (frontTime() > limit)
            break;
        runNext();
        ++n;
    }
    return n;
}

} // namespace dplab
