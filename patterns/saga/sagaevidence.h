#pragma once

#include "simulation/observe/summary.h"

namespace dplab {

class EvidenceContext;

/**
 * Why a saga check failed, found in the trace and the saga tables: for a stuck saga the step it
 * waits in, the message it waits for and why that never came (a loss, a crash right after a
 * commit, a crash of the receiver); for money or stock out of balance the compensation that
 * was applied twice, with the rows it left wrong; for effects that do not match the outcome
 * the saga's rows and the commits that wrote them.
 */
struct SagaEvidence
{
    /// Appends evidence to a failed saga.* check (others are left alone).
    static void add(const EvidenceContext &context, CheckResult &check);
};

} // namespace dplab
