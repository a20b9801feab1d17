#pragma once

#include "patterns/module/patternmodule.h"

namespace dplab {

/** Data replication via events: orders keeps a copy of the customers it reads. */
class ReplicationModule : public PatternModule
{
public:
    std::string key() const override { return "replication"; }
    std::string title() const override { return "Data replication by events"; }
    void read(loader::LoaderContext &ctx, loader::ObjectReader &r,
              PatternSwitches &out) const override;
    void write(const PatternSwitches &in, nlohmann::ordered_json &out) const override;
    int checksRank() const override { return 10; }
    void addChecks(const World &world, std::vector<CheckResult> &out) const override;
    void addEvidence(const EvidenceContext &context, CheckResult &check) const override;
    int summaryRank() const override { return 30; }
    void addSummary(const World &world, nlohmann::ordered_json &out) const override;
    int seriesRank() const override { return 20; }
    void addSeries(const World &world, const SeriesColumn &add) const override;
    std::vector<Decoration> decorations(const Scenario &s) const override;
    std::vector<PatternControl> controls() const override;
};

} // namespace dplab
