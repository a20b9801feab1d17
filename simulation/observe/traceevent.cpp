#include "simulation/observe/traceevent.h"

#include <array>

namespace dplab {

namespace {
constexpr std::array<const char *, static_cast<std::size_t>(TraceKind::Count_)> kKindNames = {
    "request", "send",    "deliver",     "drop",      "duplicate", "redeliver", "hold",
    "start",   "process", "commit",      "reply",     "complete",  "timeout",   "retry",
    "publish", "ack",     "fault-start", "fault-end", "crash",     "restart",   "intervention",
    "failure", "breaker", "coupling",    "stale-read"};
} // namespace

const char *traceKindName(TraceKind kind)
{
    const auto i = static_cast<std::size_t>(kind);
    return i < kKindNames.size() ? kKindNames[i] : "?";
}

bool traceKindFromName(std::string_view name, TraceKind *kind)
{
    for (std::size_t i = 0; i < kKindNames.size(); ++i) {
        if (name == kKindNames[i]) {
            *kind = static_cast<TraceKind>(i);
            return true;
        }
    }
    return false;
}

const char *messageKindName(MessageKind kind)
{
    switch (kind) {
    case MessageKind::None:
        return "";
    case MessageKind::Request:
        return "request";
    case MessageKind::Reply:
        return "reply";
    case MessageKind::Event:
        return "event";
    case MessageKind::Command:
        return "command";
    case MessageKind::Compensation:
        return "compensation";
    case MessageKind::Query:
        return "query";
    }
    return "";
}

std::string NameTable::endpoint(std::int32_t e) const
{
    if (e == kClientEndpoint)
        return "client";
    if (e == kBusEndpoint)
        return "bus";
    if (e >= 0 && static_cast<std::size_t>(e) < services.size())
        return services[static_cast<std::size_t>(e)];
    return "";
}

std::uint32_t NameTable::addText(const std::string &text)
{
    if (text.empty())
        return 0;
    const auto it = textIndex.find(text);
    if (it != textIndex.end())
        return it->second;
    texts.push_back(text);
    const auto i = static_cast<std::uint32_t>(texts.size() - 1);
    textIndex.emplace(text, i);
    return i;
}

std::uint32_t NameTable::label(const std::string &name)
{
    const auto it = labelIndex.find(name);
    if (it != labelIndex.end())
        return it->second;
    labels.push_back(name);
    const auto i = static_cast<std::uint32_t>(labels.size() - 1);
    labelIndex.emplace(name, i);
    return i;
}

std::string describeEvent(const TraceEvent &e, const NameTable &n)
{
    const std::string from = n.endpoint(e.from);
    const std::string to = n.endpoint(e.to);
    const std::string label = n.labelName(e.label);
    const std::string what = std::string(messageKindName(e.msgKind)) +
                             (label.empty() ? "" : " " + label) +
                             (e.msg ? " #" + std::to_string(e.msg) : "");
    const std::string key = e.key ? " key " + std::to_string(e.key) : "";
    const std::string text = e.text < n.texts.size() ? n.texts[e.text] : "";
    const std::string detail = text.empty() ? "" : " (" + text + ")";
    switch (e.kind) {
    case TraceKind::Request:
        return "client starts " + label + key + " at " + to;
    case TraceKind::Send:
        return from + " -> " + to + " " + what + key +
               (e.attempt ? " attempt " + std::to_string(e.attempt + 1) : "");
    case TraceKind::Deliver:
        return to + " receives " + what + " from " + from;
    case TraceKind::Drop:
        return from + " -> " + to + " " + what + " lost" + detail;
    case TraceKind::Duplicate:
        return "bus duplicates " + what + " for " + to;
    case TraceKind::Redeliver:
        return "bus redelivers " + what + " to " + to + " (no ack)";
    case TraceKind::Hold:
        // A request waits inside its service (for a lock); anything else waits in the bus.
        if (e.msgKind == MessageKind::Request)
            return to + " holds " + what + " from " + from + detail;
        return "bus holds " + what + " for " + to + detail;
    case TraceKind::Start:
        return to + " starts " + what;
    case TraceKind::Process:
        return to + " processed " + what + " in " + formatDuration(e.value);
    case TraceKind::Commit:
        return from + " commits" + (label.empty() ? "" : " " + label) + detail;
    case TraceKind::Reply:
        return from + " -> " + to + " reply" + (e.ok ? " ok" : " failed") + " to #" +
               std::to_string(e.msg);
    case TraceKind::Complete:
        return "client " + label + (e.ok ? " ok" : " failed") + " after " +
               formatDuration(e.value) + detail;
    case TraceKind::Timeout:
        return from + " gave up waiting for " + to + " " + what + detail;
    case TraceKind::Retry:
        return from + " retries " + what + " to " + to;
    case TraceKind::Publish:
        return from + " publishes to " + label + key + " offset " + std::to_string(e.value) +
               detail;
    case TraceKind::Ack:
        return to + " acks " + what;
    case TraceKind::FaultStart:
        return "fault starts: " + text;
    case TraceKind::FaultEnd:
        return "fault ends: " + text;
    case TraceKind::Crash:
        return from + " crashes" + detail;
    case TraceKind::Restart:
        return from + " restarts";
    case TraceKind::Intervention:
        return "intervention: " + text;
    case TraceKind::Failure:
        // A failure about no message in particular (a step of a longer flow) is its own sentence.
        if (e.msgKind == MessageKind::None && label.empty() && !e.msg && !text.empty())
            return from + ": " + text;
        return from + " fails " + what + detail;
    case TraceKind::Breaker:
        return from + ": " + text;
    case TraceKind::Coupling:
        return from + " reaches into " + to + "'s data" + detail;
    case TraceKind::StaleRead:
        return from + " answers a stale read" +
               (e.key ? " of " + std::to_string(e.key) : std::string()) +
               (e.value >= 0 ? ", " + std::to_string(e.value / 1000) + " ms behind"
                             : std::string()) +
               detail;
    case TraceKind::Count_:
        break;
    }
    return {};
}

} // namespace dplab
