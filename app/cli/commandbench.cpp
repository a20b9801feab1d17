#include "app/cli/cli.h"

#include "app/cli/benchflights.h"
#include "app/cli/benchtimeline.h"

#include "patterns/run.h"
#include "simulation/world/world.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>
#include <queue>
#include <sqlite3.h>
#include <sstream>

namespace dplab {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0)
{
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

/// A consumer that does nothing but take its deliveries: measures the kernel and the bus.
class SinkBehavior : public ServiceBehavior
{
public:
    void onRequest(Service &self, const Message &request) override { self.reply(request, true); }
};

/// Reference 1: the classic hold model on a bare std::priority_queue with the same RNG and
/// the same number of pending events.
double referenceHoldModel(std::uint64_t operations, std::size_t pending)
{
    using Item = std::pair<std::int64_t, std::uint64_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> q;
    Rng rng(7);
    const Distribution d = Distribution::exponential(5000);
    for (std::size_t i = 0; i < pending; ++i)
        q.emplace(d.sample(rng), i);
    std::uint64_t sink = 0;
    const auto t0 = Clock::now();
    for (std::uint64_t i = 0; i < operations; ++i) {
        const Item top = q.top();
        q.pop();
        sink += top.second;
        q.emplace(top.first + d.sample(rng), top.second + 1);
    }
    const double s = secondsSince(t0);
    if (sink == 42)
        std::printf(" ");
    return static_cast<double>(operations) / s;
}

Scenario busScenario(SimTime duration, double rate, int consumers)
{
    Scenario sc;
    sc.name = "bench: bus only";
    sc.seed = 1;
    sc.duration = duration;
    sc.sampleInterval = duration; // one sample: the bench measures the kernel, not the CSV
    for (int i = 0; i < consumers; ++i) {
        ServiceSpec s;
        s.name = "c" + std::to_string(i);
        s.workers = 4;
        // 50k/s x 50 us on 4 workers: utilization 0.625, a stable queue.
        s.processing = Distribution::exponential(50);
        s.subscribes = {"ticks"};
        sc.services.push_back(s);
    }
    sc.bus.latency = Distribution::exponential(2 * kMillisecond);
    sc.bus.delivery = BusSpec::Delivery::AtMostOnce;
    sc.bus.ordering = BusSpec::Ordering::None;
    WorkloadSpec w;
    w.operation = "publish";
    w.topic = "ticks";
    w.rate = rate;
    sc.workload.push_back(w);
    return sc;
}

struct KernelFigures
{
    std::size_t pendingSeen = 0; ///< future-event set size at the end (for the reference)
    double eventsPerSecond = 0;
    std::uint64_t events = 0;
    double seconds = 0;
};

KernelFigures runBusWorld(const Scenario &sc, TraceRecorder *recorder)
{
    WorldOptions opts;
    opts.captureChangesets = false;
    World world(sc, opts);
    for (std::size_t i = 0; i < world.serviceCount(); ++i) {
        Service &s = world.service(static_cast<std::int16_t>(i));
        s.setBehavior(std::make_unique<SinkBehavior>());
        world.bus().subscribe(world.bus().topic("ticks"), s.index());
    }
    if (recorder)
        world.addObserver(recorder);
    const auto t0 = Clock::now();
    world.runToEnd();
    KernelFigures f;
    f.seconds = secondsSince(t0);
    f.events = world.scheduler().executed();
    f.eventsPerSecond = static_cast<double>(f.events) / f.seconds;
    f.pendingSeen = std::max<std::size_t>(16, world.scheduler().pending());
    if (recorder)
        world.removeObserver(recorder);
    return f;
}

/// Reference 2: raw prepared inserts, one transaction each, on an in-memory database.
double referenceInserts(int count)
{
    sqlite3 *db = nullptr;
    sqlite3_open(":memory:", &db);
    sqlite3_exec(db,
                 "CREATE TABLE requests (id INTEGER PRIMARY KEY, msg INTEGER NOT NULL, key "
                 "INTEGER NOT NULL, caller TEXT NOT NULL, at_us INTEGER NOT NULL)",
                 nullptr, nullptr, nullptr);
    sqlite3_stmt *begin = nullptr, *commit = nullptr, *insert = nullptr;
    sqlite3_prepare_v2(db, "BEGIN", -1, &begin, nullptr);
    sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nullptr);
    sqlite3_prepare_v2(db, "INSERT INTO requests (msg, key, caller, at_us) VALUES (?1, ?2, ?3, ?4)",
                       -1, &insert, nullptr);
    const auto t0 = Clock::now();
    for (int i = 0; i < count; ++i) {
        sqlite3_step(begin);
        sqlite3_reset(begin);
        sqlite3_bind_int64(insert, 1, i);
        sqlite3_bind_int64(insert, 2, i % 1000);
        sqlite3_bind_text(insert, 3, "client", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(insert, 4, i);
        sqlite3_step(insert);
        sqlite3_reset(insert);
        sqlite3_step(commit);
        sqlite3_reset(commit);
    }
    const double s = secondsSince(t0);
    sqlite3_finalize(begin);
    sqlite3_finalize(commit);
    sqlite3_finalize(insert);
    sqlite3_close(db);
    return count / s;
}

struct SqlFigures
{
    double requestsPerSecond = 0;
    std::uint64_t requests = 0;
    double seconds = 0;
};

SqlFigures runSqlWorld(SimTime duration, double rate, bool capture)
{
    Scenario sc;
    sc.name = "bench: every request writes to SQLite";
    sc.duration = duration;
    sc.sampleInterval = duration;
    sc.network.latency = Distribution::constant(0);
    ServiceSpec s;
    s.name = "writer";
    s.workers = 8;
    s.processing = Distribution::exponential(50);
    sc.services.push_back(s);
    WorkloadSpec w;
    w.operation = "request";
    w.target = "writer";
    w.rate = rate;
    sc.workload.push_back(w);
    RunOptions opts;
    opts.recordTrace = false;
    opts.world.captureChangesets = capture;
    std::vector<LoadError> errors;
    auto run = Run::create(sc, opts, &errors);
    const auto t0 = Clock::now();
    run->runToEnd();
    SqlFigures f;
    f.seconds = secondsSince(t0);
    f.requests = run->metrics().operations().front().ok;
    f.requestsPerSecond = static_cast<double>(f.requests) / f.seconds;
    return f;
}

long residentKb()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stol(line.substr(6));
    return -1;
}

} // namespace

int commandBench(const std::vector<std::string> &args, std::ostream &out, std::ostream &err)
{
    bool json = false, quick = false, kernelOnly = false, sqliteOnly = false, timelineOnly = false;
    bool flightsOnly = false;
    TimelineBenchOptions timelineOptions;
    bool eventsGiven = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string &a = args[i];
        const auto count = [&](std::size_t *v, std::size_t min) {
            if (i + 1 >= args.size())
                return false;
            try {
                std::size_t used = 0;
                const unsigned long long n = std::stoull(args[i + 1], &used);
                if (used != args[i + 1].size() || n < min || n > 100'000'000ull)
                    return false;
                *v = static_cast<std::size_t>(n);
            } catch (const std::exception &) {
                return false;
            }
            ++i;
            return true;
        };
        if (a == "--json")
            json = true;
        else if (a == "--quick")
            quick = true;
        else if (a == "--kernel-only")
            kernelOnly = true;
        else if (a == "--sqlite-only")
            sqliteOnly = true;
        else if (a == "--timeline")
            timelineOnly = true;
        else if (a == "--flights")
            flightsOnly = true;
        else if (a == "--events") {
            if (!count(&timelineOptions.events, 10000)) {
                err << "dplab-cli bench: --events needs a number of trace events from 10000\n";
                return ExitUsage;
            }
            eventsGiven = true;
        } else if (a == "--checkpoint-every") {
            if (!count(&timelineOptions.checkpointEveryCommits, 0)) {
                err << "dplab-cli bench: --checkpoint-every needs a number of commits (0 = none)\n";
                return ExitUsage;
            }
        } else {
            err << "dplab-cli bench: unknown option " << a << "\n";
            return ExitUsage;
        }
    }
    if (quick && !eventsGiven)
        timelineOptions.events /= 10;
    if (flightsOnly) {
        std::ostringstream text;
        const nlohmann::ordered_json j =
            benchFlights(FlightsBenchOptions{timelineOptions.events, 200}, text);
        out << (json ? j.dump(2) + "\n" : text.str());
        return ExitOk;
    }
    if (timelineOnly) {
        std::ostringstream text;
        const nlohmann::ordered_json j = benchTimeline(timelineOptions, text);
        out << (json ? j.dump(2) + "\n" : text.str());
        return ExitOk;
    }
    const double scale = quick ? 0.1 : 1.0;

    if (sqliteOnly) {
        // For profiling: the SQLite-writing world alone.
        const SqlFigures f = runSqlWorld(static_cast<SimTime>(10 * kSecond * scale), 20000, true);
        out << f.requests << " requests, " << f.requestsPerSecond / 1e3 << " k requests/s\n";
        return ExitOk;
    }
    // Kernel: a bus-only world, 4 consumers of one topic.
    const Scenario bus = busScenario(static_cast<SimTime>(20 * kSecond * scale), 50000, 4);
    KernelFigures kernel = runBusWorld(bus, nullptr);
    const std::size_t pendingEvents = kernel.pendingSeen;
    if (!kernelOnly) {
        // Best of three, as the reference below: both sides of a ratio measured the same way,
        // so a passing hiccup on a shared machine favours neither.
        for (int i = 0; i < 2; ++i) {
            const KernelFigures again = runBusWorld(bus, nullptr);
            if (again.eventsPerSecond > kernel.eventsPerSecond)
                kernel = again;
        }
    }
    if (kernelOnly) {
        // For profiling: the kernel alone, no reference, no other figure.
        out << kernel.events << " events, " << kernel.eventsPerSecond / 1e6 << " M events/s\n";
        return ExitOk;
    }
    // The same world with a trace recorder attached; it keeps the first 10^6 events, so the
    // memory figure is for exactly 10^6 (the rest are observed and counted, not kept).
    TraceRecorder recorder(1'000'000);
    const long rssBefore = residentKb();
    const KernelFigures traced = runBusWorld(bus, &recorder);
    const long rssAfter = residentKb();
    const std::size_t traceEvents = recorder.events().size();
    const double bytesPerEvent =
        traceEvents ? static_cast<double>(recorder.memoryBytes()) / static_cast<double>(traceEvents)
                    : 0;
    // Best of three: the reference must not look slow because of a passing hiccup.
    double reference = 0;
    for (int i = 0; i < 3; ++i)
        reference =
            std::max(reference, referenceHoldModel(std::max<std::uint64_t>(kernel.events, 2000000),
                                                   pendingEvents));

    // SQLite: every request inserts a row in its own transaction.
    // Best of three on each side, as for the kernel.
    SqlFigures sql = runSqlWorld(static_cast<SimTime>(10 * kSecond * scale), 20000, true);
    double inserts = 0;
    for (int i = 0; i < 3; ++i) {
        if (i > 0) {
            const SqlFigures again =
                runSqlWorld(static_cast<SimTime>(10 * kSecond * scale), 20000, true);
            if (again.requestsPerSecond > sql.requestsPerSecond)
                sql = again;
        }
        inserts = std::max(inserts, referenceInserts(static_cast<int>(sql.requests)));
    }
    const SqlFigures sqlNoCapture =
        runSqlWorld(static_cast<SimTime>(10 * kSecond * scale), 20000, false);

    nlohmann::ordered_json j;
    j["kernel"] = {
        {"events", kernel.events},
        {"events_per_s", std::round(kernel.eventsPerSecond)},
        {"reference_priority_queue_per_s", std::round(reference)},
        {"ratio", std::round(kernel.eventsPerSecond / reference * 1000) / 1000},
        {"with_trace_events_per_s", std::round(traced.eventsPerSecond)},
        {"with_trace_ratio", std::round(traced.eventsPerSecond / reference * 1000) / 1000}};
    j["sqlite"] = {
        {"requests", sql.requests},
        {"requests_per_s", std::round(sql.requestsPerSecond)},
        {"requests_per_s_without_changesets", std::round(sqlNoCapture.requestsPerSecond)},
        {"reference_prepared_inserts_per_s", std::round(inserts)},
        {"ratio", std::round(sql.requestsPerSecond / inserts * 1000) / 1000}};
    j["trace_memory"] = {
        {"events", traceEvents},
        {"bytes_per_event", std::round(bytesPerEvent * 10) / 10},
        {"mb_per_million_events", std::round(bytesPerEvent * 1e6 / 1048576 * 10) / 10},
        {"rss_growth_mb",
         rssAfter > 0 && rssBefore > 0 ? std::round((rssAfter - rssBefore) / 102.4) / 10 : -1}};
    std::ostringstream timelineText;
    j["timeline"] = benchTimeline(timelineOptions, timelineText);
    if (json) {
        out << j.dump(2) << "\n";
        return ExitOk;
    }
    out << std::fixed << std::setprecision(2);
    out << "kernel, bus-only world (4 consumers, 50k publishes/s), " << kernel.events << " events\n"
        << "  dplab kernel             " << kernel.eventsPerSecond / 1e6 << " M events/s\n"
        << "  with trace recorder (*)  " << traced.eventsPerSecond / 1e6 << " M events/s\n"
        << "  bare priority_queue loop " << reference / 1e6 << " M events/s (reference)\n"
        << "  ratio                    " << kernel.eventsPerSecond / reference << " (with trace "
        << traced.eventsPerSecond / reference << ")\n\n"
        << "sqlite, every request inserts one row in its own transaction, " << sql.requests
        << " requests\n"
        << "  dplab requests           " << sql.requestsPerSecond / 1e3
        << " k/s (changesets captured)\n"
        << "  without changesets       " << sqlNoCapture.requestsPerSecond / 1e3 << " k/s\n"
        << "  raw prepared inserts     " << inserts / 1e3 << " k/s (reference)\n"
        << "  ratio                    " << sql.requestsPerSecond / inserts << "\n\n"
        << "trace memory: " << traceEvents << " events kept in "
        << recorder.memoryBytes() / 1048576.0 << " MB (" << bytesPerEvent
        << " bytes/event); process grew by " << (rssAfter - rssBefore) / 1024.0 << " MB\n"
        << "(*) the recorder keeps the first 10^6 events and counts the rest\n\n"
        << timelineText.str();
    return ExitOk;
}

} // namespace dplab
