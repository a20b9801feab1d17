// Replays, in the normal build, every input a fuzzer once failed on (regressions/<target>/*)
// and every seed (the lessons, the test fixtures) through the same code as the fuzz targets.
// A failure aborts (the message names the file first) or is a sanitizer finding.
#include "tests/fuzz/fuzztargets.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

using Target = void (*)(std::string_view);

std::vector<fs::path> filesIn(const fs::path &dir)
{
    std::vector<fs::path> files;
    if (fs::is_directory(dir)) {
        for (const auto &entry : fs::recursive_directory_iterator(dir))
            if (entry.is_regular_file())
                files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

int replay(const char *name, Target target, const std::vector<fs::path> &files)
{
    for (const fs::path &file : files) {
        std::fprintf(stderr, "%s %s\n", name, file.c_str());
        std::ifstream in(file, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), {});
        target(bytes);
    }
    return static_cast<int>(files.size());
}

} // namespace

int main()
{
    const fs::path source = DPLAB_SOURCE_DIR;
    const fs::path regressions = source / "tests/fuzz/regressions";
    std::vector<fs::path> seeds = filesIn(source / "scenarios");
    for (const char *dir : {"tests/data/bad", "tests/data/good"})
        for (const fs::path &f : filesIn(source / dir))
            seeds.push_back(f);
    const std::vector<fs::path> traces = filesIn(source / "tests/fuzz/corpus/trace");

    int n = 0;
    n += replay("scenario", dplab::fuzz::scenarioText, filesIn(regressions / "scenario"));
    n += replay("runfile", dplab::fuzz::runFile, filesIn(regressions / "runfile"));
    n += replay("trace", dplab::fuzz::traceJsonl, filesIn(regressions / "trace"));
    n += replay("scenario", dplab::fuzz::scenarioText, seeds);
    n += replay("runfile", dplab::fuzz::runFile, seeds);
    n += replay("trace", dplab::fuzz::traceJsonl, traces);
    std::printf("replayed %d inputs without a finding\n", n);
    return 0;
}
