#pragma once

#include "patterns/module/patternmodule.h"

namespace dplab {

/** The theory labs' generic service (queues, calls, fan-out, topics). Not a switch. */
class GenericModule : public PatternModule
{
public:
    std::string key() const override { return {}; }
    std::string title() const override { return "Generic services"; }
    std::vector<RoleInfo> roles() const override;
};

} // namespace dplab
