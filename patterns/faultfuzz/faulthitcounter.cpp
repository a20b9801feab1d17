#include "patterns/faultfuzz/faulthitcounter.h"

#include "simulation/world/world.h"

#include <string_view>

namespace dplab {

void FaultHitCounter::onEvent(const TraceEvent &e, const World &world)
{
    const auto &texts = world.names().texts;
    const std::string_view text =
        e.text < texts.size() ? std::string_view(texts[e.text]) : std::string_view();
    switch (e.kind) {
    case TraceKind::FaultStart:
        ++m_hits.faultsStarted;
        break;
    case TraceKind::Crash:
        ++m_hits.crashes;
        // The texts Service::crash and the two-phase coordinator give these crashes.
        if (text.starts_with("crash right after commit"))
            ++m_hits.crashesAfterCommit;
        else if (text.starts_with("crash right after publish"))
            ++m_hits.crashesAfterPublish;
        else if (text.starts_with("crash after prepare"))
            ++m_hits.crashesAfterPrepare;
        break;
    case TraceKind::Drop:
        ++m_hits.drops;
        if (text.find("crashed after the commit, before publishing") != std::string_view::npos)
            ++m_hits.lostBetweenCommitAndPublish;
        break;
    case TraceKind::Duplicate:
        ++m_hits.duplicates;
        break;
    default:
        break;
    }
}

} // namespace dplab
