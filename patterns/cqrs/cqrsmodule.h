#pragma once

#include "patterns/module/patternmodule.h"

namespace dplab {

/** CQRS: an order-view service keeps a read model projected from the order events. */
class CqrsModule : public PatternModule
{
public:
    std::string key() const override { return "cqrs"; }
    std::string title() const override { return "CQRS read model"; }
    void read(loader::LoaderContext &ctx, loader::ObjectReader &r,
              PatternSwitches &out) const override;
    void write(const PatternSwitches &in, nlohmann::ordered_json &out) const override;
    std::vector<RoleInfo> roles() const override;
    void checkScenario(const Scenario &s, std::vector<LoadError> &errors) const override;
    bool rebuilds(const Scenario &s, const ServiceSpec &service) const override;
    int checksRank() const override { return 20; }
    void addChecks(const World &world, std::vector<CheckResult> &out) const override;
    void addEvidence(const EvidenceContext &context, CheckResult &check) const override;
    int summaryRank() const override { return 40; }
    void addSummary(const World &world, nlohmann::ordered_json &out) const override;
    int seriesRank() const override { return 10; }
    void addSeries(const World &world, const SeriesColumn &add) const override;
    std::vector<Decoration> decorations(const Scenario &s) const override;
    std::vector<PatternControl> controls() const override;
};

} // namespace dplab
