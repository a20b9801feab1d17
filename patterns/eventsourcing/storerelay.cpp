#include "patterns/eventsourcing/storerelay.h"

#include "patterns/domain/orderevents.h"
#include "patterns/eventsourcing/eventsourcingsettings.h"
#include "patterns/eventsourcing/orderaggregate.h"
#include "patterns/module/switches.h"
#include "patterns/outbox/outboxsettings.h"
#include "simulation/world/world.h"

namespace dplab {

StoreRelay::StoreRelay(Service &self, EventSourcingStats &stats,
                       std::function<std::string(const std::string &)> sql)
    : m_self(self)
    , m_stats(stats)
    , m_sql(std::move(sql))
{
    const Scenario &s = self.world().scenario();
    m_poll = settingsOf<EventSourcingSettings>(s) ? settingsOf<EventSourcingSettings>(s)->poll
                                                  : 10 * kMillisecond;
    m_batch =
        settingsOf<EventSourcingSettings>(s) ? settingsOf<EventSourcingSettings>(s)->batch : 100;
    m_publish = OrderEvents::enabled(s);
    m_publishPoll = m_poll;
    m_publishBatch = m_batch;
    if (m_publish && settingsOf<OutboxSettings>(s)) {
        // The store is the outbox: the outbox's pace, when the scenario sets one, is the
        // publisher's (the projection keeps the store's own).
        m_publishPoll = settingsOf<OutboxSettings>(s)->poll;
        m_publishBatch = settingsOf<OutboxSettings>(s)->batch;
    }
    if (m_publish)
        m_topic = self.world().bus().topic(OrderEvents::kTopic);
}

void StoreRelay::setup()
{
    m_self.world().scheduler().scheduleIn(m_poll, this, Project);
    if (m_publish)
        m_self.world().scheduler().scheduleIn(m_publishPoll, this, Publish);
}

void StoreRelay::noteAppended(std::int64_t position, std::uint64_t commitEvent)
{
    if (m_publish)
        m_causeOf[position] = commitEvent;
}

void StoreRelay::handleEvent(const Event &event)
{
    const bool projecting = event.kind == Project;
    m_self.world().scheduler().scheduleIn(projecting ? m_poll : m_publishPoll, this, event.kind);
    if (!m_self.isUp() || m_self.database().inTransaction())
        return;
    if (projecting)
        return project();
    ++m_stats.relayPolls;
    publish();
}

bool StoreRelay::rebuilding() const
{
    return !m_stats.rebuilds.empty() && m_stats.rebuilds.back().finishedAt < 0;
}

std::int64_t StoreRelay::projectionBacklog() const
{
    Database &db = const_cast<Service &>(m_self).database();
    return EventStore::lastPosition(db) - EventStore::checkpoint(db, kProjection);
}

std::int64_t StoreRelay::publishBacklog() const
{
    if (!m_publish)
        return 0;
    Database &db = const_cast<Service &>(m_self).database();
    return EventStore::lastPosition(db) - EventStore::checkpoint(db, kPublisher);
}

void StoreRelay::applyToProjection(const StoredEvent &e)
{
    Database &db = m_self.database();
    const std::int64_t id = OrderAggregate::orderOf(e.stream);
    if (id <= 0)
        return;
    nlohmann::json row;
    const auto have =
        db.query(m_sql("SELECT id, customer_id, product_id, qty, total, status, version"
                       " FROM orders WHERE id = ?1"),
                 {id});
    if (!have.rows.empty()) {
        const auto &r = have.rows[0];
        row = OrderRow{std::get<std::int64_t>(r[0]), std::get<std::int64_t>(r[1]),
                       std::get<std::int64_t>(r[2]), std::get<std::int64_t>(r[3]),
                       std::get<std::int64_t>(r[4]), std::get<std::string>(r[5]),
                       std::get<std::int64_t>(r[6])}
                  .toJson();
        if (row["version"].get<std::int64_t>() >= e.version)
            return; // already there (the projection applies each event once, in order)
    }
    const auto next = OrderAggregate::rowOf(OrderAggregate::apply(row, e));
    if (!next)
        return;
    db.prepare(m_sql("INSERT INTO orders (id, customer_id, product_id, qty, total, status, version)"
                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(id) DO UPDATE SET"
                     " customer_id = excluded.customer_id, product_id = excluded.product_id,"
                     " qty = excluded.qty, total = excluded.total, status = excluded.status,"
                     " version = excluded.version"))
        .bind(1, next->id)
        .bind(2, next->customer)
        .bind(3, next->product)
        .bind(4, next->qty)
        .bind(5, next->total)
        .bind(6, next->status)
        .bind(7, next->version)
        .run();
}

void StoreRelay::project()
{
    World &w = m_self.world();
    Database &db = m_self.database();
    const std::int64_t from = EventStore::checkpoint(db, kProjection);
    const std::vector<StoredEvent> events = EventStore::readFrom(db, from, m_batch);
    if (events.empty())
        return;
    db.begin();
    try {
        for (const StoredEvent &e : events)
            applyToProjection(e);
        EventStore::setCheckpoint(db, kProjection, events.back().position);
    } catch (const DatabaseError &e) {
        db.rollback();
        // A schema change under the projection: it stops here and says why, every poll.
        TraceEvent fail;
        fail.kind = TraceKind::Failure;
        fail.from = m_self.index();
        fail.ok = false;
        fail.cause = w.cause();
        fail.text =
            w.names().addText(std::string("projection of the event store failed: ") + e.what());
        w.record(fail);
        return;
    }
    const bool replay = rebuilding();
    const bool finishing = replay && events.back().position >= m_stats.rebuilds.back().events;
    std::string what = replay ? "rebuild: replay store events " +
                                    std::to_string(events.front().position) + ".." +
                                    std::to_string(events.back().position) + " into orders"
                              : "project " + std::to_string(events.size()) + " store event" +
                                    (events.size() == 1 ? "" : "s") + " into orders";
    if (finishing)
        what += "; the projection has caught up with the " +
                std::to_string(m_stats.rebuilds.back().events) + " events the rebuild started from";
    const bool alive = m_self.commit(what);
    // The commit happened either way (a crash after it keeps it): measure what it did.
    m_stats.projected += events.size();
    ++m_stats.projectionBatches;
    for (const StoredEvent &e : events)
        if (e.position > m_replayUpTo)
            m_stats.projectionLag.record(w.now() - e.time);
    if (finishing)
        m_stats.rebuilds.back().finishedAt = w.now();
    (void)alive;
}

void StoreRelay::publish()
{
    World &w = m_self.world();
    Database &db = m_self.database();
    const std::int64_t from = EventStore::checkpoint(db, kPublisher);
    const std::vector<StoredEvent> events = EventStore::readFrom(db, from, m_publishBatch);
    std::int64_t sent = from;
    for (const StoredEvent &e : events) {
        // The bus carries the order as it is after the event, as the outbox's events do.
        const auto row = OrderAggregate::rowOf(EventStore::load(db, e.stream, e.version).state);
        if (row) {
            const auto cause = m_causeOf.find(e.position);
            w.setCause(cause == m_causeOf.end() ? 0 : cause->second);
            const auto payload =
                OrderEvents::make(e.type, *row, e.time, static_cast<std::uint64_t>(e.position));
            if (!m_self.publish(m_topic, row->id, payload.dump()))
                break; // the bus is unreachable: the rest waits for the next poll
            ++m_stats.published;
            if (e.position <= m_highestPublished)
                ++m_stats.republished;
            else
                m_highestPublished = e.position;
            if (!m_self.isUp())
                return; // crashed before the checkpoint moved: these go out again
        }
        sent = e.position;
    }
    if (sent == from)
        return;
    for (const StoredEvent &e : events)
        if (e.position <= sent)
            m_causeOf.erase(e.position);
    db.begin();
    EventStore::setCheckpoint(db, kPublisher, sent);
    m_self.commit("relay: store events up to " + std::to_string(sent) + " published");
}

std::string StoreRelay::rebuild()
{
    if (!m_self.isUp())
        return m_self.name() + " is down";
    if (rebuilding())
        return "a rebuild of the orders projection is already replaying";
    World &w = m_self.world();
    Database &db = m_self.database();
    if (db.inTransaction())
        return "a transaction is open";
    db.begin();
    db.prepare(m_sql("DELETE FROM orders")).run();
    EventStore::setCheckpoint(db, kProjection, 0);
    const std::int64_t events = EventStore::lastPosition(db);
    // A crash right after this commit still leaves the projection emptied: the replay goes on
    // after the restart, from the checkpoint.
    m_self.commit("rebuild: orders projection emptied, replay the event store from position 0");
    RebuildRecord r;
    r.startedAt = w.now();
    r.events = events;
    if (events == 0)
        r.finishedAt = w.now();
    m_stats.rebuilds.push_back(r);
    m_replayUpTo = events;
    return {};
}

} // namespace dplab
