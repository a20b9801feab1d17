#include "patterns/eventsourcing/eventsourcingevidence.h"

#include "patterns/domain/ordersservice.h"
#include "patterns/eventsourcing/eventstore.h"
#include "patterns/eventsourcing/orderaggregate.h"
#include "patterns/eventsourcing/sourcedorders.h"
#include "patterns/eventsourcing/storerelay.h"
#include "patterns/evidence/causalsteps.h"
#include "patterns/evidence/evidencecontext.h"
#include "patterns/evidence/evidencerows.h"
#include "simulation/world/world.h"

#include <map>
#include <set>

namespace dplab {

namespace {

constexpr std::size_t kAllRows = static_cast<std::size_t>(ScenarioLimits::maxKeys);

/** An append as its commit's label tells it: "... (append OrderPaid to order-12 v3)". */
struct StoreAppend
{
    std::uint64_t commit = 0;
    std::string type;
    std::string stream;
    std::int64_t version = 0;
};

/// One pass over the trace: the appends one service committed, in order (the k-th is the
/// store's position k), and its refused appends (write conflicts).
class StoreTraceIndex
{
public:
    StoreTraceIndex(const EvidenceContext &ctx, std::int16_t service)
    {
        const NameTable &names = ctx.names();
        std::vector<std::optional<StoreAppend>> parsed(names.labels.size());
        for (std::size_t i = 0; i < names.labels.size(); ++i) {
            const std::string &l = names.labels[i];
            const auto a = l.rfind(" (append ");
            if (l.rfind("tx:", 0) != 0 || a == std::string::npos || l.back() != ')')
                continue;
            const std::string body = l.substr(a + 9, l.size() - a - 10); // "T to S vN"
            const auto to = body.find(" to "), v = body.rfind(" v");
            if (to == std::string::npos || v == std::string::npos || v < to)
                continue;
            StoreAppend s;
            s.type = body.substr(0, to);
            s.stream = body.substr(to + 4, v - to - 4);
            s.version = std::atoll(body.c_str() + v + 2);
            parsed[i] = s;
        }
        const TraceLog &trace = ctx.trace();
        for (std::size_t i = 0; i < trace.size(); ++i) {
            const TraceEvent &e = trace[i];
            if (e.from != service)
                continue;
            if (e.kind == TraceKind::Commit && e.label < parsed.size() && parsed[e.label]) {
                StoreAppend s = *parsed[e.label];
                s.commit = e.id;
                byStream[s.stream].push_back(appends.size());
                appends.push_back(s);
            } else if (e.kind == TraceKind::Failure && e.text < names.texts.size() &&
                       names.texts[e.text].rfind("conflict: ", 0) == 0) {
                const std::string &t = names.texts[e.text];
                const auto f = t.find(" for "), w = t.find(" was decided");
                if (f != std::string::npos && w != std::string::npos && w > f)
                    conflicts[t.substr(f + 5, w - f - 5)].push_back(e.id);
            }
        }
    }

    std::vector<StoreAppend> appends;
    std::map<std::string, std::vector<std::size_t>> byStream; // stream -> indexes in appends
    std::map<std::string, std::vector<std::uint64_t>> conflicts;
};

std::string appendSays(const StoreAppend &a, const std::string &who)
{
    return who + " commits " + a.type + " as version " + std::to_string(a.version) + " of " +
           a.stream;
}

std::string storeConflictNote(const StoreTraceIndex &index, const std::string &stream)
{
    const auto it = index.conflicts.find(stream);
    if (it == index.conflicts.end())
        return {};
    return " Its stream also saw " + std::to_string(it->second.size()) + " write conflict" +
           (it->second.size() == 1 ? "" : "s") + " (a refused append, first at event " +
           std::to_string(it->second.front()) + "), each decided again on the fresh state.";
}

void addRemovedEvents(const EvidenceContext &ctx, const StoreTraceIndex &index, std::int16_t svc,
                      CheckResult &check)
{
    const World &world = ctx.world();
    const Database &db = world.service(svc).database();
    std::set<std::int64_t> held;
    for (const auto &r : db.query("SELECT position FROM event_store", {}, kAllRows).rows)
        held.insert(std::get<std::int64_t>(r[0]));
    const auto triggers = db.query("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND "
                                   "tbl_name = 'event_store'");
    const bool guarded = std::get<std::int64_t>(triggers.rows.at(0).at(0)) == 2;
    const std::string name = world.service(svc).name();
    // The store may hold events from before the run (seed data): the k-th traced append is
    // at position offset + k, the offset read from an append whose row is still there.
    std::int64_t offset = -1;
    for (std::size_t k = 0; k < index.appends.size() && offset < 0; ++k) {
        const auto at = db.query("SELECT position FROM event_store WHERE stream = ?1 AND "
                                 "version = ?2",
                                 {index.appends[k].stream, index.appends[k].version});
        if (!at.rows.empty())
            offset = std::get<std::int64_t>(at.rows[0][0]) - static_cast<std::int64_t>(k);
    }
    if (offset < 0)
        return;
    for (std::size_t k = 0; k < index.appends.size(); ++k) {
        if (check.evidence.size() >= kMaxEvidencePerCheck)
            return;
        const std::int64_t position = offset + static_cast<std::int64_t>(k);
        if (held.count(position))
            continue;
        const StoreAppend &a = index.appends[k];
        Evidence ev;
        ev.cls = "event removed";
        ev.entity = "position " + std::to_string(position);
        CausalSteps chain(ctx);
        chain.add(a.commit, appendSays(a, name) + ": position " + std::to_string(position));
        ev.steps = chain.steps();
        ev.rows.push_back(EvidenceRows::read(world, svc, "event_store", "position", position,
                                             "position " + std::to_string(position) +
                                                 " is no longer in the store"));
        ev.explanation =
            "The trace holds " + std::to_string(index.appends.size()) + " committed appends to " +
            name + "'s event store; the one at position " + std::to_string(position) + " (" +
            a.type + " of " + a.stream + " v" + std::to_string(a.version) + ", event " +
            std::to_string(a.commit) +
            ") is gone from event_store at the end. An event store is append-only: history is "
            "never rewritten, a correction is a new event." +
            (guarded ? std::string()
                     : " The triggers that refuse UPDATE and DELETE on event_store are missing, "
                       "which is how the row could be removed.");
        check.evidence.push_back(std::move(ev));
    }
}

void addWrongSnapshots(const EvidenceContext &ctx, const StoreTraceIndex &index, std::int16_t svc,
                       CheckResult &check)
{
    const World &world = ctx.world();
    World &w = const_cast<World &>(world); // EventStore reads through a non-const Database
    Database &db = w.service(svc).database();
    const std::string name = world.service(svc).name();
    const auto snaps = db.query("SELECT rowid, stream, version, state FROM snapshots ORDER BY "
                                "stream, version",
                                {}, kAllRows);
    for (const auto &r : snaps.rows) {
        if (check.evidence.size() >= kMaxEvidencePerCheck)
            return;
        const std::string stream = std::get<std::string>(r[1]);
        const std::int64_t version = std::get<std::int64_t>(r[2]);
        const nlohmann::json state =
            nlohmann::json::parse(std::get<std::string>(r[3]), nullptr, false);
        const StateAt replay = EventStore::stateAt(db, stream, AsOf{AsOf::Kind::Version, version});
        if (replay.version == version && replay.state == state)
            continue;
        Evidence ev;
        ev.cls = "snapshot differs from replay";
        ev.entity = stream + " v" + std::to_string(version);
        CausalSteps chain(ctx);
        if (const auto it = index.byStream.find(stream); it != index.byStream.end())
            for (std::size_t k : it->second)
                if (index.appends[k].version == version)
                    chain.add(index.appends[k].commit,
                              appendSays(index.appends[k], name) + " and keeps a snapshot of it");
        ev.steps = chain.steps();
        ev.rows.push_back(EvidenceRows::read(
            world, svc, "snapshots", "rowid", std::get<std::int64_t>(r[0]),
            "the snapshot of " + stream + " at version " + std::to_string(version)));
        ev.explanation = "The snapshot of " + stream + " at version " + std::to_string(version) +
                         " holds " + state.dump() + ", but folding the stream's events up to " +
                         "that version gives " + replay.state.dump() +
                         ". A snapshot is only a cache of a replay: commands that load from it "
                         "would decide on a state that never was.";
        check.evidence.push_back(std::move(ev));
    }
}

void addStaleProjection(const EvidenceContext &ctx, const StoreTraceIndex &index, std::int16_t svc,
                        const SourcedOrders &es, CheckResult &check)
{
    const World &world = ctx.world();
    World &w = const_cast<World &>(world);
    Database &db = w.service(svc).database();
    const std::string name = world.service(svc).name();
    std::map<std::int64_t, nlohmann::json> replayed;
    for (const StateAt &s : EventStore::statesAt(db, AsOf{}))
        if (const std::int64_t id = OrderAggregate::orderOf(s.stream); id > 0 && !s.state.is_null())
            replayed[id] = s.state;
    std::map<std::int64_t, nlohmann::json> rows;
    for (const auto &r : db.query("SELECT id, customer_id, product_id, qty, total, status, version "
                                  "FROM orders",
                                  {}, kAllRows)
                             .rows) {
        const OrderRow row{std::get<std::int64_t>(r[0]), std::get<std::int64_t>(r[1]),
                           std::get<std::int64_t>(r[2]), std::get<std::int64_t>(r[3]),
                           std::get<std::int64_t>(r[4]), std::get<std::string>(r[5]),
                           std::get<std::int64_t>(r[6])};
        rows[row.id] = row.toJson();
    }
    std::set<std::int64_t> ids;
    for (const auto &[id, s] : replayed)
        ids.insert(id);
    for (const auto &[id, s] : rows)
        ids.insert(id);
    const std::int64_t behind = es.relay().projectionBacklog();
    for (std::int64_t id : ids) {
        if (check.evidence.size() >= kMaxEvidencePerCheck)
            return;
        const auto r = replayed.find(id);
        const auto o = rows.find(id);
        if (r != replayed.end() && o != rows.end() && r->second == o->second)
            continue;
        const std::string stream = OrderAggregate::streamOf(id);
        Evidence ev;
        ev.cls = "stale projection";
        ev.entity = "order " + std::to_string(id);
        CausalSteps chain(ctx);
        const StoreAppend *last = nullptr;
        if (const auto it = index.byStream.find(stream); it != index.byStream.end()) {
            last = &index.appends[it->second.back()];
            chain.add(last->commit, appendSays(*last, name) + " (the stream's last event)");
        }
        ev.steps = chain.steps();
        ev.rows.push_back(EvidenceRows::read(
            world, svc, "orders", "id", id, "the projection's row of order " + std::to_string(id)));
        const auto pos = db.query("SELECT position FROM event_store WHERE stream = ?1 ORDER BY "
                                  "version DESC LIMIT 1",
                                  {stream});
        if (!pos.rows.empty())
            ev.rows.push_back(EvidenceRows::read(world, svc, "event_store", "position",
                                                 std::get<std::int64_t>(pos.rows[0][0]),
                                                 "the last event of " + stream));
        const std::string replay = r == replayed.end() ? "no stream" : r->second.dump();
        const std::string row = o == rows.end() ? "no row" : o->second.dump();
        ev.explanation =
            "Replaying " + stream + " gives " + replay + ", but the orders projection holds " +
            row + "." +
            (behind > 0 ? " The projection was " + std::to_string(behind) +
                              " events behind the store when the run ended: the relay had not "
                              "caught up (leave time after the last write)."
                        : " The relay had caught up, so the projection was written (or changed) "
                          "outside the replay.") +
            storeConflictNote(index, stream);
        check.evidence.push_back(std::move(ev));
    }
}

} // namespace

void EventSourcingEvidence::add(const EvidenceContext &context, CheckResult &check)
{
    const bool appendOnly = check.id == "event_sourcing.append_only";
    const bool snapshots = check.id == "event_sourcing.snapshot_matches_replay";
    const bool projection = check.id == "event_sourcing.replay_matches_projection";
    if (check.ok || !(appendOnly || snapshots || projection))
        return;
    const World &world = context.world();
    for (std::size_t i = 0; i < world.serviceCount(); ++i) {
        const auto svc = static_cast<std::int16_t>(i);
        const auto *orders = dynamic_cast<const OrdersService *>(world.service(svc).behavior());
        if (!orders || !orders->eventSourcing())
            continue;
        const StoreTraceIndex index(context, svc);
        try {
            if (appendOnly)
                addRemovedEvents(context, index, svc, check);
            else if (snapshots)
                addWrongSnapshots(context, index, svc, check);
            else
                addStaleProjection(context, index, svc, *orders->eventSourcing(), check);
        } catch (const DatabaseError &) {
            // a table renamed by a schema-change fault: the check says so
        }
    }
}

} // namespace dplab
