#pragma once

#include "patterns/module/patternmodule.h"
#include "simulation/scenario/scenariovocabulary.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dplab {

class EvidenceContext;
class SeriesSource;

/**
 * What this build implements: the pattern modules, in the order they were registered, with the
 * roles and operations they add. The scenario loader reads "patterns" and "role" through it,
 * the builder wires worlds with it, and the observers and the GUI ask it. Filled by an
 * explicit call (registerBuiltins), never by static self-registration; no globals, so each
 * user holds its own.
 */
class PatternCatalog : public ScenarioVocabulary
{
public:
    /// Every module this build has (registerBuiltins).
    static PatternCatalog builtins();

    void add(std::unique_ptr<PatternModule> module);
    /// A workload operation every scenario may use ("request", "publish").
    void addOperation(std::string operation);

    const std::vector<std::unique_ptr<PatternModule>> &modules() const { return m_modules; }
    /// The module whose switch is `key`, or nullptr.
    const PatternModule *module(std::string_view key) const;
    /// The role called `name`, or nullptr when no module adds it.
    const RoleInfo *role(std::string_view name) const;
    bool hasOperation(std::string_view operation) const;
    /// Every key "patterns" accepts, in registration order.
    std::vector<std::string> patternKeys() const;

    // ScenarioVocabulary
    std::vector<std::string_view> roles() const override;
    void readPatterns(loader::LoaderContext &ctx, const nlohmann::ordered_json &value,
                      Scenario &scenario, const std::string &path) const override;

    /// The "patterns" object of a scenario file for these switches, settings in full.
    nlohmann::ordered_json writePatterns(const PatternSwitches &patterns) const;

    // What the modules say about a scenario or a run, in their ranks' order.
    void checkScenario(const Scenario &scenario, std::vector<LoadError> &errors) const;
    void configureWorld(const Scenario &scenario, WorldOptions &options) const;
    void install(World &world) const;
    bool rebuilds(const Scenario &scenario, const ServiceSpec &service) const;
    void addChecks(const World &world, std::vector<CheckResult> &out) const;
    void addLiveChecks(const World &world, std::vector<CheckResult> &out) const;
    /// Asks every module for the evidence of each failed check.
    void addEvidence(const EvidenceContext &context, std::vector<CheckResult> &checks) const;
    nlohmann::ordered_json summarySections(const World &world) const;
    /// The modules' metrics.csv columns, or nullptr when none apply.
    std::unique_ptr<SeriesSource> series(const World &world) const;
    std::vector<Decoration> decorations(const Scenario &scenario) const;
    /// Whether any module reads this Failure text as a rolled-back change's announcement.
    bool announcesRolledBackChange(std::string_view failureText) const;
    std::optional<Probe> probe(const World &world, const Decoration &decoration,
                               bool present) const;

    PatternCatalog() = default;
    PatternCatalog(PatternCatalog &&) = default;
    PatternCatalog &operator=(PatternCatalog &&) = default;

private:
    template <class Rank> std::vector<const PatternModule *> ranked(Rank rank) const;

    std::vector<std::unique_ptr<PatternModule>> m_modules;
    std::vector<RoleInfo> m_roles;
    std::vector<std::string> m_operations;
};

/// Registers every module this build implements: one line per pattern.
void registerBuiltins(PatternCatalog &catalog);

} // namespace dplab
