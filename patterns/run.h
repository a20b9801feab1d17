#pragma once

#include "patterns/builder.h"
#include "simulation/observe/metrics.h"
#include "simulation/observe/summary.h"
#include "simulation/observe/tracerecorder.h"
#include "simulation/observe/tracering.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dplab {

/** How a run is observed. */
struct RunOptions
{
    bool recordTrace = true;
    std::size_t maxTraceEvents = 5'000'000;
    /// Check the names the captions use (checkNarrativeNames) and refuse the run if one is
    /// unknown (dplab-cli validate). Runs do not: a caption may name a figure of a pattern
    /// switched off since (in the app, in a file it saved, with --set), and is then ignored.
    bool checkNarrative = false;
    /// Set: a bounded trace for long runs: memory keeps only the last traceLimit events (a
    /// TraceRing, instead of the TraceRecorder); the whole trace goes to a TraceStream the
    /// caller attaches.
    std::optional<std::size_t> traceLimit;
    WorldOptions world;
};

/**
 * One simulation run of a scenario: the wired World with its trace recorder and metrics
 * attached. The CLI and the GUI drive runs through this class.
 */
class Run
{
public:
    /// Builds the world with every pattern module of this build; returns nullptr and fills
    /// errors when the scenario cannot run here. (ScenarioInput::build catches exceptions too.)
    static std::unique_ptr<Run> create(const Scenario &scenario, const RunOptions &options,
                                       std::vector<LoadError> *errors);
    /// The same with the modules of `catalog`.
    static std::unique_ptr<Run> create(std::shared_ptr<const PatternCatalog> catalog,
                                       const Scenario &scenario, const RunOptions &options,
                                       std::vector<LoadError> *errors);
    ~Run();

    /// The pattern modules this run was built with: ask them what the patterns show.
    const PatternCatalog &catalog() const { return *m_catalog; }

    World &world() { return *m_world; }
    const World &world() const { return *m_world; }
    const TraceRecorder *trace() const { return m_trace.get(); }
    /// The last events of a bounded run (RunOptions::traceLimit), else nullptr.
    const TraceRing *traceRing() const { return m_ring.get(); }
    const Metrics &metrics() const { return *m_metrics; }

    /// Runs to the end in slices, calling progress(fraction) between slices.
    void runToEnd(const std::function<void(double)> &progress = {});
    double wallSeconds() const { return m_wallSeconds; }

    /// Invariant checks plus the scenario's expectations (when evaluated). Invariants that an
    /// expectation says fail carry expectedToFail.
    std::vector<CheckResult> checks() const;
    /// False when the scenario was changed by overrides (--set): its expectations were written
    /// for the file as it is, so they are not evaluated.
    bool expectationsEvaluated() const;
    /// True when no check fails the run (see CheckResult::failsRun).
    bool checksHold() const;
    nlohmann::ordered_json summary() const;

private:
    Run() = default;

    std::shared_ptr<const PatternCatalog> m_catalog;
    std::unique_ptr<World> m_world;
    std::unique_ptr<TraceRecorder> m_trace;
    std::unique_ptr<TraceRing> m_ring;
    std::unique_ptr<Metrics> m_metrics;
    double m_wallSeconds = 0;
};

} // namespace dplab
