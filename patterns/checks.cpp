#include "patterns/checks.h"

#include "patterns/evidence/evidencecontext.h"
#include "patterns/module/patterncatalog.h"
#include "simulation/world/world.h"

#include <string>

namespace dplab {

std::string pendingBusNote(const World &world)
{
    const Bus &bus = world.bus();
    const std::size_t pending = bus.unacked() + bus.inFlight() + bus.heldCount();
    return pending ? "; the run ended with " + std::to_string(pending) +
                         " bus deliveries still pending: leave time after the last write"
                   : std::string();
}

namespace {

// Every committed transaction is one row in its service's table: the database is the
// record of what the service did, so the counts must agree.
CheckResult commitsRecordedCheck(const World &world)
{
    CheckResult c;
    c.id = "commits_recorded";
    c.name = "commits recorded";
    c.ok = true;
    std::uint64_t commits = 0;
    for (std::size_t i = 0; i < world.serviceCount(); ++i)
        commits += world.service(static_cast<std::int16_t>(i)).stats().commits;
    if (world.capturesChangesets() && world.commits().size() != commits) {
        c.ok = false;
        c.detail = std::to_string(world.commits().size()) + " changesets for " +
                   std::to_string(commits) + " commits";
    } else {
        c.detail = std::to_string(commits) + " commits";
    }
    return c;
}

// A subscription can never have acknowledged past the end of its topic.
CheckResult busOffsetsCheck(const World &world)
{
    CheckResult c;
    c.id = "bus.offsets_within_topics";
    c.name = "bus offsets within topics";
    c.ok = true;
    const auto &subs = world.bus().subscriptions();
    for (std::size_t i = 0; i < subs.size(); ++i) {
        const auto end = static_cast<std::int64_t>(world.bus().log(subs[i].topic).size());
        if (subs[i].committed > end) {
            c.ok = false;
            c.detail = "subscription " + std::to_string(i) + " committed past the end";
        }
    }
    if (c.ok)
        c.detail = std::to_string(subs.size()) + " subscriptions";
    return c;
}

} // namespace

std::vector<CheckResult> runInvariantChecks(const PatternCatalog &catalog, const World &world,
                                            const TraceLog *trace)
{
    std::vector<CheckResult> out{commitsRecordedCheck(world), busOffsetsCheck(world)};
    catalog.addChecks(world, out);
    if (trace)
        catalog.addEvidence(EvidenceContext(world, *trace), out);
    return out;
}

std::vector<CheckResult> runLiveChecks(const PatternCatalog &catalog, const World &world)
{
    std::vector<CheckResult> out{commitsRecordedCheck(world), busOffsetsCheck(world)};
    catalog.addLiveChecks(world, out);
    return out;
}

} // namespace dplab
