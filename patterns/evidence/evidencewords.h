#pragma once

#include <cstdint>
#include <string>

namespace dplab {

class EvidenceContext;
struct TraceEvent;

/// The name of a service (or "client", "bus") as the steps say it.
std::string evidenceWho(const EvidenceContext &context, std::int32_t endpoint);
/// The event's free text ("crash right after commit"), or "".
std::string evidenceText(const EvidenceContext &context, const TraceEvent &e);
/// One plain line for an event that starts a chain: "a client asks gateway to pay order (key
/// 51)" for a request, the trace's own summary otherwise.
std::string evidenceOrigin(const EvidenceContext &context, const TraceEvent &e);
/// "orders crashes (crash right after commit)".
std::string evidenceCrash(const EvidenceContext &context, const TraceEvent &e);

} // namespace dplab
