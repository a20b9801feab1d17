#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace dplab {

class EvidenceContext;
struct TraceEvent;

/**
 * What the trace shows of one bus topic, gathered in one pass: each publisher's publishes of
 * each key, the publishes that never reached the bus (refused, or lost before they were
 * made), and every event of each published message (its sends, drops, copies, deliveries,
 * processing and acknowledgements, at every consumer).
 */
class TopicTrail
{
public:
    /// `topic` is the topic's name without "topic:" ("order-events").
    TopicTrail(const EvidenceContext &context, const std::string &topic);

    /// False when no event of the run names the topic.
    bool known() const { return m_known; }
    std::uint32_t label() const { return m_label; }

    /// Publish events (accepted by the bus) of `key` by `publisher`, oldest first.
    const std::vector<std::uint64_t> &publishes(std::int16_t publisher, std::int64_t key) const;
    /// Drop events of `key` from `publisher` to the bus: a publish refused, or an event lost
    /// before it was published.
    const std::vector<std::uint64_t> &unsent(std::int16_t publisher, std::int64_t key) const;
    /// Every event of message `msg` on this topic (the Publish first), oldest first.
    const std::vector<std::uint64_t> &eventsOf(std::uint64_t msg) const;
    /// The Publish event of message `msg`, or null.
    const TraceEvent *publishOf(std::uint64_t msg) const;

private:
    const EvidenceContext &m_context;
    std::uint32_t m_label = 0;
    bool m_known = false;
    std::map<std::pair<std::int16_t, std::int64_t>, std::vector<std::uint64_t>> m_publishes;
    std::map<std::pair<std::int16_t, std::int64_t>, std::vector<std::uint64_t>> m_unsent;
    std::unordered_map<std::uint64_t, std::vector<std::uint64_t>> m_messages;
};

} // namespace dplab
