#include "patterns/saga/sagaoutbox.h"

#include "simulation/world/world.h"

namespace dplab {

SagaOutbox::SagaOutbox(Service &self, bool useOutbox, SimTime poll)
    : m_self(self)
    , m_outbox(useOutbox)
    , m_poll(poll > 0 ? poll : 50 * kMillisecond)
{}

void SagaOutbox::setup()
{
    if (!m_outbox)
        return;
    m_self.database().exec(
        "CREATE TABLE IF NOT EXISTS saga_outbox (id INTEGER PRIMARY KEY,"
        " topic TEXT NOT NULL, key INTEGER NOT NULL, kind INTEGER NOT NULL,"
        " payload TEXT NOT NULL, created_us INTEGER NOT NULL, published_us INTEGER)");
    m_self.world().scheduler().scheduleIn(m_poll, this, 0);
}

void SagaOutbox::stage(const std::string &topic, std::int64_t key, const Json &payload,
                       MessageKind kind)
{
    Staged s{topic, key, payload.dump(), kind};
    if (m_outbox)
        m_self.database()
            .prepare("INSERT INTO saga_outbox (topic, key, kind, payload, created_us)"
                     " VALUES (?1, ?2, ?3, ?4, ?5)")
            .bind(1, s.topic)
            .bind(2, s.key)
            .bind(3, static_cast<std::int64_t>(s.kind))
            .bind(4, s.payload)
            .bind(5, m_self.world().now())
            .run();
    m_staged.push_back(std::move(s));
}

bool SagaOutbox::commit(const std::string &what)
{
    std::vector<Staged> staged;
    staged.swap(m_staged);
    m_stats.staged += m_outbox ? staged.size() : 0;
    World &w = m_self.world();
    auto lose = [&](std::size_t from, const std::string &why) {
        for (std::size_t i = from; i < staged.size(); ++i) {
            ++m_stats.lost;
            TraceEvent e;
            e.kind = TraceKind::Drop;
            e.from = m_self.index();
            e.to = kBusEndpoint;
            e.msgKind = staged[i].kind;
            e.label = w.bus().topic(staged[i].topic);
            e.key = staged[i].key;
            e.ok = false;
            e.cause = w.lastEventId();
            e.text = w.names().addText(why);
            w.setCause(w.record(e));
        }
    };
    if (!m_self.commit(what)) {
        if (!m_outbox)
            lose(0, "saga event lost: " + m_self.name() +
                        " crashed after the commit, before publishing");
        return false;
    }
    if (m_outbox)
        return true;
    for (std::size_t i = 0; i < staged.size(); ++i) {
        if (!m_self.publish(w.bus().topic(staged[i].topic), staged[i].key, staged[i].payload,
                            staged[i].kind)) {
            lose(i, "saga event lost: committed, but the publish was refused");
            return true;
        }
        ++m_stats.published;
        if (!m_self.isUp()) {
            lose(i + 1, "saga event lost: " + m_self.name() + " crashed while publishing");
            return false;
        }
    }
    return true;
}

void SagaOutbox::handleEvent(const Event &)
{
    m_self.world().scheduler().scheduleIn(m_poll, this, 0);
    if (m_self.isUp())
        relay();
}

void SagaOutbox::relay()
{
    World &w = m_self.world();
    Database &db = m_self.database();
    if (db.inTransaction())
        return;
    const QueryResult rows = db.query("SELECT id, topic, key, kind, payload FROM saga_outbox"
                                      " WHERE published_us IS NULL ORDER BY id LIMIT 100",
                                      {});
    std::vector<std::int64_t> sent;
    for (const auto &row : rows.rows) {
        if (!m_self.publish(w.bus().topic(std::get<std::string>(row[1])),
                            std::get<std::int64_t>(row[2]), std::get<std::string>(row[4]),
                            static_cast<MessageKind>(std::get<std::int64_t>(row[3]))))
            break; // the bus is unreachable: the rest waits for the next poll
        ++m_stats.published;
        sent.push_back(std::get<std::int64_t>(row[0]));
        if (!m_self.isUp())
            return; // crashed before marking: these rows go out again after the restart
    }
    if (sent.empty())
        return;
    db.begin();
    Statement &mark = db.prepare("UPDATE saga_outbox SET published_us = ?2 WHERE id = ?1");
    for (std::int64_t id : sent)
        mark.bind(1, id).bind(2, w.now()).run();
    m_stats.marked += sent.size();
    m_self.commit("saga relay marks outbox rows published");
}

} // namespace dplab
