#include "tests/fuzz/fuzztargets.h"
#include "tests/fuzz/fuzzsupport.h"

#include "patterns/run.h"
#include "patterns/scenarioinput.h"
#include "simulation/observe/tracerecorder.h"
#include "simulation/scenario/faultwriter.h"

#include <algorithm>
#include <string>

namespace dplab::fuzz {

namespace {

// Kept small so that one input stays fast; the real limits are tested elsewhere.
constexpr std::uint64_t kMaxRunEvents = 400;

/// Through the one way in (the loader, then this build's rules).
LoadResult load(std::string_view bytes)
{
    LoadResult r = ScenarioInput().loadText(bytes, "fuzz.json");
    if (r.ok() != r.errors.empty())
        fail("loader returned both a scenario and errors, or neither");
    for (const LoadError &e : r.errors) {
        // Every message names the file (and, when tied to one, a position in it).
        if (e.toString().rfind("fuzz.json", 0) != 0)
            fail("load error without the file name", e.toString());
    }
    return r;
}

} // namespace

void scenarioText(std::string_view bytes)
{
    load(bytes);
}

void runFile(std::string_view bytes)
{
    LoadResult r = load(bytes);
    if (!r.ok())
        return;
    const Scenario &scenario = *r.scenario;
    // The app writes the run section back when it saves a run: anything the loader accepted
    // must be writable.
    runToJson(scenario.run);
    RunOptions options;
    options.maxTraceEvents = kMaxRunEvents * 4;
    std::vector<LoadError> errors;
    std::unique_ptr<Run> sim = Run::create(scenario, options, &errors);
    if (!sim)
        return;
    // As the app and the CLI do: by slices of time (each must move the clock or run events:
    // a replayed intervention once stalled the clock), then a few events one by one.
    World &world = sim->world();
    SimTime lastAt = 0;
    for (const InterventionSpec &iv : scenario.run.interventions)
        lastAt = std::max(lastAt, iv.at);
    const SimTime slice = std::clamp<SimTime>(lastAt / 8, kMillisecond, 100 * kMillisecond);
    for (int i = 0; i < 10 && world.now() < world.endTime() &&
                    (!sim->trace() || sim->trace()->events().size() < kMaxRunEvents);
         ++i) {
        const SimTime before = world.now();
        if (world.runUntil(before + slice) == 0 && world.now() == before)
            fail("a run stalls: the clock does not move and no event runs");
    }
    for (std::uint64_t i = 0; i < kMaxRunEvents / 8 && world.step(); ++i) {
    }
    const TraceRecorder *trace = sim->trace();
    const std::string text = writeTrace(trace->events(), sim->world().names());
    TraceLog events;
    NameTable names;
    if (!readTrace(text, &events, &names))
        fail("the trace reader refuses a trace the simulator wrote", text.substr(0, 2000));
    if (writeTrace(events, names) != text)
        fail("a simulated trace does not read back to the same bytes", text.substr(0, 2000));
}

} // namespace dplab::fuzz
