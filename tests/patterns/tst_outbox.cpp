// The outbox vs dual writes (patterns.outbox) and idempotent consumers
// (patterns.idempotent_consumers): each promise holds under the faults it is for, and each
// variant that cannot keep it is caught by its check.
#include "tests/support/patternstestsupport.h"

#include "simulation/kernel/rng.h"
#include "simulation/observe/tracerecorder.h"
#include "simulation/world/world.h"

#include <QtTest>

#include <sstream>

using namespace dplab;
using namespace dplab::test;

namespace {

using Kind = FaultSpec::Kind;

/// Writes for 6 s with orders crashing right after some commits (or publishes), then 4 s to drain.
Scenario crashingShop(Kind kind, double p, std::uint64_t seed = 5)
{
    Scenario sc = eventShop(6 * kSecond, 10 * kSecond, seed);
    sc.faults.push_back(crashAfter(kind, "orders", p, kSecond, 4 * kSecond));
    return sc;
}

nlohmann::ordered_json runAndSummarize(const Scenario &sc,
                                       std::vector<CheckResult> *checks = nullptr)
{
    auto run = makeRun(sc, false);
    run->runToEnd();
    if (checks)
        *checks = run->checks();
    return run->summary();
}

int crashes(const nlohmann::ordered_json &s)
{
    return s.at("services").at("orders").at("crashes").get<int>();
}

/// A random schedule of the faults the outbox and the inbox are meant to survive.
std::vector<FaultSpec> randomFaults(std::uint64_t seed)
{
    Rng rng = Rng::stream(seed, "test/faults");
    std::vector<FaultSpec> faults;
    const char *crashable[] = {"orders", "order-view", "inventory"};
    const int n = 2 + static_cast<int>(rng.below(4));
    for (int i = 0; i < n; ++i) {
        FaultSpec f;
        f.at = static_cast<SimTime>(rng.below(5000)) * kMillisecond;
        f.duration = (50 + static_cast<SimTime>(rng.below(800))) * kMillisecond;
        switch (rng.below(5)) {
        case 0:
            f.kind = Kind::Crash;
            f.service = crashable[rng.below(3)];
            break;
        case 1:
            f = crashAfter(rng.below(2) ? Kind::CrashAfterCommit : Kind::CrashAfterPublish,
                           crashable[rng.below(3)], 0.05, f.at, *f.duration);
            break;
        case 2:
            f.kind = Kind::BusDown;
            break;
        case 3:
            f.kind = Kind::Drop;
            f.target = "bus";
            f.probability = 0.3;
            break;
        default:
            f.kind = Kind::Duplicate;
            f.target = "bus";
            f.probability = 0.3;
            break;
        }
        faults.push_back(f);
    }
    return faults;
}

} // namespace

class TestOutbox : public QObject
{
    Q_OBJECT
private slots:
    void outboxLosesNothingWhenTheServiceCrashesAfterCommit()
    {
        Scenario sc = crashingShop(Kind::CrashAfterCommit, 0.1);
        withOutbox(sc);
        withIdempotentConsumers(sc);
        std::vector<CheckResult> checks;
        const auto s = runAndSummarize(sc, &checks);
        QVERIFY2(crashes(s) > 5,
                 qPrintable(QString::fromStdString(s.at("services").at("orders").dump())));
        QCOMPARE(s.at("read_model").at("divergent_entities").get<int>(), 0);
        QCOMPARE(s.at("read_model").at("writes_unreflected").get<int>(), 0);
        QCOMPARE(s.at("outbox").at("backlog").get<int>(), 0);
        for (const char *id : {"cqrs.read_model_matches", "outbox.all_published",
                               "consumers.no_effect_applied_twice"}) {
            const CheckResult *c = checkById(checks, id);
            QVERIFY2(c && c->ok, c ? c->detail.c_str() : id);
        }
    }

    void dualWriteLosesEventsForGood()
    {
        const Scenario sc = crashingShop(Kind::CrashAfterCommit, 0.1);
        std::vector<CheckResult> checks;
        auto run = makeRun(sc, false);
        run->runToEnd();
        const auto s = run->summary();
        checks = run->checks();
        QVERIFY2(crashes(s) > 5,
                 qPrintable(QString::fromStdString(s.at("services").at("orders").dump())));
        const int lost = s.at("outbox").at("lost").get<int>();
        QCOMPARE(lost, crashes(s)); // every crash after a commit took an event with it
        QCOMPARE(s.at("outbox").at("mode").get<std::string>(),
                 std::string("dual write: commit, then publish"));
        QVERIFY(s.at("read_model").at("divergent_entities").get<int>() > 0);
        QVERIFY(s.at("read_model").at("writes_unreflected").get<int>() > 0);
        const CheckResult *c = checkById(checks, "cqrs.read_model_matches");
        QVERIFY(c && !c->ok);
        QVERIFY2(c->detail.find(std::to_string(lost) + " events lost by the dual write") !=
                     std::string::npos,
                 c->detail.c_str());
        // The read side is stale for good: its staleness still grows at the end of the run.
        const auto &cols = run->metrics().columns();
        const auto col = static_cast<std::size_t>(
            std::find(cols.begin(), cols.end(), "order-view.staleness_ms") - cols.begin());
        const auto &rows = run->metrics().rows();
        QVERIFY(rows.back()[col] > 3000);
        QVERIFY(rows.back()[col] > rows[rows.size() - 2][col]);
    }

    void theLossIsVisibleInTheTrace()
    {
        Scenario sc = crashingShop(Kind::CrashAfterCommit, 0.1);
        auto run = makeRun(sc, true);
        run->runToEnd();
        int losses = 0;
        for (const auto &e : run->trace()->events()) {
            if (e.kind != TraceKind::Drop || e.from < 0 || e.to != kBusEndpoint)
                continue;
            const std::string &text = run->world().names().texts.at(e.text);
            losses += text.find("lost: orders crashed after the commit, before publishing") !=
                      std::string::npos;
        }
        QCOMPARE(losses, run->summary().at("outbox").at("lost").get<int>());
        QVERIFY(losses > 0);
    }

    void publishFirstLeavesPhantomEvents()
    {
        Scenario sc = crashingShop(Kind::CrashAfterPublish, 0.1);
        turnOn(sc.patterns, DualWriteSettings{});
        withIdempotentConsumers(sc);
        std::vector<CheckResult> checks;
        const auto s = runAndSummarize(sc, &checks);
        const int phantom = s.at("outbox").at("phantom").get<int>();
        QVERIFY(phantom > 5);
        QCOMPARE(s.at("outbox").at("lost").get<int>(), 0);
        // The read side acted on changes that never happened in orders.
        QVERIFY(s.at("read_model").at("divergent_entities").get<int>() > 0);
        const CheckResult *c = checkById(checks, "cqrs.read_model_matches");
        QVERIFY(c && !c->ok);
        QVERIFY2(c->detail.find("phantom events published for writes that rolled back") !=
                     std::string::npos,
                 c->detail.c_str());
    }

    void relayCrashBeforeMarkingRepublishesInsteadOfLosing()
    {
        Scenario sc = crashingShop(Kind::CrashAfterPublish, 0.1);
        withOutbox(sc);
        withIdempotentConsumers(sc);
        std::vector<CheckResult> checks;
        const auto s = runAndSummarize(sc, &checks);
        QVERIFY(crashes(s) > 5);
        QVERIFY(s.at("outbox").at("republished").get<int>() > 5);
        QCOMPARE(s.at("read_model").at("divergent_entities").get<int>(), 0);
        QVERIFY(s.at("consumers").at("order-view").at("duplicates_skipped").get<int>() > 5);
        QVERIFY(checkById(checks, "consumers.no_effect_applied_twice")->ok);
    }

    void duplicates_data()
    {
        QTest::addColumn<bool>("idempotent");
        QTest::newRow("inbox") << true;
        QTest::newRow("no inbox") << false;
    }

    void duplicates()
    {
        QFETCH(bool, idempotent);
        Scenario sc = eventShop(6 * kSecond, 9 * kSecond);
        withOutbox(sc);
        sc.bus.duplicate = 0.3;
        if (idempotent)
            withIdempotentConsumers(sc);
        std::vector<CheckResult> checks;
        const auto s = runAndSummarize(sc, &checks);
        const int duplicated = s.at("bus").at("duplicated").get<int>();
        QVERIFY(duplicated > 200);
        const auto &view = s.at("consumers").at("order-view");
        const auto &inventory = s.at("consumers").at("inventory");
        const int skipped = view.at("duplicates_skipped").get<int>() +
                            inventory.at("duplicates_skipped").get<int>();
        const int again =
            view.at("applied_again").get<int>() + inventory.at("applied_again").get<int>();
        const CheckResult *twice = checkById(checks, "consumers.no_effect_applied_twice");
        const CheckResult *matches = checkById(checks, "cqrs.read_model_matches");
        QVERIFY(twice && matches);
        if (idempotent) {
            QCOMPARE(again, 0);
            QVERIFY(skipped > 100);
            QVERIFY2(twice->ok, twice->detail.c_str());
            QVERIFY2(matches->ok, matches->detail.c_str());
        } else {
            // Every copy that reached a consumer was applied again: counted twice, released twice.
            QCOMPARE(skipped, 0);
            QVERIFY(again > 100);
            QVERIFY(inventory.at("applied_again").get<int>() > 0);
            QVERIFY(!twice->ok);
            QVERIFY(twice->detail.find("consumers are not idempotent") != std::string::npos);
            QVERIFY(!matches->ok);
            QVERIFY(s.at("read_model").at("customer_totals_wrong").get<int>() > 0);
        }
    }

    void randomFaultSchedulesKeepTheOutboxPromise()
    {
        // Crashes, crashes right after commits and publishes, bus outages, drops and duplicates
        // at random: with the outbox and idempotent consumers, the read side always converges.
        for (std::uint64_t seed = 1; seed <= 25; ++seed) {
            Scenario sc = eventShop(5 * kSecond, 12 * kSecond, seed);
            withOutbox(sc);
            withIdempotentConsumers(sc);
            sc.faults = randomFaults(seed);
            std::vector<CheckResult> checks;
            const auto s = runAndSummarize(sc, &checks);
            for (const char *id : {"cqrs.read_model_matches", "outbox.all_published",
                                   "consumers.no_effect_applied_twice"}) {
                const CheckResult *c = checkById(checks, id);
                QVERIFY2(c && c->ok, qPrintable(QString("seed %1: %2: %3")
                                                    .arg(seed)
                                                    .arg(id)
                                                    .arg(c ? c->detail.c_str() : "missing")));
            }
        }
    }

    void sameSeedSameTrace()
    {
        auto trace = [] {
            Scenario sc = crashingShop(Kind::CrashAfterPublish, 0.1);
            withOutbox(sc);
            sc.bus.duplicate = 0.2;
            sc.faults.push_back(
                crashAfter(Kind::CrashAfterCommit, "order-view", 0.05, 0, 5 * kSecond));
            return traceText(sc);
        };
        const std::string a = trace();
        QVERIFY(a.size() > 100000);
        QVERIFY(a == trace());
    }
};

QTEST_GUILESS_MAIN(TestOutbox)
#include "tst_outbox.moc"
