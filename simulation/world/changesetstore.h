#pragma once

#include "simulation/world/database.h"

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace dplab {

/** Who committed a transaction, and where its changeset lies in the store. */
struct CommitRecord
{
    std::int16_t service = -1;
    std::uint64_t traceId = 0; ///< the Commit trace event
    std::uint64_t offset = 0;  ///< in its block
    std::uint32_t size = 0;
    std::uint32_t block = 0;
};

/**
 * Every committed transaction's changeset, kept with the trace so a timeline can undo (invert
 * and apply) and redo it. The bytes live in blocks of 1 MiB (a larger changeset gets a block of
 * its own): no allocation per commit, and no copy of what is stored as the store grows.
 */
class ChangesetStore
{
public:
    /// Appends a changeset; returns its slot (the Commit trace event's value).
    std::int64_t add(std::int16_t service, std::uint64_t traceId,
                     std::span<const unsigned char> bytes);
    std::size_t size() const { return m_records.size(); }
    const CommitRecord &record(std::size_t i) const { return m_records[i]; }
    std::span<const unsigned char> bytes(std::size_t i) const
    {
        const CommitRecord &r = m_records[i];
        return {m_blocks[r.block].get() + r.offset, r.size};
    }
    Changeset changeset(std::size_t i) const
    {
        const auto b = bytes(i);
        return Changeset(b.begin(), b.end());
    }
    std::size_t memoryBytes() const
    {
        return m_blockBytes + m_records.capacity() * sizeof(CommitRecord);
    }

private:
    static constexpr std::size_t kBlockSize = std::size_t{1} << 20;

    std::vector<std::unique_ptr<unsigned char[]>> m_blocks;
    std::size_t m_used = 0;     ///< bytes used in the last block
    std::size_t m_capacity = 0; ///< size of the last block
    std::size_t m_blockBytes = 0;
    std::vector<CommitRecord> m_records;
};

} // namespace dplab
