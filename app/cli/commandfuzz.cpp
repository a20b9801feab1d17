#include "app/cli/cli.h"

#include "app/cli/commandinput.h"
#include "app/export/outputfiles.h"
#include "patterns/faultfuzz/schedulefuzzer.h"
#include "patterns/sweep/parallelwork.h"
#include "patterns/sweep/sweepshard.h"

#include <chrono>
#include <fstream>
#include <map>
#include <ostream>

namespace dplab {

namespace {

struct FuzzArgs
{
    std::string file;
    std::uint64_t schedules = 100;
    std::uint64_t seed = 1;
    SimTime stop = 2 * kSecond;
    SimTime settle = 4 * kSecond;
    int show = 3; ///< broken schedules printed in full
    std::vector<ScenarioOverride> overrides;
    std::vector<std::string> sets; ///< the --set texts, for findings.json
    int jobs = 0;                  ///< 0: every core
    SweepShard shard;
    bool shardGiven = false;
    std::string out; ///< --out DIR: findings.json
};

std::string parseArgs(const std::vector<std::string> &args, FuzzArgs *f)
{
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string &a = args[i];
        const std::string *v = i + 1 < args.size() ? &args[i + 1] : nullptr;
        auto duration = [&](SimTime *t) -> std::string {
            std::string why;
            auto d = v ? parseDuration(*v, &why) : std::nullopt;
            if (!d || *d <= 0)
                return a + " needs a duration > 0 such as 2s" + (why.empty() ? "" : ": " + why);
            *t = *d;
            ++i;
            return {};
        };
        if (a == "--schedules") {
            if (!parseCountOption(v, 1'000'000, &f->schedules) || f->schedules == 0)
                return "--schedules needs a count from 1 to 1000000";
            ++i;
        } else if (a == "--seed") {
            if (!parseCountOption(v, UINT64_MAX / 2, &f->seed))
                return "--seed needs a non-negative integer";
            ++i;
        } else if (a == "--show") {
            std::uint64_t n = 0;
            if (!parseCountOption(v, 1000, &n))
                return "--show needs a count from 0 to 1000";
            f->show = static_cast<int>(n);
            ++i;
        } else if (a == "--stop") {
            if (std::string why = duration(&f->stop); !why.empty())
                return why;
        } else if (a == "--settle") {
            if (std::string why = duration(&f->settle); !why.empty())
                return why;
        } else if (a == "--set") {
            if (std::string why = addSetOption(v, f->overrides); !why.empty())
                return why;
            f->sets.push_back(*v);
            ++i;
        } else if (a == "--jobs" || a == "-j") {
            std::uint64_t n = 0;
            if (!parseCountOption(v, 1024, &n) || n == 0)
                return a + " needs a count of threads from 1 to 1024";
            f->jobs = static_cast<int>(n);
            ++i;
        } else if (a == "--shard") {
            std::string why;
            auto shard = v ? SweepShard::parse(*v, &why) : std::nullopt;
            if (!shard)
                return "--shard: " + (v ? why : std::string("needs I/N, such as 0/4"));
            f->shard = *shard;
            f->shardGiven = true;
            ++i;
        } else if (a == "--out") {
            if (!v || v->empty())
                return "--out needs a folder";
            f->out = *v;
            ++i;
        } else if (!a.empty() && a[0] == '-') {
            return "unknown option " + a;
        } else if (f->file.empty()) {
            f->file = a;
        } else {
            return "only one scenario file";
        }
    }
    if (f->file.empty())
        return "give a scenario file";
    return {};
}

/// What a fuzz-faults run found: findings.json, the same whether the schedules ran in one
/// process or in shards merged by fuzz-merge.
nlohmann::ordered_json fuzzHeader(const FuzzArgs &a)
{
    nlohmann::ordered_json j;
    j["dplab_fuzz"] = 1;
    j["file"] = a.file;
    j["set"] = a.sets;
    j["seed"] = a.seed;
    j["schedules"] = a.schedules;
    j["stop"] = formatDuration(a.stop);
    j["settle"] = formatDuration(a.settle);
    return j;
}

/// The report printed by fuzz-faults and fuzz-merge from findings.json (`wall` < 0: none).
int printFuzzReport(const nlohmann::ordered_json &f, int show, double wall, std::ostream &out)
{
    std::map<std::string, std::uint64_t> brokenBy;
    int shown = 0;
    for (const auto &b : f["broken"]) {
        for (const auto &c : b["checks"])
            ++brokenBy[c["id"].get<std::string>()];
        if (shown++ < show)
            out << b["text"].get<std::string>() << "\n\n";
    }
    const auto seed = f["seed"].get<std::uint64_t>(), n = f["schedules"].get<std::uint64_t>();
    out << n << " schedules (seeds " << seed << ".." << seed + n - 1 << ") on "
        << f["file"].get<std::string>() << ": workload and faults until "
        << f["stop"].get<std::string>() << ", then " << f["settle"].get<std::string>()
        << " to quiesce; " << f["faults_fired"] << " faults fired, " << f["crashes"] << " crashes";
    if (f["lost_between_commit_and_publish"].get<std::uint64_t>() > 0)
        out << ", " << f["lost_between_commit_and_publish"]
            << " events lost between commit and publish";
    if (wall >= 0)
        out << "; " << wall << " s";
    out << "\n";
    if (f["broken"].empty()) {
        out << "every invariant held after quiescence in every schedule\n";
        return ExitOk;
    }
    out << f["broken"].size() << " schedules broke an invariant:\n";
    for (const auto &[id, count] : brokenBy)
        out << "  " << id << ": " << count << "\n";
    return ExitChecksFailed;
}

std::string writeFindings(const std::string &dir, const nlohmann::ordered_json &findings)
{
    if (std::string why = makeDirectories(dir); !why.empty())
        return why;
    return writeFileAtomically(dir + "/findings.json",
                               [&](std::ostream &o) { o << findings.dump(2) << "\n"; });
}

} // namespace

int commandFuzzFaults(const std::vector<std::string> &args, std::ostream &out, std::ostream &err)
{
    FuzzArgs a;
    if (std::string why = parseArgs(args, &a); !why.empty()) {
        err << "dplab-cli fuzz-faults: " << why << " (see dplab-cli --help)\n";
        return ExitUsage;
    }
    const std::optional<Scenario> loaded = loadOrReport(ScenarioInput(), a.file, a.overrides, err);
    if (!loaded)
        return ExitUsage;
    const ScheduleFuzzer fuzzer(*loaded, a.stop, a.settle);
    const auto t0 = std::chrono::steady_clock::now();
    // Schedule i (seed S + i) belongs to shard i mod N, as a sweep's runs do.
    std::vector<std::uint64_t> seeds;
    for (std::uint64_t i = a.shard.index; i < a.schedules; i += a.shard.count)
        seeds.push_back(a.seed + i);
    // Each schedule runs in a World of its own; the outcomes are reported in seed order, so
    // the output is the same whatever the number of threads.
    std::vector<ScheduleOutcome> outcomes(seeds.size());
    try {
        runInParallel(seeds.size(), a.jobs > 0 ? a.jobs : defaultJobs(),
                      [&](std::size_t i) { outcomes[i] = fuzzer.run(seeds[i]); });
    } catch (const std::exception &e) {
        err << a.file << ": " << e.what() << "\n";
        return ExitRuntime;
    }
    nlohmann::ordered_json findings = fuzzHeader(a);
    if (a.shardGiven)
        findings["shard"] = a.shard.text();
    std::uint64_t crashes = 0, faults = 0, lost = 0;
    findings["broken"] = nlohmann::ordered_json::array();
    for (const ScheduleOutcome &o : outcomes) {
        crashes += o.hits.crashes;
        faults += o.hits.faultsStarted;
        lost += o.hits.lostBetweenCommitAndPublish;
        const auto bad = o.broken();
        if (bad.empty())
            continue;
        nlohmann::ordered_json b;
        b["seed"] = o.seed;
        b["checks"] = nlohmann::ordered_json::array();
        for (const CheckResult *c : bad)
            b["checks"].push_back({{"id", c->id}, {"detail", c->detail}});
        b["text"] = fuzzer.describe(o);
        findings["broken"].push_back(std::move(b));
    }
    findings["faults_fired"] = faults;
    findings["crashes"] = crashes;
    findings["lost_between_commit_and_publish"] = lost;
    if (!a.out.empty()) {
        if (std::string why = writeFindings(a.out, findings); !why.empty()) {
            err << "dplab-cli fuzz-faults: " << why << "\n";
            return ExitRuntime;
        }
    }
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (a.shardGiven)
        out << "shard " << a.shard.text() << ": " << seeds.size() << " of the schedules below\n";
    return printFuzzReport(findings, a.show, wall, out);
}

int commandFuzzMerge(const std::vector<std::string> &args, std::ostream &out, std::ostream &err)
{
    std::vector<std::string> dirs;
    std::string outDir;
    int show = 3;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string *v = i + 1 < args.size() ? &args[i + 1] : nullptr;
        std::uint64_t n = 0;
        if (args[i] == "--out" && v && !v->empty()) {
            outDir = *v;
            ++i;
        } else if (args[i] == "--show" && parseCountOption(v, 1000, &n)) {
            show = static_cast<int>(n);
            ++i;
        } else if (!args[i].empty() && args[i][0] == '-') {
            err << "dplab-cli fuzz-merge: bad option " << args[i] << " (see dplab-cli --help)\n";
            return ExitUsage;
        } else {
            dirs.push_back(args[i]);
        }
    }
    if (dirs.empty()) {
        err << "dplab-cli fuzz-merge: give the shards' folders (see dplab-cli --help)\n";
        return ExitUsage;
    }
    nlohmann::ordered_json merged;
    std::vector<bool> seen;
    std::map<std::uint64_t, nlohmann::ordered_json> broken;
    std::uint64_t faults = 0, crashes = 0, lost = 0;
    for (const std::string &dir : dirs) {
        std::ifstream file(dir + "/findings.json");
        nlohmann::ordered_json f = nlohmann::ordered_json::parse(file, nullptr, false);
        if (!file || f.is_discarded() || !f.is_object() || f.value("dplab_fuzz", 0) != 1 ||
            !f.contains("shard") || !f["shard"].is_string()) {
            err << "dplab-cli fuzz-merge: " << dir
                << "/findings.json: missing, or not the findings of a shard (fuzz-faults "
                   "--shard I/N --out DIR)\n";
            return ExitUsage;
        }
        std::string why;
        const auto shard = SweepShard::parse(f["shard"].get<std::string>(), &why);
        if (!shard) {
            err << "dplab-cli fuzz-merge: " << dir << ": shard: " << why << "\n";
            return ExitUsage;
        }
        try {
            for (const auto &b : f.at("broken"))
                broken[b.at("seed").get<std::uint64_t>()] = b;
            faults += f.at("faults_fired").get<std::uint64_t>();
            crashes += f.at("crashes").get<std::uint64_t>();
            lost += f.at("lost_between_commit_and_publish").get<std::uint64_t>();
        } catch (const nlohmann::json::exception &e) {
            err << "dplab-cli fuzz-merge: " << dir << "/findings.json: " << e.what() << "\n";
            return ExitUsage;
        }
        nlohmann::ordered_json header;
        for (const char *key : {"dplab_fuzz", "file", "set", "seed", "schedules", "stop", "settle"})
            header[key] = f[key];
        if (merged.is_null()) {
            merged = header;
            seen.assign(shard->count, false);
        } else if (header != merged || seen.size() != shard->count) {
            err << "dplab-cli fuzz-merge: " << dir << " is a shard of another search than "
                << dirs.front() << "\n";
            return ExitUsage;
        }
        if (seen[shard->index]) {
            err << "dplab-cli fuzz-merge: shard " << shard->text() << " is given twice\n";
            return ExitUsage;
        }
        seen[shard->index] = true;
    }
    for (std::size_t i = 0; i < seen.size(); ++i) {
        if (!seen[i]) {
            err << "dplab-cli fuzz-merge: shard " << i << "/" << seen.size() << " is missing\n";
            return ExitUsage;
        }
    }
    merged["broken"] = nlohmann::ordered_json::array();
    for (auto &[seed, b] : broken)
        merged["broken"].push_back(std::move(b));
    merged["faults_fired"] = faults;
    merged["crashes"] = crashes;
    merged["lost_between_commit_and_publish"] = lost;
    if (!outDir.empty()) {
        if (std::string why = writeFindings(outDir, merged); !why.empty()) {
            err << "dplab-cli fuzz-merge: " << why << "\n";
            return ExitRuntime;
        }
    }
    return printFuzzReport(merged, show, -1, out);
}

} // namespace dplab
