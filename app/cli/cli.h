#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace dplab {

class ScenarioOverride;

/** Exit codes of dplab-cli. */
enum ExitCode : int {
    ExitOk = 0,
    ExitChecksFailed = 1, ///< run: a check or expectation failed; validate: a file is invalid
    ExitUsage = 2,        ///< bad arguments, or a scenario that cannot be loaded or run
    ExitRuntime = 3,      ///< I/O or database failure while running
};

/// Entry point of dplab-cli (main() only forwards to it, so tests can call it).
int runCli(int argc, char **argv);
int runCli(const std::vector<std::string> &args, std::ostream &out, std::ostream &err);

/// Adds the value of a --set option ("PATH=VALUE"; nullptr when it is missing) to overrides;
/// returns why it is unusable, or an empty string.
std::string addSetOption(const std::string *value, std::vector<ScenarioOverride> &overrides);

/// Reads an option's value as a whole number from 0 to max (decimal digits only); false when it
/// is missing (nullptr), malformed or too large. The options' parsers share it.
bool parseCountOption(const std::string *text, std::uint64_t max, std::uint64_t *value);

int commandValidate(const std::vector<std::string> &args, std::ostream &out, std::ostream &err);
int commandRun(const std::vector<std::string> &args, std::ostream &out, std::ostream &err);
int commandCompare(const std::vector<std::string> &args, std::ostream &out, std::ostream &err);
int commandFuzzFaults(const std::vector<std::string> &args, std::ostream &out, std::ostream &err);
int commandBench(const std::vector<std::string> &args, std::ostream &out, std::ostream &err);
int commandSweep(const std::vector<std::string> &args, std::ostream &out, std::ostream &err);
int commandSweepMerge(const std::vector<std::string> &args, std::ostream &out, std::ostream &err);
int commandFuzzMerge(const std::vector<std::string> &args, std::ostream &out, std::ostream &err);
int commandExplain(const std::vector<std::string> &args, std::ostream &out, std::ostream &err);
int commandFingerprint(const std::vector<std::string> &args, std::ostream &out, std::ostream &err);

} // namespace dplab
