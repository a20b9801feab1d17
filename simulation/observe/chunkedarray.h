#pragma once

#include <cstddef>
#include <iterator>
#include <memory>
#include <utility>
#include <vector>

namespace dplab {

/**
 * Append-only storage in fixed chunks of 2^Bits elements, for indexes that grow with the trace:
 * appending never moves what is stored (no copy, no pause while a large array doubles), and
 * element i is found in O(1).
 */
template <class T, std::size_t Bits = 14> class ChunkedArray
{
public:
    static constexpr std::size_t kChunkSize = std::size_t{1} << Bits;

    void push_back(const T &value)
    {
        if ((m_size & (kChunkSize - 1)) == 0)
            m_chunks.push_back(std::make_unique<T[]>(kChunkSize));
        m_chunks.back()[m_size & (kChunkSize - 1)] = value;
        ++m_size;
    }
    void push_back(T &&value)
    {
        if ((m_size & (kChunkSize - 1)) == 0)
            m_chunks.push_back(std::make_unique<T[]>(kChunkSize));
        m_chunks.back()[m_size & (kChunkSize - 1)] = std::move(value);
        ++m_size;
    }
    /// Appends copies of `value` until there are n elements.
    void growTo(std::size_t n, const T &value)
    {
        while (m_size < n)
            push_back(value);
    }
    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    T &operator[](std::size_t i) { return m_chunks[i >> Bits][i & (kChunkSize - 1)]; }
    const T &operator[](std::size_t i) const { return m_chunks[i >> Bits][i & (kChunkSize - 1)]; }
    T &back() { return (*this)[m_size - 1]; }
    std::size_t memoryBytes() const
    {
        return m_chunks.size() * kChunkSize * sizeof(T) + m_chunks.capacity() * sizeof(void *);
    }
    void clear()
    {
        m_chunks.clear();
        m_size = 0;
    }

    /** Forward iterator over the elements, in order. */
    class const_iterator
    {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = const T *;
        using reference = const T &;

        const_iterator(const ChunkedArray *a, std::size_t i)
            : m_a(a)
            , m_i(i)
        {}
        reference operator*() const { return (*m_a)[m_i]; }
        pointer operator->() const { return &(*m_a)[m_i]; }
        const_iterator &operator++()
        {
            ++m_i;
            return *this;
        }
        bool operator==(const const_iterator &o) const { return m_i == o.m_i; }
        bool operator!=(const const_iterator &o) const { return m_i != o.m_i; }

    private:
        const ChunkedArray *m_a;
        std::size_t m_i;
    };
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, m_size}; }

private:
    std::vector<std::unique_ptr<T[]>> m_chunks;
    std::size_t m_size = 0;
};

} // namespace dplab
