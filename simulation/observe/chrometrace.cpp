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
 * How the arrows attach: Perfetto binds a flow event ("s", or "f" with bp "e") to the
 * innermost slice open on its thread at its instant (open: start <= ts < end), and Chrome
 * DevTools to the event with the same category, thread and timestamp. Handlers send as their
 * processing ends, answers arrive with no worker busy, messages wait in queues: no processing
 * slice encloses all of that. So every endpoint gets a row of its own, "NAME messages", with
 * one 1 us slice (category "message") for each instant at which it sends, publishes or
 * receives; each arrow starts at the slice of the instant its message left (a bus delivery: the
 * publisher's, when the bus sends at once) and ends at the receiver's slice of its arrival,
 * both at the slice's own timestamp and with its category. The slice lists the arrows it
 * carries ("sent", "received": flow ids, which are the trace's send event ids). Flow events
 * are written after the slices of their instant. A message that arrives at the instant it
 * left (no latency) gets its arrival slice 1 us later: DevTools tells a flow's ends apart by
 * their timestamps, and draws no arrow whose ends share one.
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
            m_rawLabels.push_back(colon == std::string::npos ? l : l.substr(colon + 1));
            appendJsonString(s, m_rawLabels.back());
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
        for (std::size_t i = 0; i < m_events.size(); ++i) {
            if (m_events[i].time != m_ioTime)
                flushIo(m_events[i].time);
            m_ioTime = m_events[i].time;
            handle(m_events[i], i);
        }
        flushIo(kSimTimeMax);
        // Work still under way when the trace ends: slices up to the last instant.
        for (std::size_t s = 0; s < m_services.size(); ++s)
            closeAll(static_cast<std::int32_t>(s), m_last, "\"unfinished\":true");
        writeMetadata();
        m_buf += "\n]}\n";
        flush();
        return m_stats;
    }

private:
    static constexpr std::size_t kFlushAt = 1 << 20;

    struct PendingFlow
    {
        std::uint64_t id = 0;                ///< the send event's id (the flow's id in the file)
        SimTime ts = 0;                      ///< the instant of the slice it starts at
        std::int32_t endpoint = kNoEndpoint; ///< whose messages row that slice is on
        std::uint32_t label = 0;
    };
    /// An arrow whose message arrived: written after the message slices of its instant.
    struct DoneFlow
    {
        PendingFlow from;
        std::uint64_t msg = 0;
        std::int32_t to = kNoEndpoint;
        SimTime at = 0; ///< the instant of the arrival slice
    };
    /// What one endpoint sends and receives at the current instant: one slice.
    struct IoSlice
    {
        std::vector<std::uint64_t> sent, received; ///< flow ids
        std::string verb;                          ///< "send", "receive"... when all agree
        std::uint32_t label = 0;                   ///< likewise
        bool mixed = false;
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
        std::uint64_t startId = 0; ///< the Start event: its Process names it as cause
    };
    struct ServiceState
    {
        std::string name; ///< JSON-escaped, quoted
        std::vector<Open> open;
        std::vector<bool> laneBusy;
        std::vector<int> laneTid;
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

    /// The thread of an endpoint's messages row (its sends and arrivals).
    int ioTid(std::int32_t endpoint)
    {
        if (const auto it = m_ioTids.find(endpoint); it != m_ioTids.end())
            return it->second;
        const int tid = kFirstServiceTid + static_cast<int>(m_services.size()) + m_extraLanes++;
        m_ioTids.emplace(endpoint, tid);
        const long n = static_cast<long>(m_services.size());
        const long group = endpoint == kClientEndpoint ? 0
                           : isService(endpoint)       ? static_cast<long>(endpoint) + 1
                           : endpoint == kBusEndpoint  ? n + 1
                                                       : n + 2;
        std::string name;
        appendJsonString(name, m_names.endpoint(endpoint) + " messages");
        m_threads[tid] = Thread{std::move(name), group * 1000 + 999};
        return tid;
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
    }

    /// Notes that `endpoint` sends (`out`) or receives flow `id` at instant `at`.
    void ioItem(SimTime at, std::int32_t endpoint, bool out, std::uint64_t id, const char *verb,
                std::uint32_t label)
    {
        IoSlice &io = m_io[{at, endpoint}];
        if (io.sent.empty() && io.received.empty())
            io.verb = verb, io.label = label;
        else if (io.verb != verb || io.label != label)
            io.mixed = true;
        (out ? io.sent : io.received).push_back(id);
    }

    void idList(const char *key, const std::vector<std::uint64_t> &ids)
    {
        m_buf += key;
        m_buf += ":[";
        for (std::size_t i = 0; i < ids.size(); ++i) {
            if (i)
                m_buf += ',';
            number(static_cast<std::int64_t>(ids[i]));
        }
        m_buf += ']';
    }

    /// Writes the message slices of the instants before `before`, then the arrows that ended
    /// in them.
    void flushIo(SimTime before)
    {
        while (!m_io.empty() && m_io.begin()->first.first < before) {
            const auto node = m_io.extract(m_io.begin());
            const SimTime at = node.key().first;
            const std::int32_t endpoint = node.key().second;
            const IoSlice &io = node.mapped();
            const std::size_t n = io.sent.size() + io.received.size();
            std::string label =
                io.mixed ? std::to_string(n) + " messages" : io.verb + " " + m_rawLabels[io.label];
            if (!io.mixed && n > 1)
                label += " (" + std::to_string(n) + ")";
            std::string name;
            appendJsonString(name, label);
            begin(name, "message", 'X', at, ioTid(endpoint));
            m_buf += ",\"dur\":1,\"args\":{";
            idList("\"sent\"", io.sent);
            m_buf += ',';
            idList("\"received\"", io.received);
            m_buf += "}";
            end();
            ++m_stats.slices;
        }
        std::size_t kept = 0;
        for (const DoneFlow &d : m_done) {
            if (d.at >= before) {
                m_done[kept++] = d;
                continue;
            }
            const std::string &name = labelOf(d.from.label);
            begin(name, "message", 's', d.from.ts, ioTid(d.from.endpoint));
            m_buf += ",\"id\":";
            number(static_cast<std::int64_t>(d.from.id));
            end();
            begin(name, "message", 'f', d.at, ioTid(d.to));
            m_buf += ",\"bp\":\"e\",\"id\":";
            number(static_cast<std::int64_t>(d.from.id));
            m_buf += ",\"args\":{\"msg\":";
            number(static_cast<std::int64_t>(d.msg));
            m_buf += '}';
            end();
            ++m_stats.flows;
        }
        m_done.resize(kept);
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
        m_client.open.push_back(Open{e.id, e.time, lane, e.label, e.msgKind, e.to, e.key, 0});
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

    /// Where a message's arrow starts: the sender's messages slice at this instant, or, for a
    /// bus delivery sent as its event was published, the publisher's.
    PendingFlow flowStart(const TraceEvent &send, const Flight &flight)
    {
        std::int32_t from = send.from;
        const char *verb = send.kind == TraceKind::Reply ? "reply" : "send";
        if (from == kBusEndpoint)
            if (const std::uint32_t p = m_flights.publishOf(m_events, flight);
                p != Flight::kNoEvent && m_events[p].time == send.time)
                from = m_events[p].from, verb = "publish";
        ioItem(send.time, from, true, send.id, verb, send.label);
        return {send.id, send.time, from, send.label};
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
        const SimTime at = pending->ts == e.time ? e.time + 1 : e.time;
        ioItem(at, e.to, false, pending->id, "receive", e.label);
        m_done.push_back(DoneFlow{*pending, e.msg, e.to, at});
    }

    void start(const TraceEvent &e)
    {
        if (!isService(e.to))
            return;
        ServiceState &s = m_services[static_cast<std::size_t>(e.to)];
        s.open.push_back(Open{e.msg, e.time, takeLane(s), e.label, e.msgKind, e.from, e.key, e.id});
    }

    void process(const TraceEvent &e)
    {
        if (!isService(e.to))
            return;
        ServiceState &s = m_services[static_cast<std::size_t>(e.to)];
        // By the Start it names: copies of one message (duplicates) may be processed at once.
        std::size_t found = s.open.size();
        for (std::size_t i = 0; i < s.open.size() && found == s.open.size(); ++i)
            if (s.open[i].startId == e.cause)
                found = i;
        for (std::size_t i = 0; i < s.open.size() && found == s.open.size(); ++i)
            if (s.open[i].msg == e.msg)
                found = i;
        if (found < s.open.size()) {
            const Open o = s.open[found];
            s.open.erase(s.open.begin() + static_cast<std::ptrdiff_t>(found));
            s.laneBusy[o.lane] = false;
            slice(e.to, o, e.time, nullptr);
            return;
        }
        // Its start is not in the trace (a cut trace): the duration still gives the slice.
        Open o{e.msg, e.time - e.value, takeLane(s), e.label, e.msgKind, e.from, e.key, 0};
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
            start(e);
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
            takePending(i); // held by the bus: sent again later, a new arrow
            break;
        case TraceKind::Drop:
            takePending(i);
            instant(e, "\"lost " + labelOf(e.label).substr(1),
                    isService(e.to) ? tidOf(e.to) : tidOf(e.from), false);
            break;
        case TraceKind::Crash:
            if (isService(e.from)) {
                closeAll(e.from, e.time, "\"lost_in_crash\":true");
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
    std::vector<std::string> m_labels;    ///< JSON-quoted, without the "op:" or "topic:"
    std::vector<std::string> m_rawLabels; ///< the same, unquoted
    std::unordered_map<std::uint32_t, PendingFlow> m_pending; ///< by send position
    std::map<std::pair<SimTime, std::int32_t>, IoSlice> m_io; ///< by instant and endpoint
    std::vector<DoneFlow> m_done;                             ///< arrows not written yet
    std::map<std::int32_t, int> m_ioTids;                     ///< messages rows by endpoint
    SimTime m_ioTime = 0;
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
