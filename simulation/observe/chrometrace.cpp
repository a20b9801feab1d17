#include "chrometrace.h"

#include "tracerecorder.h"

#include <charconv>
#include <map>
#include <unordered_map>
#include <vector>

namespace dplab {

namespace {

constexpr int kClientTid = 1;
constexpr int kBusTid = 2;
constexpr int kWorldTid = 3;
constexpr int kFirstServiceTid = 10;

const TraceEvent *eventById(const TraceLog &events, std::uint64_t id)
{
    if (id == 0 || id > events.size())
        return nullptr;
    const TraceEvent &e = events[static_cast<std::size_t>(id - 1)];
    return e.id == id ? &e : nullptr;
}

class ChromeWriter
{
public:
    ChromeWriter(std::ostream &out, const TraceLog &events, const NameTable &names)
        : m_out(out)
        , m_events(events)
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
        for (std::size_t i = 0; i < names.services.size(); ++i) {
            std::string s;
            appendJsonString(s, names.services[i]);
            m_services[i].name = std::move(s);
        }
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
        SimTime last = 0;
        for (const TraceEvent &e : m_events) {
            handle(e);
            last = e.time;
        }
        // Work still under way when the trace ends: slices up to the last instant.
        for (std::size_t s = 0; s < m_services.size(); ++s)
            closeAll(static_cast<std::int32_t>(s), last, "\"unfinished\":true");
        for (const Open &o : m_client.open)
            clientSlice(o, last, false, "\"unfinished\":true");
        writeMetadata();
        m_buf += "\n]}\n";
        flush();
        return m_stats;
    }

private:
    static constexpr std::size_t kFlushAt = 1 << 20;

    struct Open
    {
        std::uint64_t msg = 0;
        SimTime start = 0;
        std::size_t lane = 0;
        std::uint32_t label = 0;
        MessageKind kind = MessageKind::None;
        std::int16_t from = kNoEndpoint;
        std::int64_t key = 0;
    };
    struct ServiceState
    {
        std::string name; ///< JSON-escaped, quoted
        std::vector<Open> open;
        std::vector<bool> laneBusy;
        std::vector<int> laneTid;
    };
    struct PendingFlow
    {
        SimTime ts = 0;
        int tid = 0;
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
        return endpoint == kClientEndpoint ? m_client : m_services[static_cast<std::size_t>(endpoint)];
    }

    /// The thread of one lane of a service's workers (or of the client's open requests).
    int laneTid(std::int32_t endpoint, std::size_t lane)
    {
        ServiceState &s = stateOf(endpoint);
        const bool client = endpoint == kClientEndpoint;
        while (s.laneTid.size() <= lane) {
            const std::size_t l = s.laneTid.size();
            const int tid = l > 0    ? kFirstServiceTid + static_cast<int>(m_services.size()) + m_extraLanes++
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

    /// A client request from its start to its answer, on a lane of the client's row.
    void clientSlice(const Open &o, SimTime endAt, bool ok, const char *extraArgs)
    {
        begin(labelOf(o.label), "client", 'X', o.start, laneTid(kClientEndpoint, o.lane));
        m_buf += ",\"dur\":";
        number(endAt - o.start);
        m_buf += ",\"args\":{\"target\":";
        m_buf += endpointName(o.from);
        if (o.key) {
            m_buf += ",\"key\":";
            number(o.key);
        }
        m_buf += ok ? ",\"ok\":true" : ",\"ok\":false";
        if (extraArgs) {
            m_buf += ',';
            m_buf += extraArgs;
        }
        m_buf += '}';
        end();
        ++m_stats.slices;
    }

    void request(const TraceEvent &e)
    {
        if (e.from != kClientEndpoint || !isService(e.to))
            return; // a publish by the client has no answer to wait for
        const std::size_t lane = takeLane(m_client);
        m_client.open.push_back(Open{e.id, e.time, lane, e.label, e.msgKind, e.to, e.key});
    }

    void complete(const TraceEvent &e)
    {
        for (std::size_t i = 0; i < m_client.open.size(); ++i) {
            const Open o = m_client.open[i];
            if (o.from != e.from || o.label != e.label || o.key != e.key)
                continue;
            m_client.open.erase(m_client.open.begin() + static_cast<std::ptrdiff_t>(i));
            m_client.laneBusy[o.lane] = false;
            clientSlice(o, e.time, e.ok, nullptr);
            return;
        }
    }

    /// The client lane of the open request with this Request event id (lane 0 if none).
    int clientTidOf(std::uint64_t requestId)
    {
        for (const Open &o : m_client.open)
            if (o.msg == requestId)
                return laneTid(kClientEndpoint, o.lane);
        return kClientTid;
    }

    /// The client lane waiting for this reply: same target, operation and key.
    int clientTidFor(const TraceEvent &reply)
    {
        for (const Open &o : m_client.open)
            if (o.from == reply.from && o.label == reply.label && o.key == reply.key)
                return laneTid(kClientEndpoint, o.lane);
        return kClientTid;
    }

    int tidOf(std::int32_t endpoint)
    {
        if (endpoint == kClientEndpoint)
            return laneTid(kClientEndpoint, 0);
        if (endpoint == kBusEndpoint)
            return kBusTid;
        if (isService(endpoint))
            return laneTid(endpoint, 0);
        return kWorldTid;
    }

    void used(int tid)
    {
        if (m_threads.count(tid))
            return;
        if (tid == kBusTid)
            m_threads[tid] = Thread{"\"bus\"", (static_cast<long>(m_services.size()) + 1) * 1000};
        else if (tid == kWorldTid)
            m_threads[tid] = Thread{"\"faults and interventions\"", (static_cast<long>(m_services.size()) + 2) * 1000};
    }

    void slice(std::int32_t service, const Open &o, SimTime endAt, const char *extraArgs)
    {
        begin(labelOf(o.label), *messageKindName(o.kind) ? messageKindName(o.kind) : "work", 'X',
              o.start, laneTid(service, o.lane));
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

    void closeAll(std::int32_t service, SimTime at, const char *why)
    {
        ServiceState &s = m_services[static_cast<std::size_t>(service)];
        for (const Open &o : s.open)
            slice(service, o, at, why);
        s.open.clear();
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

    void start(const TraceEvent &e)
    {
        if (!isService(e.to))
            return;
        ServiceState &s = m_services[static_cast<std::size_t>(e.to)];
        const std::size_t lane = takeLane(s);
        s.open.push_back(Open{e.msg, e.time, lane, e.label, e.msgKind, e.from, e.key});
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
        Open o{e.msg, e.time - e.value, 0, e.label, e.msgKind, e.from, e.key};
        slice(e.to, o, e.time, "\"start_not_in_trace\":true");
    }

    void flow(const TraceEvent &deliver)
    {
        const auto it = m_pending.find(deliver.cause);
        if (it == m_pending.end())
            return;
        const PendingFlow f = it->second;
        m_pending.erase(it);
        const std::string &name = labelOf(deliver.label);
        const char *cat = *messageKindName(deliver.msgKind) ? messageKindName(deliver.msgKind) : "message";
        begin(name, cat, 's', f.ts, f.tid);
        m_buf += ",\"id\":";
        number(static_cast<std::int64_t>(deliver.cause));
        end();
        begin(name, cat, 'f', deliver.time,
              deliver.to == kClientEndpoint ? clientTidFor(deliver) : tidOf(deliver.to));
        m_buf += ",\"bp\":\"e\",\"id\":";
        number(static_cast<std::int64_t>(deliver.cause));
        m_buf += ",\"args\":{\"msg\":";
        number(static_cast<std::int64_t>(deliver.msg));
        m_buf += ",\"latency_us\":";
        number(deliver.value);
        m_buf += '}';
        end();
        ++m_stats.flows;
    }

    void handle(const TraceEvent &e)
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
        case TraceKind::Reply: {
            int tid = e.from == kClientEndpoint ? clientTidOf(e.cause) : tidOf(e.from);
            SimTime ts = e.time;
            // A bus delivery starts where its event was published: the arrow runs from
            // the publisher to the consumer.
            if (e.from == kBusEndpoint)
                if (const TraceEvent *c = eventById(m_events, e.cause); c && c->kind == TraceKind::Publish)
                    tid = tidOf(c->from), ts = c->time;
            m_pending[e.id] = PendingFlow{ts, tid};
            break;
        }
        case TraceKind::Deliver:
            flow(e);
            break;
        case TraceKind::Hold:
            m_pending.erase(e.cause); // the bus sends it again later, as a new flow
            break;
        case TraceKind::Drop: {
            m_pending.erase(e.cause);
            instant(e, "\"lost " + labelOf(e.label).substr(1), isService(e.to) ? tidOf(e.to) : tidOf(e.from), false);
            break;
        }
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
        m_buf += "{\"name\":\"process_name\",\"cat\":\"__metadata\",\"ph\":\"M\",\"ts\":0,\"pid\":1,"
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
    const NameTable &m_names;
    std::vector<ServiceState> m_services;
    ServiceState m_client{"\"client\"", {}, {}, {}};
    std::vector<std::string> m_labels;
    std::unordered_map<std::uint64_t, PendingFlow> m_pending;
    std::map<int, Thread> m_threads;
    int m_extraLanes = 0;
    std::string m_buf;
    ChromeTraceStats m_stats;
};

} // namespace

ChromeTraceStats writeChromeTrace(std::ostream &out, const TraceLog &events, const NameTable &names,
                                  const nlohmann::json &otherData)
{
    return ChromeWriter(out, events, names).write(otherData);
}

} // namespace dplab
