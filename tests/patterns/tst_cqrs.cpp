// CQRS (patterns.cqrs): the order-view read model, its lag against theory, its row-by-row
// agreement with the orders table, and a rebuild from the topic's retained log.
#include "tests/support/patternstestsupport.h"

#include "patterns/cqrs/orderviewservice.h"
#include "simulation/world/world.h"

#include <QtTest>

#include <cmath>

using namespace dplab;
using namespace dplab::test;

namespace {

/// Every row of a table in a stable order, without the columns that record *when* (a rebuilt
/// row is the same row, written later).
std::vector<std::vector<SqlValue>> rowsOf(Run &run, const std::string &service,
                                          const std::string &sql)
{
    World &w = run.world();
    return w.service(w.serviceIndex(service)).database().query(sql, {}, 1000000).rows;
}

const char *kSummaries = "SELECT order_id, customer_id, customer_name, product_id, product_name,"
                         " qty, total, status, version FROM order_summary ORDER BY order_id";
const char *kTotals =
    "SELECT customer_id, orders, spent, paid FROM customer_totals ORDER BY customer_id";

double meanLag(Run &run)
{
    return run.summary().at("read_model").at("lag_ms").at("mean").get<double>();
}

} // namespace

class TestCqrs : public QObject
{
    Q_OBJECT
private slots:
    void readSideStartsInStepWithTheSeed()
    {
        auto run = makeRun(eventShop(kSecond, kSecond), false);
        QCOMPARE(countRows(*run, "order-view", "order_summary"), std::int64_t{200});
        const ReadModelDivergence d = OrderViewService::divergence(run->world());
        QCOMPARE(d.orders, std::int64_t{200});
        QCOMPARE(d.divergent(), std::int64_t{0});
    }

    void meanLagWithTheOutboxIsHalfAPollPlusBusPlusProjection()
    {
        // place_order only, a projector with workers to spare (no queue): the lag of a write is
        // the wait for the next poll (uniform, mean poll/2), the bus (Exp, mean 10 ms) and the
        // projection (Exp, mean 1 ms): 50 + 10 + 1 = 61 ms.
        Scenario sc = eventShop(40 * kSecond, 42 * kSecond);
        sc.workload = {shopOp("place_order", 80, 40 * kSecond)};
        sc.services[4].workers = 64;
        sc.bus.ordering = BusSpec::Ordering::None;
        withOutbox(sc, 100 * kMillisecond);
        auto run = makeRun(sc, false);
        run->runToEnd();
        const double lag = meanLag(*run);
        QVERIFY2(std::fabs(lag / 61.0 - 1) < 0.10, qPrintable(QString("mean lag %1 ms").arg(lag)));
        QVERIFY(run->summary().at("read_model").at("writes_reflected").get<int>() > 3000);
    }

    void meanLagWithADualWriteHasNoPollingDelay()
    {
        Scenario sc = eventShop(40 * kSecond, 42 * kSecond);
        sc.workload = {shopOp("place_order", 80, 40 * kSecond)};
        sc.services[4].workers = 64;
        sc.bus.ordering = BusSpec::Ordering::None;
        auto run = makeRun(sc, false);
        run->runToEnd();
        const double lag = meanLag(*run);
        QVERIFY2(std::fabs(lag / 11.0 - 1) < 0.10, qPrintable(QString("mean lag %1 ms").arg(lag)));
    }

    void readModelMatchesOrdersRowByRow()
    {
        Scenario sc = eventShop(10 * kSecond, 13 * kSecond);
        withOutbox(sc);
        auto run = makeRun(sc, false);
        run->runToEnd();
        const auto s = run->summary();
        const auto &rm = s.at("read_model");
        // Every kind of change reached the read side.
        QVERIFY(s.at("operations").at("pay_order").at("ok").get<int>() > 50);
        QVERIFY(s.at("operations").at("cancel_order").at("ok").get<int>() > 20);
        QCOMPARE(rm.at("divergent_entities").get<int>(), 0);
        QCOMPARE(rm.at("writes_unreflected").get<int>(), 0);
        QCOMPARE(rm.at("writes").get<int>(), rm.at("writes_reflected").get<int>());
        const std::vector<CheckResult> checks = run->checks();
        const CheckResult *c = checkById(checks, "cqrs.read_model_matches");
        QVERIFY(c);
        QVERIFY2(c->ok, c->detail.c_str());
        // The view's statuses are the orders' statuses.
        auto paid =
            rowsOf(*run, "order-view", "SELECT count(*) FROM order_summary WHERE status = 'paid'");
        auto truth = rowsOf(*run, "orders", "SELECT count(*) FROM orders WHERE status = 'paid'");
        QCOMPARE(std::get<std::int64_t>(paid[0][0]), std::get<std::int64_t>(truth[0][0]));
        QVERIFY(std::get<std::int64_t>(truth[0][0]) > 50);
    }

    void aTamperedRowIsReportedAsDivergent()
    {
        Scenario sc = eventShop(2 * kSecond, 3 * kSecond);
        auto run = makeRun(sc, false);
        run->runToEnd();
        World &w = run->world();
        Database &db = w.service(w.serviceIndex("order-view")).database();
        db.begin();
        db.prepare("UPDATE order_summary SET status = 'lost' WHERE order_id = 7").run();
        db.prepare("UPDATE customer_totals SET spent = spent + 1 WHERE customer_id = 9").run();
        db.commit();
        const ReadModelDivergence d = OrderViewService::divergence(w);
        QCOMPARE(d.outdated, std::int64_t{1});
        QCOMPARE(d.totalsWrong, std::int64_t{1});
        QCOMPARE(d.example, std::int64_t{7});
        const std::vector<CheckResult> checks = run->checks();
        QVERIFY(!checkById(checks, "cqrs.read_model_matches")->ok);
    }

    void readsAreServedByTheReadSideAndCanBeStale()
    {
        Scenario sc = eventShop(10 * kSecond, 12 * kSecond);
        sc.bus.latency = Distribution::constant(200 * kMillisecond);
        sc.workload.push_back(shopOp("list_orders", 200, 10 * kSecond, 50));
        sc.workload.push_back(shopOp("get_order_details", 50, 10 * kSecond, 200));
        auto run = makeRun(sc, false);
        run->runToEnd();
        const auto s = run->summary();
        const auto &rm = s.at("read_model");
        QCOMPARE(s.at("operations").at("list_orders").at("failed").get<int>(), 0);
        // orders never saw a read: the view answered them all.
        const int reads = s.at("operations").at("list_orders").at("count").get<int>() +
                          s.at("operations").at("get_order_details").at("count").get<int>();
        QCOMPARE(rm.at("reads").get<int>(), reads);
        const int stale = rm.at("stale_reads").get<int>();
        QVERIFY2(stale > 100 && stale < reads, qPrintable(QString::number(stale)));
        // A stale read misses writes at most one bus latency plus a projection old.
        QVERIFY(rm.at("staleness_ms").at("max").get<double>() <= 200 + 30);
    }

    void rebuildGivesExactlyTheSameRows()
    {
        Scenario sc = eventShop(8 * kSecond, 20 * kSecond);
        withOutbox(sc);
        withIdempotentConsumers(sc);
        sc.bus.duplicate = 0.1;
        FaultSpec rebuild;
        rebuild.kind = FaultSpec::Kind::Rebuild;
        rebuild.service = "order-view";
        rebuild.at = 12 * kSecond;
        sc.faults.push_back(rebuild);
        auto run = makeRun(sc, false);
        run->world().runUntil(11 * kSecond);
        const auto summaries = rowsOf(*run, "order-view", kSummaries);
        const auto totals = rowsOf(*run, "order-view", kTotals);
        QVERIFY(summaries.size() > 600);
        run->world().runUntil(12 * kSecond + 5 * kMillisecond);
        // Right after the rebuild starts, the read model is back to the seed: 200 orders.
        QVERIFY(countRows(*run, "order-view", "order_summary") < std::int64_t(summaries.size()));
        run->runToEnd();
        QVERIFY(rowsOf(*run, "order-view", kSummaries) == summaries);
        QVERIFY(rowsOf(*run, "order-view", kTotals) == totals);
        const auto s = run->summary();
        const auto &rebuilds = s.at("read_model").at("rebuilds");
        QCOMPARE(rebuilds.size(), std::size_t{1});
        QCOMPARE(rebuilds[0].at("events_replayed").get<std::int64_t>(),
                 s.at("outbox").at("published").get<std::int64_t>());
        QVERIFY(rebuilds[0].at("finished").get<bool>());
        QVERIFY(rebuilds[0].at("duration_ms").get<double>() > 0);
        QCOMPARE(s.at("read_model").at("divergent_entities").get<int>(), 0);
    }

    void rebuildOfAServiceWithoutAReadModelIsRefused()
    {
        Scenario sc = eventShop(kSecond, 2 * kSecond);
        FaultSpec rebuild;
        rebuild.kind = FaultSpec::Kind::Rebuild;
        rebuild.service = "orders";
        sc.faults.push_back(rebuild);
        std::vector<LoadError> errors;
        QVERIFY(!Run::create(sc, {}, &errors));
        QVERIFY2(!errors.empty() &&
                     errors[0].toString().find("faults[0].service") != std::string::npos &&
                     errors[0].toString().find("keeps no read model") != std::string::npos,
                 errors.empty() ? "" : errors[0].toString().c_str());
    }

    void cqrsWithoutAReadSideIsRefused()
    {
        Scenario sc = eventShop(kSecond, 2 * kSecond);
        sc.services.pop_back();
        std::vector<LoadError> errors;
        QVERIFY(!Run::create(sc, {}, &errors));
        QVERIFY(errors.at(0).toString().find("add a service with role \"order-view\"") !=
                std::string::npos);
        Scenario noCqrs = eventShop(kSecond, 2 * kSecond);
        noCqrs.patterns = {};
        QVERIFY(!Run::create(noCqrs, {}, &errors));
        QVERIFY(errors.at(0).toString().find("is the read side of CQRS") != std::string::npos);
    }

    void timeSeriesShowLagAndBacklog()
    {
        Scenario sc = eventShop(5 * kSecond, 6 * kSecond);
        withOutbox(sc, 400 * kMillisecond);
        sc.sampleInterval = 50 * kMillisecond;
        auto run = makeRun(sc, false);
        run->runToEnd();
        const auto &cols = run->metrics().columns();
        const auto col = [&](const std::string &name) {
            return static_cast<std::size_t>(std::find(cols.begin(), cols.end(), name) -
                                            cols.begin());
        };
        const std::size_t staleness = col("order-view.staleness_ms"),
                          backlog = col("orders.outbox_backlog");
        QVERIFY(staleness < cols.size() && backlog < cols.size());
        double maxStaleness = 0, maxBacklog = 0;
        for (const auto &row : run->metrics().rows()) {
            maxStaleness = std::max(maxStaleness, row[staleness]);
            maxBacklog = std::max(maxBacklog, row[backlog]);
        }
        // A 400 ms poll: writes wait up to 400 ms in the outbox, about 100 rows/s pile up.
        QVERIFY2(maxStaleness > 300 && maxStaleness < 600,
                 qPrintable(QString::number(maxStaleness)));
        QVERIFY2(maxBacklog > 20, qPrintable(QString::number(maxBacklog)));
        QCOMPARE(run->metrics().rows().back()[backlog], 0.0);
        // Per interval, the mean lag of the writes that became visible: within the run's range.
        const std::size_t lag = col("order-view.lag_ms");
        QVERIFY(lag < cols.size());
        const auto summary = run->summary();
        const auto &all = summary.at("read_model").at("lag_ms");
        double hi = 0;
        for (const auto &row : run->metrics().rows())
            hi = std::max(hi, row[lag]);
        QVERIFY2(hi > 100 && hi <= all.at("max").get<double>() + 0.001,
                 qPrintable(QString::number(hi)));
    }
};

QTEST_GUILESS_MAIN(TestCqrs)
#include "tst_cqrs.moc"
