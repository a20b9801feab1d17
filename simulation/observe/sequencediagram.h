#pragma once

#include "simulation/kernel/simtime.h"
#include "simulation/observe/tracelog.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dplab {

class MessageFlights;

/** An event a sequence diagram marks (a step of a chain of evidence) and what it shows. */
struct SequenceHighlight
{
    std::uint64_t event = 0; ///< trace event id
    std::string says;        ///< one plain line, shown in a note beside it
};

/** Which part of a trace a sequence diagram shows: a span of virtual time and an arrow cap. */
struct SequenceWindow
{
    SimTime from = 0;            ///< first instant shown (virtual time, inclusive)
    SimTime to = kSimTimeMax;    ///< last instant shown (inclusive)
    std::size_t maxArrows = 200; ///< arrows past this are left out (a note says how many)
};

/**
 * The events a sequence diagram marks (the steps of a chain of evidence): each is drawn (an
 * arrow, or a note where it happened) inside a highlighted `rect` with a note of its step, and
 * so is every arrow of the messages they concern. Marked events are never left out by the cap.
 */
struct SequenceHighlights
{
    std::vector<SequenceHighlight> steps;
    std::string title; ///< the check, class and entity of the chain: a comment line
};

/**
 * Mermaid `sequenceDiagram` text of a window of a trace: one arrow per message (requests and
 * commands solid, replies dashed, bus events async, lost messages crossed), crashes, faults,
 * timeouts and interventions as notes. Names from the trace are sanitized into ids and
 * escaped in texts, so hostile service names cannot break the diagram.
 */
std::string mermaidSequence(const TraceLog &events, const NameTable &names,
                            const SequenceWindow &window = {},
                            const SequenceHighlights &highlights = {});
/// The same, with the flights of `events` already read (MessageFlights brought up to date).
std::string mermaidSequence(const TraceLog &events, const MessageFlights &flights,
                            const NameTable &names, const SequenceWindow &window = {},
                            const SequenceHighlights &highlights = {});

/// Mermaid-safe text: `;`, `#`, `:`, quotes and angle brackets as entity codes, line breaks
/// and control characters as spaces.
std::string mermaidEscape(std::string_view text);

} // namespace dplab
