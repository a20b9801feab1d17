#pragma once

namespace dplab {

/** The operation names two-phase commit adds to the shop's services. */
struct TwoPhaseOps
{
    static constexpr const char *kPrepare = "prepare";
    static constexpr const char *kCommit = "commit";
    static constexpr const char *kAbort = "abort";
    /// A participant in doubt asks the coordinator; the answer comes as commit or abort.
    static constexpr const char *kAskDecision = "ask_decision";
};

} // namespace dplab
