#include "simulation/world/client.h"

#include "simulation/world/world.h"

#include <cmath>

namespace dplab {

std::string operationName(const WorkloadSpec &w)
{
    if (w.operation == "request" && !w.target.empty())
        return "request:" + w.target;
    if (w.operation == "publish" && !w.topic.empty())
        return "publish:" + w.topic;
    return w.operation;
}

Client::Client(World &world, const std::vector<WorkloadSpec> &workload, SimTime duration,
               std::uint64_t seed)
    : m_world(world)
    , m_duration(duration)
{
    for (std::size_t i = 0; i < workload.size(); ++i) {
        const WorkloadSpec &w = workload[i];
        Stream s;
        s.spec = w;
        s.rng = Rng::stream(seed, "workload/" + std::to_string(i) + "/" + w.operation);
        s.keys = w.keys.kind == KeySpec::Kind::Zipf ? KeySampler::zipf(w.keys.n, w.keys.s)
                                                    : KeySampler::uniform(w.keys.n);
        s.label = world.operationLabel(operationName(w));
        if (!w.topic.empty())
            s.topic = world.bus().topic(w.topic);
        s.target = w.target.empty() ? std::int16_t(-1) : world.serviceIndex(w.target);
        s.stop = w.stop ? *w.stop : m_duration;
        m_streams.push_back(std::move(s));
    }
}

void Client::registerOperation(const std::string &name, OperationHandler handler)
{
    m_handlers[name] = std::move(handler);
}

bool Client::hasOperation(const std::string &name) const
{
    return name == "request" || name == "publish" || m_handlers.count(name) > 0;
}

void Client::start()
{
    for (std::size_t i = 0; i < m_streams.size(); ++i) {
        Stream &s = m_streams[i];
        const SimTime first = s.spec.start;
        if (s.spec.arrival == WorkloadSpec::Arrival::Poisson) {
            const double gap = -std::log(s.rng.uniformOpen()) / s.spec.rate * kSecond;
            const SimTime at = first + static_cast<SimTime>(std::llround(gap));
            if (at < s.stop)
                m_world.scheduler().schedule(at, this, Arrival, static_cast<std::uint32_t>(i));
        } else if (first < s.stop) {
            m_world.scheduler().schedule(first, this, Arrival, static_cast<std::uint32_t>(i));
        }
    }
}

void Client::scheduleNext(std::size_t i)
{
    Stream &s = m_streams[i];
    double gap = 0;
    if (s.spec.arrival == WorkloadSpec::Arrival::Poisson)
        gap = -std::log(s.rng.uniformOpen()) / s.spec.rate * kSecond;
    else
        gap = kSecond / s.spec.rate;
    const SimTime at =
        m_world.now() + std::max<SimTime>(1, static_cast<SimTime>(std::llround(gap)));
    if (at < s.stop)
        m_world.scheduler().schedule(at, this, Arrival, static_cast<std::uint32_t>(i));
}

void Client::arrive(std::size_t i)
{
    Stream &s = m_streams[i];
    const std::int64_t key = s.keys.sample(s.rng);
    scheduleNext(i);
    m_world.setCause(0);
    const std::string &op = s.spec.operation;
    if (op == "request") {
        request(i, s.label, s.target, key, s.spec.timeout);
    } else if (op == "publish") {
        TraceEvent e;
        e.kind = TraceKind::Request;
        e.from = kClientEndpoint;
        e.to = kBusEndpoint;
        e.label = s.label;
        e.key = key;
        m_world.setCause(m_world.record(e));
        m_world.bus().publish(kClientEndpoint, s.topic, key, {});
    } else if (auto it = m_handlers.find(op); it != m_handlers.end()) {
        ClientOperation c;
        c.workload = i;
        c.label = s.label;
        c.key = key;
        c.target = s.target;
        c.timeout = s.spec.timeout;
        it->second(m_world, c);
    }
}

std::uint64_t Client::request(std::size_t workload, std::uint32_t label, std::int16_t target,
                              std::int64_t key, SimTime timeout, std::string payload)
{
    (void)workload;
    const std::uint64_t id = m_nextRequest++;
    TraceEvent e;
    e.kind = TraceKind::Request;
    e.from = kClientEndpoint;
    e.to = target;
    e.label = label;
    e.key = key;
    e.msgKind = MessageKind::Request;
    e.cause = m_world.cause();
    const std::uint64_t started = m_world.record(e);
    m_world.setCause(started);
    Open o;
    o.label = label;
    o.target = target;
    o.sentAt = m_world.now();
    o.cause = started;
    o.key = key;
    o.timer = m_world.scheduler().scheduleIn(timeout, this, RequestTimeout, 0, id);
    m_open.emplace(id, o);
    Message m;
    m.id = m_world.nextMessageId();
    m.kind = MessageKind::Request;
    m.from = kClientEndpoint;
    m.to = target;
    m.label = label;
    m.key = key;
    m.correlation = id;
    m.cause = started;
    m.payload = std::move(payload);
    m_world.network().send(std::move(m));
    return id;
}

void Client::complete(std::uint64_t requestId, bool ok, const std::string &why)
{
    auto it = m_open.find(requestId);
    if (it == m_open.end())
        return;
    const Open o = it->second;
    m_open.erase(it);
    m_world.scheduler().cancel(o.timer);
    TraceEvent e;
    e.kind = TraceKind::Complete;
    e.from = o.target;
    e.to = kClientEndpoint;
    e.label = o.label;
    e.key = o.key;
    e.ok = ok;
    e.value = m_world.now() - o.sentAt;
    e.cause = m_world.cause() ? m_world.cause() : o.cause;
    if (!why.empty())
        e.text = m_world.names().addText(why);
    m_world.record(e);
}

void Client::onReply(const Message &reply)
{
    if (!m_open.count(reply.correlation)) {
        TraceEvent e;
        e.kind = TraceKind::Drop;
        e.from = reply.from;
        e.to = kClientEndpoint;
        e.msg = reply.id;
        e.msgKind = MessageKind::Reply;
        e.label = reply.label;
        e.cause = reply.cause;
        e.text = m_world.names().addText("late reply ignored: the client gave up");
        m_world.record(e);
        return;
    }
    complete(reply.correlation, reply.ok);
}

void Client::handleEvent(const Event &event)
{
    if (event.kind == Arrival) {
        arrive(event.a);
        return;
    }
    if (event.kind == RequestTimeout) {
        auto it = m_open.find(event.b);
        if (it == m_open.end())
            return;
        it->second.timer = kNoTimer;
        TraceEvent e;
        e.kind = TraceKind::Timeout;
        e.from = kClientEndpoint;
        e.to = it->second.target;
        e.msgKind = MessageKind::Request;
        e.label = it->second.label;
        e.key = it->second.key;
        e.value = m_world.now() - it->second.sentAt;
        e.cause = it->second.cause;
        m_world.setCause(m_world.record(e));
        complete(event.b, false, "client timeout");
    }
}

} // namespace dplab
