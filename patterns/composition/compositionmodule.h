#pragma once

#include "patterns/module/patternmodule.h"

namespace dplab {

/** API composition at the gateway: fan-out, timeouts, retries, circuit breaker, cache. */
class CompositionModule : public PatternModule
{
public:
    std::string key() const override { return "composition"; }
    std::string title() const override { return "API composition"; }
    void read(loader::LoaderContext &ctx, loader::ObjectReader &r,
              PatternSwitches &out) const override;
    void write(const PatternSwitches &in, nlohmann::ordered_json &out) const override;
    std::vector<std::pair<std::string, std::vector<std::string_view>>> settingKeys() const override;
    int summaryRank() const override { return 20; }
    void addSummary(const World &world, nlohmann::ordered_json &out) const override;
    std::vector<PatternControl> controls() const override;
};

} // namespace dplab
