#include "patterns/eventsourcing/eventsourcingchecks.h"

#include "patterns/domain/orderevents.h"
#include "patterns/domain/ordersservice.h"
#include "patterns/eventsourcing/eventsourcingsettings.h"
#include "patterns/eventsourcing/eventstore.h"
#include "patterns/eventsourcing/orderaggregate.h"
#include "patterns/module/switches.h"
#include "simulation/world/world.h"

#include <map>
#include <string>

namespace dplab {

namespace {

using Json = nlohmann::json;

constexpr std::size_t kAll = static_cast<std::size_t>(ScenarioLimits::maxKeys);

std::string suffix(const World &world, const Service &svc)
{
    return ShopService::findRole(world, "orders") == svc.index() ? std::string()
                                                                 : " (" + svc.name() + ")";
}

// An event store is a log: positions run 1..N without a gap, each stream's versions run
// 1..n, and the triggers that refuse UPDATE and DELETE are still in place.
CheckResult appendOnly(Database &db, const std::string &where)
{
    CheckResult c;
    c.id = "event_sourcing.append_only";
    c.name = "event store only appended to" + where;
    const auto pos =
        db.query("SELECT COUNT(*), COALESCE(MIN(position), 0), COALESCE(MAX(position), 0)"
                 " FROM event_store");
    const std::int64_t count = std::get<std::int64_t>(pos.rows[0][0]);
    const std::int64_t first = std::get<std::int64_t>(pos.rows[0][1]);
    const std::int64_t last = std::get<std::int64_t>(pos.rows[0][2]);
    const auto gaps =
        db.query("SELECT stream, COUNT(*), MIN(version), MAX(version) FROM event_store"
                 " GROUP BY stream HAVING MIN(version) <> 1 OR MAX(version) <> COUNT(*)"
                 " LIMIT 1");
    const auto streams = db.query("SELECT COUNT(DISTINCT stream) FROM event_store");
    const auto triggers = db.query("SELECT name FROM sqlite_master WHERE type = 'trigger' AND"
                                   " tbl_name = 'event_store' ORDER BY name");
    std::vector<std::string> names;
    for (const auto &r : triggers.rows)
        names.push_back(std::get<std::string>(r[0]));
    const bool guarded =
        names == std::vector<std::string>{"event_store_no_delete", "event_store_no_update"};
    const bool contiguous = count == 0 || (first == 1 && last == count);
    c.ok = contiguous && gaps.rows.empty() && guarded;
    c.detail = std::to_string(count) + " events in " +
               std::to_string(std::get<std::int64_t>(streams.rows[0][0])) + " streams";
    if (!contiguous)
        c.detail += "; positions run " + std::to_string(first) + ".." + std::to_string(last) +
                    ", not 1.." + std::to_string(count) + ": events were removed";
    if (!gaps.rows.empty())
        c.detail += "; stream " + std::get<std::string>(gaps.rows[0][0]) + " has versions " +
                    std::to_string(std::get<std::int64_t>(gaps.rows[0][2])) + ".." +
                    std::to_string(std::get<std::int64_t>(gaps.rows[0][3])) + " in " +
                    std::to_string(std::get<std::int64_t>(gaps.rows[0][1])) + " events";
    if (!guarded)
        c.detail += "; the append-only triggers are missing";
    if (c.ok)
        c.detail +=
            ": positions 1.." + std::to_string(count) +
            " and every stream's versions contiguous, UPDATE and DELETE refused by triggers";
    return c;
}

// A snapshot is a cache of a replay: the state it holds must be the fold of the stream's
// events up to its version.
CheckResult snapshotsMatch(Database &db, const std::string &where)
{
    CheckResult c;
    c.id = "event_sourcing.snapshot_matches_replay";
    c.name = "snapshot plus tail equals full replay" + where;
    const auto snaps =
        db.query("SELECT stream, version, state FROM snapshots ORDER BY stream, version", {}, kAll);
    std::int64_t wrong = 0;
    std::string example;
    for (const auto &r : snaps.rows) {
        const std::string stream = std::get<std::string>(r[0]);
        const std::int64_t version = std::get<std::int64_t>(r[1]);
        const Json state = Json::parse(std::get<std::string>(r[2]), nullptr, false);
        const StateAt replay = EventStore::stateAt(db, stream, AsOf{AsOf::Kind::Version, version});
        if (replay.version != version || replay.state != state) {
            ++wrong;
            if (example.empty())
                example = stream + " v" + std::to_string(version);
        }
    }
    // And the loads commands make (the latest snapshot plus the tail) equal a full replay.
    const auto streams = db.query("SELECT DISTINCT stream FROM snapshots", {}, kAll);
    std::int64_t loadsWrong = 0;
    for (const auto &r : streams.rows) {
        const std::string stream = std::get<std::string>(r[0]);
        const LoadedStream fast = EventStore::load(db, stream);
        const LoadedStream full = EventStore::replay(db, stream);
        if (fast.state != full.state || fast.version != full.version) {
            ++loadsWrong;
            if (example.empty())
                example = stream;
        }
    }
    c.ok = wrong == 0 && loadsWrong == 0;
    c.detail = std::to_string(snaps.rows.size()) + " snapshots of " +
               std::to_string(streams.rows.size()) + " streams: " + std::to_string(wrong) +
               " differ from the replay to their version, " + std::to_string(loadsWrong) +
               " snapshot-plus-tail loads differ from a full replay";
    if (!c.ok)
        c.detail += " (e.g. " + example + ")";
    return c;
}

// The orders table is derived data: once the relay has caught up, every row is the replay of
// its stream, and no row exists without one.
CheckResult projectionMatches(Database &db, const SourcedOrders &es, const std::string &where)
{
    CheckResult c;
    c.id = "event_sourcing.replay_matches_projection";
    c.name = "replayed state equals the orders projection" + where;
    std::map<std::int64_t, Json> replayed;
    for (const StateAt &s : EventStore::statesAt(db, AsOf{}))
        if (const std::int64_t id = OrderAggregate::orderOf(s.stream); id > 0 && !s.state.is_null())
            replayed[id] = s.state;
    QueryResult rows;
    try {
        rows =
            db.query("SELECT id, customer_id, product_id, qty, total, status, version FROM orders",
                     {}, kAll);
    } catch (const DatabaseError &) {
        c.ok = false;
        c.detail = "the orders table could not be read (a schema change?)";
        return c;
    }
    std::int64_t missing = 0, differ = 0, phantom = 0, example = 0;
    std::map<std::int64_t, bool> seen;
    for (const auto &r : rows.rows) {
        const OrderRow row{std::get<std::int64_t>(r[0]), std::get<std::int64_t>(r[1]),
                           std::get<std::int64_t>(r[2]), std::get<std::int64_t>(r[3]),
                           std::get<std::int64_t>(r[4]), std::get<std::string>(r[5]),
                           std::get<std::int64_t>(r[6])};
        seen[row.id] = true;
        const auto it = replayed.find(row.id);
        if (it == replayed.end())
            ++phantom;
        else if (it->second != row.toJson())
            ++differ;
        else
            continue;
        if (!example)
            example = row.id;
    }
    for (const auto &[id, state] : replayed)
        if (!seen.count(id)) {
            ++missing;
            if (!example)
                example = id;
        }
    c.ok = missing + differ + phantom == 0;
    c.detail = std::to_string(replayed.size()) + " streams replayed: " + std::to_string(missing) +
               " missing from orders, " + std::to_string(differ) + " differ, " +
               std::to_string(phantom) + " rows without a stream";
    if (c.ok)
        return c;
    c.detail += " (e.g. order " + std::to_string(example) + ")";
    if (const std::int64_t behind = es.relay().projectionBacklog(); behind > 0)
        c.detail += "; the projection was " + std::to_string(behind) +
                    " events behind at the end: leave time after the last write";
    return c;
}

} // namespace

std::vector<CheckResult> EventSourcingChecks::run(const World &world, bool liveOnly)
{
    std::vector<CheckResult> out;
    if (!settingsOf<EventSourcingSettings>(world.scenario()))
        return out;
    World &w = const_cast<World &>(world); // read-only queries; query() caches statements
    for (std::size_t i = 0; i < w.serviceCount(); ++i) {
        Service &svc = w.service(static_cast<std::int16_t>(i));
        const auto *orders = dynamic_cast<const OrdersService *>(svc.behavior());
        if (!orders || !orders->eventSourcing())
            continue;
        const std::string where = suffix(world, svc);
        Database &db = svc.database();
        out.push_back(appendOnly(db, where));
        if (liveOnly)
            continue;
        out.push_back(snapshotsMatch(db, where));
        out.push_back(projectionMatches(db, *orders->eventSourcing(), where));
    }
    return out;
}

} // namespace dplab
