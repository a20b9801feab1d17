#pragma once

#include "simulation/observe/sequencediagram.h"
#include "simulation/observe/tracelog.h"

#include <string>

namespace dplab {

/** The window sequence.mmd draws when --window is not given, and the note that says why. */
struct DefaultSequenceWindow
{
    SequenceWindow window;
    std::string note; ///< one Mermaid comment line ("    %% ..."), without a line break
};

/// Around the first failure or fault of the run (a lost message, a timeout, a crash, a fault
/// that starts; not a business failure): from `arrowsBefore` messages before it, so the
/// diagram shows what led to it and what followed. Without one: from the start.
DefaultSequenceWindow defaultSequenceWindow(const TraceLog &events, const NameTable &names,
                                            std::size_t arrowsBefore = 50);

} // namespace dplab
