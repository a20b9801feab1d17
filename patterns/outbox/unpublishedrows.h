#pragma once

namespace dplab {

class EvidenceContext;
struct CheckResult;

/// Evidence for outbox.all_published: outbox rows never published, each with the commit that
/// wrote it and why the relay did not publish it (the service down at the end, the bus refusing,
/// or the run ending before the next poll).
void addUnpublishedRowsEvidence(const EvidenceContext &context, CheckResult &check);

} // namespace dplab
