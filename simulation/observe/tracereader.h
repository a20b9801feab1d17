#pragma once

#include "simulation/observe/tracelog.h"

#include <cstddef>
#include <istream>
#include <stdexcept>
#include <string>

namespace dplab {

/** Bounds on what readTraceJsonl accepts from a file of unknown origin. */
struct TraceReadLimits
{
    std::size_t maxLineBytes = std::size_t{1} << 20;
    std::size_t maxEvents = 5'000'000;
    std::size_t maxServices = 32767;  ///< service indices are 16-bit
    std::size_t maxNames = 1'000'000; ///< distinct labels plus texts
};

/** A trace.jsonl that cannot be read; what() is "file:line:col: message". */
class TraceReadError : public std::runtime_error
{
public:
    TraceReadError(const std::string &file, std::size_t line, std::size_t column,
                   const std::string &message);
    std::size_t line() const { return m_line; }
    std::size_t column() const { return m_column; }

private:
    std::size_t m_line;
    std::size_t m_column;
};

/**
 * Reads a trace.jsonl written by writeTraceJsonl back into events and the names they refer
 * to (services in order of first appearance), so a finished run can be inspected without
 * running it again. Writing what it read gives the same bytes. Throws TraceReadError.
 */
void readTraceJsonl(std::istream &in, const std::string &fileName, TraceLog *events,
                    NameTable *names, const TraceReadLimits &limits = {});

/// Opens `path` and reads it with readTraceJsonl.
void readTraceJsonlFile(const std::string &path, TraceLog *events, NameTable *names,
                        const TraceReadLimits &limits = {});

} // namespace dplab
