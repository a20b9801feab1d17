#pragma once

#include "patterns/module/patterncontrol.h"
#include "patterns/module/roleinfo.h"
#include "patterns/module/visuals.h"
#include "simulation/observe/summary.h"
#include "simulation/scenario/loadercontext.h"
#include "simulation/scenario/scenario.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dplab {

class EvidenceContext;
class World;
struct WorldOptions;

/** Adds one column to metrics.csv: its name and its value at each sample. */
using SeriesColumn =
    std::function<void(std::string, std::function<double(SimTime, const World &)>)>;

/**
 * One pattern's home: everything the rest of the program needs to know about it, answered by
 * the module in the pattern's own folder. The catalog asks every module in turn; nothing
 * outside patterns/ names a pattern or a role. See docs/adding-a-pattern.md.
 *
 * Hooks that write outputs carry a rank (lower first) that fixes where their part appears in
 * summary.json, the checks and metrics.csv, so outputs stay stable as modules are added.
 */
class PatternModule
{
public:
    virtual ~PatternModule() = default;

    /// The key of its switch under "patterns" ("saga"), also its explainer's key; empty for a
    /// module that observes without a switch of its own.
    virtual std::string key() const = 0;
    /// Every key of "patterns" the module reads (its own and, e.g., "dual_write").
    virtual std::vector<std::string> keys() const;
    /// Its name for people ("Saga").
    virtual std::string title() const = 0;

    // --- Scenario files ---
    /// Reads the module's keys of the "patterns" object (r) into out, reporting to ctx.
    virtual void read(loader::LoaderContext &ctx, loader::ObjectReader &r,
                      PatternSwitches &out) const;
    /// Writes its switches back into the "patterns" object, settings in full, when on.
    virtual void write(const PatternSwitches &in, nlohmann::ordered_json &out) const;
    /// The keys each of its settings objects accepts, by the name of its definition in
    /// scenarios/schema.json ("$defs"), which a test compares ({} for a plain switch).
    virtual std::vector<std::pair<std::string, std::vector<std::string_view>>> settingKeys() const
    {
        return {};
    }

    // --- Building a world ---
    /// The roles it adds (a service of such a role gets its behaviour from it).
    virtual std::vector<RoleInfo> roles() const { return {}; }
    /// The workload operations it adds.
    virtual std::vector<std::string> operations() const { return {}; }
    /// Rules that make a scenario unrunnable (roles it needs, patterns it excludes).
    virtual void checkScenario(const Scenario &, std::vector<LoadError> &) const {}
    /// Settings of the world itself that the pattern decides (the shared database).
    virtual void configureWorld(const Scenario &, WorldOptions &) const {}
    /// Wires what the world needs beyond its services' behaviours (after their setup).
    virtual void install(World &) const {}
    /// True when a "rebuild" fault may target this service (it keeps a read model).
    virtual bool rebuilds(const Scenario &, const ServiceSpec &) const { return false; }

    // --- Observing a run ---
    virtual int checksRank() const { return 0; }
    /// Its invariants, checked once the run has quiesced.
    virtual void addChecks(const World &, std::vector<CheckResult> &) const {}
    /// Those of its checks that can be judged at any moment, not only once the run has
    /// quiesced: safety properties (nothing applied twice, nobody reached into another
    /// service's tables) whose failure, once seen, stays. The app shows them live.
    virtual void addLiveChecks(const World &, std::vector<CheckResult> &) const {}
    /// For a failed check (its own, by id; the others are left alone): appends to
    /// check.evidence the chains of trace events and rows that prove the failure, found in
    /// the trace and the databases (at most kMaxEvidencePerCheck in all).
    virtual void addEvidence(const EvidenceContext &, CheckResult &) const {}
    virtual int summaryRank() const { return 0; }
    /// Its sections of summary.json (in `sections`, each under its own name).
    virtual void addSummary(const World &, nlohmann::ordered_json &) const {}
    virtual int seriesRank() const { return 0; }
    /// Its columns of metrics.csv and the charts.
    virtual void addSeries(const World &, const SeriesColumn &) const {}

    // --- The app's Patterns panel ---
    /// Its controls: the head (its switch, or a choice) first, then its parameters. A module
    /// without controls is not shown there.
    virtual std::vector<PatternControl> controls() const { return {}; }

    // --- What the canvas shows ---
    /// True when the text of a Failure event says that a published message announced a change
    /// which was then rolled back (the canvas marks such a message as a phantom).
    virtual bool announcesRolledBackChange(std::string_view) const { return false; }
    /// What the canvas draws for this pattern beside the services of a scenario.
    virtual std::vector<Decoration> decorations(const Scenario &) const { return {}; }
    /// The figures of a decoration at the playhead. `present` is false at a past playhead,
    /// where only the databases are as they were (memory holds the present).
    virtual std::optional<Probe> probe(const World &, const Decoration &, bool) const
    {
        return std::nullopt;
    }
};

} // namespace dplab
