#pragma once

#include "patterns/sweep/sweeptable.h"
#include "simulation/scenario/scenario.h"
#include "simulation/scenario/scenarioloader.h"

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace dplab {

class ScenarioInput;

/**
 * Runs a parameter study's runs on worker threads, each in a World of its own, and measures
 * the spec's metrics in each run's summary (the paths that "expect" entries name). Every
 * point's scenario is loaded and checked before anything runs.
 */
class SweepRunner
{
public:
    /// Loads the scenario of every point (the file, the spec's --set changes, then the point's
    /// values); returns nullptr with the loader's errors when one cannot be loaded.
    /// With `text`, that is the scenario file's text (the app's open scenario as it is now) and
    /// spec.file only names it in messages.
    static std::unique_ptr<SweepRunner> prepare(const ScenarioInput &input, const SweepSpec &spec,
                                                std::vector<LoadError> *errors,
                                                const std::string *text = nullptr);

    const Scenario &pointScenario(std::size_t point) const { return m_points.at(point); }
    /// The scenario run number `run` simulates (its point's, with its seed).
    Scenario runScenario(std::size_t run) const;

    /// Runs `runs` (run numbers) on `jobs` threads into table (whose spec must be this one's).
    /// progress(done) is called on the calling thread; *cancel stops it early (the runs not
    /// done are not in the table then). Throws when a run fails (a database error).
    void run(SweepTable &table, const std::vector<std::size_t> &runs, int jobs,
             const std::function<void(std::size_t)> &progress = {},
             const std::atomic<bool> *cancel = nullptr) const;

    /// The metric values of one finished run's summary (NaN where a metric is missing).
    static std::vector<double> measure(const nlohmann::ordered_json &summary,
                                       const std::vector<std::string> &metrics);

private:
    SweepRunner() = default;

    SweepSpec m_spec;
    std::vector<Scenario> m_points;
};

} // namespace dplab
