#include "patterns/eventsourcing/eventstore.h"

#include "patterns/eventsourcing/orderaggregate.h"
#include "simulation/world/database.h"

#include <map>

namespace dplab {

namespace {

constexpr int kConstraint = 19; // SQLITE_CONSTRAINT (primary result code)

StoredEvent eventOf(const std::vector<SqlValue> &row)
{
    StoredEvent e;
    e.position = std::get<std::int64_t>(row[0]);
    e.stream = std::get<std::string>(row[1]);
    e.version = std::get<std::int64_t>(row[2]);
    e.type = std::get<std::string>(row[3]);
    e.payload = nlohmann::json::parse(std::get<std::string>(row[4]), nullptr, false);
    if (e.payload.is_discarded())
        e.payload = nlohmann::json::object();
    e.time = std::get<std::int64_t>(row[5]);
    return e;
}

constexpr const char *kColumns =
    "SELECT position, stream, version, type, payload, time_us FROM event_store";

std::vector<StoredEvent> eventsOf(const QueryResult &r)
{
    std::vector<StoredEvent> out;
    out.reserve(r.rows.size());
    for (const auto &row : r.rows)
        out.push_back(eventOf(row));
    return out;
}

bool parseCount(const std::string &text, std::int64_t *out)
{
    if (text.empty() || text.size() > 18)
        return false;
    std::int64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *out = v;
    return true;
}

} // namespace

nlohmann::ordered_json StoredEvent::toJson() const
{
    return {{"position", position}, {"stream", stream},   {"version", version},
            {"type", type},         {"payload", payload}, {"time_us", time}};
}

std::optional<AsOf> AsOf::parse(const std::string &text, std::string *why)
{
    AsOf a;
    auto numbered = [&](const char *prefix, Kind kind) -> std::optional<AsOf> {
        const std::string number = text.substr(std::string(prefix).size());
        std::int64_t n = 0;
        if (!parseCount(number, &n) || n < 1) {
            if (why)
                *why = "\"" + text + "\": after \"" + prefix + "\" comes a number from 1 up";
            return std::nullopt;
        }
        a.kind = kind;
        a.value = n;
        return a;
    };
    if (text == "end")
        return a;
    if (text.rfind("event:", 0) == 0)
        return numbered("event:", Kind::Position);
    if (text.rfind("version:", 0) == 0)
        return numbered("version:", Kind::Version);
    std::string err;
    const auto t = parseDuration(text, &err);
    if (!t) {
        if (why)
            *why = "\"" + text +
                   "\" is neither a time such as 12s nor event:N (a global "
                   "position) nor version:N (a stream's version): " +
                   err;
        return std::nullopt;
    }
    a.kind = Kind::Time;
    a.value = *t;
    return a;
}

std::string AsOf::describe() const
{
    switch (kind) {
    case Kind::End:
        return "the end";
    case Kind::Position:
        return "event " + std::to_string(value);
    case Kind::Version:
        return "version " + std::to_string(value);
    case Kind::Time:
        return "t = " + formatDuration(value);
    }
    return {};
}

bool AsOf::includes(const StoredEvent &e) const
{
    switch (kind) {
    case Kind::End:
        return true;
    case Kind::Position:
        return e.position <= value;
    case Kind::Version:
        return e.version <= value;
    case Kind::Time:
        return e.time <= value;
    }
    return false;
}

void EventStore::create(Database &db)
{
    db.exec("CREATE TABLE IF NOT EXISTS event_store (position INTEGER PRIMARY KEY,"
            " stream TEXT NOT NULL, version INTEGER NOT NULL CHECK (version >= 1),"
            " type TEXT NOT NULL, payload TEXT NOT NULL, time_us INTEGER NOT NULL,"
            " UNIQUE (stream, version))");
    // The history is the truth: it is appended to, never rewritten.
    db.exec(
        "CREATE TRIGGER IF NOT EXISTS event_store_no_update BEFORE UPDATE ON event_store"
        " BEGIN SELECT RAISE(ABORT, 'event_store is append-only: events cannot be changed'); END");
    db.exec(
        "CREATE TRIGGER IF NOT EXISTS event_store_no_delete BEFORE DELETE ON event_store"
        " BEGIN SELECT RAISE(ABORT, 'event_store is append-only: events cannot be deleted'); END");
    db.exec("CREATE TABLE IF NOT EXISTS snapshots (stream TEXT NOT NULL, version INTEGER NOT NULL,"
            " state TEXT NOT NULL, PRIMARY KEY (stream, version))");
    db.exec("CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY,"
            " position INTEGER NOT NULL)");
}

std::optional<std::int64_t> EventStore::append(Database &db, const std::string &stream,
                                               std::int64_t expectedVersion,
                                               const std::string &type,
                                               const nlohmann::json &payload, SimTime at)
{
    try {
        db.prepare("INSERT INTO event_store (stream, version, type, payload, time_us)"
                   " VALUES (?1, ?2, ?3, ?4, ?5)")
            .bind(1, stream)
            .bind(2, expectedVersion + 1)
            .bind(3, type)
            .bind(4, payload.dump())
            .bind(5, at)
            .run();
    } catch (const DatabaseError &e) {
        if ((e.code() & 0xff) == kConstraint)
            return std::nullopt;
        throw;
    }
    return db.lastInsertRowId();
}

LoadedStream EventStore::load(Database &db, const std::string &stream, std::int64_t upTo)
{
    LoadedStream out;
    const auto snap = db.query("SELECT version, state FROM snapshots WHERE stream = ?1 AND"
                               " version <= ?2 ORDER BY version DESC LIMIT 1",
                               {stream, upTo});
    if (!snap.rows.empty()) {
        out.snapshotVersion = std::get<std::int64_t>(snap.rows[0][0]);
        out.version = out.snapshotVersion;
        out.state = nlohmann::json::parse(std::get<std::string>(snap.rows[0][1]), nullptr, false);
        if (out.state.is_discarded())
            out.state = nullptr;
    }
    const auto tail =
        db.query(std::string(kColumns) + " WHERE stream = ?1 AND version > ?2 AND version <= ?3"
                                         " ORDER BY version",
                 {stream, out.version, upTo});
    for (const auto &row : tail.rows) {
        const StoredEvent e = eventOf(row);
        out.state = OrderAggregate::apply(out.state, e);
        out.version = e.version;
        ++out.eventsRead;
    }
    return out;
}

LoadedStream EventStore::replay(Database &db, const std::string &stream)
{
    LoadedStream out;
    for (const StoredEvent &e : readStream(db, stream)) {
        out.state = OrderAggregate::apply(out.state, e);
        out.version = e.version;
        ++out.eventsRead;
    }
    return out;
}

void EventStore::writeSnapshot(Database &db, const std::string &stream, std::int64_t version,
                               const nlohmann::json &state)
{
    db.prepare("INSERT OR REPLACE INTO snapshots (stream, version, state) VALUES (?1, ?2, ?3)")
        .bind(1, stream)
        .bind(2, version)
        .bind(3, state.dump())
        .run();
}

std::vector<StoredEvent> EventStore::readFrom(Database &db, std::int64_t after, std::int64_t limit)
{
    return eventsOf(db.query(
        std::string(kColumns) + " WHERE position > ?1 ORDER BY position LIMIT ?2", {after, limit}));
}

std::vector<StoredEvent> EventStore::readStream(Database &db, const std::string &stream)
{
    return eventsOf(
        db.query(std::string(kColumns) + " WHERE stream = ?1 ORDER BY version", {stream}));
}

std::int64_t EventStore::lastPosition(const Database &db)
{
    const auto r = db.query("SELECT COALESCE(MAX(position), 0) FROM event_store");
    return std::get<std::int64_t>(r.rows[0][0]);
}

std::int64_t EventStore::checkpoint(Database &db, const std::string &name)
{
    const auto r = db.query("SELECT position FROM checkpoints WHERE name = ?1", {name});
    return r.rows.empty() ? 0 : std::get<std::int64_t>(r.rows[0][0]);
}

void EventStore::setCheckpoint(Database &db, const std::string &name, std::int64_t position)
{
    db.prepare("INSERT INTO checkpoints (name, position) VALUES (?1, ?2)"
               " ON CONFLICT(name) DO UPDATE SET position = excluded.position")
        .bind(1, name)
        .bind(2, position)
        .run();
}

StateAt EventStore::stateAt(Database &db, const std::string &stream, const AsOf &when)
{
    StateAt out;
    out.stream = stream;
    for (StoredEvent &e : readStream(db, stream)) {
        if (!when.includes(e))
            break; // versions, positions and times all grow along a stream
        out.state = OrderAggregate::apply(out.state, e);
        out.version = e.version;
        out.events.push_back(std::move(e));
    }
    return out;
}

std::vector<StateAt> EventStore::statesAt(Database &db, const AsOf &when)
{
    std::vector<StateAt> out;
    std::map<std::string, std::size_t> index;
    const std::int64_t kSlice = 10000;
    for (std::int64_t after = 0;;) {
        const std::vector<StoredEvent> events = readFrom(db, after, kSlice);
        for (const StoredEvent &e : events) {
            after = e.position;
            if (when.kind != AsOf::Kind::Version && !when.includes(e))
                return out; // positions and times grow through the store
            if (when.kind == AsOf::Kind::Version && !when.includes(e))
                continue;
            auto [it, added] = index.emplace(e.stream, out.size());
            if (added) {
                out.emplace_back();
                out.back().stream = e.stream;
            }
            StateAt &s = out[it->second];
            s.state = OrderAggregate::apply(s.state, e);
            s.version = e.version;
            s.events.push_back(e);
        }
        if (static_cast<std::int64_t>(events.size()) < kSlice)
            return out;
    }
}

} // namespace dplab
