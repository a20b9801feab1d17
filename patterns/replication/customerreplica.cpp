#include "patterns/replication/customerreplica.h"

#include "patterns/domain/shopschema.h"
#include "patterns/domain/shopservice.h"
#include "patterns/sourcepeek.h"
#include "simulation/world/world.h"

#include <algorithm>
#include <tuple>

namespace dplab {

void CustomerReplica::setup(Service &self)
{
    World &w = self.world();
    Database &db = self.database();
    db.exec("CREATE TABLE IF NOT EXISTS customer_replica (id INTEGER PRIMARY KEY,"
            " name TEXT NOT NULL, tier TEXT NOT NULL, version INTEGER NOT NULL)");
    // The copy starts in sync with the customers' seed (same deterministic helpers); like
    // seeding, this is not part of the lesson, so no changeset is kept for it.
    ShopSchema::seedTransaction(db, [&] {
        Statement &s =
            db.prepare("INSERT OR REPLACE INTO customer_replica (id, name, tier, version)"
                       " VALUES (?1, ?2, ?3, 1)");
        const std::uint64_t seed = w.scenario().seed;
        for (std::int64_t id = 1; id <= w.scenario().domain.customers; ++id)
            s.bind(1, id)
                .bind(2, ShopSchema::customerName(id, seed))
                .bind(3, ShopSchema::customerTier(id, seed))
                .run();
    });
    m_topic = w.bus().topic(kTopic);
    m_subscription = w.bus().subscribe(m_topic, self.index());
}

void CustomerReplica::onEvent(Service &self, const Message &event)
{
    if (event.label != m_topic)
        return;
    ++m_stats.eventsSeen;
    const Json payload = Json::parse(event.payload, nullptr, false);
    if (payload.is_discarded() || payload.value("type", std::string()) != "CustomerUpdated")
        return;
    const Json customer = payload.value("customer", Json::object());
    const std::int64_t id = customer.value("id", std::int64_t{0});
    const std::int64_t version = customer.value("version", std::int64_t{0});
    World &w = self.world();
    Database &db = self.database();
    const auto r = db.query("SELECT version FROM customer_replica WHERE id = ?1", {id});
    const std::int64_t have = r.rows.empty() ? 0 : std::get<std::int64_t>(r.rows[0][0]);
    if (version <= have) {
        // A duplicate, a redelivery, or an older event overtaken by a newer one: the copy
        // already holds this version or a later one, so applying it would move it backwards.
        ++m_stats.ignored;
        return;
    }
    db.begin();
    db.prepare("INSERT INTO customer_replica (id, name, tier, version) VALUES (?1, ?2, ?3, ?4)"
               " ON CONFLICT(id) DO UPDATE SET name = excluded.name, tier = excluded.tier,"
               " version = excluded.version")
        .bind(1, id)
        .bind(2, customer.value("name", std::string()))
        .bind(3, customer.value("tier", std::string()))
        .bind(4, version)
        .run();
    // Every write between the copy's version and this one is reflected from now on (a newer
    // version includes the older writes it overtook).
    syncHistory(w);
    const SimTime now = w.now();
    for (std::int64_t v = have + 1; v <= version; ++v) {
        SimTime at = committedAt(id, v);
        if (v == version && at < 0)
            at = payload.value("committed_us", event.sentAt);
        if (at >= 0 && v > 1)
            m_stats.lag.record(now - at);
    }
    m_writes.reflected(id, version, now);
    ++m_stats.applied;
    self.commit("apply CustomerUpdated");
}

CustomerReplica::Json CustomerReplica::read(Service &self, std::int64_t customerId)
{
    ++m_stats.reads;
    const auto r = self.database().query("SELECT id, name, tier, version FROM customer_replica"
                                         " WHERE id = ?1",
                                         {customerId});
    Json out = nullptr;
    std::int64_t have = 0;
    if (!r.rows.empty()) {
        const auto &row = r.rows[0];
        have = std::get<std::int64_t>(row[3]);
        out = Json{{"id", std::get<std::int64_t>(row[0])},
                   {"name", std::get<std::string>(row[1])},
                   {"tier", std::get<std::string>(row[2])},
                   {"version", have}};
    }
    // Measurement: compare with what customers has committed at this very moment.
    World &w = self.world();
    const auto source = SourcePeek::version(w, "customers", "customers", customerId);
    if (!source || *source <= have) {
        m_stats.staleness.record(0);
        return out;
    }
    ++m_stats.staleReads;
    SimTime staleness = -1;
    syncHistory(w);
    for (std::int64_t v = have + 1; v <= *source; ++v) {
        const SimTime at = committedAt(customerId, v);
        if (at >= 0) {
            staleness = w.now() - at;
            m_stats.staleness.record(staleness);
            break;
        }
    }
    self.traceStaleRead(customerId, staleness, "customer replica");
    return out;
}

void CustomerReplica::syncHistory(const World &world) const
{
    const auto &log = world.bus().log(m_topic);
    for (; m_logCursor < log.size(); ++m_logCursor) {
        const LogEntry &entry = log[m_logCursor];
        const Json payload = Json::parse(entry.payload, nullptr, false);
        if (payload.is_discarded())
            continue;
        const Json customer = payload.value("customer", Json::object());
        const std::int64_t id = customer.value("id", std::int64_t{0});
        const std::int64_t version = customer.value("version", std::int64_t{0});
        const SimTime at = payload.value("committed_us", entry.publishedAt);
        m_history[id][version] = at;
        m_writes.committed(id, version, at);
    }
}

SimTime CustomerReplica::staleness(const World &world) const
{
    syncHistory(world);
    return m_writes.staleness(world.now());
}

SimTime CustomerReplica::committedAt(std::int64_t customer, std::int64_t version) const
{
    const auto c = m_history.find(customer);
    if (c == m_history.end())
        return -1;
    const auto v = c->second.find(version);
    return v == c->second.end() ? -1 : v->second;
}

ReplicaDivergence CustomerReplica::divergence(const World &world)
{
    ReplicaDivergence d;
    const std::int16_t orders = ShopService::findRole(world, "orders");
    const std::int16_t customers = ShopService::findRole(world, "customers");
    if (orders < 0 || customers < 0)
        return d;
    // Read-only queries; query() is non-const only for its statement cache.
    World &w = const_cast<World &>(world);
    const std::size_t all = static_cast<std::size_t>(ScenarioLimits::maxKeys);
    QueryResult replica, source;
    try {
        replica = w.service(orders).database().query(
            "SELECT id, name, tier, version FROM customer_replica ORDER BY id", {}, all);
        source = w.service(customers).database().query(
            "SELECT id, name, tier, version FROM customers ORDER BY id", {}, all);
    } catch (const DatabaseError &) {
        return d;
    }
    using Row = std::tuple<std::string, std::string, std::int64_t>;
    std::unordered_map<std::int64_t, Row> truth;
    for (const auto &row : source.rows)
        truth[std::get<std::int64_t>(row[0])] =
            Row{std::get<std::string>(row[1]), std::get<std::string>(row[2]),
                std::get<std::int64_t>(row[3])};
    std::unordered_map<std::int64_t, bool> present;
    for (const auto &row : replica.rows) {
        const std::int64_t id = std::get<std::int64_t>(row[0]);
        present[id] = true;
        ++d.compared;
        const auto it = truth.find(id);
        const bool same = it != truth.end() && it->second == Row{std::get<std::string>(row[1]),
                                                                 std::get<std::string>(row[2]),
                                                                 std::get<std::int64_t>(row[3])};
        if (!same) {
            ++d.divergent;
            d.ids.push_back(id);
            if (!d.firstId)
                d.firstId = id;
        }
    }
    for (const auto &[id, row] : truth) {
        if (std::get<2>(row) > 1 && !present.count(id)) {
            ++d.divergent;
            d.ids.push_back(id);
            if (!d.firstId || id < d.firstId)
                d.firstId = id;
        }
    }
    std::sort(d.ids.begin(), d.ids.end());
    return d;
}

} // namespace dplab
