#include "simulation/world/bus.h"

#include "simulation/world/world.h"

#include <algorithm>

namespace dplab {

Bus::Bus(World &world, const BusSpec &spec, std::uint64_t seed)
    : m_world(world)
    , m_spec(spec)
    , m_seed(seed)
{}

std::uint32_t Bus::topic(const std::string &name)
{
    const std::uint32_t label = m_world.names().label("topic:" + name);
    if (label >= m_topicByLabel.size())
        m_topicByLabel.resize(label + 1, -1);
    if (m_topicByLabel[label] < 0) {
        Topic t;
        t.name = name;
        t.rng = Rng::stream(m_seed, "topic/" + name);
        m_topicByLabel[label] = static_cast<int>(m_topics.size());
        m_topics.push_back(std::move(t));
        m_topicOrder.push_back(label);
    }
    return label;
}

bool Bus::hasTopic(const std::string &name) const
{
    for (const auto &t : m_topics)
        if (t.name == name)
            return true;
    return false;
}

Bus::Topic *Bus::topicByLabel(std::uint32_t label)
{
    if (label >= m_topicByLabel.size() || m_topicByLabel[label] < 0)
        return nullptr;
    return &m_topics[static_cast<std::size_t>(m_topicByLabel[label])];
}

const ChunkedArray<LogEntry, 10> &Bus::log(std::uint32_t topic) const
{
    static const ChunkedArray<LogEntry, 10> none;
    if (topic >= m_topicByLabel.size() || m_topicByLabel[topic] < 0)
        return none;
    return m_topics[static_cast<std::size_t>(m_topicByLabel[topic])].log;
}

std::vector<std::uint32_t> Bus::topics() const
{
    return m_topicOrder;
}

int Bus::subscribe(std::uint32_t topic, std::int16_t consumer)
{
    Topic *t = topicByLabel(topic);
    if (!t)
        return -1;
    Subscription s;
    s.topic = topic;
    s.consumer = consumer;
    m_subs.push_back(std::move(s));
    const int index = static_cast<int>(m_subs.size() - 1);
    t->subscriptions.push_back(index);
    return index;
}

std::size_t Bus::unacked() const
{
    std::size_t n = 0;
    for (const auto &s : m_subs)
        n += s.pending.size();
    return n;
}

std::int64_t Bus::consumerLag(int subscription) const
{
    const Subscription &s = m_subs[static_cast<std::size_t>(subscription)];
    return static_cast<std::int64_t>(log(s.topic).size()) - s.committed;
}

bool Bus::publish(std::int16_t from, std::uint32_t topicLabel, std::int64_t key,
                  std::string payload, MessageKind kind)
{
    Topic *t = topicByLabel(topicLabel);
    if (!t)
        return false;
    TraceEvent e;
    e.kind = TraceKind::Publish;
    e.from = from;
    e.to = kBusEndpoint;
    e.msgKind = kind;
    e.label = topicLabel;
    e.key = key;
    e.cause = m_world.cause();
    const char *refused = nullptr;
    if (m_world.faults().partitioned(from, kBusEndpoint))
        refused = "publisher is cut off from the bus";
    else if (m_down && m_spec.whenDown == BusSpec::WhenDown::Lose)
        refused = "bus is down";
    if (refused) {
        e.kind = TraceKind::Drop;
        e.text = m_world.names().addText(std::string("publish refused: ") + refused);
        m_world.record(e);
        ++m_counters.refused;
        return false;
    }
    LogEntry entry;
    entry.key = key;
    entry.publisher = from;
    entry.publishedAt = m_world.now();
    entry.messageId = m_world.nextMessageId();
    entry.kind = kind;
    entry.payload = std::move(payload);
    const auto offset = static_cast<std::int64_t>(t->log.size());
    t->log.push_back(std::move(entry));
    ++m_counters.published;
    e.msg = t->log.back().messageId;
    e.value = offset;
    const std::uint64_t published = m_world.record(e);
    for (int sub : t->subscriptions) {
        if (m_spec.delivery == BusSpec::Delivery::AtLeastOnce)
            armRedelivery(sub, offset);
        sendDelivery(sub, offset, 0, published, false);
    }
    return true;
}

void Bus::armRedelivery(int sub, std::int64_t offset)
{
    Subscription &s = m_subs[static_cast<std::size_t>(sub)];
    TimerId &timer = s.pending[offset];
    if (timer != kNoTimer)
        m_world.scheduler().cancel(timer);
    timer = m_world.scheduler().scheduleIn(m_spec.redeliveryAfter, this, Redeliver,
                                           static_cast<std::uint32_t>(sub),
                                           static_cast<std::uint64_t>(offset));
}

void Bus::sendDelivery(int sub, std::int64_t offset, std::uint8_t attempt, std::uint64_t cause,
                       bool isDuplicate)
{
    Subscription &s = m_subs[static_cast<std::size_t>(sub)];
    Topic &t = *topicByLabel(s.topic);
    const LogEntry &entry = t.log[static_cast<std::size_t>(offset)];
    FaultManager &faults = m_world.faults();

    // Every delivery draws the same numbers, whatever happens to it, so that one fault or
    // setting does not shift the rest of the topic's random stream.
    const double uDrop = t.rng.uniform();
    const double uDup = t.rng.uniform();
    const double uReorder = t.rng.uniform();
    const bool faulty = faults.anyActive();
    const Distribution *latOverride = faulty ? faults.busLatencyOverride(s.topic) : nullptr;
    SimTime delay = (latOverride ? *latOverride : m_spec.latency).sample(t.rng);
    const SimTime extra = m_spec.reorderDelay.sample(t.rng);

    double pDrop = m_spec.drop, pDup = m_spec.duplicate, pReorder = m_spec.reorder;
    if (faulty) {
        pDrop = faults.busOverride(FaultSpec::Kind::Drop, s.topic).value_or(pDrop);
        pDup = faults.busOverride(FaultSpec::Kind::Duplicate, s.topic).value_or(pDup);
        pReorder = faults.busOverride(FaultSpec::Kind::Reorder, s.topic).value_or(pReorder);
    }
    if (uReorder < pReorder)
        delay += extra;

    Message m;
    m.id = entry.messageId;
    m.kind = entry.kind;
    m.from = kBusEndpoint;
    m.to = s.consumer;
    m.label = s.topic;
    m.key = entry.key;
    m.offset = offset;
    m.subscription = sub;
    m.attempt = attempt;
    m.sentAt = m_world.now();
    m.payload = entry.payload;

    TraceEvent e;
    e.from = kBusEndpoint;
    e.to = s.consumer;
    e.msg = m.id;
    e.msgKind = entry.kind;
    e.label = s.topic;
    e.key = entry.key;
    e.cause = cause;
    e.attempt = attempt;
    if (uDrop < pDrop) {
        e.kind = TraceKind::Drop;
        e.text = m_world.names().addText("dropped by the bus");
        m_world.record(e);
        ++m_counters.dropped;
        return;
    }
    if (m_spec.ordering == BusSpec::Ordering::PerKey) {
        // Per key, a delivery never arrives before one sent earlier to the same subscription.
        SimTime &last = s.lastArrival[entry.key];
        const SimTime at = std::max(m_world.now() + delay, last);
        delay = at - m_world.now();
        last = at;
    }
    e.kind = TraceKind::Send;
    e.value = delay;
    m.cause = m_world.record(e);
    ++m_inFlight;
    m_world.scheduler().scheduleIn(delay, this, Arrive, 0, m_world.allocMessage(std::move(m)));
    if (!isDuplicate && uDup < pDup) {
        TraceEvent d = e;
        d.kind = TraceKind::Duplicate;
        d.value = 0;
        m_world.record(d);
        ++m_counters.duplicated;
        sendDelivery(sub, offset, attempt, cause, true);
    }
}

void Bus::arrive(std::uint32_t slot)
{
    --m_inFlight;
    Message &m = m_world.message(slot);
    TraceEvent e = traceOf(TraceKind::Hold, m); // a bus delivery: from the bus, an event
    e.attempt = m.attempt;
    if (m_down) {
        if (m_spec.whenDown == BusSpec::WhenDown::Hold) {
            e.kind = TraceKind::Hold;
            e.text = m_world.names().addText("bus is down");
            m.cause = m_world.record(e);
            m_held.push_back(slot);
            ++m_counters.held;
            return;
        }
        e.kind = TraceKind::Drop;
        e.text = m_world.names().addText("bus is down");
        m_world.record(e);
        ++m_counters.dropped;
        m_world.freeMessage(slot);
        return;
    }
    const char *lost = nullptr;
    if (m_world.faults().partitioned(kBusEndpoint, m.to))
        lost = "partition between the bus and the consumer";
    else if (!m_world.service(m.to).isUp())
        lost = "consumer is down";
    if (lost) {
        e.kind = TraceKind::Drop;
        e.text = m_world.names().addText(lost);
        m_world.record(e);
        ++m_counters.dropped;
        m_world.freeMessage(slot);
        return;
    }
    e.kind = TraceKind::Deliver;
    e.value = m_world.now() - m.sentAt;
    m.cause = m_world.record(e);
    ++m_counters.delivered;
    m_world.service(m.to).receive(slot);
}

void Bus::ack(const Message &delivery)
{
    if (delivery.subscription < 0)
        return;
    Subscription &s = m_subs[static_cast<std::size_t>(delivery.subscription)];
    const std::int64_t offset = delivery.offset;
    if (offset < s.committed)
        return; // a duplicate of something already acknowledged
    const auto ahead = static_cast<std::size_t>(offset - s.committed);
    if (ahead < s.ackedAhead.size() && s.ackedAhead[ahead])
        return;
    if (m_spec.delivery == BusSpec::Delivery::AtLeastOnce) {
        auto it = s.pending.find(offset);
        if (it != s.pending.end()) {
            m_world.scheduler().cancel(it->second);
            s.pending.erase(it);
        }
    }
    if (ahead >= s.ackedAhead.size())
        s.ackedAhead.resize(ahead + 1, 0);
    s.ackedAhead[ahead] = 1;
    advanceCommitted(s);
    ++m_counters.acked;
    TraceEvent e;
    e.kind = TraceKind::Ack;
    e.from = kBusEndpoint;
    e.to = s.consumer;
    e.msg = delivery.id;
    e.msgKind = delivery.kind;
    e.label = s.topic;
    e.key = delivery.key;
    e.value = offset;
    e.cause = m_world.cause();
    m_world.record(e);
}

std::int64_t Bus::rewind(int sub, std::int64_t offset, std::uint64_t cause)
{
    Subscription &s = m_subs[static_cast<std::size_t>(sub)];
    const auto end = static_cast<std::int64_t>(log(s.topic).size());
    offset = std::clamp<std::int64_t>(offset, 0, end);
    for (auto &[pendingOffset, timer] : s.pending)
        if (timer != kNoTimer)
            m_world.scheduler().cancel(timer);
    s.pending.clear();
    s.ackedAhead.clear();
    s.committed = offset;
    for (std::int64_t o = offset; o < end; ++o) {
        if (m_spec.delivery == BusSpec::Delivery::AtLeastOnce)
            armRedelivery(sub, o);
        sendDelivery(sub, o, 0, cause, false);
    }
    return end - offset;
}

void Bus::advanceCommitted(Subscription &s)
{
    while (!s.ackedAhead.empty() && s.ackedAhead.front()) {
        s.ackedAhead.pop_front();
        ++s.committed;
    }
}

void Bus::setDown(bool down)
{
    if (m_down == down)
        return;
    m_down = down;
    if (down)
        return;
    // Back up: held deliveries leave again with a fresh latency, in the order they were held.
    std::vector<std::uint32_t> held;
    held.swap(m_held);
    for (std::uint32_t slot : held) {
        Message m = std::move(m_world.message(slot));
        m_world.freeMessage(slot);
        Subscription &s = m_subs[static_cast<std::size_t>(m.subscription)];
        Topic &t = *topicByLabel(s.topic);
        SimTime delay = m_spec.latency.sample(t.rng);
        if (m_spec.ordering == BusSpec::Ordering::PerKey) {
            SimTime &last = s.lastArrival[m.key];
            const SimTime at = std::max(m_world.now() + delay, last);
            delay = at - m_world.now();
            last = at;
        }
        TraceEvent e;
        e.kind = TraceKind::Send;
        e.from = kBusEndpoint;
        e.to = m.to;
        e.msg = m.id;
        e.msgKind = m.kind;
        e.label = m.label;
        e.key = m.key;
        e.cause = m.cause;
        e.attempt = m.attempt;
        e.value = delay;
        m.cause = m_world.record(e);
        m.sentAt = m_world.now();
        ++m_inFlight;
        m_world.scheduler().scheduleIn(delay, this, Arrive, 0, m_world.allocMessage(std::move(m)));
    }
}

void Bus::handleEvent(const Event &event)
{
    if (event.kind == Arrive) {
        arrive(static_cast<std::uint32_t>(event.b));
        return;
    }
    if (event.kind == Redeliver) {
        const int sub = static_cast<int>(event.a);
        const auto offset = static_cast<std::int64_t>(event.b);
        Subscription &s = m_subs[static_cast<std::size_t>(sub)];
        auto it = s.pending.find(offset);
        if (it == s.pending.end())
            return;
        it->second = kNoTimer;
        if (m_down) {
            armRedelivery(sub, offset); // the broker itself is down: nothing can be resent
            return;
        }
        const Topic &t = *topicByLabel(s.topic);
        TraceEvent e;
        e.kind = TraceKind::Redeliver;
        e.from = kBusEndpoint;
        e.to = s.consumer;
        e.msg = t.log[static_cast<std::size_t>(offset)].messageId;
        e.msgKind = t.log[static_cast<std::size_t>(offset)].kind;
        e.label = s.topic;
        e.key = t.log[static_cast<std::size_t>(offset)].key;
        e.cause = m_world.cause();
        const std::uint64_t id = m_world.record(e);
        ++m_counters.redelivered;
        armRedelivery(sub, offset);
        sendDelivery(sub, offset, 1, id, false);
    }
}

} // namespace dplab
