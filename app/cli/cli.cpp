#include "app/cli/cli.h"

#include "simulation/scenario/overrides.h"

#include <iostream>

namespace dplab {

namespace {

const char *kUsage = R"(dplab-cli - Data Patterns Lab, headless

Usage:
  dplab-cli validate FILE... [--set PATH=VALUE]...
      Check scenario files (with the --set changes applied to each). Exit 0 when all
      are valid, 1 with every error otherwise.

  dplab-cli run FILE [--set PATH=VALUE]... [--seed N] [--until DURATION] [--out DIR]
                     [--no-trace] [--max-trace N | --trace-limit N] [--export LIST [--window FROM..TO]]
                     [--speed X] [--size WxH] [--fps N] [--no-caption]
                     [--quiet] [--as-of WHEN [--stream order-N]]
      Run a scenario and write summary.json, metrics.csv and trace.jsonl into DIR
      (default: out/<file name without .json>). Prints a readable summary.
        --set PATH=VALUE  change the scenario before it is validated, e.g.
                          --set patterns.outbox=false   --set services[1].workers=4
                          --set duration=30s   --set 'patterns.outbox={"poll": "20ms"}'
                          PATH is dotted keys with optional [index]; missing keys are
                          added. VALUE is JSON, or else a string. Repeatable, applied in
                          order. The scenario's expect entries are then not evaluated.
        --seed N          override the scenario's seed
        --until DURATION  stop early, e.g. 10s (default: the scenario's duration)
        --out DIR         output folder (created if missing)
        --no-trace        do not record or write the trace
        --max-trace N     keep at most N trace events in memory (default 5000000)
        --trace-limit N   a bounded trace for long runs: write trace.jsonl while the
                          run goes (the same bytes) and keep only the last N events
                          in memory (0: none); mermaid and chrome draw from those and
                          refuse when they need events no longer kept
        --export LIST     also write these exports into DIR (a comma list, e.g.
                          --export mermaid,chrome):
                            charts   every chart of the run that has data (consistency
                                     lag, latency, throughput, bus, queues, sagas...) as
                                     <chart>.png (1280x720), <chart>.svg and <chart>.csv
                                     (its series, one row per sample), faults shaded.
                                     Needs no display (drawn offscreen).
                            mermaid  sequence.mmd: a Mermaid sequence diagram of the
                                     messages (at most 200 arrows; see --window)
                            chrome   trace.perfetto.json: the trace in the Trace Event
                                     Format, for Perfetto (ui.perfetto.dev), Chrome
                                     DevTools or speedscope: processing per worker,
                                     messages as arrows, losses, crashes and faults as
                                     marks (not *.chrome.json, which speedscope takes
                                     for a CPU profile and refuses)
                            video    animation.mp4 (H.264, plays in browsers)
                                     and animation.gif (one palette, loops): the
                                     canvas over the --window, frame k at exactly
                                     FROM + k*speed/fps of virtual time, with the
                                     lesson's caption; offscreen, the same bytes
                                     every run. Needs --window; see --speed, --size
                            all      charts, mermaid and chrome (not video)
                          mermaid and chrome need the trace (not with --no-trace).
        --window FROM..TO the span of virtual time sequence.mmd shows, e.g. 2s..2.5s,
                          2s.. (to the end); default: from 50 messages before the
                          run's first failure or fault (from 0 without one; a %%
                          comment in the file says which). Either way at most
                          200 arrows; a note says how many more were left out.
                          With --export video: the span recorded, e.g. 7.3s..7.5s
                          (required; 7.3s.. records to the end)
        --window evidence[:CHECK]
                          sequence.mmd centred on the first evidence chain of the
                          first failed check (or of CHECK, e.g.
                          evidence:saga.none_stuck): from its first event to its
                          last with a little context, its steps and their messages
                          in highlighted rects with a note each
        --speed X         video: virtual seconds per second of video (default 0.1;
                          0.05 makes 0.2 s last 4 s)
        --size WxH        video: frame size in even pixels (default 1280x720)
        --fps N           video: frames per second, 1 to 100 (default 25)
        --no-caption      video: no caption bar under the canvas
        --quiet           print nothing but errors (and the --as-of report)
        --as-of WHEN      after the run, time travel in the event store (needs
                          patterns.event_sourcing): print the state of every order
                          stream as it was at WHEN, and write it to DIR/as-of.json.
                          WHEN is a time such as 12s, event:N (global position N),
                          version:N (with --stream) or end
        --stream order-N  with --as-of: only this order, with the events that made
                          its state (and the later ones, marked)
      Exit 0 when every check and expectation holds (a check the scenario expects to
      fail may fail), 1 when one fails, 2 for a bad file or arguments, 3 for an I/O or
      database failure.

  dplab-cli compare FILE [--set PATH=VALUE]... [--a-set PATH=VALUE]... [--seed N]
                         [--until DURATION] [--out DIR] [--no-charts] [--quiet]
      Run two variants of one scenario and compare them. A is the file as it is, B the
      file with the --set changes, e.g.
        dplab-cli compare scenarios/outbox-vs-dual-write.json --set patterns.outbox=true
      Both come from the same file, so they share the seed, the workload and the fault
      schedule: what differs is what the changes cause.
        --set PATH=VALUE    a change for B (--b-set is the same); repeatable
        --a-set PATH=VALUE  a change for A as well, e.g. to compare two settings of which
                            neither is the file's
        --seed N, --until DURATION  for both variants, as with run
        --out DIR           output folder (default: out/<file name>-compare)
        --no-charts         skip the charts
      Writes into DIR: report.md (the changes, a "what changed" list, the figures of A
      and B side by side per section with the notable differences in bold, the charts),
      summary-a.json, summary-b.json, and every chart that has data with A's lines solid
      and B's dashed: <chart>-a-vs-b.png (and .svg, .csv). Notable: a check that flips, a
      figure only one variant has or that leaves or reaches 0, or one that moves by more
      than 10%. The scenario's expect entries are left out of the comparison (they
      judge the file as written). Exit 0 when both
      variants ran (failing checks are what a comparison shows), 2 for a bad file or
      arguments, 3 for an I/O failure.

  dplab-cli fuzz-faults FILE [--schedules N] [--seed S] [--stop T] [--settle T]
                         [--set PATH=VALUE]... [--show N] [--jobs N] [--shard I/N] [--out DIR]
      Run the scenario under N seeded random fault schedules (seeds S..S+N-1; default
      100 from 1): crashes (also right after a commit, a publish or a prepare),
      partitions, drops, duplicates, reordering, latency, the bus down. The workload
      stops at T (--stop, default 2s), every fault starts and ends before it, and the
      run goes on --settle (default 4s) so that retries and relays finish; then every
      invariant check must hold, except those the file expects to fail. Prints the
      first --show (default 3) broken schedules with a command that replays each, and
      a summary. Exit 0 when all held, 1 when one broke, 2 for bad arguments.
        dplab-cli fuzz-faults scenarios/saga-orchestration.json --schedules 500
        --jobs N      threads (default: every core); the report is the same for any N
        --shard I/N   run only schedule i (seed S+i) with i mod N == I (I from 0)
        --out DIR     write DIR/findings.json (every broken schedule, the totals)

  dplab-cli fuzz-merge DIR... [--out DIR] [--show N]
      Merge the findings.json of the shards of one fuzz-faults search (all N of them)
      into the report and findings.json one process would have written. Exit as
      fuzz-faults: 0 when all held, 1 when one broke, 2 for bad or missing shards.

  dplab-cli sweep FILE --vary PATH=VALUES... --metric NAME... [--seeds K] [--jobs N]
                       [--set PATH=VALUE]... [--shard I/N] [--out DIR] [--no-charts] [--quiet]
      A parameter study: run the scenario at every point of the cartesian product of the
      --vary values, K times each (seeds: the scenario's seed, then +1, +2...), on N
      threads in one process (default: every core), and write into DIR (default
      out/<file name>-sweep): runs.csv (a row per run: the values, the seed, each
      metric), points.csv (per point and metric: n, mean, sd, the 95% confidence
      interval, Student t), a chart per metric against the first --vary with one line
      per value of the others and the 95% bands (png, svg, csv), report.md, sweep.json.
      The same files whatever N.
        --vary PATH=V1,V2,...   values as --set takes them (JSON, or else a string)
        --vary PATH=A..B:STEP   a range: 0.1..0.9:0.1, 10ms..100ms:10ms
        --metric NAME   a number of summary.json, named as "expect" entries name it,
                        e.g. operations.place_order.latency_ms.p99 (repeatable)
        --shard I/N     run only run r with r mod N == I (I from 0; runs are numbered
                        point by point, seed by seed) and write sweep.json and runs.csv
        dplab-cli sweep scenarios/hockey-stick.json --vary 'workload[3].rate=50..95:5' \
            --seeds 5 --metric operations.request:s90.latency_ms.mean --jobs 2

  dplab-cli sweep-merge DIR... --out DIR [--no-charts] [--quiet]
      Merge the shards of one study (every I of N) into the files of an unsharded run,
      byte for byte.

  dplab-cli bench [--json] [--quick] [--kernel-only | --sqlite-only | --timeline |
                  --flights] [--events N] [--checkpoint-every K]
      Measure the kernel and the SQLite path against references run in the same
      process, and the timeline (seek anywhere, step back, memory per event over a
      run of N trace events, 10^6 by default) against simulating again from t = 0;
      print figures and ratios. --quick does a tenth of the work; --kernel-only,
      --sqlite-only and --timeline measure one part alone. --checkpoint-every sets
      the timeline's checkpoint interval in commits (default 4096, 0 = none).
      --flights times the message flights read from a trace of N events instead:
      one pass, the update per frame while playing, in the air after a seek.

  dplab-cli explain FILE [--check ID] [--entity KEY]
      Why did a check fail? Print the evidence of every failed check of a run: for a few
      example entities, the anomaly's class (lost event, phantom event, duplicate effect,
      divergent copy...), the chain of trace events that proves it in causal order (time,
      event id, what it shows), the database rows as they were, and an explanation.
      FILE is a run's summary.json or the folder dplab-cli run wrote; with trace.jsonl
      beside it each step also shows the trace's own summary of the event.
        --check ID      only this check's chains (e.g. cqrs.read_model_matches)
        --entity KEY    only the chains about this entity ("order 323", or just 323)
      Evidence needs the run's whole trace: a run with --no-trace or --trace-limit has
      none. Exit 0, or 2 for a missing or unreadable file, bad JSON, or a --check or
      --entity that names no chain (the message lists those that exist).
        dplab-cli run scenarios/outbox-vs-dual-write.json --out out/dual
        dplab-cli explain out/dual --check cqrs.read_model_matches

  dplab-cli fingerprint FILE...
      Run each scenario as run does and print a table of its fingerprints: the number
      of trace events and the 64-bit FNV-1a hashes of trace.jsonl, summary.json
      (without "file" and "wall_s") and metrics.csv. The test "fingerprints" compares
      every lesson's with tests/data/fingerprints.txt; when a change is meant to alter
      runs, regenerate that table from the source folder (and say so in the commit):
        dplab-cli fingerprint scenarios/*.json tests/data/fingerprint/*.json \
            > tests/data/fingerprints.txt
      A file named schema.json is skipped. Exit 0, or 2 (and no table) when a file
      cannot be loaded or run.

  dplab-cli --help | --version

Examples:
  dplab-cli validate my-shop.json
  dplab-cli run /usr/share/dplab/scenarios/queue-lab.json --out /tmp/queue-lab
  dplab-cli run cqrs-lag.json --set patterns.cqrs=false --export charts --out out/no-cqrs
  dplab-cli run event-sourcing.json --as-of 12s --stream order-7
  dplab-cli compare outbox-vs-dual-write.json --set patterns.outbox=true
  dplab-cli explain out/outbox-vs-dual-write --entity 323
  dplab-cli bench --quick

The lessons are installed in share/dplab/scenarios (e.g. /usr/share/dplab/scenarios),
with README.md, which describes every key of the scenario format.
)";

} // namespace

bool parseCountOption(const std::string *text, std::uint64_t max, std::uint64_t *value)
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

std::string addSetOption(const std::string *value, std::vector<ScenarioOverride> &overrides)
{
    if (!value)
        return "--set needs PATH=VALUE, such as --set patterns.outbox=false";
    std::string why;
    auto o = ScenarioOverride::parse(*value, &why);
    if (!o)
        return "--set: " + why;
    overrides.push_back(std::move(*o));
    return {};
}

int runCli(const std::vector<std::string> &args, std::ostream &out, std::ostream &err)
{
    if (args.empty()) {
        err << kUsage;
        return ExitUsage;
    }
    const std::string &cmd = args[0];
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
        out << kUsage;
        return ExitOk;
    }
    if (cmd == "--version") {
        out << "dplab-cli " DPLAB_VERSION "\n";
        return ExitOk;
    }
    for (const auto &a : rest) {
        if (a == "--help" || a == "-h") {
            out << kUsage;
            return ExitOk;
        }
    }
    if (cmd == "validate")
        return commandValidate(rest, out, err);
    if (cmd == "run")
        return commandRun(rest, out, err);
    if (cmd == "compare")
        return commandCompare(rest, out, err);
    if (cmd == "bench")
        return commandBench(rest, out, err);
    if (cmd == "fuzz-faults")
        return commandFuzzFaults(rest, out, err);
    if (cmd == "sweep")
        return commandSweep(rest, out, err);
    if (cmd == "sweep-merge")
        return commandSweepMerge(rest, out, err);
    if (cmd == "fuzz-merge")
        return commandFuzzMerge(rest, out, err);
    if (cmd == "explain")
        return commandExplain(rest, out, err);
    if (cmd == "fingerprint")
        return commandFingerprint(rest, out, err);
    err << "dplab-cli: unknown command \"" << cmd << "\"\n\n" << kUsage;
    return ExitUsage;
}

int runCli(int argc, char **argv)
{
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i)
        args.emplace_back(argv[i]);
    return runCli(args, std::cout, std::cerr);
}

} // namespace dplab
