#include "app/cli/cli.h"

#include "app/cli/commandinput.h"

#include <ostream>

namespace dplab {

int commandValidate(const std::vector<std::string> &args, std::ostream &out, std::ostream &err)
{
    std::vector<std::string> files;
    std::vector<ScenarioOverride> overrides;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string &a = args[i];
        if (a == "--set") {
            const std::string *value = i + 1 < args.size() ? &args[++i] : nullptr;
            if (std::string why = addSetOption(value, overrides); !why.empty()) {
                err << "dplab-cli validate: " << why << " (see dplab-cli --help)\n";
                return ExitUsage;
            }
        } else if (!a.empty() && a[0] == '-') {
            err << "dplab-cli validate: unknown option " << a << "\n";
            return ExitUsage;
        } else {
            files.push_back(a);
        }
    }
    if (files.empty()) {
        err << "dplab-cli validate: give at least one scenario file\n";
        return ExitUsage;
    }
    const ScenarioInput input;
    int bad = 0;
    for (const auto &file : files) {
        // Built too (not run): the names the captions use are checked against what a run of
        // this scenario offers.
        const std::optional<Scenario> scenario = loadOrReport(input, file, overrides, err);
        RunOptions options;
        options.recordTrace = false;
        // With --set the captions may name what the changes took away (as expectations).
        options.checkNarrative = overrides.empty();
        if (scenario && buildOrReport(input, *scenario, options, err))
            out << file << ": ok\n";
        else
            ++bad;
    }
    return bad ? ExitChecksFailed : ExitOk;
}

} // namespace dplab
