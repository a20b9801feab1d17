#include "patterns/sweep/sweeprunner.h"

#include "patterns/run.h"
#include "patterns/scenarioinput.h"
#include "patterns/sweep/parallelwork.h"
#include "simulation/observe/summary.h"
#include "simulation/scenario/overrides.h"

#include <limits>
#include <sqlite3.h>
#include <stdexcept>

namespace dplab {

std::unique_ptr<SweepRunner> SweepRunner::prepare(const ScenarioInput &input, const SweepSpec &spec,
                                                  std::vector<LoadError> *errors,
                                                  const std::string *scenarioText)
{
    // Two runs on two threads each open their own connections; that needs a SQLite built
    // thread-safe (Debian's is, SQLITE_THREADSAFE=1).
    if (sqlite3_threadsafe() == 0) {
        errors->push_back(LoadError{spec.file, 0, 0, {}, "this SQLite is not thread-safe"});
        return nullptr;
    }
    auto runner = std::unique_ptr<SweepRunner>(new SweepRunner);
    runner->m_spec = spec;
    for (std::size_t p = 0; p < spec.pointCount(); ++p) {
        std::vector<ScenarioOverride> overrides;
        std::vector<std::string> texts = spec.overrides;
        for (const std::string &o : spec.pointOverrides(p))
            texts.push_back(o);
        for (const std::string &text : texts) {
            std::string why;
            auto o = ScenarioOverride::parse(text, &why);
            if (!o) {
                errors->push_back(LoadError{spec.file, 0, 0, {}, text + ": " + why});
                return nullptr;
            }
            overrides.push_back(std::move(*o));
        }
        LoadResult loaded = scenarioText ? input.loadText(*scenarioText, spec.file, overrides)
                                         : input.loadFile(spec.file, overrides);
        if (!loaded.ok()) {
            *errors = std::move(loaded.errors);
            return nullptr;
        }
        runner->m_points.push_back(std::move(*loaded.scenario));
    }
    return runner;
}

Scenario SweepRunner::runScenario(std::size_t run) const
{
    Scenario sc = m_points.at(m_spec.pointOf(run));
    sc.seed = m_spec.seedOf(run);
    return sc;
}

std::vector<double> SweepRunner::measure(const nlohmann::ordered_json &summary,
                                         const std::vector<std::string> &metrics)
{
    std::vector<double> out;
    for (const std::string &m : metrics) {
        const auto *v = findMetric(summary, m);
        if (v && v->is_number())
            out.push_back(v->get<double>());
        else if (v && v->is_boolean())
            out.push_back(v->get<bool>() ? 1.0 : 0.0);
        else
            out.push_back(std::numeric_limits<double>::quiet_NaN());
    }
    return out;
}

void SweepRunner::run(SweepTable &table, const std::vector<std::size_t> &runs, int jobs,
                      const std::function<void(std::size_t)> &progress,
                      const std::atomic<bool> *cancel) const
{
    std::vector<std::vector<double>> values(runs.size());
    runInParallel(
        runs.size(), jobs,
        [&](std::size_t i) {
            const Scenario sc = runScenario(runs[i]);
            RunOptions options;
            options.recordTrace = false;
            options.world.captureChangesets = false;
            std::vector<LoadError> errors;
            auto run = Run::create(sc, options, &errors);
            if (!run)
                throw std::runtime_error(
                    "run " + std::to_string(runs[i]) + ": " +
                    (errors.empty() ? std::string("cannot build") : errors.front().toString()));
            run->runToEnd();
            values[i] = measure(run->summary(), m_spec.metrics);
        },
        progress, cancel);
    for (std::size_t i = 0; i < runs.size(); ++i)
        if (!values[i].empty())
            table.setValues(runs[i], std::move(values[i]));
}

} // namespace dplab
