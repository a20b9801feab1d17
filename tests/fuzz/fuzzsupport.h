#pragma once

#include "simulation/observe/traceevent.h"
#include "simulation/observe/tracelog.h"

#include <string>

namespace dplab::fuzz {

/// Reports a broken property of the code under fuzzing and aborts (a finding).
[[noreturn]] void fail(const char *what, const std::string &detail = {});
/// Reads trace.jsonl text; false when the reader refused it (its error must name the file).
bool readTrace(const std::string &text, TraceLog *events, NameTable *names);
/// trace.jsonl text of the events.
std::string writeTrace(const TraceLog &events, const NameTable &names);

} // namespace dplab::fuzz
