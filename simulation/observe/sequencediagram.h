#pragma once

#include "simulation/kernel/simtime.h"
#include "simulation/observe/tracelog.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace dplab {

class MessageFlights;

/** Which part of a trace a sequence diagram shows: a span of virtual time and an arrow cap. */
struct SequenceWindow
{
    SimTime from = 0;            ///< first instant shown (virtual time, inclusive)
    SimTime to = kSimTimeMax;    ///< last instant shown (inclusive)
    std::size_t maxArrows = 200; ///< arrows past this are left out (a note says how many)
};

/**
 * Mermaid `sequenceDiagram` text of a window of a trace: one arrow per message (requests and
 * commands solid, replies dashed, bus events async, lost messages crossed), crashes, faults,
 * timeouts and interventions as notes. Names from the trace are sanitized into ids and
 * escaped in texts, so hostile service names cannot break the diagram.
 */
std::string mermaidSequence(const TraceLog &events, const NameTable &names,
                            const SequenceWindow &window = {});
/// The same, with the flights of `events` already read (MessageFlights brought up to date).
std::string mermaidSequence(const TraceLog &events, const MessageFlights &flights,
                            const NameTable &names, const SequenceWindow &window = {});

/// Mermaid-safe text: `;`, `#`, `:`, quotes and angle brackets as entity codes, line breaks
/// and control characters as spaces.
std::string mermaidEscape(std::string_view text);

} // namespace dplab
