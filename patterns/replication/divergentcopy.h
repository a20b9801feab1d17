#pragma once

namespace dplab {

class EvidenceContext;
struct CheckResult;

/// Evidence for replication.converged: for replicated customers that differ from their source,
/// the divergent-copy chain (the source's last change, its publish, the delivery that was
/// dropped or never made) and both rows.
void addDivergentCopyEvidence(const EvidenceContext &context, CheckResult &check);

} // namespace dplab
