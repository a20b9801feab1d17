#pragma once

#include "simulation/scenario/scenarioloader.h"

#include <vector>

namespace dplab {

class Run;

/// The names a lesson's captions use to drive the view ("chart", "table", "figure", "explain",
/// "follow", "try", "evidence"), checked against what a freshly built run offers: a metrics column,
/// a table of the service (the one the caption selects, else any), a figure of the summary (a
/// dotted path, or a check's id), a pattern with an explainer, "next" or an operation or a service
/// to follow, a pattern change the patterns accept, a check's id for "evidence". The loader has
/// checked "select", "speed" and a "Try it" fault already. Empty when every name is known.
std::vector<LoadError> checkNarrativeNames(Run &run);

} // namespace dplab
