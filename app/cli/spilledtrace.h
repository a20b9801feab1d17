#pragma once

#include "simulation/observe/tracestream.h"

#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace dplab {

/**
 * trace.jsonl written while a bounded run goes (--trace-limit): a TraceStream into a temporary
 * file beside the target, renamed over it by finish(), so that, like the other output files,
 * a reader never sees half a trace. An unfinished one is removed.
 */
class SpilledTrace
{
public:
    explicit SpilledTrace(std::string path);
    ~SpilledTrace();
    SpilledTrace(const SpilledTrace &) = delete;
    SpilledTrace &operator=(const SpilledTrace &) = delete;

    /// Opens the temporary file; returns an empty string or why it cannot.
    std::string open();
    TraceStream &stream() { return *m_stream; }
    /// Flushes, closes and renames; returns an empty string or why it failed.
    std::string finish();

private:
    std::string m_path;
    std::string m_tmp;
    std::vector<char> m_buffer;
    std::ofstream m_file;
    std::unique_ptr<TraceStream> m_stream;
    bool m_finished = false;
};

} // namespace dplab
