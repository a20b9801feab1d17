#include "patterns/evidence/evidencevariety.h"

#include <algorithm>

namespace dplab {

void EvidenceVariety::add(const std::string &group, Evidence evidence, std::uint64_t key)
{
    for (auto &[name, chains] : m_groups)
        if (name == group) {
            chains.push_back(Candidate{std::move(evidence), key});
            return;
        }
    m_groups.emplace_back(group, std::vector<Candidate>{Candidate{std::move(evidence), key}});
}

std::size_t EvidenceVariety::count(const std::string &group) const
{
    for (const auto &[name, chains] : m_groups)
        if (name == group)
            return chains.size();
    return 0;
}

void EvidenceVariety::pick(std::vector<Evidence> &out, std::size_t room) const
{
    std::vector<std::uint64_t> taken;
    std::vector<std::size_t> next(m_groups.size(), 0);
    while (room > 0) {
        bool any = false;
        for (std::size_t g = 0; g < m_groups.size() && room > 0; ++g) {
            const auto &chains = m_groups[g].second;
            // The group's next chain about something not shown yet.
            while (next[g] < chains.size() && chains[next[g]].key != 0 &&
                   std::find(taken.begin(), taken.end(), chains[next[g]].key) != taken.end())
                ++next[g];
            if (next[g] >= chains.size())
                continue;
            const Candidate &c = chains[next[g]++];
            any = true;
            if (c.key)
                taken.push_back(c.key);
            out.push_back(c.evidence);
            --room;
        }
        if (!any)
            return;
    }
}

} // namespace dplab
