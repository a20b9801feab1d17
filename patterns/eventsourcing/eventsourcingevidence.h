#pragma once

#include "simulation/observe/summary.h"

namespace dplab {

class EvidenceContext;

/**
 * Why an event sourcing check failed, found in the trace and the event store: an appended event
 * that the store no longer holds (the commit that appended it), a snapshot that differs from
 * the replay of its stream (the append that wrote it), a projection row that differs from the
 * replay (the stream's last append, the row and the event).
 */
struct EventSourcingEvidence
{
    /// Appends evidence to a failed event_sourcing.* check (others are left alone).
    static void add(const EvidenceContext &context, CheckResult &check);
};

} // namespace dplab
