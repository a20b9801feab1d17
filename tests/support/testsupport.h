#pragma once

// Small builders for scenarios written in code, shared by the world tests.

#include "patterns/run.h"
#include "simulation/observe/tracerecorder.h"
#include "simulation/scenario/scenario.h"
#include "tests/support/patternsettings.h"

#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace dplab::test {

inline ServiceSpec service(const std::string &name, int workers = 1,
                           Distribution processing = Distribution::constant(0))
{
    ServiceSpec s;
    s.name = name;
    s.workers = workers;
    s.processing = processing;
    return s;
}

/// A service of a shop role, named after its role.
inline ServiceSpec shopService(const std::string &role, int workers, Distribution processing)
{
    ServiceSpec s = service(role, workers, processing);
    s.role = role;
    return s;
}

inline WorkloadSpec publishes(const std::string &topic, double rate, SimTime stop = 0)
{
    WorkloadSpec w;
    w.operation = "publish";
    w.topic = topic;
    w.rate = rate;
    if (stop > 0)
        w.stop = stop;
    return w;
}

inline WorkloadSpec requests(const std::string &target, double rate, SimTime stop = 0)
{
    WorkloadSpec w;
    w.operation = "request";
    w.target = target;
    w.rate = rate;
    if (stop > 0)
        w.stop = stop;
    return w;
}

/// A run built from a scenario, failing loudly if the scenario cannot run.
inline std::unique_ptr<Run> makeRun(const Scenario &sc, bool trace = true)
{
    RunOptions o;
    o.recordTrace = trace;
    std::vector<LoadError> errors;
    auto run = Run::create(sc, o, &errors);
    if (!run)
        throw std::runtime_error(errors.empty() ? "cannot build" : errors.front().toString());
    return run;
}

/// Runs the scenario to its end and returns its whole trace as trace.jsonl text (for
/// determinism tests: the same scenario must give the same bytes).
inline std::string traceText(const Scenario &sc)
{
    auto run = makeRun(sc, true);
    run->runToEnd();
    std::ostringstream out;
    writeTraceJsonl(out, run->trace()->events(), run->world().names());
    return out.str();
}

inline std::int64_t countRows(Run &run, const std::string &serviceName, const std::string &table)
{
    World &w = run.world();
    Service &s = w.service(w.serviceIndex(serviceName));
    auto r = s.database().query("SELECT count(*) FROM " + table);
    return std::get<std::int64_t>(r.rows.at(0).at(0));
}

} // namespace dplab::test
