#include "patterns/run.h"

#include "patterns/checks.h"

#include <algorithm>
#include <chrono>

namespace dplab {

Run::~Run()
{
    if (m_world) {
        m_world->removeObserver(m_metrics.get());
        m_world->removeObserver(m_trace.get());
        m_world->removeObserver(m_ring.get());
    }
}

std::unique_ptr<Run> Run::create(const Scenario &scenario, const RunOptions &options,
                                 std::vector<LoadError> *errors)
{
    return create(std::make_shared<const PatternCatalog>(PatternCatalog::builtins()), scenario,
                  options, errors);
}

std::unique_ptr<Run> Run::create(std::shared_ptr<const PatternCatalog> catalog,
                                 const Scenario &scenario, const RunOptions &options,
                                 std::vector<LoadError> *errors)
{
    WorldBuilder builder(*catalog);
    BuildResult built = builder.build(scenario, options.world);
    if (!built.world) {
        if (errors)
            *errors = built.errors;
        return nullptr;
    }
    std::unique_ptr<Run> run(new Run());
    run->m_catalog = std::move(catalog);
    run->m_world = std::move(built.world);
    if (options.recordTrace && options.traceLimit) {
        run->m_ring = std::make_unique<TraceRing>(*options.traceLimit);
        run->m_world->addObserver(run->m_ring.get());
    } else if (options.recordTrace) {
        run->m_trace = std::make_unique<TraceRecorder>(options.maxTraceEvents);
        run->m_world->addObserver(run->m_trace.get());
    }
    run->m_metrics = std::make_unique<Metrics>(*run->m_world);
    if (auto series = run->m_catalog->series(*run->m_world))
        run->m_metrics->addSource(std::move(series));
    run->m_world->addObserver(run->m_metrics.get());
    return run;
}

void Run::runToEnd(const std::function<void(double)> &progress)
{
    const auto t0 = std::chrono::steady_clock::now();
    World &w = *m_world;
    const SimTime end = w.endTime();
    const SimTime slice = end / 100 > 0 ? end / 100 : end;
    while (w.now() < end) {
        w.runUntil(w.now() + slice);
        if (progress)
            progress(static_cast<double>(w.now()) / static_cast<double>(end));
    }
    w.finish();
    m_wallSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::vector<CheckResult> Run::checks() const
{
    // Evidence needs the whole trace: a bounded run (a ring of the last events) has none.
    const TraceLog *trace = m_trace && m_trace->overflow() == 0 ? &m_trace->events() : nullptr;
    std::vector<CheckResult> out = runInvariantChecks(*m_catalog, *m_world, trace);
    if (!expectationsEvaluated())
        return out;
    const Scenario &scenario = m_world->scenario();
    // Expectations about checks look the invariants up by id in a summary, as metric
    // expectations look up figures; the ones expected to fail are marked first.
    markExpectedFailures(out, scenario.expect);
    const auto base =
        buildSummary(*m_world, *m_metrics, RunInfo{}, out, m_catalog->summarySections(*m_world));
    for (auto &c : evaluateExpectations(base, scenario.expect))
        out.push_back(std::move(c));
    return out;
}

bool Run::expectationsEvaluated() const
{
    return m_world->scenario().overrides.empty();
}

bool Run::checksHold() const
{
    const auto all = checks();
    return std::none_of(all.begin(), all.end(), [](const CheckResult &c) { return c.failsRun(); });
}

nlohmann::ordered_json Run::summary() const
{
    RunInfo info;
    info.wallSeconds = m_wallSeconds;
    info.traceEvents = m_trace ? m_trace->events().size() : m_ring ? m_ring->seen() : 0;
    info.traceOverflow = m_trace ? m_trace->overflow() : 0;
    return buildSummary(*m_world, *m_metrics, info, checks(), m_catalog->summarySections(*m_world));
}

} // namespace dplab
