#include "app/cli/cli.h"

#include "app/cli/commandinput.h"
#include "app/cli/comparecharts.h"
#include "app/cli/comparereport.h"
#include "app/export/outputfiles.h"
#include "patterns/comparison.h"
#include "patterns/run.h"
#include "simulation/scenario/overrides.h"

#include <algorithm>
#include <filesystem>
#include <ostream>

namespace dplab {

namespace {

struct CompareArgs
{
    std::string file;
    std::vector<ScenarioOverride> overridesA;
    std::vector<ScenarioOverride> overridesB;
    std::optional<std::uint64_t> seed;
    std::optional<SimTime> until;
    std::string out;
    bool charts = true;
    bool quiet = false;
};

std::string parseCompareArgs(const std::vector<std::string> &args, CompareArgs *c)
{
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string &a = args[i];
        const std::string *next = i + 1 < args.size() ? &args[i + 1] : nullptr;
        if (a == "--set" || a == "--b-set" || a == "--a-set") {
            auto &overrides = a == "--a-set" ? c->overridesA : c->overridesB;
            if (std::string why = addSetOption(next, overrides); !why.empty())
                return a == "--set" ? why : a + why.substr(5);
            ++i;
        } else if (a == "--seed") {
            std::uint64_t s = 0;
            bool ok = next && !next->empty() && next->size() <= 19;
            for (std::size_t k = 0; ok && k < next->size(); ++k) {
                ok = (*next)[k] >= '0' && (*next)[k] <= '9';
                s = s * 10 + static_cast<std::uint64_t>((*next)[k] - '0');
            }
            if (!ok)
                return "--seed needs a non-negative integer";
            c->seed = s;
            ++i;
        } else if (a == "--until") {
            std::string why;
            auto t = next ? parseDuration(*next, &why) : std::nullopt;
            if (!t)
                return "--until: " + (next ? why : std::string("needs a duration such as 10s"));
            c->until = *t;
            ++i;
        } else if (a == "--out") {
            if (!next || next->empty())
                return "--out needs a folder";
            c->out = *next;
            ++i;
        } else if (a == "--no-charts") {
            c->charts = false;
        } else if (a == "--quiet" || a == "-q") {
            c->quiet = true;
        } else if (!a.empty() && a[0] == '-') {
            return "unknown option " + a;
        } else if (c->file.empty()) {
            c->file = a;
        } else {
            return "compare takes one scenario file (B is the same file with --set changes)";
        }
    }
    if (c->file.empty())
        return "give a scenario file";
    if (c->out.empty())
        c->out = "out/" + std::filesystem::path(c->file).stem().string() + "-compare";
    return {};
}

std::vector<std::string> texts(const std::vector<ScenarioOverride> &overrides)
{
    std::vector<std::string> out;
    for (const auto &o : overrides)
        out.push_back(o.text());
    return out;
}

/// Loads, builds and runs one variant; returns nullptr after writing why to err.
std::unique_ptr<Run> runVariant(const CompareArgs &c, const char *variant,
                                const std::vector<ScenarioOverride> &overrides, int *code,
                                std::ostream &err)
{
    const ScenarioInput input;
    const std::string prefix = std::string("variant ") + variant + ": ";
    std::optional<Scenario> loaded = loadOrReport(input, c.file, overrides, err, prefix);
    if (!loaded) {
        *code = ExitUsage;
        return nullptr;
    }
    Scenario scenario = std::move(*loaded);
    if (c.seed)
        scenario.seed = *c.seed;
    if (c.until && *c.until < scenario.duration)
        scenario.duration = *c.until;
    RunOptions options;
    // The charts' fault bands come from the fault manager; no figure needs the trace.
    options.recordTrace = false;
    const bool fileDatabases =
        std::any_of(scenario.services.begin(), scenario.services.end(), [](const ServiceSpec &s) {
            return !s.database.empty() && s.database != ":memory:";
        });
    if (fileDatabases) {
        // A and B must not share database files.
        options.world.databaseDir = c.out + "/db-" + (variant[0] == 'A' ? "a" : "b");
        if (std::string why = makeDirectories(options.world.databaseDir); !why.empty()) {
            err << "dplab-cli compare: " << why << "\n";
            *code = ExitRuntime;
            return nullptr;
        }
    }
    std::unique_ptr<Run> run = buildOrReport(input, scenario, options, err, prefix);
    if (!run) {
        *code = ExitUsage;
        return nullptr;
    }
    try {
        run->runToEnd();
    } catch (const std::exception &e) {
        err << "variant " << variant << ": " << c.file << ": run failed: " << e.what() << "\n";
        *code = ExitRuntime;
        return nullptr;
    }
    return run;
}

} // namespace

int commandCompare(const std::vector<std::string> &args, std::ostream &out, std::ostream &err)
{
    CompareArgs c;
    if (std::string why = parseCompareArgs(args, &c); !why.empty()) {
        err << "dplab-cli compare: " << why << " (see dplab-cli --help)\n";
        return ExitUsage;
    }
    if (std::string why = makeDirectories(c.out); !why.empty()) {
        err << "dplab-cli compare: " << why << "\n";
        return ExitRuntime;
    }
    int code = ExitOk;
    const std::unique_ptr<Run> a = runVariant(c, "A", c.overridesA, &code, err);
    if (!a)
        return code;
    const std::unique_ptr<Run> b = runVariant(c, "B", c.overridesB, &code, err);
    if (!b)
        return code;

    nlohmann::ordered_json summaryA = a->summary(), summaryB = b->summary();
    const std::vector<ComparisonRow> rows = compareSummaries(summaryA, summaryB);
    ComparisonReportInfo info;
    info.scenario = summaryA["scenario"].get<std::string>();
    info.file = c.file;
    info.seedA = summaryA["seed"].dump();
    info.seedB = summaryB["seed"].dump();
    info.overridesA = texts(c.overridesA);
    info.overridesB = texts(c.overridesB);

    std::string why = writeFileAtomically(c.out + "/summary-a.json",
                                          [&](std::ostream &o) { o << summaryA.dump(2) << "\n"; });
    if (why.empty())
        why = writeFileAtomically(c.out + "/summary-b.json",
                                  [&](std::ostream &o) { o << summaryB.dump(2) << "\n"; });
    if (why.empty() && c.charts)
        why = writeComparisonCharts(*a, *b, c.out, &info.charts);
    if (why.empty())
        why = writeFileAtomically(c.out + "/report.md",
                                  [&](std::ostream &o) { o << comparisonMarkdown(info, rows); });
    if (!why.empty()) {
        err << "dplab-cli compare: " << why << "\n";
        return ExitRuntime;
    }
    if (c.quiet)
        return ExitOk;

    out << "A/B comparison: " << info.scenario << " (" << c.file << "), seed " << info.seedA
        << (info.seedB != info.seedA ? " (B: " + info.seedB + ")" : std::string()) << "\n";
    for (const auto &[name, overrides] :
         {std::pair{"A", &info.overridesA}, std::pair{"B", &info.overridesB}}) {
        out << "  " << name << ": ";
        if (overrides->empty())
            out << "the file as it is";
        for (std::size_t i = 0; i < overrides->size(); ++i)
            out << (i ? " " : "") << "--set " << (*overrides)[i];
        out << "\n";
    }
    const auto notable = notableRows(rows);
    std::size_t differing = 0;
    for (const ComparisonRow &r : rows)
        differing += !r.equal();
    out << "\n"
        << rows.size() << " figures compared, " << differing << " differ, " << notable.size()
        << " notably";
    out << (notable.empty() ? ".\n" : ":\n");
    constexpr std::size_t kShown = 12;
    for (std::size_t i = 0; i < notable.size() && i < kShown; ++i) {
        const ComparisonRow &r = *notable[i];
        out << "  " << (r.section == "Checks" ? "check " + r.label : r.key) << ": "
            << (r.a.present ? r.a.text : "-") << " -> " << (r.b.present ? r.b.text : "-");
        if (r.relative)
            out << r.change.substr(r.change.find(' '));
        out << "\n";
    }
    if (notable.size() > kShown)
        out << "  ... and " << notable.size() - kShown << " more in the report\n";
    out << "\nwrote " << c.out << "/report.md, summary-a.json, summary-b.json";
    if (c.charts)
        out << " and " << info.charts.size() << " chart" << (info.charts.size() == 1 ? "" : "s");
    out << "\n";
    return ExitOk;
}

} // namespace dplab
