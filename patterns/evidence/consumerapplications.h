#pragma once

#include <cstdint>
#include <vector>

namespace dplab {

class EvidenceContext;
class TopicTrail;

/** One commit of a consumer made while processing a delivery of a topic. */
struct ConsumerApplication
{
    std::uint64_t commit = 0;  ///< the consumer's Commit
    std::uint64_t process = 0; ///< the Process of the delivery that caused it
    std::uint64_t deliver = 0; ///< that delivery's Deliver
    std::uint64_t msg = 0;     ///< the message
    std::uint64_t publish = 0; ///< its Publish
    /// What the message announces: the publisher's Commit that caused the publish (an outbox
    /// row, however often it is published), else the Publish itself.
    std::uint64_t origin = 0;
    /// How many resets (rebuilds) came before it: applications of different epochs are not
    /// repeats of each other.
    std::uint32_t epoch = 0;
};

/**
 * The commits a consumer made for each delivery of a topic (one pass over the world's commits
 * of that service), and those that applied one change more than once: a copy of a message (a
 * bus duplicate, a redelivery) or a second publish of the same outbox row. A commit that
 * deletes rows outside a delivery (a rebuild) starts the count afresh.
 */
class ConsumerApplications
{
public:
    ConsumerApplications(const EvidenceContext &context, const TopicTrail &trail,
                         std::int16_t consumer);

    const std::vector<ConsumerApplication> &all() const { return m_all; }
    /// The application made by Commit `commit`, or null.
    const ConsumerApplication *byCommit(std::uint64_t commit) const;
    /// Pairs (first, repeat) of applications of the same origin, in the order of the repeats.
    const std::vector<std::pair<std::size_t, std::size_t>> &repeats() const { return m_repeats; }
    /// The commits that reset the consumer (a rebuild deleting its rows), oldest first.
    const std::vector<std::uint64_t> &resets() const { return m_resets; }

private:
    std::vector<ConsumerApplication> m_all;
    std::vector<std::pair<std::size_t, std::size_t>> m_repeats;
    std::vector<std::uint64_t> m_resets;
};

} // namespace dplab
