#pragma once

#include "patterns/module/patternmodule.h"

namespace dplab {

/**
 * The consumers of events and the promise that each event takes effect once, however many
 * copies arrive: kept by an inbox when "idempotent_consumers" is on, broken without it.
 */
class ConsumersModule : public PatternModule
{
public:
    std::string key() const override { return "idempotent_consumers"; }
    std::string title() const override { return "Idempotent consumers"; }
    void read(loader::LoaderContext &ctx, loader::ObjectReader &r,
              PatternSwitches &out) const override;
    void write(const PatternSwitches &in, nlohmann::ordered_json &out) const override;
    int checksRank() const override { return 40; }
    void addChecks(const World &world, std::vector<CheckResult> &out) const override;
    void addLiveChecks(const World &world, std::vector<CheckResult> &out) const override;
    void addEvidence(const EvidenceContext &context, CheckResult &check) const override;
    int summaryRank() const override { return 70; }
    void addSummary(const World &world, nlohmann::ordered_json &out) const override;
    int seriesRank() const override { return 50; }
    void addSeries(const World &world, const SeriesColumn &add) const override;
    std::vector<PatternControl> controls() const override;
};

} // namespace dplab
