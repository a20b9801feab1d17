#pragma once

#include "simulation/observe/summary.h"

namespace dplab {

class EvidenceContext;

/**
 * Why a two-phase commit check failed, found in the trace and the prepared tables: for a
 * participant left in doubt its promise (the prepared row and the commit that wrote it), the
 * coordinator's crash or silence and the questions nobody answered; for a transaction that is
 * not all or nothing the logged decision and what each participant committed.
 */
struct TwoPhaseEvidence
{
    /// Appends evidence to a failed two_phase_commit.* check (others are left alone).
    static void add(const EvidenceContext &context, CheckResult &check);
};

} // namespace dplab
