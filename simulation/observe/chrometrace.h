#pragma once

#include "simulation/observe/tracelog.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <ostream>

namespace dplab {

class MessageFlights;

/** What writeChromeTrace wrote, for reports and tests. */
struct ChromeTraceStats
{
    std::size_t events = 0; ///< JSON trace events written (metadata included)
    std::size_t slices = 0; ///< complete ("X") events: processing of one message
    std::size_t flows = 0;  ///< messages drawn as flow arrows (one "s" and one "f" each)
    std::size_t threads = 0;
};

/**
 * Writes a trace in the Chrome Trace Event Format (Perfetto, chrome://tracing): one process,
 * one thread per service worker lane (plus the client, the bus and the world's faults),
 * processing as complete events, delivered messages as flow arrows from send to delivery,
 * losses, crashes, faults and interventions as instant events. Times are virtual
 * microseconds. Streams its output: besides the flights of the trace (MessageFlights, read
 * first), memory stays bounded by the work in progress. `otherData` goes into the file's
 * "otherData" object (scenario name, seed...).
 */
ChromeTraceStats writeChromeTrace(std::ostream &out, const TraceLog &events, const NameTable &names,
                                  const nlohmann::json &otherData = nlohmann::json::object());
/// The same, with the flights of `events` already read (MessageFlights brought up to date).
ChromeTraceStats writeChromeTrace(std::ostream &out, const TraceLog &events,
                                  const MessageFlights &flights, const NameTable &names,
                                  const nlohmann::json &otherData = nlohmann::json::object());

} // namespace dplab
