#include "simulation/scenario/faultwriter.h"

#include "simulation/kernel/simtime.h"

namespace dplab {

namespace {

std::string duration(SimTime t)
{
    return formatDuration(t);
}

} // namespace

nlohmann::ordered_json distributionToJson(const Distribution &d)
{
    using Kind = Distribution::Kind;
    switch (d.kind) {
    case Kind::Constant:
        return {{"dist", "constant"}, {"value", duration(d.a)}};
    case Kind::Uniform:
        return {{"dist", "uniform"}, {"min", duration(d.a)}, {"max", duration(d.b)}};
    case Kind::Exponential:
        return {{"dist", "exponential"}, {"mean", duration(d.a)}};
    case Kind::Normal:
        return {{"dist", "normal"}, {"mean", duration(d.a)}, {"stddev", duration(d.b)}};
    case Kind::Lognormal:
        return {{"dist", "lognormal"}, {"median", duration(d.a)}, {"p99", duration(d.b)}};
    }
    return {};
}

nlohmann::ordered_json faultToJson(const FaultSpec &f)
{
    using Kind = FaultSpec::Kind;
    nlohmann::ordered_json j;
    j["kind"] = faultKindName(f.kind);
    j["at"] = duration(f.at);
    if (f.duration)
        j["for"] = duration(*f.duration);
    switch (f.kind) {
    case Kind::Partition:
        j["between"] = f.between;
        break;
    case Kind::Crash:
    case Kind::Rebuild:
        j["service"] = f.service;
        break;
    case Kind::BusDown:
        break;
    case Kind::Latency:
        j["target"] = f.target;
        if (f.latency)
            j["latency"] = distributionToJson(*f.latency);
        break;
    case Kind::Drop:
    case Kind::Duplicate:
    case Kind::Reorder:
        j["target"] = f.target;
        j["probability"] = f.probability;
        break;
    case Kind::CrashAfterCommit:
    case Kind::CrashAfterPublish:
    case Kind::CrashAfterPrepare:
        j["service"] = f.service;
        j["probability"] = f.probability;
        j["restart_after"] = duration(f.restartAfter);
        break;
    case Kind::SchemaChange:
        j["service"] = f.service;
        j["table"] = f.table;
        j["column"] = f.column;
        j["rename_to"] = f.renameTo;
        break;
    }
    return j;
}

nlohmann::ordered_json runToJson(const RunSpec &run)
{
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto &iv : run.interventions) {
        nlohmann::ordered_json item;
        item["step"] = iv.step;
        if (iv.kind == InterventionSpec::Kind::InjectFault) {
            FaultSpec f = iv.fault;
            f.at = iv.at;
            item["fault"] = faultToJson(f);
        } else {
            item["at"] = duration(iv.at);
            item["end_fault"] = iv.faultId;
        }
        list.push_back(std::move(item));
    }
    j["interventions"] = std::move(list);
    if (run.playhead)
        j["playhead"] = *run.playhead;
    if (!run.bookmarks.empty()) {
        nlohmann::ordered_json marks = nlohmann::ordered_json::array();
        for (const auto &b : run.bookmarks)
            marks.push_back({{"event", b.event}, {"name", b.name}});
        j["bookmarks"] = std::move(marks);
    }
    return j;
}

} // namespace dplab
