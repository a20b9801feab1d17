#include "app/cli/benchflights.h"

#include "app/cli/benchtimeline.h"

#include "patterns/run.h"
#include "simulation/kernel/rng.h"
#include "simulation/observe/chrometrace.h"
#include "simulation/observe/messageflights.h"
#include "simulation/observe/sequencediagram.h"
#include "simulation/world/world.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <ostream>
#include <sstream>

namespace dplab {

namespace {

using FlightsClock = std::chrono::steady_clock;

double usSince(FlightsClock::time_point t0)
{
    return std::chrono::duration<double, std::micro>(FlightsClock::now() - t0).count();
}

struct FrameFigures
{
    std::size_t frames = 0;
    double eventsPerFrame = 0;
    double meanUs = 0, p95Us = 0, maxUs = 0;
    double inAirPerFrame = 0;
};

/// Plays the recorded trace into a growing log, `step` of virtual time per frame, and times
/// what a frame asks of the model: read the new events, list the flights in the air.
FrameFigures playFrames(const TraceLog &recorded, SimTime step)
{
    TraceLog growing;
    MessageFlights flights;
    std::vector<std::uint32_t> inAir;
    std::vector<double> us;
    std::size_t next = 0, airSum = 0;
    const SimTime end = recorded.empty() ? 0 : recorded.back().time;
    for (SimTime t = 0; t <= end; t += step) {
        while (next < recorded.size() && recorded[next].time <= t)
            growing.push_back(recorded[next++]);
        const auto t0 = FlightsClock::now();
        flights.update(growing);
        flights.inAirAt(t, &inAir);
        us.push_back(usSince(t0));
        airSum += inAir.size();
    }
    FrameFigures f;
    f.frames = us.size();
    if (us.empty())
        return f;
    f.eventsPerFrame = static_cast<double>(recorded.size()) / static_cast<double>(us.size());
    f.inAirPerFrame = static_cast<double>(airSum) / static_cast<double>(us.size());
    for (double x : us)
        f.meanUs += x;
    f.meanUs /= static_cast<double>(us.size());
    std::sort(us.begin(), us.end());
    f.p95Us = us[std::min(us.size() - 1, us.size() * 95 / 100)];
    f.maxUs = us.back();
    return f;
}

double round1(double x)
{
    return std::round(x * 10) / 10;
}

nlohmann::ordered_json frameJson(const FrameFigures &f)
{
    return {
        {"frames", f.frames},
        {"events_per_frame", round1(f.eventsPerFrame)},
        {"in_air_per_frame", round1(f.inAirPerFrame)},
        {"us", {{"mean", round1(f.meanUs)}, {"p95", round1(f.p95Us)}, {"max", round1(f.maxUs)}}}};
}

} // namespace

nlohmann::ordered_json benchFlights(const FlightsBenchOptions &options, std::ostream &text)
{
    // The timeline's shop, with a bus that loses and duplicates now and then.
    Scenario sc = timelineBenchScenario();
    sc.name = "bench: message flights over the event-driven shop";
    sc.bus.drop = 0.01;
    sc.bus.duplicate = 0.02;
    RunOptions runOptions;
    runOptions.maxTraceEvents = options.events * 2;
    std::vector<LoadError> errors;
    auto run = Run::create(sc, runOptions, &errors);
    const auto record0 = FlightsClock::now();
    for (SimTime t = 0; run->trace()->events().size() < options.events && t < sc.duration;)
        run->world().runUntil(t += 100 * kMillisecond);
    const double recordMs = usSince(record0) / 1000;
    const TraceLog &log = run->trace()->events();
    const NameTable &names = run->world().names();

    // One pass over the whole trace: what a model rebuilt every frame would cost each frame.
    MessageFlights flights;
    const auto build0 = FlightsClock::now();
    flights.update(log);
    const double buildMs = usSince(build0) / 1000;
    std::size_t fates[10] = {};
    for (const Flight &f : flights.flights())
        ++fates[static_cast<std::size_t>(f.fate)];

    // Frames while playing: 60 a second at 1x, and at 100x.
    const FrameFigures at1x = playFrames(log, 16667);
    const FrameFigures at100x = playFrames(log, 1666700);

    // A seek: "in the air at t" anywhere, on the whole model.
    Rng rng = Rng::stream(5, "bench-flights");
    std::vector<std::uint32_t> inAir;
    double seekUs = 0;
    std::size_t seekAir = 0;
    const SimTime end = log.empty() ? 1 : log.back().time + 1;
    for (int i = 0; i < options.seeks; ++i) {
        const SimTime t = static_cast<SimTime>(rng.below(static_cast<std::uint64_t>(end)));
        const auto t0 = FlightsClock::now();
        flights.inAirAt(t, &inAir);
        seekUs += usSince(t0);
        seekAir += inAir.size();
    }
    seekUs /= std::max(1, options.seeks);

    // The exports, each of which reads the flights first.
    const auto mermaid0 = FlightsClock::now();
    const std::size_t mermaidBytes = mermaidSequence(log, names).size();
    const double mermaidMs = usSince(mermaid0) / 1000;
    std::ostringstream chromeOut;
    const auto chrome0 = FlightsClock::now();
    writeChromeTrace(chromeOut, log, names);
    const double chromeMs = usSince(chrome0) / 1000;

    const double events = static_cast<double>(log.size());
    nlohmann::ordered_json j;
    j["events"] = log.size();
    j["flights"] = flights.size();
    j["record_ms"] = std::round(recordMs);
    j["build_ms"] = round1(buildMs);
    j["build_ns_per_event"] = round1(buildMs * 1e6 / events);
    j["memory_bytes_per_event"] = {
        {"flights", round1(static_cast<double>(flights.memoryBytes()) / events)},
        {"trace", round1(static_cast<double>(log.memoryBytes()) / events)}};
    nlohmann::ordered_json fateJson = nlohmann::ordered_json::object();
    for (std::size_t k = 0; k < 10; ++k)
        if (fates[k])
            fateJson[flightFateName(static_cast<FlightFate>(k))] = fates[k];
    j["fates"] = fateJson;
    j["frame_at_1x"] = frameJson(at1x);
    j["frame_at_100x"] = frameJson(at100x);
    j["seek_in_air_us"] = round1(seekUs);
    j["mermaid_ms"] = round1(mermaidMs);
    j["chrome_ms"] = round1(chromeMs);

    text << std::fixed << std::setprecision(1);
    text << "message flights, event-driven shop (bus drop 1%, duplicate 2%), " << log.size()
         << " events, " << flights.size() << " flights (recorded in " << recordMs << " ms)\n"
         << "  one pass over the trace  " << buildMs << " ms (" << buildMs * 1e6 / events
         << " ns per event)\n"
         << "  memory per event         " << static_cast<double>(flights.memoryBytes()) / events
         << " bytes (the trace: " << static_cast<double>(log.memoryBytes()) / events << ")\n"
         << "  frame at 1x (60/s)       mean " << at1x.meanUs << " us, p95 " << at1x.p95Us
         << " us, max " << at1x.maxUs << " us (" << at1x.eventsPerFrame << " new events, "
         << at1x.inAirPerFrame << " in the air; " << at1x.frames << " frames)\n"
         << "  frame at 100x            mean " << at100x.meanUs << " us, p95 " << at100x.p95Us
         << " us, max " << at100x.maxUs << " us (" << at100x.eventsPerFrame << " new events, "
         << at100x.inAirPerFrame << " in the air; " << at100x.frames << " frames)\n"
         << "  in the air after a seek  " << seekUs << " us (" << options.seeks << " seeks, "
         << static_cast<double>(seekAir) / std::max(1, options.seeks) << " in the air)\n"
         << "  exports                  mermaid " << mermaidMs << " ms (" << mermaidBytes
         << " bytes), chrome " << chromeMs << " ms\n";
    return j;
}

} // namespace dplab
