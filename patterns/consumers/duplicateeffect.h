#pragma once

#include "simulation/observe/summary.h"

#include <cstdint>
#include <optional>
#include <string>

namespace dplab {

class ConsumerApplications;
class EvidenceContext;
class RowHistory;
class TopicTrail;
struct ConsumerApplication;

/// The duplicate-effect chain of two applications of one change by a consumer: how the second
/// copy came to be (a bus duplicate, a redelivery, the outbox publishing a row again), both
/// deliveries, both commits, and the row they changed (of `rows`, key `key`) after each.
Evidence duplicateEffectChain(const EvidenceContext &context, const TopicTrail &trail,
                              const ConsumerApplication &first, const ConsumerApplication &repeat,
                              const RowHistory &rows, std::int64_t key);

/// How the second copy came to be, in two words ("bus duplicate", "redelivery", "republished").
std::string duplicateEffectCause(const EvidenceContext &context, const TopicTrail &trail,
                                 const ConsumerApplication &first,
                                 const ConsumerApplication &repeat);

/// A duplicate-effect chain for the row `key` of `rows` (a consumer's table): the first two
/// commits that changed it while applying the same change twice; none when there are none.
/// `cause` gets how the copy came to be, `repeat` the second commit.
std::optional<Evidence> duplicateEffectOnRow(const EvidenceContext &context,
                                             const TopicTrail &trail, const RowHistory &rows,
                                             std::int64_t key, std::string *cause = nullptr,
                                             std::uint64_t *repeat = nullptr);

/// Evidence for consumers.no_effect_applied_twice: varied duplicate-effect chains over every
/// consumer.
void addDuplicateEffectEvidence(const EvidenceContext &context, CheckResult &check);

} // namespace dplab
