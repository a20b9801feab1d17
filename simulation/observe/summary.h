#pragma once

#include "simulation/kernel/simtime.h"
#include "simulation/scenario/scenario.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dplab {

class World;
class Metrics;

/** Facts about a run that the world itself does not know. */
struct RunInfo
{
    double wallSeconds = 0;
    std::uint64_t traceEvents = 0;
    std::uint64_t traceOverflow = 0;
};

/** One step of an evidence chain: a trace event and, in plain words, what it shows. */
struct EvidenceStep
{
    std::uint64_t event = 0; ///< trace event id (1-based, as in trace.jsonl)
    SimTime time = 0;        ///< the event's time (so a reader without the trace can say when)
    std::string says;        ///< what the event does for the chain, in one plain sentence
};

/** A database row that evidence names, with its columns as they were after an event. */
struct EvidenceRow
{
    std::string service;
    std::string table;
    std::string key;               ///< the row's primary key, as text
    nlohmann::ordered_json values; ///< column -> value; null when the row does not exist
    std::uint64_t asOfEvent = 0;   ///< the row is as it was right after this event (0: end)
    std::string says;              ///< what the row shows, in one plain sentence
};

/**
 * Why a check failed for one entity: the anomaly's class and the smallest chain of trace events
 * (in causal order) and database rows that proves it. Found in the trace and the databases.
 */
struct Evidence
{
    std::string cls;    ///< the anomaly's class, named by the module that found it
    std::string entity; ///< the entity it concerns ("order 323")
    std::vector<EvidenceStep> steps;
    std::vector<EvidenceRow> rows;
    std::string explanation; ///< one paragraph tying the steps together

    nlohmann::ordered_json toJson() const;
};

/** At most this many chains per failed check (summary.json stays small). */
inline constexpr std::size_t kMaxEvidencePerCheck = 5;

/** One named check (pattern invariant or scenario expectation) and its outcome. */
struct CheckResult
{
    std::string id; ///< stable identifier ("commits_recorded"); expectations name it
    std::string name;
    bool ok = false;
    std::string detail;
    /// The scenario expects this check to fail ({"check": id, "ok": false}): a lesson showing
    /// a broken pattern. Its failure does not fail the run; passing fails the expectation.
    bool expectedToFail = false;
    /// For a failed invariant: the chains that prove it (at most kMaxEvidencePerCheck), when
    /// the run kept its trace.
    std::vector<Evidence> evidence;

    /// True when this outcome makes the run fail.
    bool failsRun() const { return !ok && !expectedToFail; }
};

class LatencyHistogram;

/// Rounds to three decimals (summary figures in milliseconds keep microsecond precision).
double round3(double v);
/// {mean, p50, p95, p99, max} in milliseconds, as every latency in summary.json.
nlohmann::ordered_json latencyJson(const LatencyHistogram &h);

/// summary.json (docs/cli.md) for a finished or paused run. `extra` holds sections measured
/// outside the simulation core (the patterns' "composition", "consistency"...): its members
/// are merged in before "checks".
nlohmann::ordered_json buildSummary(const World &world, const Metrics &metrics, const RunInfo &info,
                                    const std::vector<CheckResult> &checks,
                                    const nlohmann::ordered_json &extra = {});

/// Looks up a dotted path ("operations.request.latency_ms.p99") in a summary.
const nlohmann::ordered_json *findMetric(const nlohmann::ordered_json &summary,
                                         const std::string &path);

/// Evaluates the scenario's "expect" entries against a summary: metrics, and the outcome of the
/// entries of its "checks" named by id.
std::vector<CheckResult> evaluateExpectations(const nlohmann::ordered_json &summary,
                                              const std::vector<ExpectSpec> &expect);

/// Sets expectedToFail on each check that an entry {"check": id, "ok": false} names.
void markExpectedFailures(std::vector<CheckResult> &checks, const std::vector<ExpectSpec> &expect);

} // namespace dplab
