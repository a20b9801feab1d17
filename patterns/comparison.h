#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace dplab {

/** One side of a comparison row: a figure of a summary.json, or a check's outcome. */
struct ComparisonValue
{
    bool present = false;         ///< false: the run has no such figure (shown as "-")
    std::optional<double> number; ///< set for numbers and booleans (checks: 1 = ok, 0 = FAIL)
    std::string text;             ///< as shown: "12.5", "ok", "FAIL", "per-service"

    bool operator==(const ComparisonValue &) const = default;
};

/** A figure of two runs side by side (variant A and variant B) and how it changed. */
struct ComparisonRow
{
    std::string section; ///< "Operations", "Bus", "Consistency", "Checks"...
    std::string key;     ///< the figure's path in summary.json: "operations.place_order.p99"
    std::string label;   ///< readable: "place_order p99 (ms)"
    ComparisonValue a;
    ComparisonValue b;
    std::optional<double> delta;    ///< b - a, when both are numbers
    std::optional<double> relative; ///< (b - a) / |a|, when both are numbers and a != 0
    std::string change;             ///< "+12.5 (+8.0%)", "ok -> FAIL", "only in B", "" if equal
    bool notable = false;           ///< see isNotableChange()

    bool equal() const { return a == b; }
};

/// Relative change above which a number counts as a notable difference.
inline constexpr double kNotableRelativeChange = 0.10;

/// The rule that highlights a row: a figure only one run has, a text or check outcome that
/// differs (a check that flips), a number that leaves or reaches 0, or a number that moves by
/// more than kNotableRelativeChange of the larger of the two magnitudes.
bool isNotableChange(const ComparisonValue &a, const ComparisonValue &b);

/// Compares two run summaries (summary.json of `dplab-cli run`) figure by figure: the run
/// (events, seed), per operation count/ok/failed/p50/p99, bus counters, consistency, sagas,
/// composition, data access, every pattern section (numbers and texts, nested objects
/// flattened), per service load and crashes, and every invariant check. Rows follow the order
/// of A's summary, figures only B has come after. Wall-clock figures and the scenario's
/// `expect` entries (written for the file as it is, not for a variant) are left out, so a
/// scenario compared with itself gives rows that are all equal.
std::vector<ComparisonRow> compareSummaries(const nlohmann::ordered_json &a,
                                            const nlohmann::ordered_json &b);

/// The notable rows of a comparison, most telling first: flipped checks, figures that leave or
/// reach 0 (or texts that differ), figures only one variant has, then the rest by how far they
/// moved (ties keep the order of the rows). What `dplab-cli compare` lists first and the
/// app's Compare window leads with.
std::vector<const ComparisonRow *> notableRows(const std::vector<ComparisonRow> &rows);

/// Which way a figure is better: +1 when more is better (ok, completed sagas, a check that
/// passes, cache hits), -1 when less is (latency, failures, losses, lag, staleness, divergent
/// entities, conflicts, crashes), 0 when neither (counts of work, utilisation, texts).
int betterDirection(const ComparisonRow &row);

/// +1 when B is better than A for that figure, -1 when worse, 0 when equal or neither.
int comparisonVerdict(const ComparisonRow &row);

/// A figure as the comparison shows it: integers without decimals, others with at most three.
std::string formatComparisonNumber(double value);

} // namespace dplab
