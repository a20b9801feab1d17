#include "patterns/faultfuzz/schedulefuzzer.h"

#include "patterns/checks.h"
#include "patterns/run.h"

#include <algorithm>
#include <stdexcept>

namespace dplab {

std::vector<const CheckResult *> ScheduleOutcome::broken() const
{
    std::vector<const CheckResult *> out;
    for (const auto &c : checks)
        if (c.failsRun())
            out.push_back(&c);
    return out;
}

const CheckResult *ScheduleOutcome::check(const std::string &id) const
{
    const auto it = std::find_if(checks.begin(), checks.end(),
                                 [&](const CheckResult &c) { return c.id == id; });
    return it == checks.end() ? nullptr : &*it;
}

ScheduleFuzzer::ScheduleFuzzer(const Scenario &base, SimTime stop, SimTime settle)
    : m_base(base)
{
    for (auto &w : m_base.workload) {
        w.start = std::min(w.start, stop);
        w.stop = w.stop ? std::min(*w.stop, stop) : stop;
    }
    m_base.duration = stop + settle;
    // Nothing reads the metrics' time series here; fewer samples, faster runs.
    m_base.sampleInterval = std::max(m_base.sampleInterval, m_base.duration / 4);
    m_base.faults.clear();
    m_base.narrative.clear();
    m_base.run = RunSpec{};
    // Metric expectations were written for the whole lesson; only the checks a scenario
    // expects to fail stay (a broken variant must still be shown broken).
    std::erase_if(m_base.expect, [](const ExpectSpec &e) { return e.check.empty() || e.checkOk; });
    m_space = FaultScheduleSpace::forScenario(m_base, stop / 10, stop);
}

Scenario ScheduleFuzzer::scenarioFor(std::uint64_t seed) const
{
    Scenario sc = m_base;
    sc.faults = randomFaultSchedule(m_space, seed);
    return sc;
}

ScheduleOutcome ScheduleFuzzer::run(std::uint64_t seed) const
{
    ScheduleOutcome out;
    out.seed = seed;
    const Scenario sc = scenarioFor(seed);
    out.faults = sc.faults;
    // The counter outlives the run (declared first): the world still reports to it while it
    // is torn down.
    FaultHitCounter counter;
    RunOptions options;
    options.recordTrace = false;
    options.world.captureChangesets = false;
    std::vector<LoadError> errors;
    auto run = Run::create(sc, options, &errors);
    if (!run)
        throw std::runtime_error(
            "schedule " + std::to_string(seed) + ": " +
            (errors.empty() ? std::string("cannot build") : errors.front().toString()));
    run->world().addObserver(&counter);
    run->runToEnd();
    run->world().removeObserver(&counter);
    out.hits = counter.hits();
    out.checks = runInvariantChecks(run->catalog(), run->world());
    markExpectedFailures(out.checks, sc.expect);
    return out;
}

std::string ScheduleFuzzer::describe(const ScheduleOutcome &o) const
{
    std::string s = "schedule seed " + std::to_string(o.seed) + " (scenario seed " +
                    std::to_string(m_base.seed) + ", " + std::to_string(o.faults.size()) +
                    " faults, " + std::to_string(o.hits.crashes) + " crashes):";
    for (const CheckResult *c : o.broken())
        s += "\n  broken: " + c->id + " - " + c->detail;
    s += "\n  \"faults\": " + faultScheduleToJson(o.faults).dump();
    s += "\n  replay: " + replayCommand(o.seed);
    return s;
}

std::string ScheduleFuzzer::replayCommand(std::uint64_t seed) const
{
    auto ms = [](SimTime t) { return std::to_string(t / kMillisecond) + "ms"; };
    std::string s = "dplab-cli run " + m_base.sourceName;
    for (const auto &o : m_base.overrides)
        s += " --set '" + o + "'";
    s += " --set duration=" + ms(m_base.duration) + " --set 'narrative=[]'";
    for (std::size_t i = 0; i < m_base.workload.size(); ++i) {
        const std::string w = " --set workload[" + std::to_string(i) + "].";
        if (m_base.workload[i].start > 0)
            s += w + "start=" + ms(m_base.workload[i].start);
        s += w + "stop=" + ms(*m_base.workload[i].stop);
    }
    s += " --set 'faults=" + faultScheduleToJson(randomFaultSchedule(m_space, seed)).dump() + "'";
    return s;
}

} // namespace dplab
