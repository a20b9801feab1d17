#include "app/cli/fingerprint.h"

#include "app/cli/hashstream.h"
#include "patterns/run.h"
#include "patterns/scenarioinput.h"

#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace dplab {

namespace {

/// A folder of its own for a run's file databases, removed with it; empty when none could be
/// made (then only scenarios without file databases run).
class FingerprintScratchDir
{
public:
    FingerprintScratchDir()
    {
        std::error_code ec;
        std::string pattern =
            (std::filesystem::temp_directory_path(ec) / "dplab-fingerprint-XXXXXX").string();
        if (!ec && ::mkdtemp(pattern.data()))
            m_path = pattern;
    }
    ~FingerprintScratchDir()
    {
        std::error_code ec;
        if (!m_path.empty())
            std::filesystem::remove_all(m_path, ec);
    }
    FingerprintScratchDir(const FingerprintScratchDir &) = delete;
    FingerprintScratchDir &operator=(const FingerprintScratchDir &) = delete;
    const std::string &path() const { return m_path; }

private:
    std::string m_path;
};

bool parseHex64(const std::string &text, std::uint64_t *value)
{
    if (text.size() != 16)
        return false;
    std::uint64_t v = 0;
    for (const char c : text) {
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= static_cast<std::uint64_t>(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= static_cast<std::uint64_t>(c - 'a' + 10);
        else
            return false;
    }
    *value = v;
    return true;
}

bool parseCount64(const std::string &text, std::uint64_t *value)
{
    if (text.empty() || text.size() > 19)
        return false;
    std::uint64_t v = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    *value = v;
    return true;
}

const char *kFingerprintHeader =
    R"(# Fingerprints of the runs of every lesson and of a few fixtures, compared by the test
# "fingerprints" (tests/unit/tst_fingerprints.cpp). Each hash is the 64-bit FNV-1a of what
# `dplab-cli run FILE` writes: trace.jsonl and metrics.csv byte for byte, summary.json without
# "file" and "wall_s". Regenerate only when a change is meant to alter runs, and say so in the
# commit message. From the source folder:
#   build/app/cli/dplab-cli fingerprint scenarios/*.json tests/data/fingerprint/*.json \
#       > tests/data/fingerprints.txt
)";

} // namespace

std::optional<RunFingerprint> fingerprintRun(const std::string &file, std::string *why)
{
    const ScenarioInput input;
    LoadResult loaded = input.loadFile(file);
    if (!loaded.ok()) {
        std::string all;
        for (const auto &e : loaded.errors)
            all += (all.empty() ? "" : "\n") + e.toString();
        *why = all;
        return std::nullopt;
    }
    FingerprintScratchDir scratch;
    RunOptions options;
    options.world.databaseDir = scratch.path();
    options.world.captureChangesets = true; // as dplab-cli run with its trace (evidence needs them)
    RunFingerprint f;
    f.file = file;
    try {
        RunResult built = input.build(*loaded.scenario, options);
        std::unique_ptr<Run> &run = built.run;
        if (!run) {
            *why = built.errors.empty() ? file + ": cannot run" : built.errors.front().toString();
            return std::nullopt;
        }
        run->runToEnd();
        {
            HashStream hash;
            std::ostream out(&hash);
            writeTraceJsonl(out, run->trace()->events(), run->world().names());
            f.trace = hash.value();
            f.events = run->trace()->events().size();
        }
        {
            nlohmann::ordered_json summary = run->summary();
            summary.erase("file");
            summary.erase("wall_s");
            f.summary = HashStream::of(summary.dump(2) + "\n");
        }
        {
            HashStream hash;
            std::ostream out(&hash);
            run->metrics().writeCsv(out);
            f.metrics = hash.value();
        }
    } catch (const std::exception &e) {
        *why = file + ": run failed: " + e.what();
        return std::nullopt;
    }
    return f;
}

std::string formatFingerprintTable(const std::vector<RunFingerprint> &rows)
{
    std::size_t width = 4, eventsWidth = 6;
    for (const RunFingerprint &r : rows) {
        width = std::max(width, r.file.size());
        eventsWidth = std::max(eventsWidth, std::to_string(r.events).size());
    }
    auto pad = [](std::string s, std::size_t n, bool right) {
        const std::string fill(n > s.size() ? n - s.size() : 0, ' ');
        return right ? fill + s : s + fill;
    };
    std::ostringstream out;
    out << kFingerprintHeader;
    out << pad("# file", width, false) << "  " << pad("events", eventsWidth, true) << "  "
        << pad("trace.jsonl", 16, false) << "  " << pad("summary.json", 16, false) << "  "
        << "metrics.csv\n";
    for (const RunFingerprint &r : rows)
        out << pad(r.file, width, false) << "  " << pad(std::to_string(r.events), eventsWidth, true)
            << "  " << HashStream::hex(r.trace) << "  " << HashStream::hex(r.summary) << "  "
            << HashStream::hex(r.metrics) << "\n";
    return out.str();
}

std::optional<std::vector<RunFingerprint>> parseFingerprintTable(const std::string &text,
                                                                 std::string *why)
{
    std::vector<RunFingerprint> rows;
    std::istringstream in(text);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        std::istringstream fields(line);
        std::vector<std::string> f;
        for (std::string field; fields >> field;)
            f.push_back(field);
        if (f.empty() || f[0][0] == '#')
            continue;
        RunFingerprint r;
        r.file = f[0];
        if (f.size() != 5 || !parseCount64(f[1], &r.events) || !parseHex64(f[2], &r.trace) ||
            !parseHex64(f[3], &r.summary) || !parseHex64(f[4], &r.metrics)) {
            *why =
                "line " + std::to_string(number) +
                ": expected FILE EVENTS TRACE SUMMARY METRICS (hashes as 16 hex digits), got \"" +
                line + "\"";
            return std::nullopt;
        }
        rows.push_back(std::move(r));
    }
    return rows;
}

} // namespace dplab
