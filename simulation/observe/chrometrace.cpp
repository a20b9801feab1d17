#include "simulation/observe/chrometrace.h"

#include "simulation/observe/messageflights.h"
#include "simulation/observe/tracerecorder.h"

#include <charconv>
#include <map>
#include <optional>
#include <unordered_map>
#include <vector>

namespace dplab {

namespace {

constexpr int kClientTid = 1;
constexpr int kBusTid = 2;
constexpr int kWorldTid = 3;
constexpr int kFirstServiceTid = 10;

/*
 * How the arrows attach: viewers bind a flow start ("s") to the slice open on its thread at
 * that instant, and a flow end with bp "e" to the slice enclosing it. So a message's arrow
 * starts inside the slice whose handler sent it (1 us before that slice ends, since the
 * handler runs as the processing finishes) or inside the client request that sent it, and
 * ends at the start of the slice that processed it (written after that slice), or, for an
 * answer to the client, 1 us before the client's request slice ends.
 */
class ChromeWriter
{
public:
    ChromeWriter(std::ostream &out, const TraceLog &events, const MessageFlights &flights,
                 const NameTable &names)
        : m_out(out)
        , m_events(events)
        , m_flights(flights)
        , m_names(names)
        , m_services(names.services.size())
    {
        m_buf.reserve(kFlushAt + 4096);
        // Escaped once: labels and endpoint names repeat on almost every event.
        for (const std::string &l : names.labels) {
            const auto colon = l.find(':');
            std::string s;
            appendJsonString(s, colon == std::string::npos ? l : l.substr(colon + 1));
            m_labels.push_back(std::move(s));
        }
        for (std::size_t i = 0; i < names.services.size(); ++i)
            appendJsonString(m_services[i].name, names.services[i]);
        appendJsonString(m_client.name, "client");
    }

    ChromeTraceStats write(const nlohmann::json &otherData)
    {
        m_buf += "{\"displayTimeUnit\":\"ms\",\"otherData\":";
        nlohmann::json other = otherData.is_object() ? otherData : nlohmann::json::object();
        other["generator"] = "dplab";
        other["time"] = "virtual microseconds of the simulation";
        other["trace_events"] = m_events.size();
        m_buf += other.dump();
        m_buf += ",\"traceEvents\":[\n";
        if (!m_events.empty())
            m_last = m_events.back().time;
        findRequestEnds();
        for (std::size_t i = 0; i < m_events.size(); ++i)
            handle(m_events[i], i);
        // Work still under way when the trace ends: slices up to the last instant.
        for (std::size_t s = 0; s < m_services.size(); ++s)
            closeAll(static_cast<std::int32_t>(s), m_last, "\"unfinished\":true");
        flushWaiting(nullptr);
        writeMetadata();
        m_buf += "\n]}\n";
        flush();
        return m_stats;
    }

private:
    static constexpr std::size_t kFlushAt = 1 << 20;

    struct PendingFlow
    {
        std::uint64_t id = 0; ///< the send event's id (the flow's id in the file)
        SimTime ts = 0;
        int tid = 0;
    };
    /// A message that arrived at a service and waits for a worker.
    struct Waiting
    {
        PendingFlow flow;
        SimTime deliveredAt = 0;
        std::int16_t to = kNoEndpoint;
        std::uint32_t label = 0;
        MessageKind kind = MessageKind::None;
        std::uint64_t msg = 0;
    };
    struct Open
    {
        std::uint64_t msg = 0; ///< message id; for client requests the Request event's id
        SimTime start = 0;
        std::size_t lane = 0;
        std::uint32_t label = 0;
        MessageKind kind = MessageKind::None;
        std::int16_t from = kNoEndpoint; ///< sender; for client requests the target
        std::int64_t key = 0;
        bool hasFlow = false;
        PendingFlow flow;
    };
    struct ServiceState
    {
        std::string name; ///< JSON-escaped, quoted
        std::vector<Open> open;
        std::vector<bool> laneBusy;
        std::vector<int> laneTid;
        SimTime lastDoneAt = -1; ///< when a slice last ended, and where: sends then are its
        std::size_t lastDoneLane = 0;
        SimTime lastDoneStart = 0;
    };
    struct Thread
    {
        std::string name; ///< JSON-escaped, quoted
        long sortIndex = 0;
    };

    void flush()
    {
        m_out.write(m_buf.data(), static_cast<std::streamsize>(m_buf.size()));
        m_buf.clear();
    }

    void number(std::int64_t v)
    {
        char tmp[24];
        const auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
        m_buf.append(tmp, r.ptr);
    }

    /// Opens `{"name":NAME,"cat":"CAT","ph":"P","ts":T,"pid":1,"tid":TID` (no closing brace).
    void begin(const std::string &quotedName, const char *cat, char ph, SimTime ts, int tid)
    {
        if (m_stats.events++ > 0)
            m_buf += ",\n";
        m_buf += "{\"name\":";
        m_buf += quotedName;
        m_buf += ",\"cat\":\"";
        m_buf += cat;
        m_buf += "\",\"ph\":\"";
        m_buf += ph;
        m_buf += "\",\"ts\":";
        number(ts);
        m_buf += ",\"pid\":1,\"tid\":";
        number(tid);
        used(tid);
    }

    void end()
    {
        m_buf += '}';
        if (m_buf.size() >= kFlushAt)
            flush();
    }

    const std::string &labelOf(std::uint32_t label) const
    {
        return label < m_labels.size() ? m_labels[label] : m_labels[0];
    }

    std::string endpointName(std::int32_t e) const
    {
        std::string s;
        appendJsonString(s, m_names.endpoint(e));
        return s;
    }

    bool isService(std::int32_t e) const
    {
        return e >= 0 && static_cast<std::size_t>(e) < m_services.size();
    }

    ServiceState &stateOf(std::int32_t endpoint)
    {
        return endpoint == kClientEndpoint ? m_client
                                           : m_services[static_cast<std::size_t>(endpoint)];
    }

    /// The thread of one lane of a service's workers (or of the client's open requests).
    int laneTid(std::int32_t endpoint, std::size_t lane)
    {
        ServiceState &s = stateOf(endpoint);
        const bool client = endpoint == kClientEndpoint;
        while (s.laneTid.size() <= lane) {
            const std::size_t l = s.laneTid.size();
            const int tid =
                l > 0    ? kFirstServiceTid + static_cast<int>(m_services.size()) + m_extraLanes++
                : client ? kClientTid
                         : kFirstServiceTid + endpoint;
            s.laneTid.push_back(tid);
            std::string name = s.name;
            if (l > 0) // "orders" then "orders worker 2", ...: one row per concurrent worker
                name.insert(name.size() - 1, (client ? " " : " worker ") + std::to_string(l + 1));
            const long group = client ? 0 : static_cast<long>(endpoint) + 1;
            m_threads[tid] = Thread{std::move(name), group * 1000 + static_cast<long>(l)};
        }
        return s.laneTid[lane];
    }

    int tidOf(std::int32_t endpoint)
    {
        if (endpoint == kBusEndpoint)
            return kBusTid;
        if (endpoint == kClientEndpoint || isService(endpoint))
            return laneTid(endpoint, 0);
        return kWorldTid;
    }

    void used(int tid)
    {
        if (m_threads.count(tid))
            return;
        const long n = static_cast<long>(m_services.size());
        if (tid == kBusTid)
            m_threads[tid] = Thread{"\"bus\"", (n + 1) * 1000};
        else if (tid == kWorldTid)
            m_threads[tid] = Thread{"\"faults and interventions\"", (n + 2) * 1000};
    }

    static std::size_t takeLane(ServiceState &s)
    {
        std::size_t lane = 0;
        while (lane < s.laneBusy.size() && s.laneBusy[lane])
            ++lane;
        if (lane == s.laneBusy.size())
            s.laneBusy.push_back(true);
        else
            s.laneBusy[lane] = true;
        return lane;
    }

    /// Pairs each client request with its answer (same target, operation and key, first in
    /// first out), so that its slice can be written when it starts, before its arrows.
    void findRequestEnds()
    {
        std::vector<const TraceEvent *> open;
        for (const TraceEvent &e : m_events) {
            if (e.kind == TraceKind::Request && e.from == kClientEndpoint && isService(e.to)) {
                open.push_back(&e);
            } else if (e.kind == TraceKind::Complete) {
                for (std::size_t i = 0; i < open.size(); ++i) {
                    const TraceEvent &r = *open[i];
                    if (r.to == e.from && r.label == e.label && r.key == e.key) {
                        m_requestEnds.emplace(r.id, std::make_pair(e.time, e.ok));
                        open.erase(open.begin() + static_cast<std::ptrdiff_t>(i));
                        break;
                    }
                }
            }
        }
    }

    void slice(std::int32_t service, const Open &o, SimTime endAt, const char *extraArgs)
    {
        const int tid = laneTid(service, o.lane);
        begin(labelOf(o.label), *messageKindName(o.kind) ? messageKindName(o.kind) : "work", 'X',
              o.start, tid);
        m_buf += ",\"dur\":";
        number(endAt - o.start);
        m_buf += ",\"args\":{\"msg\":";
        number(static_cast<std::int64_t>(o.msg));
        m_buf += ",\"from\":";
        m_buf += endpointName(o.from);
        if (o.key) {
            m_buf += ",\"key\":";
            number(o.key);
        }
        if (extraArgs) {
            m_buf += ',';
            m_buf += extraArgs;
        }
        m_buf += '}';
        end();
        ++m_stats.slices;
        if (o.hasFlow)
            arrow(o.flow, o.label, o.kind, o.msg, o.start, tid);
        ServiceState &s = stateOf(service);
        s.lastDoneAt = endAt;
        s.lastDoneLane = o.lane;
        s.lastDoneStart = o.start;
    }

    /// One message's arrow: "s" where it was sent, "f" where it ends (bound to the slice there).
    void arrow(const PendingFlow &from, std::uint32_t label, MessageKind kind, std::uint64_t msg,
               SimTime endTs, int endTid)
    {
        const std::string &name = labelOf(label);
        const char *cat = *messageKindName(kind) ? messageKindName(kind) : "message";
        begin(name, cat, 's', from.ts, from.tid);
        m_buf += ",\"id\":";
        number(static_cast<std::int64_t>(from.id));
        end();
        begin(name, cat, 'f', std::max(endTs, from.ts), endTid);
        m_buf += ",\"bp\":\"e\",\"id\":";
        number(static_cast<std::int64_t>(from.id));
        m_buf += ",\"args\":{\"msg\":";
        number(static_cast<std::int64_t>(msg));
        m_buf += '}';
        end();
        ++m_stats.flows;
    }

    void closeAll(std::int32_t service, SimTime at, const char *why)
    {
        ServiceState &s = m_services[static_cast<std::size_t>(service)];
        const std::vector<Open> open = std::move(s.open);
        s.open.clear();
        for (const Open &o : open)
            slice(service, o, at, why);
        s.laneBusy.assign(s.laneBusy.size(), false);
    }

    /// Arrows of messages that arrived but were never processed (all, or one service's).
    void flushWaiting(const std::int16_t *service)
    {
        for (auto it = m_waiting.begin(); it != m_waiting.end();) {
            const Waiting &w = it->second;
            if (service && w.to != *service) {
                ++it;
                continue;
            }
            arrow(w.flow, w.label, w.kind, w.msg, w.deliveredAt, tidOf(w.to));
            it = m_waiting.erase(it);
        }
    }

    void instant(const TraceEvent &e, const std::string &quotedName, int tid, bool global)
    {
        begin(quotedName, traceKindName(e.kind), 'i', e.time, global ? kWorldTid : tid);
        m_buf += global ? ",\"s\":\"g\"" : ",\"s\":\"t\"";
        m_buf += ",\"args\":{\"event\":";
        number(static_cast<std::int64_t>(e.id));
        m_buf += ",\"summary\":";
        appendJsonString(m_buf, describeEvent(e, m_names));
        m_buf += '}';
        end();
    }

    void request(const TraceEvent &e)
    {
        if (e.from != kClientEndpoint || !isService(e.to))
            return; // a publish by the client has no answer to wait for
        const std::size_t lane = takeLane(m_client);
        m_client.open.push_back(
            Open{e.id, e.time, lane, e.label, e.msgKind, e.to, e.key, false, {}});
        const auto it = m_requestEnds.find(e.id);
        const SimTime endAt = it == m_requestEnds.end() ? m_last : it->second.first;
        begin(labelOf(e.label), "client", 'X', e.time, laneTid(kClientEndpoint, lane));
        m_buf += ",\"dur\":";
        number(endAt - e.time);
        m_buf += ",\"args\":{\"target\":";
        m_buf += endpointName(e.to);
        if (e.key) {
            m_buf += ",\"key\":";
            number(e.key);
        }
        if (it == m_requestEnds.end())
            m_buf += ",\"unfinished\":true";
        else
            m_buf += it->second.second ? ",\"ok\":true" : ",\"ok\":false";
        m_buf += '}';
        end();
        ++m_stats.slices;
    }

    void complete(const TraceEvent &e)
    {
        for (std::size_t i = 0; i < m_client.open.size(); ++i) {
            const Open &o = m_client.open[i];
            if (o.from != e.from || o.label != e.label || o.key != e.key)
                continue;
            m_client.laneBusy[o.lane] = false;
            m_client.open.erase(m_client.open.begin() + static_cast<std::ptrdiff_t>(i));
            return;
        }
    }

    /// Where a message's arrow starts: inside the slice or client request that sent it.
    PendingFlow flowStart(const TraceEvent &send, const Flight &flight)
    {
        std::int32_t from = send.from;
        SimTime ts = send.time;
        std::uint64_t cause = send.cause;
        // A bus delivery starts where its event was published: publisher to consumer.
        if (from == kBusEndpoint)
            if (const std::uint32_t p = m_flights.publishOf(m_events, flight);
                p != Flight::kNoEvent) {
                const TraceEvent &c = m_events[p];
                from = c.from, ts = c.time, cause = c.cause;
            }
        if (from == kClientEndpoint) {
            for (const Open &o : m_client.open)
                if (o.msg == cause)
                    return {send.id, ts, laneTid(kClientEndpoint, o.lane)};
            return {send.id, ts, tidOf(from)};
        }
        if (isService(from)) {
            const ServiceState &s = m_services[static_cast<std::size_t>(from)];
            if (s.lastDoneAt == ts && ts > s.lastDoneStart)
                return {send.id, ts - 1, laneTid(from, s.lastDoneLane)};
        }
        return {send.id, ts, tidOf(from)};
    }

    /// Forgets the arrow of the flight that event `i` ended, if any; returns it.
    std::optional<PendingFlow> takePending(std::size_t i)
    {
        const Flight *flight = m_flights.endedBy(i);
        const auto it = flight ? m_pending.find(flight->send) : m_pending.end();
        if (it == m_pending.end())
            return std::nullopt;
        const PendingFlow f = it->second;
        m_pending.erase(it);
        return f;
    }

    void deliver(const TraceEvent &e, std::size_t i)
    {
        const std::optional<PendingFlow> pending = takePending(i);
        if (!pending)
            return;
        const PendingFlow f = *pending;
        if (isService(e.to) && e.msgKind != MessageKind::Reply) {
            // Queued for a worker: the arrow ends where its processing starts.
            m_waiting.emplace(e.id, Waiting{f, e.time, e.to, e.label, e.msgKind, e.msg});
            return;
        }
        int tid = tidOf(e.to);
        SimTime ts = e.time;
        if (e.to == kClientEndpoint) {
            for (const Open &o : m_client.open) {
                if (o.from == e.from && o.label == e.label && o.key == e.key) {
                    tid = laneTid(kClientEndpoint, o.lane);
                    ts = std::max(o.start, e.time - 1);
                    break;
                }
            }
        }
        arrow(f, e.label, e.msgKind, e.msg, ts, tid);
    }

    void start(const TraceEvent &e, std::size_t i)
    {
        if (!isService(e.to))
            return;
        ServiceState &s = m_services[static_cast<std::size_t>(e.to)];
        Open o{e.msg, e.time, takeLane(s), e.label, e.msgKind, e.from, e.key, false, {}};
        // Its arrow waits under the event that queued it: the delivery, or the lock wait.
        const std::uint32_t n = m_flights.flightOf(i);
        const std::uint64_t queuedBy =
            n != kNoFlight && m_flights[n].start == i ? m_events[m_flights[n].queuedBy()].id : 0;
        if (const auto it = m_waiting.find(queuedBy); it != m_waiting.end()) {
            o.hasFlow = true;
            o.flow = it->second.flow;
            m_waiting.erase(it);
        }
        s.open.push_back(o);
    }

    void process(const TraceEvent &e)
    {
        if (!isService(e.to))
            return;
        ServiceState &s = m_services[static_cast<std::size_t>(e.to)];
        for (std::size_t i = 0; i < s.open.size(); ++i) {
            if (s.open[i].msg != e.msg)
                continue;
            const Open o = s.open[i];
            s.open.erase(s.open.begin() + static_cast<std::ptrdiff_t>(i));
            s.laneBusy[o.lane] = false;
            slice(e.to, o, e.time, nullptr);
            return;
        }
        // Its start is not in the trace (a cut trace): the duration still gives the slice.
        Open o{e.msg, e.time - e.value, takeLane(s), e.label, e.msgKind, e.from, e.key, false, {}};
        s.laneBusy[o.lane] = false;
        slice(e.to, o, e.time, "\"start_not_in_trace\":true");
    }

    void handle(const TraceEvent &e, std::size_t i)
    {
        switch (e.kind) {
        case TraceKind::Request:
            request(e);
            break;
        case TraceKind::Complete:
            complete(e);
            break;
        case TraceKind::Start:
            start(e, i);
            break;
        case TraceKind::Process:
            process(e);
            break;
        case TraceKind::Send:
        case TraceKind::Reply:
            if (const Flight *f = m_flights.sentBy(i))
                m_pending[f->send] = flowStart(e, *f);
            break;
        case TraceKind::Deliver:
            deliver(e, i);
            break;
        case TraceKind::Hold:
            if (const std::uint32_t n = m_flights.flightOf(i);
                n != kNoFlight && m_flights[n].lockWait == i) {
                // Waits for the shared database's lock: its Start will name this Hold.
                const auto it = m_waiting.find(m_events[m_flights[n].end].id);
                if (it != m_waiting.end()) {
                    Waiting w = it->second;
                    m_waiting.erase(it);
                    m_waiting.emplace(e.id, w);
                }
            } else {
                takePending(i); // held by the bus: sent again later, a new arrow
            }
            break;
        case TraceKind::Drop:
            takePending(i);
            instant(e, "\"lost " + labelOf(e.label).substr(1),
                    isService(e.to) ? tidOf(e.to) : tidOf(e.from), false);
            break;
        case TraceKind::Crash:
            if (isService(e.from)) {
                closeAll(e.from, e.time, "\"lost_in_crash\":true");
                flushWaiting(&e.from); // queued messages die too
                instant(e, "\"crash\"", tidOf(e.from), false);
            }
            break;
        case TraceKind::Restart:
            instant(e, "\"restart\"", tidOf(e.from), false);
            break;
        case TraceKind::Timeout:
            instant(e, "\"timeout " + labelOf(e.label).substr(1), tidOf(e.from), false);
            break;
        case TraceKind::Failure:
            instant(e, "\"failure\"", tidOf(e.from), false);
            break;
        case TraceKind::Breaker:
            instant(e, "\"breaker\"", tidOf(e.from), false);
            break;
        case TraceKind::FaultStart:
            instant(e, "\"fault starts\"", kWorldTid, true);
            break;
        case TraceKind::FaultEnd:
            instant(e, "\"fault ends\"", kWorldTid, true);
            break;
        case TraceKind::Intervention:
            instant(e, "\"intervention\"", kWorldTid, true);
            break;
        default:
            break;
        }
    }

    void writeMetadata()
    {
        // The process row itself: tid 0 is not a thread, so this one is written by hand.
        if (m_stats.events++ > 0)
            m_buf += ",\n";
        m_buf +=
            "{\"name\":\"process_name\",\"cat\":\"__metadata\",\"ph\":\"M\",\"ts\":0,\"pid\":1,"
            "\"tid\":0,\"args\":{\"name\":\"dplab simulation\"}}";
        for (const auto &[tid, t] : m_threads) {
            begin("\"thread_name\"", "__metadata", 'M', 0, tid);
            m_buf += ",\"args\":{\"name\":";
            m_buf += t.name;
            m_buf += "}";
            end();
            begin("\"thread_sort_index\"", "__metadata", 'M', 0, tid);
            m_buf += ",\"args\":{\"sort_index\":";
            number(t.sortIndex);
            m_buf += "}";
            end();
        }
        m_stats.threads = m_threads.size();
    }

    std::ostream &m_out;
    const TraceLog &m_events;
    const MessageFlights &m_flights;
    const NameTable &m_names;
    std::vector<ServiceState> m_services;
    ServiceState m_client;
    std::vector<std::string> m_labels;
    std::unordered_map<std::uint32_t, PendingFlow> m_pending; ///< by send position
    std::map<std::uint64_t, Waiting> m_waiting;               ///< by deliver (or hold) event id
    std::unordered_map<std::uint64_t, std::pair<SimTime, bool>> m_requestEnds; ///< by request id
    std::map<int, Thread> m_threads;
    int m_extraLanes = 0;
    SimTime m_last = 0;
    std::string m_buf;
    ChromeTraceStats m_stats;
};

} // namespace

ChromeTraceStats writeChromeTrace(std::ostream &out, const TraceLog &events, const NameTable &names,
                                  const nlohmann::json &otherData)
{
    MessageFlights flights;
    flights.update(events);
    return writeChromeTrace(out, events, flights, names, otherData);
}

ChromeTraceStats writeChromeTrace(std::ostream &out, const TraceLog &events,
                                  const MessageFlights &flights, const NameTable &names,
                                  const nlohmann::json &otherData)
{
    return ChromeWriter(out, events, flights, names).write(otherData);
}

} // namespace dplab
