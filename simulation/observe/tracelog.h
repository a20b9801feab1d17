#pragma once

#include "simulation/observe/traceevent.h"

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <vector>

namespace dplab {

/**
 * Append-only storage for trace events in fixed chunks of 2^16: no reallocation copies, no
 * doubling slack (64 bytes per event plus 1/65536 of a pointer), O(1) random access by index.
 */
class TraceLog
{
public:
    static constexpr std::size_t kChunkBits = 16;
    static constexpr std::size_t kChunkSize = std::size_t{1} << kChunkBits;

    void push_back(const TraceEvent &e)
    {
        if ((m_size & (kChunkSize - 1)) == 0)
            m_chunks.push_back(std::make_unique<TraceEvent[]>(kChunkSize));
        m_chunks.back()[m_size & (kChunkSize - 1)] = e;
        ++m_size;
    }
    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    const TraceEvent &operator[](std::size_t i) const
    {
        return m_chunks[i >> kChunkBits][i & (kChunkSize - 1)];
    }
    const TraceEvent &back() const { return (*this)[m_size - 1]; }
    /// The event with this id, or null (ids are 1-based positions when the log is complete).
    const TraceEvent *byId(std::uint64_t id) const
    {
        if (id == 0 || id > m_size)
            return nullptr;
        const TraceEvent &e = (*this)[static_cast<std::size_t>(id - 1)];
        return e.id == id ? &e : nullptr;
    }
    /// How many events happened at or before t (events are in time order): binary search.
    std::size_t countAtOrBefore(SimTime t) const
    {
        std::size_t lo = 0, hi = m_size;
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo) / 2;
            if ((*this)[mid].time <= t)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }
    std::size_t memoryBytes() const { return m_chunks.size() * kChunkSize * sizeof(TraceEvent); }
    void clear()
    {
        m_chunks.clear();
        m_size = 0;
    }

    /** Forward iterator over the events, in order. */
    class const_iterator
    {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = TraceEvent;
        using difference_type = std::ptrdiff_t;
        using pointer = const TraceEvent *;
        using reference = const TraceEvent &;

        const_iterator(const TraceLog *log, std::size_t i)
            : m_log(log)
            , m_i(i)
        {}
        reference operator*() const { return (*m_log)[m_i]; }
        pointer operator->() const { return &(*m_log)[m_i]; }
        const_iterator &operator++()
        {
            ++m_i;
            return *this;
        }
        bool operator==(const const_iterator &o) const { return m_i == o.m_i; }
        bool operator!=(const const_iterator &o) const { return m_i != o.m_i; }

    private:
        const TraceLog *m_log;
        std::size_t m_i;
    };
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, m_size}; }

private:
    std::vector<std::unique_ptr<TraceEvent[]>> m_chunks;
    std::size_t m_size = 0;
};

} // namespace dplab
