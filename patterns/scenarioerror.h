#pragma once

#include "simulation/scenario/scenarioloader.h"

#include <string>

namespace dplab {

/// A build-time error about a scenario, as the loader reports its own ("file:line:col: path:
/// message" when printed).
inline LoadError scenarioError(const Scenario &s, const SourcePos &pos, const std::string &path,
                               const std::string &message)
{
    LoadError e;
    e.file = s.sourceName.empty() ? std::string("scenario") : s.sourceName;
    e.line = pos.line;
    e.column = pos.column;
    e.path = path;
    e.message = message;
    return e;
}

} // namespace dplab
