#include "app/cli/defaultwindow.h"

namespace dplab {

namespace {

// A business failure (a declined card, an order not yet payable) is the shop working as meant,
// often from the first requests on: not what a diagram of the run should open on.
bool isFailureOrFault(const TraceEvent &e)
{
    switch (e.kind) {
    case TraceKind::Drop:
    case TraceKind::Timeout:
    case TraceKind::Crash:
    case TraceKind::FaultStart:
        return true;
    default:
        return false;
    }
}

} // namespace

DefaultSequenceWindow defaultSequenceWindow(const TraceLog &events, const NameTable &names,
                                            std::size_t arrowsBefore)
{
    DefaultSequenceWindow d;
    std::size_t first = 0;
    while (first < events.size() && !isFailureOrFault(events[first]))
        ++first;
    if (first == events.size()) {
        d.note = "    %% default window: from the start (the run has no failure or fault); "
                 "dplab-cli run --window FROM..TO draws another";
        return d;
    }
    // Back from it over `arrowsBefore` messages sent (each send or reply is one arrow).
    std::size_t from = first, arrows = 0;
    while (from > 0 && arrows < arrowsBefore) {
        --from;
        const TraceKind k = events[from].kind;
        arrows += k == TraceKind::Send || k == TraceKind::Reply || k == TraceKind::Publish;
    }
    d.window.from = events[from].time;
    d.note = "    %% default window: " + std::to_string(arrows) +
             " messages before the first failure or fault of the run (" +
             mermaidEscape(describeEvent(events[first], names)) +
             ") and what follows; dplab-cli run --window FROM..TO draws another";
    return d;
}

} // namespace dplab
