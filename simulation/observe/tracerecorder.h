#pragma once

#include "simulation/observe/observer.h"
#include "simulation/observe/tracelog.h"

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace dplab {

/**
 * Keeps every trace event in memory (64 bytes each, in chunks), up to a bound; past it,
 * events are counted but not kept, and the run reports the overflow.
 */
class TraceRecorder : public SimObserver
{
public:
    explicit TraceRecorder(std::size_t maxEvents = 5'000'000);

    void onEvent(const TraceEvent &event, const World &world) override;

    const TraceLog &events() const { return m_events; }
    std::size_t maxEvents() const { return m_max; }
    std::uint64_t overflow() const { return m_overflow; }
    std::size_t memoryBytes() const { return m_events.memoryBytes(); }

private:
    TraceLog m_events;
    std::size_t m_max;
    std::uint64_t m_overflow = 0;
};

/// One trace event as a JSON object on one line (no trailing newline).
std::string traceEventToJson(const TraceEvent &e, const NameTable &names);
/// Writes trace.jsonl: one event per line.
void writeTraceJsonl(std::ostream &out, const TraceLog &events, const NameTable &names);
/// JSON string escaping for hand-written JSON.
void appendJsonString(std::string &out, std::string_view text);

} // namespace dplab
