#pragma once

#include "patterns/module/patternmodule.h"

namespace dplab {

/** Event sourcing: the orders' truth is an append-only event store, the table a projection. */
class EventSourcingModule : public PatternModule
{
public:
    std::string key() const override { return "event_sourcing"; }
    std::string title() const override { return "Event sourcing"; }
    void read(loader::LoaderContext &ctx, loader::ObjectReader &r,
              PatternSwitches &out) const override;
    void write(const PatternSwitches &in, nlohmann::ordered_json &out) const override;
    std::vector<std::pair<std::string, std::vector<std::string_view>>> settingKeys() const override;
    void checkScenario(const Scenario &s, std::vector<LoadError> &errors) const override;
    bool rebuilds(const Scenario &s, const ServiceSpec &service) const override;
    int checksRank() const override { return 50; }
    void addChecks(const World &world, std::vector<CheckResult> &out) const override;
    void addLiveChecks(const World &world, std::vector<CheckResult> &out) const override;
    void addEvidence(const EvidenceContext &context, CheckResult &check) const override;
    int summaryRank() const override { return 60; }
    void addSummary(const World &world, nlohmann::ordered_json &out) const override;
    int seriesRank() const override { return 40; }
    void addSeries(const World &world, const SeriesColumn &add) const override;
    std::vector<Decoration> decorations(const Scenario &s) const override;
    std::optional<Probe> probe(const World &world, const Decoration &decoration,
                               bool present) const override;
    std::vector<PatternControl> controls() const override;
};

} // namespace dplab
