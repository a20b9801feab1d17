#include "app/cli/commandinput.h"

#include <ostream>

namespace dplab {

namespace {

void report(const std::vector<LoadError> &errors, std::ostream &err, const std::string &prefix)
{
    for (const LoadError &e : errors)
        err << prefix << e.toString() << "\n";
}

} // namespace

std::optional<Scenario> loadOrReport(const ScenarioInput &input, const std::string &file,
                                     const std::vector<ScenarioOverride> &overrides,
                                     std::ostream &err, const std::string &prefix)
{
    LoadResult loaded = input.loadFile(file, overrides);
    if (!loaded.ok()) {
        report(loaded.errors, err, prefix);
        return std::nullopt;
    }
    return std::move(loaded.scenario);
}

std::unique_ptr<Run> buildOrReport(const ScenarioInput &input, const Scenario &scenario,
                                   const RunOptions &options, std::ostream &err,
                                   const std::string &prefix)
{
    RunResult built = input.build(scenario, options);
    if (!built.run)
        report(built.errors, err, prefix);
    return std::move(built.run);
}

} // namespace dplab
