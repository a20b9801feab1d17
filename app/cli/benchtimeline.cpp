#include "app/cli/benchtimeline.h"

#include "patterns/consumers/consumerssettings.h"
#include "patterns/cqrs/cqrssettings.h"
#include "patterns/module/switches.h"
#include "patterns/outbox/outboxsettings.h"
#include "patterns/run.h"
#include "simulation/kernel/rng.h"
#include "simulation/timeline/timeline.h"
#include "simulation/world/world.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <ostream>

namespace dplab {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

ServiceSpec shopService(const std::string &role, int workers, Distribution processing)
{
    ServiceSpec s;
    s.name = role;
    s.role = role;
    s.workers = workers;
    s.processing = processing;
    return s;
}

WorkloadSpec shopOp(const std::string &op, double rate)
{
    WorkloadSpec w;
    w.operation = op;
    w.rate = rate;
    w.keys.n = 2000;
    return w;
}

} // namespace

Scenario timelineBenchScenario()
{
    Scenario sc;
    sc.name = "bench: timeline over the event-driven shop";
    sc.seed = 11;
    sc.duration = 3600 * kSecond;
    sc.sampleInterval = kSecond;
    sc.domain.customers = 2000;
    sc.domain.products = 200;
    sc.domain.stock = 100000000;
    sc.network.latency = Distribution::exponential(kMillisecond);
    sc.services.push_back(shopService("orders", 16, Distribution::exponential(kMillisecond)));
    sc.services.push_back(shopService("products", 8, Distribution::constant(200)));
    sc.services.push_back(shopService("inventory", 8, Distribution::constant(300)));
    sc.services.push_back(shopService("payments", 8, Distribution::constant(300)));
    sc.services.push_back(shopService("order-view", 8, Distribution::exponential(500)));
    sc.bus.latency = Distribution::exponential(5 * kMillisecond);
    sc.bus.redeliveryAfter = 300 * kMillisecond;
    turnOn(sc.patterns, CqrsSettings{});
    OutboxSettings outbox;
    outbox.poll = 50 * kMillisecond;
    turnOn(sc.patterns, outbox);
    turnOn(sc.patterns, IdempotentConsumersSettings{});
    sc.workload = {shopOp("place_order", 200), shopOp("pay_order", 100),
                   shopOp("cancel_order", 30)};
    return sc;
}

namespace {

struct Stats
{
    double mean = 0, p50 = 0, p95 = 0, max = 0;
};

Stats stats(std::vector<double> v)
{
    Stats s;
    if (v.empty())
        return s;
    std::sort(v.begin(), v.end());
    for (double x : v)
        s.mean += x;
    s.mean /= static_cast<double>(v.size());
    s.p50 = v[v.size() / 2];
    s.p95 = v[std::min(v.size() - 1, v.size() * 95 / 100)];
    s.max = v.back();
    return s;
}

double roundMs(double x)
{
    return std::round(x * 1000) / 1000;
}

nlohmann::ordered_json statsJson(const Stats &s)
{
    return {{"mean", roundMs(s.mean)},
            {"p50", roundMs(s.p50)},
            {"p95", roundMs(s.p95)},
            {"max", roundMs(s.max)}};
}

/// Runs until the trace holds `events` events; returns the wall time in ms.
double runUntilEvents(Run &run, Timeline *timeline, std::size_t events)
{
    const auto t0 = Clock::now();
    World &w = run.world();
    SimTime t = 0;
    while (run.trace()->events().size() < events && t < w.endTime()) {
        t += 100 * kMillisecond;
        w.runUntil(t);
        if (timeline)
            timeline->sync();
    }
    return msSince(t0);
}

} // namespace

nlohmann::ordered_json benchTimeline(const TimelineBenchOptions &options, std::ostream &text)
{
    const Scenario sc = timelineBenchScenario();
    RunOptions runOptions;
    runOptions.maxTraceEvents = options.events * 2;
    std::vector<LoadError> errors;

    // Reference: the same run, straight, with no timeline attached.
    auto plain = Run::create(sc, runOptions, &errors);
    const double plainMs = runUntilEvents(*plain, nullptr, options.events);
    const std::size_t plainEvents = plain->trace()->events().size();
    plain.reset();

    auto run = Run::create(sc, runOptions, &errors);
    Timeline timeline(run->world(), run->trace()->events(),
                      TimelineOptions{options.checkpointEveryCommits});
    const double recordMs = runUntilEvents(*run, &timeline, options.events);
    const std::size_t events = run->trace()->events().size();
    const std::size_t commits = run->world().commits().size();

    // Seeks to positions drawn uniformly over the run, each from where the last one landed.
    Rng rng = Rng::stream(3, "bench-timeline");
    std::vector<double> seeks;
    for (int i = 0; i < options.seeks; ++i) {
        const std::size_t to = rng.below(events + 1);
        const auto t0 = Clock::now();
        timeline.seek(to);
        seeks.push_back(msSince(t0));
    }
    // Steps back: from random positions, ten steps each; only the steps are timed.
    std::vector<double> steps;
    for (int i = 0; i < options.seeks; ++i) {
        timeline.seek(1000 + rng.below(events - 1000));
        for (int k = 0; k < 10; ++k) {
            const auto t0 = Clock::now();
            timeline.stepBack();
            steps.push_back(msSince(t0));
        }
    }
    const auto goLive0 = Clock::now();
    timeline.goLive();
    const double goLiveMs = msSince(goLive0);
    // What a seek would cost without a timeline: simulating again from t = 0 to the middle.
    auto again = Run::create(sc, runOptions, &errors);
    const double resimulateMs = runUntilEvents(*again, nullptr, events / 2);

    const TimelineMemory m = timeline.memory();
    const auto perEvent = [&](std::size_t bytes) {
        return std::round(static_cast<double>(bytes) / static_cast<double>(events) * 10) / 10;
    };
    const Stats seek = stats(seeks), step = stats(steps);
    nlohmann::ordered_json j;
    j["events"] = events;
    j["commits"] = commits;
    j["checkpoint_every_commits"] = options.checkpointEveryCommits;
    j["checkpoints"] = m.checkpoints;
    j["record_ms"] = std::round(recordMs);
    j["record_ms_without_timeline"] = std::round(plainMs);
    j["record_overhead_ratio"] = roundMs(recordMs / plainMs * static_cast<double>(plainEvents) /
                                         static_cast<double>(events));
    j["seek_ms"] = statsJson(seek);
    j["step_back_ms"] = statsJson(step);
    j["go_live_ms"] = roundMs(goLiveMs);
    j["resimulate_to_middle_ms"] = std::round(resimulateMs);
    j["seek_p95_vs_resimulate_ratio"] = roundMs(seek.p95 / resimulateMs);
    j["changesets_applied"] = timeline.changesetsApplied();
    j["images_restored"] = timeline.imagesRestored();
    j["memory_bytes_per_event"] = {{"trace", perEvent(m.traceBytes)},
                                   {"changesets", perEvent(m.changesetBytes)},
                                   {"checkpoints", perEvent(m.checkpointBytes)},
                                   {"total", perEvent(m.total())}};
    text << std::fixed << std::setprecision(3);
    text << "timeline, event-driven shop (CQRS, outbox, idempotent consumers), " << events
         << " events, " << commits << " commits, a checkpoint every "
         << options.checkpointEveryCommits << " commits (" << m.checkpoints << ")\n"
         << "  record                   " << recordMs << " ms (" << plainMs
         << " ms without the timeline)\n"
         << "  seek anywhere            mean " << seek.mean << " ms, p95 " << seek.p95
         << " ms, max " << seek.max << " ms (" << options.seeks << " seeks)\n"
         << "  step back                mean " << step.mean << " ms, p95 " << step.p95
         << " ms, max " << step.max << " ms (" << steps.size() << " steps)\n"
         << "  back to the present      " << goLiveMs << " ms\n"
         << "  simulate again to middle " << resimulateMs
         << " ms (reference: a seek without a timeline)\n"
         << "  memory per event         " << perEvent(m.total()) << " bytes (trace "
         << perEvent(m.traceBytes) << ", changesets " << perEvent(m.changesetBytes)
         << ", checkpoints " << perEvent(m.checkpointBytes) << ")\n";
    return j;
}

} // namespace dplab
