#include "patterns/outbox/eventpublisher.h"

#include "patterns/module/switches.h"
#include "patterns/outbox/outboxsettings.h"
#include "simulation/world/world.h"

namespace dplab {

EventPublisher::EventPublisher(Service &self, const std::string &topic)
    : m_self(self)
{
    const Scenario &scenario = self.world().scenario();
    const OutboxSettings *outbox = settingsOf<OutboxSettings>(scenario);
    m_topic = self.world().bus().topic(topic);
    m_topicName = topic;
    m_outbox = outbox != nullptr;
    m_publishFirst = scenario.patterns.isOn(DualWriteSettings::kKey);
    if (outbox) {
        m_poll = outbox->poll;
        m_batch = outbox->batch;
    }
}

std::string EventPublisher::mode() const
{
    if (m_outbox)
        return "outbox";
    return m_publishFirst ? "dual write: publish, then commit" : "dual write: commit, then publish";
}

void EventPublisher::setup()
{
    if (!m_outbox)
        return;
    m_self.database().exec("CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY,"
                           " topic TEXT NOT NULL, key INTEGER NOT NULL, payload TEXT NOT NULL,"
                           " created_us INTEGER NOT NULL, published_us INTEGER)");
    m_self.world().scheduler().scheduleIn(m_poll, this, 0);
}

WriteOutcome EventPublisher::commitWith(const std::string &what, std::int64_t key,
                                        const Json &event, const std::string &name)
{
    World &w = m_self.world();
    Database &db = m_self.database();
    WriteOutcome out;
    const std::string payload = event.dump();
    if (m_outbox) {
        // The event is data in the same transaction: both are committed, or neither.
        db.prepare("INSERT INTO outbox (topic, key, payload, created_us) VALUES (?1, ?2, ?3, ?4)")
            .bind(1, m_topicName)
            .bind(2, key)
            .bind(3, payload)
            .bind(4, w.now())
            .run();
        const std::int64_t row = db.lastInsertRowId();
        out.alive = m_self.commit(what);
        out.committed = true;
        ++m_stats.events;
        m_causeOf[row] = w.lastEventId();
        return out;
    }
    auto trace = [&](TraceKind kind, const std::string &text) {
        TraceEvent e;
        e.kind = kind;
        e.from = m_self.index();
        e.to = kBusEndpoint;
        e.msgKind = MessageKind::Event;
        e.label = m_topic;
        e.key = key;
        e.ok = false;
        e.cause = w.lastEventId();
        e.text = w.names().addText(text);
        w.setCause(w.record(e));
    };
    if (m_publishFirst) {
        if (!m_self.publish(m_topic, key, payload)) {
            db.rollback(); // nothing announced, so nothing written either
            ++m_stats.aborted;
            return out;
        }
        ++m_stats.published;
        if (!m_self.isUp()) {
            // The crash rolled the transaction back, but the event is out: consumers will act
            // on a change that never happened.
            ++m_stats.phantom;
            trace(TraceKind::Failure, kPhantomPrefix + name + " was published, then " +
                                          m_self.name() + " crashed and rolled the change back");
            out.alive = false;
            return out;
        }
        out.alive = m_self.commit(what);
        out.committed = true;
        ++m_stats.events;
        return out;
    }
    out.committed = true;
    ++m_stats.events;
    if (!m_self.commit(what)) {
        // The moment of loss: the change is committed, the process is gone, and nobody will
        // ever publish its event.
        ++m_stats.lost;
        trace(TraceKind::Drop,
              name + " lost: " + m_self.name() + " crashed after the commit, before publishing");
        out.alive = false;
        return out;
    }
    if (!m_self.publish(m_topic, key, payload)) {
        ++m_stats.lost; // the bus refused it (and traced why); a dual write does not retry
        trace(TraceKind::Drop, name + " lost: committed, but the publish was refused");
        return out;
    }
    ++m_stats.published;
    out.alive = m_self.isUp();
    return out;
}

void EventPublisher::handleEvent(const Event &)
{
    m_self.world().scheduler().scheduleIn(m_poll, this, 0);
    if (m_self.isUp())
        relay();
}

void EventPublisher::relay()
{
    World &w = m_self.world();
    Database &db = m_self.database();
    if (db.inTransaction())
        return; // cannot happen between two events; a safety net
    ++m_stats.polls;
    const QueryResult rows =
        db.query("SELECT id, key, payload FROM outbox WHERE published_us IS NULL"
                 " ORDER BY id LIMIT ?1",
                 {static_cast<std::int64_t>(m_batch)});
    std::vector<std::int64_t> sent;
    for (const auto &row : rows.rows) {
        const std::int64_t id = std::get<std::int64_t>(row[0]);
        const auto cause = m_causeOf.find(id);
        w.setCause(cause == m_causeOf.end() ? 0 : cause->second);
        if (!m_self.publish(m_topic, std::get<std::int64_t>(row[1]), std::get<std::string>(row[2])))
            break; // the bus is unreachable: the rest waits for the next poll
        ++m_stats.published;
        if (!m_everPublished.insert(id).second)
            ++m_stats.republished;
        sent.push_back(id);
        if (!m_self.isUp())
            return; // crashed before marking: these rows go out again after the restart
    }
    if (sent.empty())
        return;
    db.begin();
    Statement &mark = db.prepare("UPDATE outbox SET published_us = ?2 WHERE id = ?1");
    for (std::int64_t id : sent)
        mark.bind(1, id).bind(2, w.now()).run();
    for (std::int64_t id : sent)
        m_causeOf.erase(id);
    m_stats.marked += sent.size();
    m_self.commit("relay marks outbox rows published");
}

} // namespace dplab
