#pragma once

#include "simulation/observe/summary.h"

#include <cstdint>
#include <string>

namespace dplab {

class EvidenceContext;
struct TraceEvent;

/**
 * Builds one Evidence: steps are kept once each and in trace order (causes come first), an
 * id the trace does not hold is left out, rows are kept as given.
 */
class EvidenceChain
{
public:
    EvidenceChain(const EvidenceContext &context, std::string cls, std::string entity);

    /// Adds a step; false (and nothing added) for id 0 or an id the trace does not hold.
    bool step(std::uint64_t id, std::string says);
    /// Adds a step only when its cause chain reaches a step already added (the chain stays in
    /// causal order); false otherwise.
    bool stepIfCaused(std::uint64_t id, std::string says);
    void row(EvidenceRow r) { m_evidence.rows.push_back(std::move(r)); }
    bool has(std::uint64_t id) const;
    void setClass(std::string cls) { m_evidence.cls = std::move(cls); }
    std::size_t size() const { return m_evidence.steps.size(); }
    /// The evidence with this explanation, its steps sorted by event id.
    Evidence finish(std::string explanation);

private:
    const EvidenceContext &m_context;
    Evidence m_evidence;
};

/// The rule every chain keeps (issue 21): each step's cause chain reaches an earlier step, or
/// it is the first step; every id is in the trace and ids ascend.
bool inCausalOrder(const EvidenceContext &context, const Evidence &evidence);

/// "pay order" for a Request of "op:pay_order" or a Commit of "tx:pay order": the label
/// without its prefix, underscores as spaces.
std::string evidenceLabelWords(const EvidenceContext &context, const TraceEvent &e);

/// Where `id`'s cause chain starts: the nearest client request, fault or live change on it,
/// else its first event.
std::uint64_t evidenceRootOf(const EvidenceContext &context, std::uint64_t id);

} // namespace dplab
