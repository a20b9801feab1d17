#pragma once

#include "simulation/kernel/distribution.h"
#include "simulation/kernel/simtime.h"
#include "simulation/scenario/patternswitches.h"
#include "simulation/scenario/sourcepos.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dplab {

/** How request keys are drawn: uniform over 1..n or Zipf(s) hot keys. */
struct KeySpec
{
    enum class Kind { Uniform, Zipf };
    Kind kind = Kind::Uniform;
    std::int64_t n = 1000;
    double s = 1.0;
};

/** One entry of "services". */
struct ServiceSpec
{
    enum class Fanout { Parallel, Sequential };

    std::string name;
    std::string role = "generic";
    int workers = 1;
    Distribution processing = Distribution::constant(kMillisecond);
    double failureRate = 0.0;
    std::vector<std::string> calls; ///< generic role: services called per request
    Fanout fanout = Fanout::Parallel;
    std::string publishes;               ///< generic role: topic published after each request
    std::vector<std::string> subscribes; ///< generic role: topics consumed
    std::string database = ":memory:";   ///< or a file name relative to the run directory
    SourcePos pos;
};

/** Per-link overrides of the network defaults. */
struct LinkSpec
{
    std::string from;
    std::string to;
    std::optional<Distribution> latency;
    std::optional<double> drop;
    SourcePos pos;
};

/** "network": request/response calls between services. */
struct NetworkSpec
{
    Distribution latency = Distribution::constant(kMillisecond);
    double drop = 0.0;
    SimTime timeout = kSecond; ///< per attempt, service-to-service
    int retries = 0;
    std::vector<LinkSpec> links;
};

/** "bus": publish/subscribe message bus. */
struct BusSpec
{
    enum class Delivery { AtMostOnce, AtLeastOnce };
    enum class Ordering { PerKey, None };
    enum class WhenDown { Hold, Lose };

    Distribution latency = Distribution::constant(kMillisecond);
    double drop = 0.0;
    double duplicate = 0.0;
    double reorder = 0.0;
    Distribution reorderDelay = Distribution::exponential(50 * kMillisecond);
    Delivery delivery = Delivery::AtLeastOnce;
    SimTime redeliveryAfter = 500 * kMillisecond;
    Ordering ordering = Ordering::PerKey;
    WhenDown whenDown = WhenDown::Hold;
};

/** "domain": size of the shop's seed data (used by the shop roles). */
struct DomainSpec
{
    int customers = 1000;
    int products = 200;
    int stock = 100;
};

/** One entry of "workload": an open-loop stream of client operations. */
struct WorkloadSpec
{
    enum class Arrival { Poisson, Constant };

    std::string operation; ///< "request" (generic), "publish", or a shop operation
    double rate = 1.0;     ///< per second of virtual time
    Arrival arrival = Arrival::Poisson;
    KeySpec keys;
    std::string target; ///< service name for "request"
    std::string topic;  ///< topic for "publish"
    SimTime start = 0;
    std::optional<SimTime> stop;    ///< default: the scenario's duration
    SimTime timeout = 10 * kSecond; ///< client-side, per request
    SourcePos pos;
};

/** One entry of "faults", scheduled or injected live. */
struct FaultSpec
{
    enum class Kind {
        Partition,
        Crash,
        BusDown,
        Latency,
        Drop,
        Duplicate,
        Reorder,
        CrashAfterCommit,
        SchemaChange,
        CrashAfterPublish,
        Rebuild,
        CrashAfterPrepare
    };

    Kind kind = Kind::Crash;
    SimTime at = 0;
    std::optional<SimTime> duration;               ///< "for"; absent = until the end of the run
    std::vector<std::vector<std::string>> between; ///< partition groups; "bus" may be a member
    std::string service; ///< crash, crash-after-commit/-publish/-prepare, schema-change, rebuild
    std::string target;  ///< "a->b", "bus" or "topic:NAME"
    std::optional<Distribution> latency; ///< latency fault
    double probability = 1.0; ///< drop, duplicate, reorder, crash-after-commit/-publish/-prepare
    SimTime restartAfter =
        kSecond;          ///< crash-after-commit/-publish/-prepare: downtime after each crash
    std::string table;    ///< schema-change
    std::string column;   ///< schema-change: old name
    std::string renameTo; ///< schema-change: new name
    SourcePos pos;
};

/**
 * A change made by hand while a run was going (the GUI's fault palette), kept so that the run
 * replays identically: it is applied after exactly `step` kernel events, at time `at`.
 */
struct InterventionSpec
{
    enum class Kind { InjectFault, EndFault };
    Kind kind = Kind::InjectFault;
    std::uint64_t step = 0;    ///< kernel events run before it
    SimTime at = 0;            ///< the clock when it was made (InjectFault: fault.at)
    FaultSpec fault;           ///< InjectFault
    std::uint64_t faultId = 0; ///< EndFault: the fault's id (faults count from 1, file first)
    std::uint64_t traceId = 0; ///< its Intervention trace event, once applied (not in files)
    SourcePos pos;
};

/** A named moment of a run (a trace position), kept in run files. */
struct BookmarkSpec
{
    std::uint64_t event = 0;
    std::string name;
};

/** The "run" section of a run file (a scenario saved with what happened to it in the app). */
struct RunSpec
{
    std::vector<InterventionSpec> interventions;
    std::optional<std::uint64_t> playhead; ///< trace position shown when the file is opened
    std::vector<BookmarkSpec> bookmarks;
};

/** A caption's "Try it" button: one change the class can make at the caption's moment, the same
 *  as the Patterns or Faults panel would make it (so it forks, and Undo takes it back). */
struct NarrativeTry
{
    std::string label; ///< the button's text ("Crash it for 3 s")
    /// A pattern change: the switches `keys` names are replaced by what `patterns` holds (a key
    /// written as false is turned off).
    std::vector<std::string> keys;
    PatternSwitches patterns;
    /// Or a fault, injected at the playhead (it has no "at").
    std::optional<FaultSpec> fault;
    SourcePos pos;
};

/** One caption of the lesson narration. */
struct NarrativeSpec
{
    SimTime at = 0;
    std::string text;
    bool pause = false;
    /// A "predict" pause may offer answers to choose from (shown as buttons); `answer` is the
    /// 0-based index of the right one, -1 without choices.
    std::vector<std::string> choices;
    int answer = -1;
    // What the view shows when the caption appears (empty / unset: leave it as it is).
    std::string chart;           ///< a metrics column of the run: its chart is shown
    std::string select;          ///< a service, selected in the inspector
    std::string table;           ///< a table of `select` (or of the selected service), opened there
    std::string figure;          ///< a figure of the run (a dotted summary path), highlighted
    std::optional<double> speed; ///< playback speed from here on
    std::string explain;         ///< a pattern's key: its explainer is shown
    /// Follow the next request from the caption's moment: "next" (any), an operation of the
    /// workload ("place_order") or a service (the next request that reaches it).
    std::string follow;
    /// The id of a check whose evidence the caption points at: a
    /// "Show why" button walks its first chain (of `evidenceEntity`, when given: "order 323").
    std::string evidence;
    std::string evidenceEntity;
    std::optional<NarrativeTry> tryIt; ///< a "Try it" button
    SourcePos pos;
};

/** One "expect" check verified at the end of a run: metric op value, or (when check is set)
 *  the outcome an invariant check must have. */
struct ExpectSpec
{
    std::string metric; ///< dotted path into summary.json, e.g. "operations.request.latency_ms.p99"
    std::string op;     ///< one of == != < <= > >=
    double value = 0.0;
    double tolerance = 0.0; ///< for ==, allowed absolute difference
    SourcePos pos;
    std::string check;   ///< id of an invariant check; metric unused
    bool checkOk = true; ///< with check: true when it must pass, false when it must fail
};

/** Limits that keep files from strangers harmless; enforced by the loader. */
struct ScenarioLimits
{
    static constexpr std::size_t maxFileBytes = 4 * 1024 * 1024;
    static constexpr int maxDepth = 32;
    static constexpr std::size_t maxServices = 200;
    static constexpr int maxWorkers = 1024;
    static constexpr std::size_t maxCalls = 32;
    static constexpr double maxTotalRate = 100000.0; ///< requests/s over all workloads
    static constexpr double maxRequests = 5e7;       ///< total rate x duration
    static constexpr SimTime maxDuration = 24 * kHour;
    static constexpr std::size_t maxFaults = 10000;
    static constexpr std::size_t maxNarrative = 1000;
    static constexpr std::size_t maxChoices = 6; ///< answers offered at one caption
    static constexpr std::size_t maxStringBytes = 64 * 1024;
    static constexpr std::int64_t maxKeys = 10000000; ///< a key range; zipf: all workloads
    static constexpr std::size_t maxExpect = 1000;
    static constexpr std::size_t maxLinks = 10000;
    static constexpr std::size_t maxTopics = 100; ///< per service
    static constexpr std::size_t maxWorkloads = 100;
    static constexpr std::size_t maxInterventions = 10000;
    static constexpr std::size_t maxBookmarks = 1000;
};

/** A whole scenario file, validated. */
struct Scenario
{
    int version = 1;
    std::string name;
    std::string description;
    std::uint64_t seed = 1;
    SimTime duration = 10 * kSecond;
    SimTime sampleInterval = 100 * kMillisecond; ///< "sample": metrics.csv row interval
    std::vector<ServiceSpec> services;
    NetworkSpec network;
    BusSpec bus;
    PatternSwitches patterns; ///< read and used by the pattern modules (patterns/)
    DomainSpec domain;
    std::vector<WorkloadSpec> workload;
    std::vector<FaultSpec> faults;
    std::vector<NarrativeSpec> narrative;
    std::vector<ExpectSpec> expect;
    RunSpec run;
    std::string sourceName; ///< file name used in messages
    /// The --set arguments applied when loading, as given ("duration=30s"): the
    /// expectations were written for the file as it is, so runs with overrides skip them.
    std::vector<std::string> overrides;

    const ServiceSpec *service(const std::string &name) const
    {
        for (const auto &s : services)
            if (s.name == name)
                return &s;
        return nullptr;
    }
};

const char *faultKindName(FaultSpec::Kind kind);

} // namespace dplab
