#pragma once

#include "simulation/kernel/simtime.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace dplab {

class Database;

/** One row of the event store. */
struct StoredEvent
{
    std::int64_t position = 0; ///< global, 1..N in append order
    std::string stream;        ///< "order-12"
    std::int64_t version = 0;  ///< 1..n within the stream
    std::string type;
    nlohmann::json payload;
    SimTime time = 0; ///< virtual time of the append

    nlohmann::ordered_json toJson() const;
};

/** An aggregate as loaded for a command: the latest snapshot plus the events after it. */
struct LoadedStream
{
    nlohmann::json state;             ///< null when the stream has no event
    std::int64_t version = 0;         ///< 0 when the stream has no event
    std::int64_t eventsRead = 0;      ///< events folded on top of the snapshot (or from 0)
    std::int64_t snapshotVersion = 0; ///< version of the snapshot used; 0 = none
};

/** A point in the store's history: its end, a global position, a stream version or a time. */
struct AsOf
{
    enum class Kind { End, Position, Version, Time };
    Kind kind = Kind::End;
    std::int64_t value = 0; ///< position, version, or time in microseconds

    /// "12s" / "250ms" (a time), "event:N" (global position N), "version:N" (a stream's
    /// version N), "end". Nothing, with the reason in `why`, for anything else.
    static std::optional<AsOf> parse(const std::string &text, std::string *why);
    /// "t = 12s", "event 40", "version 2", "the end".
    std::string describe() const;
    /// True when `e` had happened at this point.
    bool includes(const StoredEvent &e) const;
};

/** The state of one stream at a point of its history, with the events that made it. */
struct StateAt
{
    std::string stream;
    nlohmann::json state; ///< null when the stream did not exist yet
    std::int64_t version = 0;
    std::vector<StoredEvent> events;
};

/**
 * The append-only event store in the orders database: `event_store` (global position, stream,
 * version, type, JSON payload, time), UNIQUE(stream, version) so that of two writers who
 * decided on the same version only the first gets in (optimistic concurrency), and triggers
 * that refuse every UPDATE and DELETE. `snapshots` keeps an aggregate's state every few
 * events so that loading it folds only the tail; `checkpoints` keeps how far each catch-up
 * subscription has read. Plain functions over a Database, usable on any orders database
 * (the live one, or one at a playhead in the GUI).
 */
class EventStore
{
public:
    static constexpr std::int64_t kLatest = std::numeric_limits<std::int64_t>::max();

    /// Creates the tables and the append-only triggers (IF NOT EXISTS).
    static void create(Database &db);
    /// Inside an open transaction: appends `type` as version expectedVersion + 1 of `stream`.
    /// Returns the new global position, or nothing when another writer already appended that
    /// version (the UNIQUE constraint refused the row; the transaction stays open).
    static std::optional<std::int64_t> append(Database &db, const std::string &stream,
                                              std::int64_t expectedVersion, const std::string &type,
                                              const nlohmann::json &payload, SimTime at);
    /// The latest snapshot at or below `upTo` plus the events after it, folded.
    static LoadedStream load(Database &db, const std::string &stream, std::int64_t upTo = kLatest);
    /// The whole stream folded from its first event, ignoring snapshots.
    static LoadedStream replay(Database &db, const std::string &stream);
    /// Inside an open transaction: keeps `state` as the snapshot of `stream` at `version`.
    static void writeSnapshot(Database &db, const std::string &stream, std::int64_t version,
                              const nlohmann::json &state);

    /// Up to `limit` events past global position `after`, in order.
    static std::vector<StoredEvent> readFrom(Database &db, std::int64_t after, std::int64_t limit);
    /// Every event of one stream, in version order.
    static std::vector<StoredEvent> readStream(Database &db, const std::string &stream);
    /// The last global position (0 for an empty store).
    static std::int64_t lastPosition(const Database &db);
    /// How far the subscription `name` has read (0 when it never has).
    static std::int64_t checkpoint(Database &db, const std::string &name);
    /// Inside an open transaction: moves the subscription `name` to `position`.
    static void setCheckpoint(Database &db, const std::string &name, std::int64_t position);

    /// Time travel: the state of `stream` as of `when` (its events up to that point, folded
    /// from the first: no snapshot is trusted here).
    static StateAt stateAt(Database &db, const std::string &stream, const AsOf &when);
    /// The same for every stream that existed at `when` (not for AsOf::Kind::Version), in the
    /// order the streams began.
    static std::vector<StateAt> statesAt(Database &db, const AsOf &when);
};

} // namespace dplab
