#include "app/cli/cli.h"

#include "app/cli/commandinput.h"
#include "patterns/faultfuzz/schedulefuzzer.h"

#include <chrono>
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
};

bool parseCount(const std::string *text, std::uint64_t max, std::uint64_t *value)
{
    if (!text || text->empty() || text->size() > 19)
        return false;
    std::uint64_t v = 0;
    for (char c : *text) {
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (v > max)
        return false;
    *value = v;
    return true;
}

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
            if (!parseCount(v, 1'000'000, &f->schedules) || f->schedules == 0)
                return "--schedules needs a count from 1 to 1000000";
            ++i;
        } else if (a == "--seed") {
            if (!parseCount(v, UINT64_MAX / 2, &f->seed))
                return "--seed needs a non-negative integer";
            ++i;
        } else if (a == "--show") {
            std::uint64_t n = 0;
            if (!parseCount(v, 1000, &n))
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
    std::map<std::string, std::uint64_t> brokenBy;
    std::uint64_t broken = 0, crashes = 0, faults = 0, lost = 0;
    int shown = 0;
    for (std::uint64_t i = 0; i < a.schedules; ++i) {
        ScheduleOutcome o;
        try {
            o = fuzzer.run(a.seed + i);
        } catch (const std::exception &e) {
            err << a.file << ": " << e.what() << "\n";
            return ExitRuntime;
        }
        crashes += o.hits.crashes;
        faults += o.hits.faultsStarted;
        lost += o.hits.lostBetweenCommitAndPublish;
        const auto bad = o.broken();
        if (bad.empty())
            continue;
        ++broken;
        for (const CheckResult *c : bad)
            ++brokenBy[c->id];
        if (shown++ < a.show)
            out << fuzzer.describe(o) << "\n\n";
    }
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    out << a.schedules << " schedules (seeds " << a.seed << ".." << a.seed + a.schedules - 1
        << ") on " << a.file << ": workload and faults until " << formatDuration(a.stop)
        << ", then " << formatDuration(a.settle) << " to quiesce; " << faults << " faults fired, "
        << crashes << " crashes";
    if (lost)
        out << ", " << lost << " events lost between commit and publish";
    out << "; " << wall << " s\n";
    if (broken == 0) {
        out << "every invariant held after quiescence in every schedule\n";
        return ExitOk;
    }
    out << broken << " schedules broke an invariant:\n";
    for (const auto &[id, n] : brokenBy)
        out << "  " << id << ": " << n << "\n";
    return ExitChecksFailed;
}

} // namespace dplab
