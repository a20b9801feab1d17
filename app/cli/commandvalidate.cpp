#include "cli.h"

#include "builder.h"
#include "scenario/scenarioloader.h"

#include <ostream>

namespace dplab {

int commandValidate(const std::vector<std::string> &args, std::ostream &out, std::ostream &err)
{
    if (args.empty()) {
        err << "dplab-cli validate: give at least one scenario file\n";
        return ExitUsage;
    }
    PatternRegistry registry;
    registerBuiltins(registry);
    WorldBuilder builder(registry);
    ScenarioLoader loader;
    int bad = 0;
    for (const auto &file : args) {
        if (!file.empty() && file[0] == '-') {
            err << "dplab-cli validate: unknown option " << file << "\n";
            return ExitUsage;
        }
        LoadResult r = loader.loadFile(file);
        std::vector<std::string> errors;
        for (const auto &e : r.errors)
            errors.push_back(e.toString());
        if (r.ok())
            errors = builder.check(*r.scenario);
        if (errors.empty()) {
            out << file << ": ok\n";
        } else {
            ++bad;
            for (const auto &e : errors)
                err << e << "\n";
        }
    }
    return bad ? ExitChecksFailed : ExitOk;
}

} // namespace dplab
