#pragma once

#include "patterns/run.h"
#include "patterns/scenarioinput.h"
#include "simulation/scenario/scenario.h"
#include "simulation/timeline/timeline.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <thread>

namespace dplab {

/**
 * A run built from a scenario and simulated up to a target, away from the document: on the
 * calling thread (build(), simulate()) or on a worker thread of its own (start()), where its
 * World, databases and timeline are touched by that thread only until finished() hands them to
 * the GUI thread. The window stays live meanwhile: forks and undo of long runs.
 */
class RunBuilder : public QObject
{
    Q_OBJECT

public:
    /** How far to simulate: first `executed` kernel events (none later than `time`), then any
     *  intervention due by `time`, then the clock to `time`; `finish` ends the run there. With
     *  `traceEvents`, instead: until the trace holds that many events (a run file's playhead),
     *  in the slices the document always used, which may overshoot a little. */
    struct Target
    {
        SimTime time = 0;
        std::uint64_t executed = std::numeric_limits<std::uint64_t>::max();
        bool finish = false;
        std::size_t traceEvents = 0;
    };
    /** A run and the timeline that records it. */
    struct Built
    {
        std::unique_ptr<Run> run;
        std::unique_ptr<Timeline> timeline;
        /// The timeline first: it holds on to the run's world.
        void clear()
        {
            timeline.reset();
            run.reset();
        }
    };

    /// Builds and starts `scenario` with a trace and a timeline; an empty Built and *error
    /// when this build cannot run it.
    static Built build(const ScenarioInput &input, const Scenario &scenario, QString *error);
    /// Simulates `built` to `target` in slices, the timeline following (its checkpoints are
    /// taken on the way); between slices `slice(fraction done)` may return false to stop.
    /// Returns false when stopped. The same events run however it is sliced.
    static bool simulate(Built &built, const Target &target,
                         const std::function<bool(double)> &slice = {});

    /// A job: `scenario` built and simulated to `target` once start() is called.
    RunBuilder(ScenarioInput input, Scenario scenario, Target target, QObject *parent = nullptr);
    /// Stops the worker (cancel) and waits for it.
    ~RunBuilder() override;

    /// Starts the worker thread. Emits progressed() between slices and finished() at the end,
    /// both on this object's thread.
    void start();
    /// Asks the worker to stop after its current slice; finished() follows with no run.
    void cancel();
    bool running() const { return m_thread.joinable(); }
    double progress() const { return m_progress.load(); }
    const Scenario &scenario() const { return m_scenario; }
    /// After finished(): the run (empty when cancelled or failed) and why it failed.
    Built take() { return std::move(m_built); }
    QString error() const { return m_error; }
    bool cancelled() const { return m_cancel.load(); }

signals:
    void progressed(double fraction);
    void finished();

private:
    static bool simulateToTrace(Built &built, std::size_t events,
                                const std::function<bool(double)> &slice);
    void work();

    ScenarioInput m_input;
    Scenario m_scenario;
    Target m_target;
    Built m_built;   ///< the worker's until finished()
    QString m_error; ///< idem
    std::atomic<bool> m_cancel{false};
    std::atomic<double> m_progress{0.0};
    std::thread m_thread;
};

} // namespace dplab
