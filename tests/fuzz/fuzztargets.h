#pragma once

#include <string_view>

namespace dplab::fuzz {

// The bodies of the libFuzzer targets, shared with the regression test (tst_fuzzregressions)
// so that a normal gcc build replays every input a fuzzer once crashed on. Each one accepts any
// bytes: a rejected file is the expected outcome, and only a crash, a sanitizer finding or a
// broken round trip (reported through abort()) is a bug.

/// Scenario text through the loader and the builder's build-time checks (dplab-cli validate).
void scenarioText(std::string_view bytes);
/// A run file: the loader (with its "run" section), then, when it is valid, the world is built
/// and a few hundred events run with the interventions replayed, and the trace they wrote is
/// read back.
void runFile(std::string_view bytes);
/// trace.jsonl through the trace reader; what it accepts must write and read back identically.
void traceJsonl(std::string_view bytes);

} // namespace dplab::fuzz
