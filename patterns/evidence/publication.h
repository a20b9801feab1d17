#pragma once

#include <cstdint>

namespace dplab {

class EvidenceContext;
class RowHistory;
class TopicTrail;
struct TraceEvent;

/// True when Publish `publish` announces Commit `commit`: the same service, and the publish was
/// caused by the commit (an outbox relay), or made by the same handler at the same instant (a
/// dual write, either way round).
bool announces(const TraceEvent &publish, const TraceEvent &commit);

/// The first Publish of `key` on the trail that announces `commit`, or 0.
std::uint64_t publishOfCommit(const EvidenceContext &context, const TopicTrail &trail,
                              std::int64_t key, std::uint64_t commit);

/// The commit (a change of `key` in `history`) that Publish `publish` announces, or 0.
std::uint64_t commitOfPublish(const EvidenceContext &context, const RowHistory &history,
                              std::int64_t key, std::uint64_t publish);

/** Why a committed change was never published, as the trace shows it. */
struct PublishGap
{
    std::uint64_t commit = 0; ///< the Commit whose change no publish announces
    std::uint64_t crash = 0;  ///< the publisher's Crash right after it (0: none)
    std::uint64_t unsent = 0; ///< a Drop to the bus of that key after it: refused or lost (0: none)
    bool laterPublish =
        false; ///< the key was published again after the commit (for another change)
};

/// When no publish of `key` announces `commit`: what happened instead; else null-like (commit 0).
PublishGap findPublishGap(const EvidenceContext &context, const TopicTrail &trail, std::int64_t key,
                          std::uint64_t commit);

} // namespace dplab
