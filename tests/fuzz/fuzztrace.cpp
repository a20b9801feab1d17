// The trace.jsonl fuzz target and the trace helpers the run-file target shares (only
// dplab_simulation: fuzz_trace builds without the patterns library).
#include "tests/fuzz/fuzzsupport.h"
#include "tests/fuzz/fuzztargets.h"

#include "simulation/observe/tracereader.h"
#include "simulation/observe/tracerecorder.h"

#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace dplab::fuzz {

void fail(const char *what, const std::string &detail)
{
    std::fprintf(stderr, "fuzz check failed: %s\n%s\n", what, detail.c_str());
    std::abort();
}

namespace {

TraceReadLimits smallLimits()
{
    TraceReadLimits limits;
    limits.maxLineBytes = 1 << 16;
    limits.maxEvents = 100'000;
    limits.maxNames = 10'000;
    return limits;
}

/// What the reader accepted writes out, and that text reads back and writes out the same.
void checkTraceRoundTrip(const TraceLog &events, const NameTable &names)
{
    const std::string first = writeTrace(events, names);
    TraceLog again;
    NameTable againNames;
    if (!readTrace(first, &again, &againNames))
        fail("the trace reader refuses what the writer wrote", first.substr(0, 2000));
    const std::string second = writeTrace(again, againNames);
    if (second != first)
        fail("trace write/read/write is not stable", first.substr(0, 2000));
}

} // namespace

bool readTrace(const std::string &text, TraceLog *events, NameTable *names)
{
    std::istringstream in(text);
    try {
        readTraceJsonl(in, "fuzz.jsonl", events, names, smallLimits());
        return true;
    } catch (const TraceReadError &e) {
        if (std::string(e.what()).rfind("fuzz.jsonl:", 0) != 0)
            fail("trace error without the file name", e.what());
        return false;
    }
}

std::string writeTrace(const TraceLog &events, const NameTable &names)
{
    std::ostringstream out;
    writeTraceJsonl(out, events, names);
    return out.str();
}

void traceJsonl(std::string_view bytes)
{
    TraceLog events;
    NameTable names;
    if (readTrace(std::string(bytes), &events, &names))
        checkTraceRoundTrip(events, names);
}

} // namespace dplab::fuzz
