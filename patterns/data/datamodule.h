#pragma once

#include "patterns/module/patternmodule.h"

namespace dplab {

/**
 * Database per service ("data": "per-service", the default) vs one shared database ("shared"):
 * the world's databases, the promise that nobody reaches into another's tables, and the
 * figures that show the cost of sharing (cross-service reads, lock waits).
 */
class DataModule : public PatternModule
{
public:
    std::string key() const override { return "data"; }
    std::string title() const override { return "Data ownership"; }
    void read(loader::LoaderContext &ctx, loader::ObjectReader &r,
              PatternSwitches &out) const override;
    void write(const PatternSwitches &in, nlohmann::ordered_json &out) const override;
    void configureWorld(const Scenario &s, WorldOptions &options) const override;
    int checksRank() const override { return 60; }
    void addChecks(const World &world, std::vector<CheckResult> &out) const override;
    void addLiveChecks(const World &world, std::vector<CheckResult> &out) const override;
    int summaryRank() const override { return 10; }
    void addSummary(const World &world, nlohmann::ordered_json &out) const override;
    std::vector<PatternControl> controls() const override;
};

} // namespace dplab
