#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>

namespace dplab {

/// The trace's one-line summary of an event id ("" when unknown).
using EvidenceSummaryOf = std::function<std::string(std::uint64_t)>;

/// Prints one chain of a check's "evidence" (summary.json's form), every line indented by
/// `indent`: "class: entity", one line per step with its time and event id (and, when
/// `summaryOf` is given, the trace's own summary of the event under it), the rows with their
/// values, and the explanation wrapped to about 100 columns.
/// `lead` goes before the first line ("chain 2 of 5: ").
void printEvidence(std::ostream &out, const nlohmann::ordered_json &evidence,
                   const std::string &indent, const EvidenceSummaryOf &summaryOf = {},
                   const std::string &lead = {});

} // namespace dplab
