#pragma once

namespace dplab {

class EvidenceContext;
struct CheckResult;

/// Evidence for cqrs.read_model_matches: for divergent orders and customer totals, the chain
/// that explains each (a lost event, a phantom event, a delivery that never arrived, an event
/// applied twice), found in the trace and the databases.
void addReadModelEvidence(const EvidenceContext &context, CheckResult &check);

} // namespace dplab
