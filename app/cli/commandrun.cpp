#include "app/cli/cli.h"

#include "app/cli/animationfiles.h"
#include "app/cli/chartfiles.h"
#include "app/cli/commandinput.h"
#include "app/cli/defaultwindow.h"
#include "app/cli/evidenceprint.h"
#include "app/cli/evidencewindow.h"
#include "app/cli/spilledtrace.h"
#include "app/export/outputfiles.h"
#include "patterns/eventsourcing/timetravel.h"
#include "patterns/run.h"
#include "simulation/observe/chrometrace.h"
#include "simulation/observe/sequencediagram.h"

#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <unistd.h>

namespace dplab {

namespace {

struct RunArgs
{
    std::string file;
    std::optional<std::uint64_t> seed;
    std::optional<SimTime> until;
    std::string out;
    bool trace = true;
    bool boundedTrace = false; ///< --trace-limit given
    bool quiet = false;
    bool exportCharts = false;
    bool exportMermaid = false;           ///< sequence.mmd
    bool exportChrome = false;            ///< trace.perfetto.json
    std::optional<SequenceWindow> window; ///< --window FROM..TO for sequence.mmd and video
    /// --window evidence[:CHECK]: sequence.mmd centred on a failed check's first chain (the
    /// check's id, or "" for the first failed check with evidence)
    std::optional<std::string> evidenceWindow;
    bool exportVideo = false; ///< animation.mp4 and animation.gif
    AnimationOptions video;   ///< --speed, --size, --fps, --no-caption
    bool videoOptionGiven = false;
    std::size_t maxTrace = 5'000'000;
    std::size_t traceLimit = 0; ///< --trace-limit: stream trace.jsonl, keep the last N in memory
    bool maxTraceGiven = false;
    std::vector<ScenarioOverride> overrides;
    std::optional<AsOf> asOf; ///< --as-of: the event store's state at that point, after the run
    std::string stream;       ///< --stream: one stream for --as-of
};

bool parseUnsigned(const std::string &text, std::uint64_t *value)
{
    if (text.empty() || text.size() > 20)
        return false;
    std::uint64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
        const std::uint64_t d = static_cast<std::uint64_t>(c - '0');
        if (v > (UINT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *value = v;
    return true;
}

/// "2s..2.5s", "2s.." (to the end) or "..500ms" (from 0): a span of virtual time.
std::optional<SequenceWindow> parseWindow(const std::string &text, std::string *why)
{
    const auto dots = text.find("..");
    if (dots == std::string::npos) {
        *why = "expected FROM..TO, such as 2s..2.5s, got \"" + text + "\"";
        return std::nullopt;
    }
    SequenceWindow w;
    const std::string from = text.substr(0, dots), to = text.substr(dots + 2);
    if (!from.empty()) {
        auto t = parseDuration(from, why);
        if (!t)
            return std::nullopt;
        w.from = *t;
    }
    if (!to.empty()) {
        auto t = parseDuration(to, why);
        if (!t)
            return std::nullopt;
        w.to = *t;
    }
    if (w.to < w.from) {
        *why = "the window ends (" + formatDuration(w.to) + ") before it starts (" +
               formatDuration(w.from) + ")";
        return std::nullopt;
    }
    return w;
}

std::string parseArgs(const std::vector<std::string> &args, RunArgs *r)
{
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string &a = args[i];
        auto value = [&](const char *name) -> const std::string * {
            if (i + 1 >= args.size())
                return nullptr;
            (void)name;
            return &args[++i];
        };
        if (a == "--set") {
            if (std::string why = addSetOption(value("--set"), r->overrides); !why.empty())
                return why;
        } else if (a == "--seed") {
            const std::string *v = value("--seed");
            std::uint64_t s = 0;
            if (!v || !parseUnsigned(*v, &s))
                return "--seed needs a non-negative integer";
            r->seed = s;
        } else if (a == "--until") {
            const std::string *v = value("--until");
            std::string why;
            auto t = v ? parseDuration(*v, &why) : std::nullopt;
            if (!t)
                return "--until: " + (v ? why : std::string("needs a duration such as 10s"));
            r->until = *t;
        } else if (a == "--out") {
            const std::string *v = value("--out");
            if (!v || v->empty())
                return "--out needs a folder";
            r->out = *v;
        } else if (a == "--max-trace") {
            const std::string *v = value("--max-trace");
            std::uint64_t n = 0;
            if (!v || !parseUnsigned(*v, &n) || n == 0)
                return "--max-trace needs a positive integer";
            r->maxTrace = static_cast<std::size_t>(n);
            r->maxTraceGiven = true;
        } else if (a == "--trace-limit") {
            const std::string *v = value("--trace-limit");
            std::uint64_t n = 0;
            if (!v || !parseUnsigned(*v, &n) || n > 100'000'000)
                return "--trace-limit needs a number of events from 0 to 100000000";
            r->traceLimit = static_cast<std::size_t>(n);
            r->boundedTrace = true;
        } else if (a == "--as-of") {
            const std::string *v = value("--as-of");
            std::string why;
            r->asOf = v ? AsOf::parse(*v, &why) : std::nullopt;
            if (!r->asOf)
                return "--as-of: " + (v ? why : std::string("needs a time such as 12s or event:N"));
        } else if (a == "--stream") {
            const std::string *v = value("--stream");
            if (!v || v->empty())
                return "--stream needs a stream name such as order-12";
            r->stream = *v;
        } else if (a == "--export") {
            const std::string *v = value("--export");
            if (!v || v->empty())
                return "--export needs what to export: charts, mermaid, chrome, video or all";
            std::stringstream list(*v);
            for (std::string item; std::getline(list, item, ',');) {
                if (item == "charts" || item == "all")
                    r->exportCharts = true;
                if (item == "mermaid" || item == "all")
                    r->exportMermaid = true;
                if (item == "chrome" || item == "all")
                    r->exportChrome = true;
                if (item == "video")
                    r->exportVideo = true;
                if (item != "charts" && item != "mermaid" && item != "chrome" && item != "video" &&
                    item != "all")
                    return "--export: unknown export \"" + item +
                           "\" (known: charts, mermaid, chrome, video, all; a comma list works)";
            }
        } else if (a == "--window" && i + 1 < args.size() &&
                   (args[i + 1] == "evidence" || args[i + 1].rfind("evidence:", 0) == 0)) {
            const std::string &v = args[++i];
            r->evidenceWindow = v.size() > 9 ? v.substr(9) : std::string();
            r->window.reset();
        } else if (a == "--window") {
            const std::string *v = value("--window");
            std::string why;
            r->evidenceWindow.reset();
            r->window = v ? parseWindow(*v, &why) : std::nullopt;
            if (!r->window)
                return "--window: " + (v ? why : std::string("needs FROM..TO, such as 2s..2.5s"));
        } else if (a == "--speed" || a == "--size" || a == "--fps") {
            const std::string *v = value(a.c_str());
            if (std::string why = parseAnimationOption(a, v, &r->video); !why.empty())
                return why;
            r->videoOptionGiven = true;
        } else if (a == "--no-caption") {
            r->video.caption = false;
            r->videoOptionGiven = true;
        } else if (a == "--no-trace") {
            r->trace = false;
        } else if (a == "--quiet" || a == "-q") {
            r->quiet = true;
        } else if (!a.empty() && a[0] == '-') {
            return "unknown option " + a;
        } else if (r->file.empty()) {
            r->file = a;
        } else {
            return "only one scenario file per run";
        }
    }
    if (r->file.empty())
        return "give a scenario file";
    if (!r->stream.empty() && !r->asOf)
        return "--stream goes with --as-of";
    if (r->window && !r->exportMermaid && !r->exportVideo)
        return "--window goes with --export mermaid or --export video";
    if (r->evidenceWindow && (!r->exportMermaid || r->exportVideo))
        return "--window evidence goes with --export mermaid (a video needs --window FROM..TO)";
    if (r->evidenceWindow && r->boundedTrace)
        return "--window evidence needs the whole trace (evidence is found in it): drop "
               "--trace-limit";
    if (r->videoOptionGiven && !r->exportVideo)
        return "--speed, --size, --fps and --no-caption go with --export video";
    if (r->exportVideo && !r->window)
        return "--export video needs --window FROM..TO: the span of virtual time to record, "
               "such as 7.3s..7.5s";
    if (!r->trace && (r->exportMermaid || r->exportChrome))
        return std::string("--export ") + (r->exportMermaid ? "mermaid" : "chrome") +
               " draws the trace, which --no-trace turns off: drop one of them";
    if (r->boundedTrace && !r->trace)
        return "--trace-limit bounds the trace, which --no-trace turns off: drop one of them";
    if (r->boundedTrace && r->maxTraceGiven)
        return "--trace-limit keeps the last events and --max-trace the first: give one of them";
    if (r->out.empty())
        r->out = "out/" + std::filesystem::path(r->file).stem().string();
    return {};
}

std::string fixed(double v, int precision = 2)
{
    std::ostringstream s;
    s << std::fixed << std::setprecision(precision) << v;
    return s.str();
}

/// `out` is the run's output folder (which `dplab-cli explain` reads).
void printSummary(std::ostream &out, const nlohmann::ordered_json &s, const std::string &dir)
{
    out << s["scenario"].get<std::string>() << " (" << s["file"].get<std::string>() << ")\n";
    out << "  seed " << s["seed"] << ", " << s["simulated_s"] << " s simulated in "
        << fixed(s["wall_s"].get<double>(), 3) << " s, " << s["events"] << " events\n";
    if (s.contains("overrides"))
        for (const auto &o : s["overrides"])
            out << "  --set " << o.get<std::string>() << "\n";
    out << "\n";
    out << std::left << std::setw(26) << "operation" << std::right << std::setw(9) << "count"
        << std::setw(8) << "failed" << std::setw(10) << "mean ms" << std::setw(9) << "p50"
        << std::setw(9) << "p95" << std::setw(9) << "p99" << std::setw(10) << "max"
        << "\n";
    for (const auto &[name, op] : s["operations"].items()) {
        const auto &l = op["latency_ms"];
        out << std::left << std::setw(26) << name << std::right << std::setw(9)
            << op["count"].get<std::uint64_t>() << std::setw(8) << op["failed"].get<std::uint64_t>()
            << std::setw(10) << fixed(l["mean"].get<double>(), 3) << std::setw(9)
            << fixed(l["p50"].get<double>()) << std::setw(9) << fixed(l["p95"].get<double>())
            << std::setw(9) << fixed(l["p99"].get<double>()) << std::setw(10)
            << fixed(l["max"].get<double>()) << "\n";
    }
    const auto &b = s["bus"];
    if (b["published"].get<std::uint64_t>() > 0) {
        out << "\nbus: published " << b["published"] << ", delivered " << b["delivered"]
            << ", dropped " << b["dropped"] << ", duplicated " << b["duplicated"]
            << ", redelivered " << b["redelivered"] << ", held " << b["held"] << "\n";
    }
    out << "\n"
        << std::left << std::setw(18) << "service" << std::setw(10) << "role" << std::right
        << std::setw(8) << "workers" << std::setw(7) << "util" << std::setw(11) << "mean queue"
        << std::setw(10) << "max queue" << std::setw(11) << "processed" << std::setw(8) << "crashes"
        << "\n";
    for (const auto &[name, sv] : s["services"].items()) {
        out << std::left << std::setw(18) << name << std::setw(10) << sv["role"].get<std::string>()
            << std::right << std::setw(8) << sv["workers"].get<int>() << std::setw(7)
            << fixed(sv["utilization"].get<double>()) << std::setw(11)
            << fixed(sv["mean_queue"].get<double>()) << std::setw(10)
            << sv["max_queue"].get<std::uint64_t>() << std::setw(11)
            << sv["processed"].get<std::uint64_t>() << std::setw(8)
            << sv["crashes"].get<std::uint64_t>() << "\n";
    }
    if (!s["checks"].empty()) {
        out << "\nchecks:\n";
        for (const auto &c : s["checks"]) {
            const bool ok = c["ok"].get<bool>();
            const bool expected = !ok && c.value("expected_failure", false);
            out << "  "
                << (ok         ? "[ ok ]"
                    : expected ? "[xfail]"
                               : "[FAIL]")
                << " " << c["name"].get<std::string>() << " - " << c["detail"].get<std::string>()
                << (expected ? " (fails, as the scenario expects)" : "") << "\n";
            const auto evidence = c.find("evidence");
            if (ok || evidence == c.end() || !evidence->is_array() || evidence->empty())
                continue;
            // The first chain shows how it happened; explain prints them all.
            printEvidence(out, evidence->front(), "         ", {}, "evidence: ");
            if (evidence->size() > 1)
                out << "           (" << evidence->size() - 1 << " more: dplab-cli explain " << dir
                    << " --check " << c["id"].get<std::string>() << ")\n";
        }
    }
}

} // namespace

int commandRun(const std::vector<std::string> &args, std::ostream &out, std::ostream &err)
{
    RunArgs a;
    if (std::string why = parseArgs(args, &a); !why.empty()) {
        err << "dplab-cli run: " << why << " (see dplab-cli --help)\n";
        return ExitUsage;
    }
    const ScenarioInput input;
    std::optional<Scenario> loaded = loadOrReport(input, a.file, a.overrides, err);
    if (!loaded)
        return ExitUsage;
    Scenario scenario = std::move(*loaded);
    if (a.seed)
        scenario.seed = *a.seed;
    if (a.until && *a.until < scenario.duration)
        scenario.duration = *a.until;
    if (a.exportVideo) {
        AnimationRequest probe;
        probe.from = a.window->from;
        probe.to = a.window->to;
        probe.options = a.video;
        if (std::string why = checkAnimation(probe, scenario.duration); !why.empty()) {
            err << "dplab-cli run: " << why << "\n";
            return ExitUsage;
        }
    }
    if (a.asOf) {
        if (std::string why = TimeTravel::validate(scenario, *a.asOf, a.stream); !why.empty()) {
            err << "dplab-cli run: " << why << "\n";
            return ExitUsage;
        }
    }

    if (std::string why = makeDirectories(a.out); !why.empty()) {
        err << "dplab-cli run: " << why << "\n";
        return ExitRuntime;
    }
    RunOptions options;
    options.recordTrace = a.trace;
    options.maxTraceEvents = a.maxTrace;
    if (a.boundedTrace)
        options.traceLimit = a.traceLimit;
    options.world.databaseDir = a.out;
    // Changesets serve the app's timeline and the evidence of a failed check (which rows a
    // commit changed): kept when the whole trace is (evidence needs both). A bounded run or one
    // without a trace keeps none: on a long run they would be the largest thing in memory.
    // The trace is the same either way.
    options.world.captureChangesets = a.trace && !a.boundedTrace;
    std::unique_ptr<Run> run = buildOrReport(input, scenario, options, err);
    if (!run)
        return ExitUsage;

    // A bounded run writes trace.jsonl as it goes (to a temporary name, renamed at the end
    // like every other output file).
    std::unique_ptr<SpilledTrace> spill;
    if (a.boundedTrace) {
        spill = std::make_unique<SpilledTrace>(a.out + "/trace.jsonl");
        if (std::string why = spill->open(); !why.empty()) {
            err << "dplab-cli run: " << why << "\n";
            return ExitRuntime;
        }
        run->world().addObserver(&spill->stream());
    }

    const bool bar = !a.quiet && ::isatty(STDERR_FILENO);
    int lastPercent = -1;
    try {
        run->runToEnd([&](double fraction) {
            const int percent = static_cast<int>(fraction * 100);
            if (!bar || percent == lastPercent)
                return;
            lastPercent = percent;
            const int filled = percent * 40 / 100;
            err << "\r[" << std::string(static_cast<std::size_t>(filled), '#')
                << std::string(static_cast<std::size_t>(40 - filled), '.') << "] " << std::setw(3)
                << percent << "%  " << formatDuration(run->world().now()) << "   " << std::flush;
        });
    } catch (const std::exception &e) {
        err << (bar ? "\n" : "") << a.file << ": run failed: " << e.what() << "\n";
        return ExitRuntime;
    }
    if (bar)
        err << "\r" << std::string(70, ' ') << "\r";
    if (spill) {
        run->world().removeObserver(&spill->stream());
        if (std::string why = spill->finish(); !why.empty()) {
            err << "dplab-cli run: " << why << "\n";
            return ExitRuntime;
        }
    }
    // The exports draw from memory: the whole trace, or what a bounded run kept of it.
    const TraceLog kept = run->traceRing() ? run->traceRing()->kept() : TraceLog();
    const TraceLog &events = run->trace() ? run->trace()->events() : kept;
    if (const TraceRing *ring = run->traceRing(); ring && ring->dropped() > 0) {
        const SimTime keptFrom = ring->size() ? kept[0].time : run->world().now();
        std::string needs;
        if (a.exportChrome)
            needs = "--export chrome draws the whole trace";
        else if (a.exportMermaid && (!a.window || a.window->from < keptFrom))
            needs =
                "--export mermaid" +
                std::string(a.window ? " needs the events from " + formatDuration(a.window->from)
                                     : std::string(" without --window draws the whole trace"));
        if (!needs.empty()) {
            err << "dplab-cli run: " << needs << ", but --trace-limit " << a.traceLimit
                << " kept only the last " << ring->size() << " events (from "
                << formatDuration(keptFrom) << "); raise --trace-limit"
                << (a.exportMermaid ? ", or draw a later --window" : "")
                << " (trace.jsonl on disk has them all)\n";
            return ExitUsage;
        }
    }

    const nlohmann::ordered_json summary = run->summary();
    const World &world = run->world();
    std::string why = writeFileAtomically(a.out + "/summary.json",
                                          [&](std::ostream &o) { o << summary.dump(2) << "\n"; });
    if (why.empty())
        why = writeFileAtomically(a.out + "/metrics.csv",
                                  [&](std::ostream &o) { run->metrics().writeCsv(o); });
    if (why.empty() && run->trace() && !spill)
        why = writeFileAtomically(a.out + "/trace.jsonl", [&](std::ostream &o) {
            writeTraceJsonl(o, run->trace()->events(), world.names());
        });
    nlohmann::ordered_json asOf;
    if (why.empty() && a.asOf) {
        asOf = TimeTravel::report(world, *a.asOf, a.stream);
        why = writeFileAtomically(a.out + "/as-of.json",
                                  [&](std::ostream &o) { o << asOf.dump(2) << "\n"; });
    }
    std::vector<std::string> charts;
    if (why.empty() && a.exportCharts)
        why = writeChartFiles(*run, a.out, &charts);
    std::string videoEncoder;
    if (why.empty() && a.exportVideo) {
        AnimationRequest request;
        request.file = a.file;
        request.overrides = a.overrides;
        request.seed = a.seed;
        request.until = a.until;
        request.from = a.window->from;
        request.to = a.window->to;
        request.options = a.video;
        why = writeAnimationFiles(request, a.out, bar ? &err : nullptr, &videoEncoder);
    }
    if (why.empty() && a.exportMermaid)
        why = writeFileAtomically(a.out + "/sequence.mmd", [&](std::ostream &o) {
            if (a.window) {
                o << mermaidSequence(events, world.names(), *a.window);
                return;
            }
            // No --window: around the first failure or fault, and a note says so (after the
            // first two lines: "sequenceDiagram" and the window's own comment). --window
            // evidence: on a failed check's first chain, or that window when there is none.
            DefaultSequenceWindow d;
            SequenceHighlights highlights;
            if (a.evidenceWindow) {
                EvidenceSequenceWindow e =
                    evidenceSequenceWindow(summary, events, *a.evidenceWindow);
                d = e.window ? DefaultSequenceWindow{*e.window, e.note}
                             : defaultSequenceWindow(events, world.names());
                if (!e.window)
                    d.note = e.note + "\n" + d.note;
                highlights = std::move(e.highlights);
            } else {
                d = defaultSequenceWindow(events, world.names());
            }
            std::string text = mermaidSequence(events, world.names(), d.window, highlights);
            const auto second = text.find('\n', text.find('\n') + 1);
            text.insert(second == std::string::npos ? text.size() : second + 1, d.note + "\n");
            o << text;
        });
    if (why.empty() && a.exportChrome)
        why = writeFileAtomically(a.out + "/trace.perfetto.json", [&](std::ostream &o) {
            writeChromeTrace(
                o, events, world.names(),
                {{"scenario", summary["scenario"]}, {"seed", summary["seed"]}, {"file", a.file}});
        });
    if (!why.empty()) {
        err << "dplab-cli run: " << why << "\n";
        return ExitRuntime;
    }
    if (a.asOf)
        out << TimeTravel::text(asOf) << (a.quiet ? "" : "\n");
    if (!a.quiet) {
        printSummary(out, summary, a.out);
        out << "\nwrote " << a.out << "/summary.json, metrics.csv"
            << (run->trace() || spill ? ", trace.jsonl" : "") << (a.asOf ? ", as-of.json" : "")
            << (a.exportMermaid ? ", sequence.mmd" : "")
            << (a.exportChrome ? ", trace.perfetto.json" : "")
            << (a.exportVideo ? ", animation.mp4 (" + videoEncoder + "), animation.gif" : "")
            << "\n";
        if (a.exportCharts) {
            out << "charts (png, svg, csv):";
            for (std::size_t i = 0; i < charts.size(); i += 3)
                out << " " << std::filesystem::path(charts[i]).stem().string();
            out << "\n";
        }
        if (spill)
            out << "trace: " << spill->stream().lines() << " events streamed to trace.jsonl ("
                << spill->stream().bytes() << " bytes); memory kept the last "
                << run->traceRing()->size() << " (--trace-limit, "
                << run->traceRing()->memoryBytes() / 1024 << " KiB); the databases hold "
                << Database::memoryUsed() / 1024 << " KiB (peak " << Database::memoryPeak() / 1024
                << " KiB)\n";
        if (run->trace() && run->trace()->overflow())
            out << "note: the trace kept the first " << run->trace()->events().size() << " events; "
                << run->trace()->overflow() << " more were not kept (--max-trace)\n";
        if (const std::size_t n = scenario.expect.size(); n > 0 && !run->expectationsEvaluated())
            out << "note: --set changed the scenario; its " << n << " expect check"
                << (n == 1 ? " was" : "s were") << " not evaluated\n";
    }
    for (const auto &c : summary["checks"])
        if (!c["ok"].get<bool>() && !c.value("expected_failure", false))
            return ExitChecksFailed;
    return ExitOk;
}

} // namespace dplab
