#pragma once

#include "simulation/kernel/simtime.h"
#include "simulation/observe/traceevent.h"

#include <cstdint>
#include <string>

namespace dplab {

/** A message on the wire: a call, its reply, or a bus delivery. Lives in the World's slab. */
struct Message
{
    std::uint64_t id = 0;
    MessageKind kind = MessageKind::Request;
    std::int16_t from = kNoEndpoint;
    std::int16_t to = kNoEndpoint;
    std::uint32_t label = 0; ///< operation (calls) or topic (events)
    std::int64_t key = 0;
    std::uint64_t correlation = 0; ///< call id (requests, replies) or client request id
    std::uint64_t cause = 0;       ///< trace id of the event that sent it
    SimTime sentAt = 0;
    SimTime startedAt = 0;          ///< when a worker took it
    std::int64_t offset = -1;       ///< bus: offset in the topic
    std::int32_t subscription = -1; ///< bus: which subscription this delivery belongs to
    std::uint8_t attempt = 0;
    bool ok = true;            ///< replies: success or failure
    std::uint8_t lockMode = 0; ///< shared database: the DatabaseLock::Mode its work holds
    bool processing = false;   ///< a worker is processing it (not queued, not waiting)
    std::string payload;       ///< small JSON text for pattern data (may be empty)
};

/// A trace event about a message: kind, endpoints, ids, label, key and cause filled in from it
/// (attempt, ok, value and text are left for the caller, which knows what they mean here).
inline TraceEvent traceOf(TraceKind kind, const Message &m)
{
    TraceEvent e;
    e.kind = kind;
    e.from = m.from;
    e.to = m.to;
    e.msg = m.id;
    e.msgKind = m.kind;
    e.label = m.label;
    e.key = m.key;
    e.cause = m.cause;
    return e;
}

} // namespace dplab
