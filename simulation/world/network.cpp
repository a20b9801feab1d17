#include "simulation/world/network.h"

#include "simulation/world/world.h"

namespace dplab {

Network::Network(World &world, const NetworkSpec &spec, std::uint64_t seed)
    : m_world(world)
    , m_spec(spec)
    , m_seed(seed)
{}

Network::Link &Network::link(std::int16_t from, std::int16_t to)
{
    const std::uint32_t key =
        (static_cast<std::uint32_t>(from + 8) << 16) | static_cast<std::uint32_t>(to + 8);
    auto it = m_links.find(key);
    if (it != m_links.end())
        return it->second;
    const NameTable &n = m_world.names();
    const std::string fromName = n.endpoint(from), toName = n.endpoint(to);
    Link l{Rng::stream(m_seed, "link/" + fromName + "->" + toName), m_spec.latency, m_spec.drop};
    for (const auto &spec : m_spec.links) {
        if (spec.from == fromName && spec.to == toName) {
            if (spec.latency)
                l.latency = *spec.latency;
            if (spec.drop)
                l.drop = *spec.drop;
        }
    }
    return m_links.emplace(key, std::move(l)).first->second;
}

const Distribution &Network::latencyOf(const Link &l, std::int16_t from, std::int16_t to) const
{
    const FaultManager &faults = m_world.faults();
    if (faults.anyActive())
        if (const Distribution *d = faults.latencyOverride(from, to))
            return *d;
    return l.latency;
}

double Network::dropOf(const Link &l, std::int16_t from, std::int16_t to) const
{
    const FaultManager &faults = m_world.faults();
    if (faults.anyActive())
        if (auto p = faults.dropOverride(from, to))
            return *p;
    return l.drop;
}

Distribution Network::latency(std::int16_t from, std::int16_t to)
{
    return latencyOf(link(from, to), from, to);
}

double Network::dropProbability(std::int16_t from, std::int16_t to)
{
    return dropOf(link(from, to), from, to);
}

std::uint64_t Network::call(std::int16_t from, std::int16_t to, std::uint32_t label,
                            std::int64_t key, std::string payload, std::uint64_t context,
                            SimTime timeout, int retries)
{
    const std::uint64_t id = m_nextCall++;
    Call c;
    c.caller = from;
    c.target = to;
    c.callerIncarnation = from >= 0 ? m_world.service(from).incarnation() : 0;
    c.label = label;
    c.key = key;
    c.context = context;
    c.timeout = timeout;
    c.retriesLeft = retries;
    c.payload = std::move(payload);
    Call &stored = m_calls.emplace(id, std::move(c)).first->second;
    sendAttempt(id, stored);
    return id;
}

void Network::sendAttempt(std::uint64_t callId, Call &c)
{
    Message m;
    m.id = m_world.nextMessageId();
    m.kind = MessageKind::Request;
    m.from = c.caller;
    m.to = c.target;
    m.label = c.label;
    m.key = c.key;
    m.correlation = callId;
    m.cause = m_world.cause();
    m.attempt = c.attempt;
    m.payload = c.payload;
    c.timer = m_world.scheduler().scheduleIn(c.timeout, this, CallTimeout, 0, callId);
    transmit(m_world.allocMessage(std::move(m)));
}

void Network::send(Message message)
{
    transmit(m_world.allocMessage(std::move(message)));
}

void Network::reply(const Message &request, bool ok, std::string payload)
{
    Message m;
    m.id = m_world.nextMessageId();
    m.kind = MessageKind::Reply;
    m.from = request.to;
    m.to = request.from;
    m.label = request.label;
    m.key = request.key;
    m.correlation = request.correlation;
    m.cause = m_world.cause();
    m.ok = ok;
    m.payload = std::move(payload);
    transmit(m_world.allocMessage(std::move(m)));
}

void Network::transmit(std::uint32_t slot)
{
    Message &m = m_world.message(slot);
    m.sentAt = m_world.now();
    TraceEvent e = traceOf(m.kind == MessageKind::Reply ? TraceKind::Reply : TraceKind::Send, m);
    e.attempt = m.attempt;
    e.ok = m.ok;
    Link &l = link(m.from, m.to);
    // Draw both numbers every time so a fault elsewhere does not shift this link's stream.
    const double u = l.rng.uniform();
    const SimTime delay = latencyOf(l, m.from, m.to).sample(l.rng);
    e.value = delay;
    const std::uint64_t sent = m_world.record(e);
    m.cause = sent;

    const char *lost = nullptr;
    if (m_world.faults().partitioned(m.from, m.to))
        lost = "partition";
    else if (u < dropOf(l, m.from, m.to))
        lost = "dropped by the network";
    if (lost) {
        TraceEvent d = e;
        d.kind = TraceKind::Drop;
        d.cause = sent;
        d.value = 0;
        d.text = m_world.names().addText(lost);
        m_world.record(d);
        m_world.freeMessage(slot);
        return;
    }
    m_world.scheduler().scheduleIn(delay, this, Arrive, 0, slot);
}

void Network::arrive(std::uint32_t slot)
{
    Message &m = m_world.message(slot);
    const char *lost = nullptr;
    if (m_world.faults().partitioned(m.from, m.to))
        lost = "partition";
    else if (m.to >= 0 && !m_world.service(m.to).isUp())
        lost = "receiver is down";
    TraceEvent e = traceOf(TraceKind::Drop, m);
    e.attempt = m.attempt;
    e.ok = m.ok;
    if (lost) {
        e.text = m_world.names().addText(lost);
        m_world.record(e);
        m_world.freeMessage(slot);
        return;
    }
    e.kind = TraceKind::Deliver;
    e.value = m_world.now() - m.sentAt;
    m.cause = m_world.record(e);
    if (m.kind == MessageKind::Reply) {
        deliverReply(slot);
        return;
    }
    if (m.to >= 0)
        m_world.service(m.to).receive(slot);
    else
        m_world.freeMessage(slot);
}

void Network::deliverReply(std::uint32_t slot)
{
    Message m = std::move(m_world.message(slot));
    m_world.freeMessage(slot);
    m_world.setCause(m.cause);
    if (m.to == kClientEndpoint) {
        m_world.client().onReply(m);
        return;
    }
    auto it = m_calls.find(m.correlation);
    if (it == m_calls.end() ||
        it->second.callerIncarnation != m_world.service(m.to).incarnation()) {
        TraceEvent e;
        e.kind = TraceKind::Drop;
        e.from = m.from;
        e.to = m.to;
        e.msg = m.id;
        e.msgKind = m.kind;
        e.label = m.label;
        e.cause = m.cause;
        e.text = m_world.names().addText("late reply ignored: the caller gave up");
        m_world.record(e);
        return;
    }
    Call c = std::move(it->second);
    m_calls.erase(it);
    m_world.scheduler().cancel(c.timer);
    CallResult r;
    r.callId = m.correlation;
    r.context = c.context;
    r.target = c.target;
    r.ok = m.ok;
    r.payload = std::move(m.payload);
    if (ServiceBehavior *b = m_world.service(c.caller).behavior())
        b->onCallResult(m_world.service(c.caller), r);
}

void Network::forgetCallsOf(std::int16_t caller)
{
    for (auto it = m_calls.begin(); it != m_calls.end();) {
        if (it->second.caller == caller) {
            m_world.scheduler().cancel(it->second.timer);
            it = m_calls.erase(it);
        } else {
            ++it;
        }
    }
}

void Network::handleEvent(const Event &event)
{
    if (event.kind == Arrive) {
        arrive(static_cast<std::uint32_t>(event.b));
        return;
    }
    if (event.kind != CallTimeout)
        return;
    auto it = m_calls.find(event.b);
    if (it == m_calls.end())
        return;
    Call &c = it->second;
    c.timer = kNoTimer;
    TraceEvent e;
    e.kind = TraceKind::Timeout;
    e.from = c.caller;
    e.to = c.target;
    e.msgKind = MessageKind::Request;
    e.label = c.label;
    e.key = c.key;
    e.attempt = c.attempt;
    e.cause = m_world.cause();
    e.value = c.timeout;
    const std::uint64_t timedOut = m_world.record(e);
    m_world.setCause(timedOut);
    if (c.retriesLeft > 0) {
        --c.retriesLeft;
        ++c.attempt;
        TraceEvent r = e;
        r.kind = TraceKind::Retry;
        r.cause = timedOut;
        r.attempt = c.attempt;
        m_world.setCause(m_world.record(r));
        sendAttempt(event.b, c);
        return;
    }
    Call done = std::move(c);
    m_calls.erase(it);
    CallResult res;
    res.callId = event.b;
    res.context = done.context;
    res.target = done.target;
    res.ok = false;
    res.timedOut = true;
    if (ServiceBehavior *b = m_world.service(done.caller).behavior())
        b->onCallResult(m_world.service(done.caller), res);
}

} // namespace dplab
