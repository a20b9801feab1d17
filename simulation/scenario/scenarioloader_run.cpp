// The "run" section of a run file: interventions made in the app, the playhead, bookmarks.

#include "simulation/scenario/loadercontext.h"

#include <limits>
#include <string>

namespace dplab::loader {

namespace {

InterventionSpec readIntervention(LoaderContext &ctx, const Json &v, const std::string &path,
                                  const InterventionSpec *previous)
{
    InterventionSpec iv;
    iv.pos = ctx.pos(path);
    ObjectReader r(ctx, v, path);
    if (!r.valid())
        return iv;
    r.allowOnly(KnownKeys::intervention);
    if (r.require("step", "the number of kernel events run before it"))
        r.readInteger("step", iv.step, 0, std::numeric_limits<std::int64_t>::max());
    const bool fault = r.has("fault"), end = r.has("end_fault");
    if (fault == end) {
        ctx.error(path, "expected exactly one of \"fault\" (a fault injected) or \"end_fault\" "
                        "(the id of a fault ended)");
    } else if (fault) {
        iv.kind = InterventionSpec::Kind::InjectFault;
        iv.fault = readFault(ctx, *r.get("fault"), r.pathOf("fault"));
        iv.at = iv.fault.at;
        if (r.has("at"))
            ctx.error(r.pathOf("at"), "an injected fault has its time in \"fault\".\"at\"");
    } else {
        iv.kind = InterventionSpec::Kind::EndFault;
        r.readInteger("end_fault", iv.faultId, 1, std::numeric_limits<std::int64_t>::max());
        if (r.require("at", "when the fault was ended") &&
            r.readDuration("at", iv.at, DurationRule::NonNegative) && ctx.runDuration() &&
            iv.at > *ctx.runDuration())
            ctx.error(r.pathOf("at"),
                      "expected a time within the run (" + durationText(*ctx.runDuration()) + ")");
    }
    if (previous && (iv.step < previous->step || iv.at < previous->at))
        ctx.error(path, "expected interventions in the order they were made: \"step\" and the "
                        "time may not go back");
    return iv;
}

} // namespace

void readRun(LoaderContext &ctx, const Json &value, Scenario &scenario)
{
    ObjectReader r(ctx, value, "run");
    if (!r.valid())
        return;
    r.allowOnly(KnownKeys::run);
    if (const Json *v = r.get("interventions")) {
        if (const Json *list = ctx.array(*v, "run.interventions", ScenarioLimits::maxInterventions,
                                         "interventions")) {
            for (std::size_t i = 0; i < list->size(); ++i) {
                const auto &all = scenario.run.interventions;
                scenario.run.interventions.push_back(readIntervention(
                    ctx, (*list)[i], "run.interventions[" + std::to_string(i) + "]",
                    all.empty() ? nullptr : &all.back()));
            }
        }
    }
    std::uint64_t playhead = 0;
    if (r.readInteger("playhead", playhead, 0, std::numeric_limits<std::int64_t>::max()))
        scenario.run.playhead = playhead;
    if (const Json *v = r.get("bookmarks")) {
        if (const Json *list =
                ctx.array(*v, "run.bookmarks", ScenarioLimits::maxBookmarks, "bookmarks")) {
            for (std::size_t i = 0; i < list->size(); ++i) {
                BookmarkSpec b;
                ObjectReader br(ctx, (*list)[i], "run.bookmarks[" + std::to_string(i) + "]");
                if (!br.valid())
                    continue;
                br.allowOnly(KnownKeys::bookmark);
                if (br.require("event"))
                    br.readInteger("event", b.event, 0, std::numeric_limits<std::int64_t>::max());
                if (br.require("name"))
                    br.readString("name", b.name);
                scenario.run.bookmarks.push_back(std::move(b));
            }
        }
    }
}

} // namespace dplab::loader
