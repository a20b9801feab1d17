#include "app/cli/cli.h"

#include "app/cli/fingerprint.h"

#include <filesystem>
#include <ostream>

namespace dplab {

int commandFingerprint(const std::vector<std::string> &args, std::ostream &out, std::ostream &err)
{
    std::vector<std::string> files;
    for (const std::string &a : args) {
        if (!a.empty() && a[0] == '-') {
            err << "dplab-cli fingerprint: unknown option " << a << " (see dplab-cli --help)\n";
            return ExitUsage;
        }
        // The table is split on white space.
        if (a.find_first_of(" \t\r\n") != std::string::npos) {
            err << "dplab-cli fingerprint: \"" << a << "\": a file name with white space cannot go "
                << "into the table\n";
            return ExitUsage;
        }
        // scenarios/*.json includes the format's JSON Schema, which is no scenario.
        if (std::filesystem::path(a).filename() == "schema.json")
            continue;
        files.push_back(a);
    }
    if (files.empty()) {
        err << "dplab-cli fingerprint: give at least one scenario file\n";
        return ExitUsage;
    }
    std::vector<RunFingerprint> rows;
    int failed = 0;
    for (const std::string &file : files) {
        std::string why;
        if (auto f = fingerprintRun(file, &why)) {
            rows.push_back(std::move(*f));
        } else {
            err << why << "\n";
            ++failed;
        }
    }
    // A table without every file would pass for a complete one: print none.
    if (failed > 0)
        return ExitUsage;
    out << formatFingerprintTable(rows);
    return ExitOk;
}

} // namespace dplab
