#include "simulation/world/changesetstore.h"

namespace dplab {

std::int64_t ChangesetStore::add(std::int16_t service, std::uint64_t traceId,
                                 std::span<const unsigned char> bytes)
{
    CommitRecord r;
    r.service = service;
    r.traceId = traceId;
    r.offset = m_arena.size();
    r.size = static_cast<std::uint32_t>(bytes.size());
    m_arena.insert(m_arena.end(), bytes.begin(), bytes.end());
    m_records.push_back(r);
    return static_cast<std::int64_t>(m_records.size() - 1);
}

} // namespace dplab
