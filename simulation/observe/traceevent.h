#pragma once

#include "simulation/kernel/simtime.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dplab {

/** What happened. The names (traceKindName) are the "kind" field of trace.jsonl. */
enum class TraceKind : std::uint8_t {
    Request,   ///< a client issued an operation
    Send,      ///< a message left its sender
    Deliver,   ///< a message reached its receiver (queued there)
    Drop,      ///< a message was lost (random drop, partition, receiver down, bus down)
    Duplicate, ///< the bus made an extra copy of a delivery
    Redeliver, ///< at-least-once: no ack in time, the bus sends again
    Hold,      ///< a delivery waits for the bus to recover, or a request for a lock
    Start,     ///< a worker started processing a message
    Process,   ///< a worker finished processing a message
    Commit,    ///< a database transaction committed (value = changeset slot)
    Reply,     ///< a service answered a request
    Complete,  ///< a client got its answer (value = latency in us; ok flag)
    Timeout,   ///< a call or client request timed out
    Retry,     ///< a call is sent again after a timeout
    Publish,   ///< an event was appended to a topic (value = offset)
    Ack,       ///< a consumer acknowledged a delivery
    FaultStart,
    FaultEnd,
    Crash, ///< a service went down; queued and in-flight work is lost
    Restart,
    Intervention, ///< a live change made by the user
    Failure,      ///< business failure (failure_rate) or an error in a handler
    Breaker,      ///< a circuit breaker changed state (to = guarded service; value: 0 closed,
                  ///< 1 open, 2 half-open; text such as "orders breaker open")
    Coupling,     ///< shared database: a service read or wrote another service's table
    StaleRead,    ///< a read side answered with data older than its source's (from = the read
                  ///< side, key = entity, value = staleness in us or -1 when not known)
    Count_
};

const char *traceKindName(TraceKind kind);
/// Inverse of traceKindName; returns false for an unknown name.
bool traceKindFromName(std::string_view name, TraceKind *kind);

/** What a message is, for colours and filters. */
enum class MessageKind : std::uint8_t { None, Request, Reply, Event, Command, Compensation, Query };

const char *messageKindName(MessageKind kind);

/** Special endpoints besides services (which are 0..n-1). */
inline constexpr std::int32_t kNoEndpoint = -1;
inline constexpr std::int32_t kClientEndpoint = -2;
inline constexpr std::int32_t kBusEndpoint = -3;

/**
 * One entry of the trace: compact (64 bytes) and free of strings, so 10^6 events fit in
 * 64 MB. Names are resolved through the NameTable of the world that produced it.
 */
struct TraceEvent
{
    std::uint64_t id = 0; ///< 1-based, in order of occurrence
    SimTime time = 0;
    std::uint64_t cause = 0; ///< id of the event that led to this one (0 = none)
    std::uint64_t msg = 0;   ///< message id (0 = none)
    std::int64_t key = 0;    ///< entity key (0 = none)
    std::int64_t value = 0;  ///< kind-specific: latency, offset, changeset slot, queue length
    std::int16_t from = kNoEndpoint; ///< service index, or kClientEndpoint / kBusEndpoint
    std::int16_t to = kNoEndpoint;
    std::uint32_t label = 0; ///< operation or topic index (NameTable), kind-specific
    std::uint32_t text = 0;  ///< index into NameTable::texts (0 = none)
    TraceKind kind = TraceKind::Request;
    MessageKind msgKind = MessageKind::None;
    bool ok = true;
    std::uint8_t attempt = 0; ///< retry / redelivery count
};
static_assert(sizeof(TraceEvent) <= 64, "keep trace events compact");

/** Names that trace events refer to by index; owned by the World, copied by recorders. */
struct NameTable
{
    std::vector<std::string> services;
    std::vector<std::string> roles;
    std::vector<std::string> labels; ///< operations and topics ("op:request", "topic:orders")
    std::vector<std::string> texts;  ///< free texts (fault descriptions); index 0 is ""

    NameTable()
    {
        texts.emplace_back();
        labels.emplace_back();
    }

    std::string endpoint(std::int32_t e) const;
    /// Interns a free text (the same text always gets the same index).
    std::uint32_t addText(const std::string &text);
    std::unordered_map<std::string, std::uint32_t> textIndex;
    std::uint32_t label(const std::string &name);
    std::unordered_map<std::string, std::uint32_t> labelIndex;
    const std::string &labelName(std::uint32_t i) const
    {
        return i < labels.size() ? labels[i] : labels[0];
    }
};

/// One readable line about the event ("orders -> inventory request #12 dropped (partition)").
std::string describeEvent(const TraceEvent &e, const NameTable &names);

} // namespace dplab
