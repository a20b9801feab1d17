#pragma once

#include "simulation/observe/observer.h"

#include <cstdint>
#include <ostream>
#include <string>

namespace dplab {

/**
 * Writes every trace event to trace.jsonl as it happens (one line each, the same bytes
 * writeTraceJsonl gives at the end), so a long run keeps none of them in memory. Names are
 * interned before the event that uses them, so each line can be written at once.
 */
class TraceStream : public SimObserver
{
public:
    explicit TraceStream(std::ostream &out);

    void onEvent(const TraceEvent &event, const World &world) override;

    std::uint64_t lines() const { return m_lines; }
    std::uint64_t bytes() const { return m_bytes; }

private:
    std::ostream &m_out;
    std::string m_line;
    std::uint64_t m_lines = 0;
    std::uint64_t m_bytes = 0;
};

} // namespace dplab
