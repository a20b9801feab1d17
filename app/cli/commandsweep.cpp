#include "app/cli/cli.h"

#include "app/cli/chartfiles.h"
#include "app/cli/commandinput.h"
#include "app/export/sweepfiles.h"
#include "patterns/sweep/parallelwork.h"
#include "patterns/sweep/sweeprunner.h"
#include "patterns/sweep/sweepshard.h"
#include "simulation/scenario/overrides.h"
#include "simulation/scenario/scenarioloader.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <optional>
#include <ostream>
#include <sstream>
#include <unistd.h>

namespace dplab {

namespace {

struct SweepArgs
{
    std::string file;
    std::vector<std::string> sets;
    std::vector<SweepParameter> vary;
    std::uint64_t seeds = 5;
    std::vector<std::string> metrics;
    int jobs = 0; ///< 0: every core
    SweepShard shard;
    bool shardGiven = false;
    std::string out;
    bool charts = true;
    bool quiet = false;
};

std::string parseSweepArgs(const std::vector<std::string> &args, SweepArgs *s)
{
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string &a = args[i];
        const std::string *v = i + 1 < args.size() ? &args[i + 1] : nullptr;
        if (a == "--vary") {
            std::string why;
            auto p = v ? SweepParameter::parse(*v, &why) : std::nullopt;
            if (!p)
                return "--vary: " +
                       (v ? why : std::string("needs PATH=V1,V2,... or PATH=A..B:STEP"));
            s->vary.push_back(std::move(*p));
            ++i;
        } else if (a == "--set") {
            std::vector<ScenarioOverride> parsed;
            if (std::string why = addSetOption(v, parsed); !why.empty())
                return why;
            s->sets.push_back(*v);
            ++i;
        } else if (a == "--seeds") {
            if (!parseCountOption(v, 10000, &s->seeds) || s->seeds == 0)
                return "--seeds needs a count from 1 to 10000";
            ++i;
        } else if (a == "--metric") {
            if (!v || !isSummaryMetricPath(*v))
                return "--metric needs a number of summary.json as a dotted path, such as "
                       "operations.place_order.latency_ms.mean";
            s->metrics.push_back(*v);
            ++i;
        } else if (a == "--jobs" || a == "-j") {
            std::uint64_t n = 0;
            if (!parseCountOption(v, 1024, &n) || n == 0)
                return a + " needs a count of threads from 1 to 1024";
            s->jobs = static_cast<int>(n);
            ++i;
        } else if (a == "--shard") {
            std::string why;
            auto shard = v ? SweepShard::parse(*v, &why) : std::nullopt;
            if (!shard)
                return "--shard: " + (v ? why : std::string("needs I/N, such as 0/4"));
            s->shard = *shard;
            s->shardGiven = true;
            ++i;
        } else if (a == "--out") {
            if (!v || v->empty())
                return "--out needs a folder";
            s->out = *v;
            ++i;
        } else if (a == "--no-charts") {
            s->charts = false;
        } else if (a == "--quiet" || a == "-q") {
            s->quiet = true;
        } else if (!a.empty() && a[0] == '-') {
            return "unknown option " + a;
        } else if (s->file.empty()) {
            s->file = a;
        } else {
            return "only one scenario file per study";
        }
    }
    if (s->file.empty())
        return "give a scenario file";
    if (s->vary.empty())
        return "give at least one --vary PATH=VALUES";
    if (s->metrics.empty())
        return "give at least one --metric, a number of summary.json such as "
               "operations.request.latency_ms.mean or sagas.completion_ratio";
    std::size_t points = 1;
    for (const SweepParameter &p : s->vary) {
        points *= p.values.size();
        if (points * s->seeds > 1'000'000)
            return "more than 1000000 runs: fewer values or seeds";
    }
    if (s->out.empty())
        s->out = "out/" + std::filesystem::path(s->file).stem().string() + "-sweep";
    return {};
}

std::string sweepClock(double seconds)
{
    const long s = static_cast<long>(seconds + 0.5);
    char text[32];
    if (s >= 3600)
        std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        std::snprintf(text, sizeof text, "%ld:%02ld", s / 60, s % 60);
    return text;
}

} // namespace

int commandSweep(const std::vector<std::string> &args, std::ostream &out, std::ostream &err)
{
    SweepArgs a;
    if (std::string why = parseSweepArgs(args, &a); !why.empty()) {
        err << "dplab-cli sweep: " << why << " (see dplab-cli --help)\n";
        return ExitUsage;
    }
    const ScenarioInput input;
    std::vector<ScenarioOverride> sets;
    for (const std::string &text : a.sets)
        addSetOption(&text, sets);
    const std::optional<Scenario> base = loadOrReport(input, a.file, sets, err);
    if (!base)
        return ExitUsage;
    SweepSpec spec;
    spec.file = a.file;
    spec.scenarioName = base->name;
    spec.overrides = a.sets;
    spec.parameters = a.vary;
    spec.baseSeed = base->seed;
    spec.seeds = a.seeds;
    spec.metrics = a.metrics;
    std::vector<LoadError> errors;
    const std::unique_ptr<SweepRunner> runner = SweepRunner::prepare(input, spec, &errors);
    if (!runner) {
        for (const LoadError &e : errors)
            err << e.toString() << "\n";
        return ExitUsage;
    }
    const std::vector<std::size_t> runs = sweepShardRuns(spec.runCount(), a.shard);
    const int jobs = a.jobs > 0 ? a.jobs : defaultJobs();

    // The progress line: on a terminal rewritten in place, elsewhere (a cluster's log) a line
    // every 10 s.
    const bool tty = ::isatty(STDERR_FILENO);
    const auto t0 = std::chrono::steady_clock::now();
    auto lastLine = t0;
    std::size_t lastDone = static_cast<std::size_t>(-1);
    auto progress = [&](std::size_t done) {
        if (a.quiet || done == lastDone)
            return;
        const auto now = std::chrono::steady_clock::now();
        if (!tty && now - lastLine < std::chrono::seconds(10) && done < runs.size())
            return;
        lastLine = now;
        lastDone = done;
        const double elapsed = std::chrono::duration<double>(now - t0).count();
        const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
        // A point is done when all its seeds are: with K seeds, runs / K of them.
        const std::size_t pointsDone = done / spec.seeds;
        const std::size_t points = (runs.size() + spec.seeds - 1) / spec.seeds;
        std::ostringstream line;
        line << "points " << pointsDone << "/" << points << ", runs " << done << "/" << runs.size()
             << ", " << std::fixed << std::setprecision(1) << rate << " runs/s";
        if (done > 0 && done < runs.size())
            line << ", " << sweepClock(static_cast<double>(runs.size() - done) / rate) << " left";
        err << (tty ? "\r" : "") << line.str() << (tty ? "   " : "\n") << std::flush;
    };
    SweepTable table(spec);
    try {
        runner->run(table, runs, jobs, progress);
    } catch (const std::exception &e) {
        err << (tty && !a.quiet ? "\n" : "") << a.file << ": " << e.what() << "\n";
        return ExitRuntime;
    }
    if (tty && !a.quiet)
        err << "\n";
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    // A metric no run has is a typo, not a result.
    std::vector<std::string> missing;
    {
        SweepTable mine(spec);
        for (std::size_t r : runs)
            mine.setValues(r, table.values(r));
        for (std::size_t r = 0; r < spec.runCount(); ++r)
            if (!mine.has(r))
                mine.setValues(r, std::vector<double>(spec.metrics.size(), std::nan("")));
        missing = mine.missingMetrics();
    }
    if (!missing.empty()) {
        for (const std::string &m : missing)
            err << "dplab-cli sweep: no run's summary.json has a number at \"" << m
                << "\" (see summary.json of `dplab-cli run " << a.file << "`)\n";
        return ExitUsage;
    }

    std::vector<std::string> written;
    // Charts are drawn by Qt, which needs an (offscreen) application while they are.
    std::optional<OffscreenApp> charting;
    if (a.charts && !a.shardGiven)
        charting.emplace();
    std::string why = a.shardGiven ? writeSweepShardFiles(table, a.shard, a.out)
                                   : writeSweepFiles(table, a.out, a.charts, &written);
    if (!why.empty()) {
        err << "dplab-cli sweep: " << why << "\n";
        return ExitRuntime;
    }
    if (!a.quiet) {
        out << spec.pointCount() << " points x " << spec.seeds << " seeds";
        if (a.shardGiven)
            out << ": shard " << a.shard.text() << " ran " << runs.size() << " of "
                << spec.runCount() << " runs";
        else
            out << " = " << runs.size() << " runs";
        out << " on " << jobs << " thread" << (jobs == 1 ? "" : "s") << " in " << std::fixed
            << std::setprecision(2) << wall << " s\n";
        if (a.shardGiven)
            out << "wrote " << a.out << "/sweep.json, runs.csv (merge the shards with "
                << "dplab-cli sweep-merge)\n";
        else
            out << "wrote " << a.out << "/sweep.json, runs.csv, points.csv, report.md"
                << (a.charts ? ", and a chart per metric (png, svg, csv)" : "") << "\n";
    }
    return ExitOk;
}

int commandSweepMerge(const std::vector<std::string> &args, std::ostream &out, std::ostream &err)
{
    std::vector<std::string> dirs;
    std::string outDir;
    bool charts = true, quiet = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--out") {
            if (i + 1 >= args.size() || args[i + 1].empty()) {
                err << "dplab-cli sweep-merge: --out needs a folder\n";
                return ExitUsage;
            }
            outDir = args[++i];
        } else if (args[i] == "--no-charts") {
            charts = false;
        } else if (args[i] == "--quiet" || args[i] == "-q") {
            quiet = true;
        } else if (!args[i].empty() && args[i][0] == '-') {
            err << "dplab-cli sweep-merge: unknown option " << args[i] << "\n";
            return ExitUsage;
        } else {
            dirs.push_back(args[i]);
        }
    }
    if (dirs.empty() || outDir.empty()) {
        err << "dplab-cli sweep-merge: give the shards' folders and --out DIR (see dplab-cli "
               "--help)\n";
        return ExitUsage;
    }
    std::optional<SweepTable> table;
    nlohmann::ordered_json first;
    std::vector<bool> seen;
    for (const std::string &dir : dirs) {
        std::ifstream manifestFile(dir + "/sweep.json");
        nlohmann::ordered_json manifest =
            nlohmann::ordered_json::parse(manifestFile, nullptr, false);
        if (!manifestFile || manifest.is_discarded() || !manifest.is_object()) {
            err << "dplab-cli sweep-merge: " << dir << "/sweep.json: missing or not JSON\n";
            return ExitUsage;
        }
        std::string why;
        SweepShard shard;
        if (manifest.contains("shard")) {
            auto s = manifest["shard"].is_string()
                         ? SweepShard::parse(manifest["shard"].get<std::string>(), &why)
                         : std::nullopt;
            if (!s) {
                err << "dplab-cli sweep-merge: " << dir << "/sweep.json: shard: " << why << "\n";
                return ExitUsage;
            }
            shard = *s;
            manifest.erase("shard");
        }
        if (!table) {
            auto spec = SweepSpec::fromJson(manifest, &why);
            if (!spec) {
                err << "dplab-cli sweep-merge: " << dir << "/sweep.json: " << why << "\n";
                return ExitUsage;
            }
            table.emplace(std::move(*spec));
            first = manifest;
            seen.assign(shard.count, false);
        } else if (manifest != first) {
            err << "dplab-cli sweep-merge: " << dir << " is a shard of another study than "
                << dirs.front() << " (their sweep.json differ)\n";
            return ExitUsage;
        }
        if (shard.count != seen.size()) {
            err << "dplab-cli sweep-merge: " << dir << " is shard " << shard.text() << ", but "
                << dirs.front() << " is one of " << seen.size() << "\n";
            return ExitUsage;
        }
        if (seen[shard.index]) {
            err << "dplab-cli sweep-merge: shard " << shard.text() << " is given twice\n";
            return ExitUsage;
        }
        seen[shard.index] = true;
        std::ifstream runsFile(dir + "/runs.csv");
        if (!runsFile) {
            err << "dplab-cli sweep-merge: cannot read " << dir << "/runs.csv\n";
            return ExitUsage;
        }
        why = table->readRunsCsv(runsFile, sweepShardRuns(table->spec().runCount(), shard));
        if (!why.empty()) {
            err << "dplab-cli sweep-merge: " << dir << ": " << why << "\n";
            return ExitUsage;
        }
    }
    for (std::size_t i = 0; i < seen.size(); ++i) {
        if (!seen[i]) {
            err << "dplab-cli sweep-merge: shard " << i << "/" << seen.size() << " is missing\n";
            return ExitUsage;
        }
    }
    std::vector<std::string> written;
    std::optional<OffscreenApp> charting;
    if (charts)
        charting.emplace();
    if (std::string why = writeSweepFiles(*table, outDir, charts, &written); !why.empty()) {
        err << "dplab-cli sweep-merge: " << why << "\n";
        return ExitRuntime;
    }
    if (!quiet)
        out << "merged " << dirs.size() << " shard" << (dirs.size() == 1 ? "" : "s") << " ("
            << table->spec().runCount() << " runs) into " << outDir
            << ": sweep.json, runs.csv, points.csv, report.md"
            << (charts ? ", and a chart per metric" : "") << "\n";
    return ExitOk;
}

} // namespace dplab
