#pragma once

// Random fault schedules over the lessons (issue 9): each family's lesson, shrunk to a few
// seconds of workload, runs under seeded random schedules; after quiescence its invariants
// must hold. DPLAB_SCHEDULES sets how many schedules per family (default 500).

#include "patterns/faultfuzz/schedulefuzzer.h"
#include "patterns/scenarioinput.h"
#include "simulation/scenario/scenarioloader.h"

#include <QtTest>

#include <set>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

namespace dplab::test {

/// Schedules per family: DPLAB_SCHEDULES, or 500.
inline int scheduleCount()
{
    if (const char *env = std::getenv("DPLAB_SCHEDULES"); env && *env) {
        const int n = std::atoi(env);
        if (n > 0)
            return n;
    }
    return 500;
}

/// A lesson with --set overrides applied, failing loudly when it does not load.
inline Scenario lessonScenario(const std::string &name, const std::vector<std::string> &sets = {})
{
    std::vector<ScenarioOverride> overrides;
    for (const auto &s : sets) {
        std::string why;
        auto o = ScenarioOverride::parse(s, &why);
        if (!o)
            throw std::runtime_error(s + ": " + why);
        overrides.push_back(*o);
    }
    ScenarioInput loader;
    LoadResult r =
        loader.loadFile(std::string(DPLAB_SOURCE_DIR "/scenarios/") + name + ".json", overrides);
    if (!r.ok())
        throw std::runtime_error(name + ": " + r.errors.front().toString());
    return std::move(*r.scenario);
}

/// Runs `count` schedules (seeds 1..count) and hands each outcome to `judge`, which returns
/// an empty string when the outcome is right, else why it is wrong. Fails with the seed and
/// the schedule of the first wrong one; prints the time taken.
inline bool runSchedules(const ScheduleFuzzer &fuzzer, const char *family, int count,
                         const std::function<std::string(const ScheduleOutcome &)> &judge)
{
    const auto t0 = std::chrono::steady_clock::now();
    for (int seed = 1; seed <= count; ++seed) {
        const ScheduleOutcome o = fuzzer.run(static_cast<std::uint64_t>(seed));
        if (const std::string why = judge(o); !why.empty()) {
            const std::string msg = std::string(family) + ": " + why + "\n" + fuzzer.describe(o);
            QTest::qFail(msg.c_str(), __FILE__, __LINE__);
            return false;
        }
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    qInfo("%s: %d schedules in %.1f s", family, count, s);
    return true;
}

/// Every invariant holds: no check fails unless the scenario expects it to.
inline std::string allInvariantsHold(const ScheduleOutcome &o)
{
    return o.broken().empty() ? std::string() : "an invariant is broken after quiescence";
}

/// Every schedule's faults end by kStop; the run then goes on for kSettle of quiescence.
constexpr SimTime kStop = 2 * kSecond;
constexpr SimTime kSettle = 4 * kSecond;

/// The checks `ids` ran (a missing one means the family's pattern is off) and every invariant
/// held: "" when all is well, else why not.
inline std::string requireChecks(const ScheduleOutcome &o, std::initializer_list<const char *> ids)
{
    for (const char *id : ids)
        if (!o.check(id))
            return std::string("check ") + id + " did not run";
    return allInvariantsHold(o);
}

} // namespace dplab::test
