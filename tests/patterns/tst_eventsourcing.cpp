// Event sourcing (patterns.event_sourcing): the append-only store, snapshots, optimistic
// concurrency with reload-and-retry, the orders projection and its rebuild, time travel,
// determinism, crashes, and the CLI's --as-of.
#include "tests/support/clitestsupport.h"
#include "tests/support/patternstestsupport.h"

#include "patterns/domain/ordersservice.h"
#include "patterns/eventsourcing/eventstore.h"
#include "patterns/eventsourcing/orderaggregate.h"
#include "patterns/eventsourcing/storerelay.h"
#include "patterns/eventsourcing/timetravel.h"
#include "simulation/observe/tracerecorder.h"
#include "simulation/world/world.h"

#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace dplab;
using namespace dplab::test;

namespace {

using Json = nlohmann::json;

void withEventSourcing(Scenario &sc, int snapshotEvery = 50)
{
    EventSourcingSettings es;
    es.snapshotEvery = snapshotEvery;
    turnOn(sc.patterns, es);
}

/// The event shop without the read side (no events on the bus).
Scenario plainShop(SimTime stop, SimTime duration, std::uint64_t seed = 5)
{
    Scenario sc = eventShop(stop, duration, seed);
    sc.services.pop_back(); // order-view
    sc.patterns.erase(CqrsSettings::kKey);

    return sc;
}

/// Hot customers and a slow payment: two payments of one customer often overlap, and a
/// cancellation often lands while a payment is on its way.
void withHotKeys(Scenario &sc, std::int64_t customers = 8)
{
    for (WorkloadSpec &w : sc.workload) {
        w.keys.kind = KeySpec::Kind::Zipf;
        w.keys.n = customers;
        w.keys.s = 1.1;
    }
    for (ServiceSpec &s : sc.services)
        if (s.role == "payments")
            s.processing = Distribution::constant(20 * kMillisecond);
}

Database &ordersDb(Run &run)
{
    World &w = run.world();
    return w.service(w.serviceIndex("orders")).database();
}

const SourcedOrders &sourced(Run &run)
{
    return *ShopService::behaviorOf<OrdersService>(run.world(), "orders")->eventSourcing();
}

void requireChecks(Run &run, const std::vector<std::string> &ids)
{
    const auto checks = run.checks();
    for (const auto &id : ids) {
        const CheckResult *c = checkById(checks, id);
        QVERIFY2(c, id.c_str());
        QVERIFY2(c->ok, (id + ": " + c->detail).c_str());
    }
}

const std::vector<std::string> kEsChecks = {"event_sourcing.append_only",
                                            "event_sourcing.snapshot_matches_replay",
                                            "event_sourcing.replay_matches_projection"};

std::vector<std::vector<SqlValue>> ordersRows(Run &run)
{
    return ordersDb(run)
        .query("SELECT id, customer_id, product_id, qty, total, status, version FROM orders"
               " ORDER BY id",
               {}, 1000000)
        .rows;
}

/// The trace and the event_sourcing summary section, as text.
std::string traceAndSummary(const Scenario &sc)
{
    auto run = makeRun(sc, true);
    run->runToEnd();
    std::ostringstream out;
    writeTraceJsonl(out, run->trace()->events(), run->world().names());
    out << run->summary()["event_sourcing"].dump();
    return out.str();
}

} // namespace

class TestEventSourcing : public QObject
{
    Q_OBJECT
private slots:
    void loadReadsTheTailPastTheLatestSnapshot_data()
    {
        QTest::addColumn<int>("events");
        QTest::addColumn<int>("every");
        QTest::addColumn<int>("read");
        QTest::addColumn<int>("snapshots");
        QTest::newRow("no snapshots: the whole stream") << 23 << 0 << 23 << 0;
        QTest::newRow("every 5, 23 events") << 23 << 5 << 3 << 4;
        QTest::newRow("every 5, 25 events") << 25 << 5 << 0 << 5;
        QTest::newRow("every 1") << 7 << 1 << 0 << 7;
        QTest::newRow("every 10, fewer events") << 9 << 10 << 9 << 0;
    }

    void loadReadsTheTailPastTheLatestSnapshot()
    {
        // A long stream written the way commands write: Placed, then alternating changes, a
        // snapshot whenever the version is a multiple of `every`.
        QFETCH(int, events);
        QFETCH(int, every);
        QFETCH(int, read);
        QFETCH(int, snapshots);
        Database db;
        EventStore::create(db);
        const std::string stream = OrderAggregate::streamOf(7);
        Json state;
        int written = 0;
        for (int v = 1; v <= events; ++v) {
            const std::string type = v == 1  ? OrderAggregate::kPlaced
                                     : v % 2 ? OrderAggregate::kPaid
                                             : OrderAggregate::kCancelled;
            const Json payload =
                v == 1 ? Json{{"customer_id", 3}, {"product_id", 4}, {"qty", 2}, {"total", 500}}
                       : Json::object();
            db.begin();
            QVERIFY(EventStore::append(db, stream, v - 1, type, payload, v * kMillisecond));
            state = OrderAggregate::apply(state, 7, type, payload, v);
            if (every > 0 && v % every == 0) {
                EventStore::writeSnapshot(db, stream, v, state);
                ++written;
            }
            db.commit();
        }
        QCOMPARE(written, snapshots);
        const LoadedStream fast = EventStore::load(db, stream);
        const LoadedStream full = EventStore::replay(db, stream);
        QCOMPARE(fast.eventsRead, std::int64_t(read));
        QVERIFY(every == 0 || fast.eventsRead < every);
        QCOMPARE(full.eventsRead, std::int64_t(events));
        QCOMPARE(fast.version, std::int64_t(events));
        QVERIFY(fast.state == full.state);
        QVERIFY(fast.state == state);
        QCOMPARE(fast.state["version"].get<std::int64_t>(), std::int64_t(events));
        // Loading as of an earlier version uses the snapshot at or below it.
        const LoadedStream mid = EventStore::load(db, stream, events / 2);
        QCOMPARE(mid.version, std::int64_t(events / 2));
        QVERIFY(mid.state ==
                EventStore::stateAt(db, stream, AsOf{AsOf::Kind::Version, events / 2}).state);
    }

    void snapshotPlusTailEqualsReplayInARun_data()
    {
        QTest::addColumn<int>("every");
        QTest::newRow("off") << 0;
        QTest::newRow("1") << 1;
        QTest::newRow("2") << 2;
        QTest::newRow("5") << 5;
    }

    void snapshotPlusTailEqualsReplayInARun()
    {
        QFETCH(int, every);
        // Most cards are declined, so a hot customer's oldest order collects PaymentDeclined
        // events: long streams, where snapshots matter.
        Scenario sc = plainShop(4 * kSecond, 5 * kSecond);
        withEventSourcing(sc, every);
        withHotKeys(sc, 30);
        sc.services[3].failureRate = 0.9; // payments
        auto run = makeRun(sc, false);
        run->runToEnd();
        requireChecks(*run, kEsChecks);
        Database &db = ordersDb(*run);
        const auto snaps =
            std::get<std::int64_t>(db.query("SELECT COUNT(*) FROM snapshots").rows[0][0]);
        const auto due =
            every == 0 ? 0
                       : std::get<std::int64_t>(db.query("SELECT COUNT(*) FROM event_store WHERE"
                                                         " version % ?1 = 0",
                                                         {std::int64_t(every)})
                                                    .rows[0][0]);
        const auto imported = every == 1 ? std::int64_t{200} : std::int64_t{0};
        QCOMPARE(snaps, due); // one snapshot per version that is a multiple of every
        QCOMPARE(std::uint64_t(snaps), sourced(*run).stats().snapshots + std::uint64_t(imported));
        const auto s = run->summary().at("event_sourcing");
        QVERIFY2(s.at("longest_stream").get<int>() > 10,
                 qPrintable(QString::number(s.at("longest_stream").get<int>())));
        QVERIFY(s.at("payments_declined").get<int>() > 10);
        const int most = s.at("events_read_per_load").at("max").get<int>();
        if (every == 0) {
            QCOMPARE(s.at("events_read_from_snapshot").at("loads").get<int>(), 0);
            // Without snapshots a load reads the stream's whole length: the longest is read
            // when it is loaded again.
            QVERIFY(most >= s.at("longest_stream").get<int>() - 1);
        } else {
            // Past the latest snapshot there are at most every - 1 events.
            QVERIFY2(most <= every - 1, qPrintable(QString::number(most)));
            QVERIFY(s.at("events_read_from_snapshot").at("loads").get<int>() > 0);
        }
        for (const StateAt &st : EventStore::statesAt(db, AsOf{})) {
            const LoadedStream l = EventStore::load(db, st.stream);
            QVERIFY(l.state == st.state);
            if (every > 0)
                QVERIFY(l.eventsRead < every || l.snapshotVersion == 0);
        }
    }

    void concurrentCommandsConflictAndAreRetried_data()
    {
        QTest::addColumn<bool>("events");
        QTest::newRow("order events on the bus (cqrs)") << true;
        QTest::newRow("no events: cancel releases by call") << false;
    }

    void concurrentCommandsConflictAndAreRetried()
    {
        QFETCH(bool, events);
        Scenario sc =
            events ? eventShop(8 * kSecond, 10 * kSecond) : plainShop(8 * kSecond, 10 * kSecond);
        withEventSourcing(sc, 2);
        withHotKeys(sc);
        if (!events)
            for (ServiceSpec &s : sc.services)
                if (s.role == "inventory")
                    s.processing = Distribution::constant(20 * kMillisecond);
        auto run = makeRun(sc, false);
        run->runToEnd();
        const EventSourcingStats &st = sourced(*run).stats();
        QVERIFY2(st.conflicts > 10, qPrintable(QString::number(st.conflicts)));
        // Every conflict was retried, and every retry ended: appended or refused.
        QCOMPARE(st.retries, st.conflicts);
        QCOMPARE(st.retriedAppended + st.retriedRefused, st.retries);
        QVERIFY(st.retriedRefused > 0);
        QCOMPARE(st.compensationsFailed, std::uint64_t{0});
        QCOMPARE(st.refunds + st.restocks, st.retriedRefused);
        if (!events)
            QVERIFY(st.restocks > 0);
        requireChecks(*run, kEsChecks);
        if (events)
            requireChecks(*run, {"cqrs.read_model_matches"});
        // The money agrees with the orders: every charge that was not refunded paid an order.
        World &w = run->world();
        Database &pay = w.service(w.serviceIndex("payments")).database();
        const auto charged = std::get<std::int64_t>(
            pay.query("SELECT COALESCE(SUM(amount), 0) FROM payments WHERE status = 'charged'")
                .rows[0][0]);
        const auto refunded = std::get<std::int64_t>(
            pay.query("SELECT COUNT(*) FROM payments WHERE status = 'refunded'").rows[0][0]);
        const auto paid = std::get<std::int64_t>(
            ordersDb(*run)
                .query("SELECT COALESCE(SUM(total), 0) FROM orders WHERE status = 'paid'")
                .rows[0][0]);
        QCOMPARE(charged, paid);
        QCOMPARE(std::uint64_t(refunded), st.refunds);
        // The stock agrees too: reserved = what confirmed and paid orders hold.
        Database &inv = w.service(w.serviceIndex("inventory")).database();
        const auto reserved =
            std::get<std::int64_t>(inv.query("SELECT SUM(reserved) FROM inventory").rows[0][0]);
        const auto held =
            std::get<std::int64_t>(ordersDb(*run)
                                       .query("SELECT COALESCE(SUM(qty), 0) FROM orders WHERE "
                                              "status IN ('confirmed', 'paid')")
                                       .rows[0][0]);
        QCOMPARE(reserved, held);
    }

    void projectionLagIsHalfAPoll()
    {
        // place_order only, nothing queues: an append waits for the relay's next poll, uniform
        // over one poll interval (40 ms), so the projection lags 20 ms on average, 40 at most.
        Scenario sc = plainShop(20 * kSecond, 21 * kSecond);
        sc.workload = {shopOp("place_order", 50, 20 * kSecond)};
        withEventSourcing(sc);
        changeSettings<EventSourcingSettings>(
            sc.patterns, [&](EventSourcingSettings &s) { s.poll = 40 * kMillisecond; });
        auto run = makeRun(sc, false);
        run->runToEnd();
        const auto lag = run->summary().at("event_sourcing").at("projection").at("lag_ms");
        const double mean = lag.at("mean").get<double>();
        QVERIFY2(std::fabs(mean / 20.0 - 1) < 0.08, qPrintable(QString("mean %1 ms").arg(mean)));
        QVERIFY(lag.at("max").get<double>() <= 40.0);
        QVERIFY(run->summary().at("event_sourcing").at("events_appended").get<int>() > 900);
    }

    void readModelLagWithTheStoreAsOutbox()
    {
        // As the CQRS test with the outbox: the store's publisher polls every 100 ms (poll/2 =
        // 50 ms), then the bus (Exp, mean 10 ms) and the projection (Exp, mean 1 ms): 61 ms.
        Scenario sc = eventShop(40 * kSecond, 42 * kSecond);
        sc.workload = {shopOp("place_order", 80, 40 * kSecond)};
        sc.services[4].workers = 64;
        sc.bus.ordering = BusSpec::Ordering::None;
        withEventSourcing(sc);
        withOutbox(sc, 100 * kMillisecond);
        auto run = makeRun(sc, false);
        run->runToEnd();
        const auto s = run->summary();
        const double lag = s.at("read_model").at("lag_ms").at("mean").get<double>();
        QVERIFY2(std::fabs(lag / 61.0 - 1) < 0.10, qPrintable(QString("mean lag %1 ms").arg(lag)));
        QCOMPARE(s.at("read_model").at("writes_unreflected").get<int>(), 0);
        QVERIFY(s.at("read_model").at("writes_reflected").get<int>() > 3000);
        requireChecks(*run, {"cqrs.read_model_matches", "outbox.all_published"});
        QCOMPARE(s.at("event_sourcing").at("publishing").at("backlog").get<int>(), 0);
    }

    void theStoreRefusesUpdateAndDelete()
    {
        Scenario sc = plainShop(kSecond, 2 * kSecond);
        withEventSourcing(sc);
        auto run = makeRun(sc, false);
        run->runToEnd();
        Database &db = ordersDb(*run);
        for (const char *sql :
             {"UPDATE event_store SET type = 'OrderPaid' WHERE position = 1",
              "DELETE FROM event_store WHERE position = 1", "DELETE FROM event_store"}) {
            db.begin();
            bool refused = false;
            try {
                db.prepare(sql).run();
            } catch (const DatabaseError &e) {
                refused = std::string(e.what()).find("append-only") != std::string::npos;
            }
            db.rollback();
            QVERIFY2(refused, sql);
        }
        // A second event at a version the stream already has is refused too.
        db.begin();
        QVERIFY(!EventStore::append(db, "order-1", 0, OrderAggregate::kPaid, Json::object(), 0));
        db.rollback();
        requireChecks(*run, {"event_sourcing.append_only"});
        // Dropping a trigger is noticed.
        db.exec("DROP TRIGGER event_store_no_delete");
        db.exec("DELETE FROM event_store WHERE position = (SELECT MAX(position) FROM event_store)");
        const std::vector<CheckResult> checks = run->checks();
        const CheckResult *c = checkById(checks, "event_sourcing.append_only");
        QVERIFY(c && !c->ok);
        QVERIFY2(c->detail.find("triggers are missing") != std::string::npos, c->detail.c_str());
    }

    void theTimelineCanStepBackThroughAppends()
    {
        // The triggers refuse DELETE, yet the timeline undoes an append by applying the
        // inverted changeset (triggers off while applying): back to the seed, then forward.
        Scenario sc = plainShop(kSecond, 2 * kSecond);
        withEventSourcing(sc, 1);
        auto run = makeRun(sc, false);
        run->runToEnd();
        World &w = run->world();
        Database &db = ordersDb(*run);
        const std::int16_t orders = w.serviceIndex("orders");
        const auto end = ordersRows(*run);
        const std::int64_t events = EventStore::lastPosition(db);
        QVERIFY(events > 250);
        std::vector<std::size_t> mine;
        for (std::size_t i = 0; i < w.commits().size(); ++i)
            if (w.commits().record(i).service == orders)
                mine.push_back(i);
        for (auto it = mine.rbegin(); it != mine.rend(); ++it)
            db.applyChangeset(Database::invertChangeset(w.commits().changeset(*it)));
        QCOMPARE(EventStore::lastPosition(db), std::int64_t{200}); // the seed's imports
        // With a snapshot at every version, the seed's imports have theirs (not part of the run).
        QCOMPARE(std::get<std::int64_t>(db.query("SELECT COUNT(*) FROM snapshots").rows[0][0]),
                 std::int64_t{200});
        QCOMPARE(std::int64_t(ordersRows(*run).size()), std::int64_t{200});
        for (std::size_t i : mine)
            db.applyChangeset(w.commits().changeset(i));
        QCOMPARE(EventStore::lastPosition(db), events);
        QVERIFY(ordersRows(*run) == end);
        requireChecks(*run, kEsChecks);
    }

    void timeTravelShowsTheEarlierState()
    {
        Scenario sc = plainShop(3 * kSecond, 4 * kSecond);
        withEventSourcing(sc);
        auto run = makeRun(sc, false);
        run->runToEnd();
        Database &db = ordersDb(*run);
        const auto r =
            db.query("SELECT stream, position, time_us FROM event_store WHERE type = 'OrderPaid'"
                     " ORDER BY position LIMIT 1");
        QVERIFY(!r.rows.empty());
        const std::string stream = std::get<std::string>(r.rows[0][0]);
        const std::int64_t paidAt = std::get<std::int64_t>(r.rows[0][1]);
        const SimTime paidTime = std::get<std::int64_t>(r.rows[0][2]);
        const auto placed = EventStore::readStream(db, stream).at(0);
        QCOMPARE(placed.type, std::string(OrderAggregate::kPlaced));

        const StateAt v1 = EventStore::stateAt(db, stream, AsOf{AsOf::Kind::Version, 1});
        QCOMPARE(v1.state["status"].get<std::string>(), std::string("confirmed"));
        QCOMPARE(v1.events.size(), std::size_t{1});
        const StateAt before =
            EventStore::stateAt(db, stream, AsOf{AsOf::Kind::Position, paidAt - 1});
        QCOMPARE(before.state["status"].get<std::string>(), std::string("confirmed"));
        const StateAt at = EventStore::stateAt(db, stream, AsOf{AsOf::Kind::Position, paidAt});
        QCOMPARE(at.state["status"].get<std::string>(), std::string("paid"));
        QCOMPARE(at.version, std::int64_t{2});
        const StateAt justBefore =
            EventStore::stateAt(db, stream, AsOf{AsOf::Kind::Time, paidTime - 1});
        QCOMPARE(justBefore.state["status"].get<std::string>(), std::string("confirmed"));
        const StateAt atTime = EventStore::stateAt(db, stream, AsOf{AsOf::Kind::Time, paidTime});
        QCOMPARE(atTime.state["status"].get<std::string>(), std::string("paid"));
        const StateAt unborn =
            EventStore::stateAt(db, stream, AsOf{AsOf::Kind::Position, placed.position - 1});
        QVERIFY(unborn.state.is_null());
        QCOMPARE(unborn.version, std::int64_t{0});
        // The whole store at a time: the streams that existed, each as it was.
        const auto all = EventStore::statesAt(db, AsOf{AsOf::Kind::Time, paidTime - 1});
        std::int64_t begun = 0;
        for (const auto &s : all)
            begun += s.state.is_null() ? 0 : 1;
        const auto expected = std::get<std::int64_t>(
            db.query("SELECT COUNT(*) FROM event_store WHERE version = 1 AND time_us < ?1",
                     {paidTime})
                .rows[0][0]);
        QCOMPARE(begun, expected);
        for (const auto &s : all)
            if (s.stream == stream)
                QCOMPARE(s.state["status"].get<std::string>(), std::string("confirmed"));
        // The seed orders are history too: imported at t = 0.
        QCOMPARE(EventStore::stateAt(db, "order-1", AsOf{AsOf::Kind::Time, 0})
                     .state["status"]
                     .get<std::string>(),
                 std::string("delivered"));
    }

    void asOfArgumentsParse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("kind");
        QTest::addColumn<qint64>("value");
        QTest::newRow("time") << "12s" << true << int(AsOf::Kind::Time) << qint64(12 * kSecond);
        QTest::newRow("ms") << "250ms" << true << int(AsOf::Kind::Time)
                            << qint64(250 * kMillisecond);
        QTest::newRow("event") << "event:40" << true << int(AsOf::Kind::Position) << qint64(40);
        QTest::newRow("version") << "version:2" << true << int(AsOf::Kind::Version) << qint64(2);
        QTest::newRow("end") << "end" << true << int(AsOf::Kind::End) << qint64(0);
        QTest::newRow("event 0") << "event:0" << false << 0 << qint64(0);
        QTest::newRow("event x") << "event:x" << false << 0 << qint64(0);
        QTest::newRow("negative") << "-3s" << false << 0 << qint64(0);
        QTest::newRow("word") << "yesterday" << false << 0 << qint64(0);
    }

    void asOfArgumentsParse()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(int, kind);
        QFETCH(qint64, value);
        std::string why;
        const auto a = AsOf::parse(text.toStdString(), &why);
        QCOMPARE(a.has_value(), ok);
        if (!ok) {
            QVERIFY(!why.empty());
            return;
        }
        QCOMPARE(int(a->kind), kind);
        QCOMPARE(qint64(a->value), value);
    }

    void rebuildReplaysTheSameProjectionInSlices()
    {
        Scenario sc = eventShop(4 * kSecond, 10 * kSecond);
        withEventSourcing(sc);
        changeSettings<EventSourcingSettings>(sc.patterns,
                                              [&](EventSourcingSettings &s) { s.batch = 50; });
        changeSettings<EventSourcingSettings>(
            sc.patterns, [&](EventSourcingSettings &s) { s.poll = 20 * kMillisecond; });
        FaultSpec rebuild;
        rebuild.kind = FaultSpec::Kind::Rebuild;
        rebuild.service = "orders";
        rebuild.at = 6 * kSecond;
        sc.faults.push_back(rebuild);
        auto run = makeRun(sc, false);
        run->world().runUntil(5 * kSecond);
        const auto before = ordersRows(*run);
        const std::int64_t events = EventStore::lastPosition(ordersDb(*run));
        QVERIFY(before.size() > 300);
        run->world().runUntil(6 * kSecond + 30 * kMillisecond);
        // Mid-replay the projection shows only part of the orders.
        const auto partial = ordersRows(*run);
        QVERIFY2(partial.size() < before.size() && partial.size() <= 100,
                 qPrintable(QString::number(partial.size())));
        run->runToEnd();
        QVERIFY(ordersRows(*run) == before);
        requireChecks(*run, kEsChecks);
        requireChecks(*run, {"cqrs.read_model_matches"});
        const auto s = run->summary().at("event_sourcing");
        const auto &r = s.at("rebuilds");
        QCOMPARE(r.size(), std::size_t{1});
        QCOMPARE(r[0].at("events_replayed").get<std::int64_t>(), events);
        QVERIFY(r[0].at("finished").get<bool>());
        // ceil(events / batch) polls of 20 ms, the first at most 20 ms after the start.
        const double polls = std::ceil(double(events) / 50.0);
        const double ms = r[0].at("duration_ms").get<double>();
        QVERIFY2(ms >= (polls - 1) * 20 && ms <= polls * 20,
                 qPrintable(QString("%1 ms for %2 events").arg(ms).arg(events)));
    }

    void rebuildOfOrdersNeedsEventSourcing()
    {
        Scenario sc = eventShop(kSecond, 2 * kSecond);
        withEventSourcing(sc);
        FaultSpec rebuild;
        rebuild.kind = FaultSpec::Kind::Rebuild;
        rebuild.service = "orders";
        sc.faults.push_back(rebuild);
        std::vector<LoadError> errors;
        QVERIFY(Run::create(sc, {}, &errors));
        rebuild.service = "payments";
        sc.faults = {rebuild};
        QVERIFY(!Run::create(sc, {}, &errors));
        QVERIFY(errors.at(0).toString().find("patterns.event_sourcing") != std::string::npos);
    }

    void unsupportedCombinationsAreRefused_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("path");
        QTest::newRow("saga") << "saga"
                              << "patterns.saga";
        QTest::newRow("two-phase commit") << "2pc"
                                          << "patterns.two_phase_commit";
        QTest::newRow("shared database") << "shared"
                                         << "patterns.data";
        QTest::newRow("no orders") << "noorders"
                                   << "patterns.event_sourcing";
    }

    void unsupportedCombinationsAreRefused()
    {
        QFETCH(QString, what);
        QFETCH(QString, path);
        Scenario sc = plainShop(kSecond, 2 * kSecond);
        withEventSourcing(sc);
        if (what == "saga") {
            turnOn(sc.patterns, SagaSettings{});
        } else if (what == "2pc") {
            turnOn(sc.patterns, TwoPhaseCommitSettings{});
        } else if (what == "shared") {
            turnOn(sc.patterns, DataSettings{});
        } else {
            sc.services.erase(sc.services.begin());
            sc.workload.clear();
        }
        std::vector<LoadError> errors;
        QVERIFY(!Run::create(sc, {}, &errors));
        bool named = false;
        for (const auto &e : errors)
            named = named || (e.toString().find(path.toStdString() + ":") != std::string::npos &&
                              (what == "noorders"
                                   ? e.toString().find("role \"orders\"") != std::string::npos
                                   : e.toString().find("event sourcing") != std::string::npos));
        QVERIFY2(named, errors.empty() ? "" : errors.back().toString().c_str());
    }

    void sameSeedSameTrace()
    {
        Scenario sc = eventShop(3 * kSecond, 4 * kSecond, 11);
        withEventSourcing(sc, 2);
        withHotKeys(sc);
        sc.faults.push_back(
            crashAfter(FaultSpec::Kind::CrashAfterCommit, "orders", 0.02, 0, 4 * kSecond));
        const std::string first = traceAndSummary(sc);
        QVERIFY(first.size() > 100000);
        QVERIFY(first == traceAndSummary(sc));
        QVERIFY(first.find("conflict: OrderPaid") != std::string::npos);
        sc.seed = 12;
        QVERIFY(first != traceAndSummary(sc));
    }

    void checksHoldUnderCrashes_data()
    {
        QTest::addColumn<quint64>("seed");
        QTest::newRow("seed 1") << quint64(1);
        QTest::newRow("seed 2") << quint64(2);
        QTest::newRow("seed 3") << quint64(3);
    }

    void checksHoldUnderCrashes()
    {
        // Random crashes of orders (a schedule drawn from the seed) and crashes right after
        // its commits: the store stays a clean log, the relay catches up after each restart,
        // and projection and read model converge.
        QFETCH(quint64, seed);
        Scenario sc = eventShop(6 * kSecond, 9 * kSecond, seed);
        withEventSourcing(sc, 2);
        withHotKeys(sc, 20);
        withIdempotentConsumers(sc);
        Rng rng = Rng::stream(seed, "test/crashes");
        for (int i = 0; i < 4; ++i) {
            FaultSpec crash;
            crash.kind = FaultSpec::Kind::Crash;
            crash.service = "orders";
            crash.at = static_cast<SimTime>(rng.below(6000)) * kMillisecond;
            crash.duration = (50 + static_cast<SimTime>(rng.below(400))) * kMillisecond;
            sc.faults.push_back(crash);
        }
        sc.faults.push_back(
            crashAfter(FaultSpec::Kind::CrashAfterCommit, "orders", 0.01, 0, 6 * kSecond));
        sc.faults.push_back(
            crashAfter(FaultSpec::Kind::CrashAfterPublish, "orders", 0.01, 0, 6 * kSecond));
        auto run = makeRun(sc, false);
        run->runToEnd();
        QVERIFY(run->world().service(0).stats().crashes >= 4);
        // A crash between publishing and moving the checkpoint publishes those events again;
        // the inboxes skip the copies.
        QVERIFY(sourced(*run).stats().republished > 0);
        requireChecks(*run, kEsChecks);
        requireChecks(*run, {"cqrs.read_model_matches", "consumers.no_effect_applied_twice"});
        const auto s = run->summary().at("event_sourcing");
        QCOMPARE(s.at("projection").at("backlog").get<int>(), 0);
        QCOMPARE(s.at("publishing").at("backlog").get<int>(), 0);
    }

    void cliPrintsTheStateAsOf()
    {
        const std::string dir = QDir::tempPath().toStdString() + "/dplab-es-cli";
        std::filesystem::create_directories(dir);
        const std::string file = dir + "/es.json";
        std::ofstream(file) << R"({
  "dplab": 1, "name": "es", "seed": 3, "duration": "3s",
  "domain": {"customers": 20, "products": 5, "stock": 100000},
  "services": [
    {"name": "orders", "role": "orders", "workers": 4, "processing": "1ms"},
    {"name": "products", "role": "products", "processing": "0.2ms"},
    {"name": "inventory", "role": "inventory", "processing": "0.2ms"},
    {"name": "payments", "role": "payments", "processing": "0.2ms"}
  ],
  "patterns": {"event_sourcing": {"snapshot_every": 2}},
  "workload": [
    {"operation": "place_order", "rate": 20, "keys": {"n": 20}, "stop": "2s"},
    {"operation": "pay_order", "rate": 10, "keys": {"n": 20}, "stop": "2s"}
  ]
})";
        const std::string out = dir + "/out";
        const CliResult one = cli({"run", file, "--out", out, "--quiet", "--no-trace", "--as-of",
                                   "version:1", "--stream", "order-21"});
        QCOMPARE(one.code, 0);
        QVERIFY2(one.out.find("order-21 is at version 1") != std::string::npos, one.out.c_str());
        QVERIFY2(one.out.find("OrderPlaced") != std::string::npos, one.out.c_str());
        const auto report = Json::parse(readFile(out + "/as-of.json"));
        QCOMPARE(report.at("stream").get<std::string>(), std::string("order-21"));
        QCOMPARE(report.at("streams").at(0).at("state").at("status").get<std::string>(),
                 std::string("confirmed"));

        const CliResult all =
            cli({"run", file, "--out", out, "--quiet", "--no-trace", "--as-of", "1s"});
        QCOMPARE(all.code, 0);
        QVERIFY2(all.out.find("as of t = 1s, ") != std::string::npos, all.out.c_str());
        const auto every = Json::parse(readFile(out + "/as-of.json"));
        QVERIFY(every.at("streams").size() > 20); // the 20 seed orders and the new ones

        for (const std::vector<std::string> &bad : {std::vector<std::string>{"--as-of", "event:0"},
                                                    {"--as-of", "soon"},
                                                    {"--as-of", "version:2"},
                                                    {"--as-of", "1s", "--stream", "customer-3"},
                                                    {"--stream", "order-3"}}) {
            std::vector<std::string> args = {"run", file, "--out", out, "--quiet", "--no-trace"};
            args.insert(args.end(), bad.begin(), bad.end());
            const CliResult r = cli(args);
            QCOMPARE(r.code, 2);
            QVERIFY(!r.err.empty());
        }
        const CliResult help = cli({"--help"});
        QVERIFY(help.out.find("--as-of WHEN") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestEventSourcing)
#include "tst_eventsourcing.moc"
