// Shared-database mode: one connection for every service and one lock in virtual time.
#include "tests/support/testsupport.h"

#include "patterns/generic/genericservice.h"
#include "patterns/scenarioinput.h"
#include "simulation/observe/metrics.h"
#include "simulation/scenario/scenarioloader.h"

#include <QtTest>

#include <cmath>

using namespace dplab;
using namespace dplab::test;

namespace {

/** A generic service whose work only reads (takes the lock shared). */
class Reader : public GenericService
{
public:
    DatabaseLock::Mode lockFor(const Service &, const Message &) const override
    {
        return DatabaseLock::Mode::Read;
    }
};

Scenario twoWriters(bool shared, double ratePerService)
{
    Scenario sc;
    sc.name = "two writers";
    sc.seed = 21;
    sc.duration = 400 * kSecond;
    sc.sampleInterval = sc.duration;
    sc.network.latency = Distribution::constant(0);
    if (shared)
        turnOn(sc.patterns, DataSettings{});
    sc.services = {service("a", 8, Distribution::constant(10 * kMillisecond)),
                   service("b", 8, Distribution::constant(10 * kMillisecond))};
    sc.workload = {requests("a", ratePerService), requests("b", ratePerService)};
    return sc;
}

/// Builds the world by hand: the builder refuses shared mode until the shop's shared-mode
/// behaviour lands, but the lock itself is world machinery and is tested here.
struct Lab
{
    static WorldOptions optionsFor(const Scenario &sc)
    {
        WorldOptions o;
        PatternCatalog::builtins().configureWorld(sc, o); // "data": "shared" -> one database
        return o;
    }

    explicit Lab(const Scenario &sc, bool readers = false)
        : world(sc, optionsFor(sc))
        , metrics(world)
    {
        for (std::size_t i = 0; i < world.serviceCount(); ++i) {
            Service &s = world.service(static_cast<std::int16_t>(i));
            if (readers)
                s.setBehavior(std::make_unique<Reader>());
            else
                s.setBehavior(std::make_unique<GenericService>());
            s.behavior()->setup(s);
        }
        world.addObserver(&metrics);
    }
    World world;
    Metrics metrics;
};

double meanLatencyUs(const Metrics &m)
{
    double sum = 0;
    std::uint64_t n = 0;
    for (const auto &op : m.operations()) {
        sum += op.latency.mean() * static_cast<double>(op.latency.count());
        n += op.latency.count();
    }
    return sum / static_cast<double>(n);
}

} // namespace

class TestSharedDb : public QObject
{
    Q_OBJECT
private slots:
    void everyServiceUsesOneDatabase()
    {
        Lab lab(twoWriters(true, 10));
        QCOMPARE(&lab.world.service(0).database(), &lab.world.service(1).database());
        QVERIFY(lab.world.sharedLock());
        Lab own(twoWriters(false, 10));
        QVERIFY(&own.world.service(0).database() != &own.world.service(1).database());
        QVERIFY(!own.world.sharedLock());
    }

    void theWriteLockIsOneMD1Server()
    {
        // 2 x 30/s writes of 10 ms each through one lock: an M/D/1 queue with rho = 0.6, so
        // W = 1/mu + rho / (2 mu (1 - rho)) = 10 ms + 7.5 ms, although each service alone has
        // 8 idle workers.
        Lab lab(twoWriters(true, 30));
        lab.world.runToEnd();
        const double expected = 17500.0;
        QVERIFY2(
            std::fabs(meanLatencyUs(lab.metrics) / expected - 1) < 0.04,
            qPrintable(
                QString("W = %1 us, M/D/1 %2 us").arg(meanLatencyUs(lab.metrics)).arg(expected)));
        const ServiceStats &a = lab.world.service(0).stats();
        const ServiceStats &b = lab.world.service(1).stats();
        QVERIFY(a.lockWaits > 1000 && b.lockWaits > 1000);
        // Waiting time is exactly the part of the latency above the 10 ms of work.
        const double waited = static_cast<double>(a.lockWaitTime + b.lockWaitTime) /
                              static_cast<double>(a.processed + b.processed);
        QVERIFY2(std::fabs(waited / 7500.0 - 1) < 0.06, qPrintable(QString::number(waited)));
        // Both services wrote into the same table of the same database.
        auto r = lab.world.service(0).database().query("SELECT count(*) FROM requests");
        QCOMPARE(std::get<std::int64_t>(r.rows[0][0]),
                 static_cast<std::int64_t>(a.processed + b.processed));
    }

    void perServiceHasNoLockWaits()
    {
        Lab lab(twoWriters(false, 30));
        lab.world.runToEnd();
        QCOMPARE(lab.world.service(0).stats().lockWaits, 0u);
        QCOMPARE(lab.world.service(1).stats().lockWaits, 0u);
        QVERIFY(std::fabs(meanLatencyUs(lab.metrics) - 10000.0) < 1.0);
    }

    void readersShareTheLock()
    {
        Lab lab(twoWriters(true, 30), true);
        lab.world.runToEnd();
        QCOMPARE(lab.world.service(0).stats().lockWaits + lab.world.service(1).stats().lockWaits,
                 0u);
    }

    void aCrashReleasesTheLockAndDropsItsWaiters()
    {
        Scenario sc = twoWriters(true, 45); // rho 0.9: long queues
        sc.duration = 20 * kSecond;
        FaultSpec f;
        f.kind = FaultSpec::Kind::Crash;
        f.service = "a";
        f.at = 10 * kSecond;
        f.duration = kSecond;
        sc.faults = {f};
        Lab lab(sc);
        lab.world.runUntil(10 * kSecond + 1);
        const DatabaseLock &lock = *lab.world.sharedLock();
        // Nothing of a's is held or queued any more.
        QVERIFY(lock.readers() == 0);
        lab.world.runToEnd();
        // b kept working during a's downtime and afterwards: the lock did not leak.
        QVERIFY(lab.world.service(1).stats().processed > 800);
        QVERIFY(lab.world.service(0).stats().processed > 300);
        QVERIFY(!lock.writer() || lock.waiting() < 100);
    }

    void theLessonShowsLockWaitsAndSchemaCouplingOnlyWhenShared_data()
    {
        QTest::addColumn<bool>("shared");
        QTest::newRow("shared") << true;
        QTest::newRow("per-service") << false;
    }
    void theLessonShowsLockWaitsAndSchemaCouplingOnlyWhenShared()
    {
        QFETCH(bool, shared);
        LoadResult loaded = ScenarioInput().loadFile(std::string(DPLAB_SOURCE_DIR) +
                                                     "/scenarios/shared-vs-per-service.json");
        QVERIFY(loaded.ok());
        Scenario sc = *loaded.scenario;
        sc.duration = 40 * kSecond;
        if (shared)
            turnOn(sc.patterns, DataSettings{});
        else
            sc.patterns.erase(DataSettings::kKey);
        auto run = makeRun(sc, true);
        run->runToEnd();
        World &w = run->world();
        std::uint64_t waits = 0, cross = 0;
        for (std::size_t i = 0; i < w.serviceCount(); ++i) {
            waits += w.service(static_cast<std::int16_t>(i)).stats().lockWaits;
            cross += w.service(static_cast<std::int16_t>(i)).stats().crossReads;
        }
        const OperationStats *details = run->metrics().operation("get_order_details");
        const OperationStats *updates = run->metrics().operation("update_customer");
        // The rename at 30 s: the owner keeps working in both modes.
        QCOMPARE(updates->failed, 0u);
        QVERIFY(countRows(*run, "customers", "customers") == 500);
        if (shared) {
            QVERIFY(waits > 100);
            QVERIFY(cross > 1000);
            // Order details fail after the rename, and only after it.
            int before = 0, after = 0;
            for (const auto &e : run->trace()->events()) {
                if (e.kind == TraceKind::Complete && !e.ok &&
                    w.names().labelName(e.label) == "op:get_order_details")
                    (e.time < 30 * kSecond ? before : after) += 1;
            }
            QCOMPARE(before, 0);
            QVERIFY(after > 500);
            QCOMPARE(details->failed, static_cast<std::uint64_t>(after));
        } else {
            QCOMPARE(waits, 0u);
            QCOMPARE(cross, 0u);
            QCOMPARE(details->failed, 0u);
            for (const auto &c : run->checks())
                QVERIFY2(c.ok || c.name.rfind("expect", 0) == 0, c.name.c_str());
        }
        // The column really was renamed, by real SQL, in the owner's database.
        auto cols =
            w.service(w.serviceIndex("customers"))
                .database()
                .query("SELECT group_concat(name, ',') FROM pragma_table_info('customers')");
        QCOMPARE(std::get<std::string>(cols.rows[0][0]),
                 std::string("id,full_name,email,tier,version"));
    }

    void sharedOrdersKeepStockConserved()
    {
        LoadResult loaded = ScenarioInput().loadFile(std::string(DPLAB_SOURCE_DIR) +
                                                     "/scenarios/shared-vs-per-service.json");
        Scenario sc = *loaded.scenario;
        sc.duration = 20 * kSecond;
        for (auto &wl : sc.workload)
            wl.stop = 15 * kSecond;
        auto run = makeRun(sc, false);
        run->runToEnd();
        World &w = run->world();
        Database &db = w.service(0).database();
        auto q = [&](const char *sql) { return std::get<std::int64_t>(db.query(sql).rows[0][0]); };
        const std::int64_t restocked =
            static_cast<std::int64_t>(run->metrics().operation("restock")->ok) * 10;
        QCOMPARE(q("SELECT sum(available) + sum(reserved) FROM inventory"),
                 std::int64_t(50 * 400) + restocked);
        QCOMPARE(q("SELECT sum(reserved) FROM inventory"),
                 q("SELECT coalesce(sum(qty), 0) FROM orders WHERE status = 'confirmed'"));
        QCOMPARE(q("SELECT count(*) FROM orders WHERE status = 'confirmed'"),
                 static_cast<std::int64_t>(run->metrics().operation("place_order")->ok));
    }
};

QTEST_APPLESS_MAIN(TestSharedDb)
#include "tst_shareddb.moc"
