#pragma once

#include "patterns/scenarioinput.h"

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dplab {

/// Loads a scenario the one way (ScenarioInput), or writes each error to err, one per line
/// after `prefix` ("variant B: "), and returns nothing (the command then exits with ExitUsage).
std::optional<Scenario> loadOrReport(const ScenarioInput &input, const std::string &file,
                                     const std::vector<ScenarioOverride> &overrides,
                                     std::ostream &err, const std::string &prefix = {});

/// Builds a run, or writes each error to err as loadOrReport does and returns nullptr.
std::unique_ptr<Run> buildOrReport(const ScenarioInput &input, const Scenario &scenario,
                                   const RunOptions &options, std::ostream &err,
                                   const std::string &prefix = {});

} // namespace dplab
