#pragma once

#include "patterns/module/patterncatalog.h"
#include "simulation/scenario/overrides.h"

#include <nlohmann/json.hpp>

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>
#include <vector>

namespace dplab {

class SimulationDocument;
struct Scenario;

/**
 * What an A/B comparison runs: variant A is a scenario text (the main window's scenario as it
 * runs), variant B the same text with "--set PATH=VALUE" changes, exactly as
 * `dplab-cli compare FILE --set ...` would run them. Same seed, workload, faults and
 * interventions unless a change says otherwise.
 */
struct ComparisonSetup
{
    QByteArray text;    ///< A's scenario
    QString sourceName; ///< the file name messages name
    std::vector<ScenarioOverride> overridesB;
};

/// The scenario of a document as it runs now, as a scenario text: the patterns as edited in
/// the app and the interventions made so far (a "run" section without playhead or bookmarks),
/// so a run of it starts at t = 0 and replays them.
QByteArray scenarioTextOf(const SimulationDocument &document, QString *error);

/// Reads "PATH=VALUE" lines (blank lines and lines starting with # are skipped) with the
/// parser dplab-cli's --set uses. On an error returns nothing and *errors lists every bad line
/// as "line N: why".
std::optional<std::vector<ScenarioOverride>> parseOverrideLines(const QString &lines,
                                                                QStringList *errors);

/// The change that turns `from` into `to` (the catalog's "patterns" objects) as one
/// override "patterns={...}", or nothing when they are equal.
std::optional<ScenarioOverride> patternsOverride(const nlohmann::ordered_json &from,
                                                 const nlohmann::ordered_json &to);

/// What tells A and B apart, in a few words each ("outbox off" / "outbox on",
/// "saga.style orchestration" / "saga.style choreography", "bus.latency=5ms"), from the two
/// scenarios' patterns and B's overrides (those outside "patterns" are named as given).
/// Equal variants give "as it is" / "the same".
std::pair<QString, QString> describeVariants(const PatternCatalog &catalog, const Scenario &a,
                                             const Scenario &b,
                                             const std::vector<ScenarioOverride> &overridesB);

} // namespace dplab
