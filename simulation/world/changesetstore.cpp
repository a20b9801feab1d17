#include "simulation/world/changesetstore.h"

#include <algorithm>
#include <cstring>

namespace dplab {

std::int64_t ChangesetStore::add(std::int16_t service, std::uint64_t traceId,
                                 std::span<const unsigned char> bytes)
{
    CommitRecord r;
    r.service = service;
    r.traceId = traceId;
    if (m_blocks.empty() || m_capacity - m_used < bytes.size()) {
        const std::size_t size = std::max(kBlockSize, bytes.size());
        m_blocks.push_back(std::make_unique_for_overwrite<unsigned char[]>(size));
        m_capacity = size;
        m_used = 0;
        m_blockBytes += size;
    }
    r.block = static_cast<std::uint32_t>(m_blocks.size() - 1);
    r.offset = m_used;
    r.size = static_cast<std::uint32_t>(bytes.size());
    if (!bytes.empty())
        std::memcpy(m_blocks.back().get() + m_used, bytes.data(), bytes.size());
    m_used += bytes.size();
    m_records.push_back(r);
    return static_cast<std::int64_t>(m_records.size() - 1);
}

} // namespace dplab
