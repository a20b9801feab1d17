#pragma once

#include "scenario/scenario.h"

#include <string>

namespace dplab {

/// A build-time error about a scenario, in the loader's format: "file:line:col: path: message".
inline std::string scenarioError(const Scenario &s, const SourcePos &pos, const std::string &path,
                                 const std::string &message)
{
    std::string out = s.sourceName.empty() ? std::string("scenario") : s.sourceName;
    if (pos.line > 0)
        out += ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
    return out + ": " + path + ": " + message;
}

/// Where the pattern switch `path` ("patterns.saga") was written, if it was.
inline SourcePos patternPos(const Scenario &s, const std::string &path)
{
    const auto it = s.patterns.positions.find(path);
    return it == s.patterns.positions.end() ? SourcePos{} : it->second;
}

} // namespace dplab
