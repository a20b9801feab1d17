#include "simulation/scenario/scenario.h"

namespace dplab {

const char *faultKindName(FaultSpec::Kind kind)
{
    switch (kind) {
    case FaultSpec::Kind::Partition:
        return "partition";
    case FaultSpec::Kind::Crash:
        return "crash";
    case FaultSpec::Kind::BusDown:
        return "bus-down";
    case FaultSpec::Kind::Latency:
        return "latency";
    case FaultSpec::Kind::Drop:
        return "drop";
    case FaultSpec::Kind::Duplicate:
        return "duplicate";
    case FaultSpec::Kind::Reorder:
        return "reorder";
    case FaultSpec::Kind::CrashAfterCommit:
        return "crash-after-commit";
    case FaultSpec::Kind::SchemaChange:
        return "schema-change";
    case FaultSpec::Kind::CrashAfterPublish:
        return "crash-after-publish";
    case FaultSpec::Kind::Rebuild:
        return "rebuild";
    case FaultSpec::Kind::CrashAfterPrepare:
        return "crash-after-prepare";
    }
    return "unknown";
}

} // namespace dplab
