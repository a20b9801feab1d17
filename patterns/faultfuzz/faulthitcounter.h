#pragma once

#include "simulation/observe/observer.h"

#include <cstdint>

namespace dplab {

/** How often each kind of fault actually hit during a run, read from its trace events. */
struct FaultHits
{
    std::uint64_t faultsStarted = 0;
    std::uint64_t crashes = 0; ///< every crash, whatever its cause
    std::uint64_t crashesAfterCommit = 0;
    std::uint64_t crashesAfterPublish = 0;
    std::uint64_t crashesAfterPrepare = 0;
    /// Dual write: a crash between the commit and the publish lost the event.
    std::uint64_t lostBetweenCommitAndPublish = 0;
    std::uint64_t drops = 0;
    std::uint64_t duplicates = 0;
};

/**
 * Watches a run's trace as it happens and counts the faults that fired, so that a random
 * schedule is judged by what it did, not by what it asked for (a crash-after-commit window
 * may see no commit at all). Keeps no events.
 */
class FaultHitCounter : public SimObserver
{
public:
    void onEvent(const TraceEvent &event, const World &world) override;
    const FaultHits &hits() const { return m_hits; }

private:
    FaultHits m_hits;
};

} // namespace dplab
