#pragma once

#include "patterns/module/patternmodule.h"

namespace dplab {

/**
 * summary.json's "consistency": every read side of a run together (the customer replica and
 * the read model), as the design defines consistency lag, staleness and stale reads. Not a
 * switch: present when a read side is.
 */
class ConsistencyModule : public PatternModule
{
public:
    std::string key() const override { return {}; }
    std::string title() const override { return "Consistency"; }
    int summaryRank() const override { return 80; }
    void addSummary(const World &world, nlohmann::ordered_json &out) const override;
};

} // namespace dplab
