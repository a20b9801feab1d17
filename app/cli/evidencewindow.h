#pragma once

#include "simulation/observe/sequencediagram.h"
#include "simulation/observe/tracelog.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace dplab {

/** The window sequence.mmd draws for --window evidence, or why there is none. */
struct EvidenceSequenceWindow
{
    std::optional<SequenceWindow> window; ///< empty: no chain to show (see note)
    SequenceHighlights highlights;        ///< the chain's steps
    std::string note;                     ///< one line saying which chain, or why none
};

/// Centred on the first evidence chain of the first failed check that has one (of `checkId`
/// when not empty), read from summary.json's "checks": from the chain's first event to its
/// last, with a tenth of that span (at least 2 ms) of context on either side and at least the
/// ten messages sent before the first, its steps highlighted.
EvidenceSequenceWindow evidenceSequenceWindow(const nlohmann::ordered_json &summary,
                                              const TraceLog &events, const std::string &checkId);

} // namespace dplab
