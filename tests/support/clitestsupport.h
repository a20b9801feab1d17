#pragma once

// Runs dplab-cli in process and captures what it prints, for the CLI tests.

#include "app/cli/cli.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace dplab::test {

struct CliResult
{
    int code = -1;
    std::string out;
    std::string err;
};

inline CliResult cli(std::vector<std::string> args)
{
    std::ostringstream out, err;
    CliResult r;
    r.code = runCli(args, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

inline std::string readFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace dplab::test
