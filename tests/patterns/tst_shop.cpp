// The shop domain: deterministic seed data, real SQL per operation, and the conservation laws
// that must hold whatever the workload does.
#include "tests/support/testsupport.h"

#include "patterns/domain/shopschema.h"

#include <QtTest>

using namespace dplab;
using namespace dplab::test;

namespace {

Scenario shop(std::uint64_t seed = 5)
{
    Scenario sc;
    sc.name = "shop";
    sc.seed = seed;
    sc.duration = 20 * kSecond;
    sc.sampleInterval = kSecond;
    sc.domain.customers = 100;
    sc.domain.products = 20;
    sc.domain.stock = 30;
    sc.network.latency = Distribution::exponential(kMillisecond);
    sc.network.timeout = 5 * kSecond; // generous: no request gives up while its work goes on
    for (const char *role : {"gateway", "customers", "products", "inventory", "orders", "payments"})
        sc.services.push_back(shopService(role, 2, Distribution::exponential(kMillisecond)));
    auto op = [](const char *name, double rate) {
        WorkloadSpec w;
        w.operation = name;
        w.rate = rate;
        w.stop = 15 * kSecond; // then the system drains
        w.timeout = 20 * kSecond;
        return w;
    };
    sc.workload = {op("place_order", 40), op("get_order_details", 50), op("update_customer", 5),
                   op("change_price", 2), op("restock", 3)};
    return sc;
}

std::int64_t scalar(Run &run, const char *service, const std::string &sql)
{
    World &w = run.world();
    auto r = w.service(w.serviceIndex(service)).database().query(sql);
    const SqlValue &v = r.rows.at(0).at(0);
    return std::holds_alternative<std::int64_t>(v) ? std::get<std::int64_t>(v) : 0;
}

} // namespace

class TestShop : public QObject
{
    Q_OBJECT
private slots:
    void seedDataIsDeterministicAndSized()
    {
        auto a = makeRun(shop(5), false);
        auto b = makeRun(shop(5), false);
        auto c = makeRun(shop(6), false);
        QCOMPARE(scalar(*a, "customers", "SELECT count(*) FROM customers"), std::int64_t(100));
        QCOMPARE(scalar(*a, "products", "SELECT count(*) FROM products"), std::int64_t(20));
        QCOMPARE(scalar(*a, "inventory", "SELECT sum(available) FROM inventory"),
                 std::int64_t(20 * 30));
        QCOMPARE(scalar(*a, "orders", "SELECT count(*) FROM orders"), std::int64_t(100));
        QCOMPARE(scalar(*a, "payments", "SELECT sum(balance) FROM accounts"),
                 100 * ShopSchema::kInitialBalance);
        const char *dump = "SELECT group_concat(name || ':' || tier, ',') FROM customers";
        auto text = [&](Run &r) {
            World &w = r.world();
            return std::get<std::string>(
                w.service(w.serviceIndex("customers")).database().query(dump).rows[0][0]);
        };
        QCOMPARE(text(*a), text(*b));
        QVERIFY(text(*a) != text(*c));
        QCOMPARE(ShopSchema::customerName(7, 5), ShopSchema::customerName(7, 5));
    }

    void stockIsConservedAndEveryConfirmedOrderIsReserved()
    {
        auto run = makeRun(shop(), true);
        run->runToEnd();
        const OperationStats *placed = run->metrics().operation("place_order");
        QVERIFY(placed && placed->count > 500);
        QVERIFY(placed->failed > 0); // stock runs out: 600 units for ~1200 wanted
        const std::int64_t confirmedQty =
            scalar(*run, "orders", "SELECT sum(qty) FROM orders WHERE status = 'confirmed'");
        const std::int64_t confirmed =
            scalar(*run, "orders", "SELECT count(*) FROM orders WHERE status = 'confirmed'");
        QCOMPARE(scalar(*run, "inventory", "SELECT sum(reserved) FROM inventory"), confirmedQty);
        const OperationStats *restocks = run->metrics().operation("restock");
        const auto restocked = static_cast<std::int64_t>(restocks->ok) * 10;
        QCOMPARE(scalar(*run, "inventory", "SELECT sum(available) + sum(reserved) FROM inventory"),
                 std::int64_t(20 * 30) + restocked);
        // Nothing is lost on this reliable network: every ok is a row, every row was an ok.
        QCOMPARE(confirmed, static_cast<std::int64_t>(placed->ok));
        // And a confirmed order's total is its quantity times a price the product had.
        QCOMPARE(scalar(*run, "orders", "SELECT count(*) FROM orders WHERE total <= 0"),
                 std::int64_t(0));
    }

    void updatesBumpVersionsAndRotateTiers()
    {
        auto run = makeRun(shop(), false);
        run->runToEnd();
        const OperationStats *updates = run->metrics().operation("update_customer");
        QVERIFY(updates->ok > 50);
        QCOMPARE(scalar(*run, "customers", "SELECT sum(version - 1) FROM customers"),
                 static_cast<std::int64_t>(updates->ok));
        QCOMPARE(
            scalar(*run, "customers",
                   "SELECT count(*) FROM customers WHERE tier NOT IN ('bronze','silver','gold')"),
            std::int64_t(0));
        const OperationStats *prices = run->metrics().operation("change_price");
        QCOMPARE(scalar(*run, "products", "SELECT sum(version - 1) FROM products"),
                 static_cast<std::int64_t>(prices->ok));
    }

    void paymentsConserveMoney()
    {
        Scenario sc = shop();
        sc.workload = {requests("payments", 1)}; // a placeholder stream; requests are sent below
        sc.workload[0].operation = "request";
        sc.workload[0].start = 19 * kSecond;
        auto run = makeRun(sc, true);
        World &w = run->world();
        w.start();
        const std::int16_t payments = w.serviceIndex("payments");
        const std::uint32_t charge = w.operationLabel("charge");
        const std::uint32_t refund = w.operationLabel("refund");
        for (int i = 1; i <= 20; ++i)
            w.client().request(0, charge, payments, i, kSecond,
                               "{\"amount\": 1500, \"order\": " + std::to_string(i) + "}");
        w.runUntil(kSecond);
        for (int p = 1; p <= 5; ++p)
            w.client().request(0, refund, payments, 0, kSecond,
                               "{\"payment\": " + std::to_string(p) + "}");
        w.runUntil(2 * kSecond);
        QCOMPARE(scalar(*run, "payments", "SELECT count(*) FROM payments WHERE status = 'charged'"),
                 std::int64_t(15));
        QCOMPARE(
            scalar(*run, "payments", "SELECT count(*) FROM payments WHERE status = 'refunded'"),
            std::int64_t(5));
        QCOMPARE(scalar(*run, "payments", "SELECT sum(balance) FROM accounts") +
                     scalar(*run, "payments",
                            "SELECT sum(amount) FROM payments WHERE status = 'charged'"),
                 100 * ShopSchema::kInitialBalance);
    }

    void operationsWithoutTheirServiceAreRefused()
    {
        Scenario sc;
        sc.name = "lonely";
        sc.sourceName = "lonely.json";
        sc.services = {service("s1")};
        WorkloadSpec w;
        w.operation = "place_order";
        sc.workload = {w};
        RunOptions o;
        std::vector<LoadError> errors;
        QVERIFY(!Run::create(sc, o, &errors));
        QCOMPARE(errors.size(), std::size_t(1));
        QCOMPARE(errors[0].toString(),
                 std::string("lonely.json: workload[0].operation: \"place_order\" needs "
                             "a service with role \"gateway\" or \"orders\""));
    }
};

QTEST_APPLESS_MAIN(TestShop)
#include "tst_shop.moc"
