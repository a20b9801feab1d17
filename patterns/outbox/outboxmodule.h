#pragma once

#include "patterns/module/patternmodule.h"

namespace dplab {

/**
 * How orders announces its changes: the transactional outbox (events written with the change,
 * then relayed), or without it a dual write to the database and the bus, in either order
 * ("dual_write"), which loses or invents events when a crash falls between the two.
 */
class OutboxModule : public PatternModule
{
public:
    std::string key() const override { return "outbox"; }
    std::vector<std::string> keys() const override { return {"outbox", "dual_write"}; }
    std::string title() const override { return "Transactional outbox"; }
    void read(loader::LoaderContext &ctx, loader::ObjectReader &r,
              PatternSwitches &out) const override;
    void write(const PatternSwitches &in, nlohmann::ordered_json &out) const override;
    std::vector<std::pair<std::string, std::vector<std::string_view>>> settingKeys() const override;
    void checkScenario(const Scenario &s, std::vector<LoadError> &errors) const override;
    int checksRank() const override { return 30; }
    void addChecks(const World &world, std::vector<CheckResult> &out) const override;
    void addEvidence(const EvidenceContext &context, CheckResult &check) const override;
    int summaryRank() const override { return 50; }
    void addSummary(const World &world, nlohmann::ordered_json &out) const override;
    int seriesRank() const override { return 30; }
    void addSeries(const World &world, const SeriesColumn &add) const override;
    std::vector<PatternControl> controls() const override;
    bool announcesRolledBackChange(std::string_view failureText) const override;
};

} // namespace dplab
