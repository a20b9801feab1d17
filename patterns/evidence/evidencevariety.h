#pragma once

#include "simulation/observe/summary.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dplab {

/**
 * Collects candidate chains in named groups (a class and how the entity differs: "lost event /
 * outdated order") and picks a varied few: one from each group in turn, in the order the groups
 * first appeared, rather than five of the same.
 */
class EvidenceVariety
{
public:
    /// `key` names what the chain is about at heart (the lost commit, the repeated application);
    /// a chain whose non-zero key was picked already is left out.
    void add(const std::string &group, Evidence evidence, std::uint64_t key = 0);
    /// How many chains the group holds.
    std::size_t count(const std::string &group) const;
    /// Appends up to `room` chains to `out`, round-robin over the groups.
    void pick(std::vector<Evidence> &out, std::size_t room) const;

private:
    struct Candidate
    {
        Evidence evidence;
        std::uint64_t key = 0;
    };
    std::vector<std::pair<std::string, std::vector<Candidate>>> m_groups;
};

} // namespace dplab
