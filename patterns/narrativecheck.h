#pragma once

#include "simulation/scenario/scenarioloader.h"

#include <vector>

namespace dplab {

class Run;

/// The names a lesson's captions use to drive the view ("chart", "table", "figure"), checked
/// against what a freshly built run offers: a metrics column, a table of the service (the one
/// the caption selects, else any), a figure of the summary (a dotted path, or a check's id).
/// The loader has checked "select" and "speed" already. Empty when every name is known.
std::vector<LoadError> checkNarrativeNames(Run &run);

} // namespace dplab
