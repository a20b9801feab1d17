#include "tests/support/testsupport.h"

#include <QtTest>

#include <cmath>
#include <map>

using namespace dplab;
using namespace dplab::test;

namespace {

Scenario busLab(BusSpec bus, SimTime duration = 10 * kSecond, double rate = 2000,
                SimTime publishUntil = 0)
{
    Scenario sc;
    sc.name = "bus test";
    sc.seed = 7;
    sc.duration = duration;
    sc.sampleInterval = kSecond;
    sc.bus = bus;
    ServiceSpec c = service("consumer", 8, Distribution::constant(100));
    c.subscribes = {"t"};
    sc.services.push_back(c);
    WorkloadSpec w = publishes("t", rate, publishUntil);
    w.keys.n = 20;
    sc.workload.push_back(w);
    return sc;
}

std::vector<TraceEvent> deliveriesTo(const Run &run, std::int16_t consumer)
{
    std::vector<TraceEvent> out;
    for (const auto &e : run.trace()->events())
        if (e.kind == TraceKind::Deliver && e.to == consumer && e.msgKind == MessageKind::Event)
            out.push_back(e);
    return out;
}

} // namespace

class TestBus : public QObject
{
    Q_OBJECT
private slots:
    void dropRateIsCloseToP_data()
    {
        QTest::addColumn<double>("p");
        QTest::newRow("0.05") << 0.05;
        QTest::newRow("0.2") << 0.2;
        QTest::newRow("0.5") << 0.5;
    }
    void dropRateIsCloseToP()
    {
        QFETCH(double, p);
        BusSpec b;
        b.drop = p;
        b.delivery = BusSpec::Delivery::AtMostOnce;
        auto run = makeRun(busLab(b, 10 * kSecond, 2000, 9 * kSecond), false);
        run->runToEnd();
        const BusCounters &c = run->world().bus().counters();
        QVERIFY(c.published > 15000);
        const double rate = static_cast<double>(c.dropped) / static_cast<double>(c.published);
        const double sigma = std::sqrt(p * (1 - p) / static_cast<double>(c.published));
        QVERIFY2(std::fabs(rate - p) < 4 * sigma,
                 qPrintable(QString("drop rate %1 vs %2").arg(rate).arg(p)));
        // What was not dropped was delivered exactly once (no duplicates configured).
        QCOMPARE(c.duplicated, 0u);
        QCOMPARE(c.delivered + c.dropped, c.published);
        QCOMPARE(countRows(*run, "consumer", "events_seen"),
                 static_cast<std::int64_t>(c.delivered));
    }

    void duplicatesOnlyWhereConfigured()
    {
        BusSpec none;
        none.delivery = BusSpec::Delivery::AtMostOnce;
        auto clean = makeRun(busLab(none, 10 * kSecond, 2000, 9 * kSecond), false);
        clean->runToEnd();
        QCOMPARE(clean->world().bus().counters().duplicated, 0u);
        QCOMPARE(clean->world().bus().counters().delivered,
                 clean->world().bus().counters().published);

        BusSpec dup = none;
        dup.duplicate = 0.1;
        auto run = makeRun(busLab(dup, 10 * kSecond, 2000, 9 * kSecond), false);
        run->runToEnd();
        const BusCounters &c = run->world().bus().counters();
        const double rate = static_cast<double>(c.duplicated) / static_cast<double>(c.published);
        QVERIFY2(std::fabs(rate - 0.1) < 0.01, qPrintable(QString::number(rate)));
        QCOMPARE(c.delivered, c.published + c.duplicated);
        // The consumer is not idempotent: it recorded every copy.
        QCOMPARE(countRows(*run, "consumer", "events_seen"),
                 static_cast<std::int64_t>(c.delivered));
    }

    void perKeyOrderingHoldsOnlyWhenSet_data()
    {
        QTest::addColumn<bool>("perKey");
        QTest::newRow("per-key") << true;
        QTest::newRow("none") << false;
    }
    void perKeyOrderingHoldsOnlyWhenSet()
    {
        QFETCH(bool, perKey);
        BusSpec b;
        b.delivery = BusSpec::Delivery::AtMostOnce;
        b.latency = Distribution::lognormal(5 * kMillisecond, 80 * kMillisecond);
        b.reorder = 0.3;
        b.ordering = perKey ? BusSpec::Ordering::PerKey : BusSpec::Ordering::None;
        auto run = makeRun(busLab(b, 5 * kSecond), true);
        run->runToEnd();
        std::map<std::int64_t, std::uint64_t> lastMsgPerKey;
        int inversions = 0;
        for (const auto &e : deliveriesTo(*run, 0)) {
            auto &last = lastMsgPerKey[e.key];
            if (e.msg < last)
                ++inversions;
            last = std::max(last, e.msg);
        }
        QVERIFY(lastMsgPerKey.size() == 20);
        if (perKey)
            QCOMPARE(inversions, 0);
        else
            QVERIFY2(inversions > 100, qPrintable(QString::number(inversions)));
    }

    void partitionBlocksDeliveryAndHeals()
    {
        BusSpec b; // at-least-once
        b.redeliveryAfter = 200 * kMillisecond;
        Scenario sc = busLab(b, 10 * kSecond, 500, 5 * kSecond);
        FaultSpec f;
        f.kind = FaultSpec::Kind::Partition;
        f.at = 2 * kSecond;
        f.duration = 2 * kSecond;
        f.between = {{"consumer"}, {"bus"}};
        sc.faults.push_back(f);
        auto run = makeRun(sc, true);
        run->runToEnd();
        int during = 0, after = 0;
        for (const auto &e : deliveriesTo(*run, 0)) {
            if (e.time >= 2 * kSecond && e.time < 4 * kSecond)
                ++during;
            if (e.time >= 4 * kSecond)
                ++after;
        }
        QCOMPARE(during, 0);
        QVERIFY(after > 0);
        const Bus &bus = run->world().bus();
        QVERIFY(bus.counters().dropped > 0);           // deliveries blocked by the partition...
        QVERIFY(bus.counters().redelivered > 0);       // ...were sent again after it healed
        QCOMPARE(bus.consumerLag(0), std::int64_t(0)); // and everything was acknowledged
        QCOMPARE(bus.unacked(), std::size_t(0));
    }

    void busDownHoldsAndReleases_data()
    {
        QTest::addColumn<bool>("hold");
        QTest::newRow("hold") << true;
        QTest::newRow("lose") << false;
    }
    void busDownHoldsAndReleases()
    {
        QFETCH(bool, hold);
        BusSpec b;
        b.delivery = BusSpec::Delivery::AtMostOnce;
        b.whenDown = hold ? BusSpec::WhenDown::Hold : BusSpec::WhenDown::Lose;
        Scenario sc = busLab(b, 8 * kSecond, 500, 6 * kSecond);
        FaultSpec f;
        f.kind = FaultSpec::Kind::BusDown;
        f.at = 2 * kSecond;
        f.duration = 2 * kSecond;
        sc.faults.push_back(f);
        auto run = makeRun(sc, true);
        run->runToEnd();
        int during = 0;
        for (const auto &e : deliveriesTo(*run, 0))
            if (e.time >= 2 * kSecond && e.time < 4 * kSecond)
                ++during;
        QCOMPARE(during, 0);
        const BusCounters &c = run->world().bus().counters();
        if (hold) {
            QVERIFY(c.held > 0);
            QCOMPARE(c.dropped, 0u);
            QCOMPARE(c.delivered, c.published); // nothing lost: held, then released
        } else {
            QCOMPARE(c.held, 0u);
            QVERIFY(c.refused > 800);                       // ~2 s at 500/s refused at the door
            QCOMPARE(c.delivered + c.dropped, c.published); // and what was in flight is lost
        }
    }

    void atLeastOnceSurvivesAConsumerCrash()
    {
        BusSpec b;
        b.redeliveryAfter = 300 * kMillisecond;
        Scenario sc = busLab(b, 10 * kSecond, 500, 5 * kSecond);
        FaultSpec f;
        f.kind = FaultSpec::Kind::Crash;
        f.service = "consumer";
        f.at = 2 * kSecond;
        f.duration = kSecond;
        sc.faults.push_back(f);
        auto run = makeRun(sc, false);
        run->runToEnd();
        const Bus &bus = run->world().bus();
        QVERIFY(bus.counters().redelivered > 0);
        QCOMPARE(bus.unacked(), std::size_t(0));
        QCOMPARE(bus.consumerLag(0), std::int64_t(0));
        // Every published event was recorded at least once (some twice: at-least-once).
        const auto published = static_cast<std::int64_t>(bus.counters().published);
        QVERIFY(countRows(*run, "consumer", "events_seen") >= published);
        auto distinct =
            run->world().service(0).database().query("SELECT count(DISTINCT msg) FROM events_seen");
        QCOMPARE(std::get<std::int64_t>(distinct.rows[0][0]), published);
    }

    void atMostOnceLosesDuringACrash()
    {
        BusSpec b;
        b.delivery = BusSpec::Delivery::AtMostOnce;
        Scenario sc = busLab(b, 10 * kSecond, 500, 5 * kSecond);
        FaultSpec f;
        f.kind = FaultSpec::Kind::Crash;
        f.service = "consumer";
        f.at = 2 * kSecond;
        f.duration = kSecond;
        sc.faults.push_back(f);
        auto run = makeRun(sc, false);
        run->runToEnd();
        const auto published = static_cast<std::int64_t>(run->world().bus().counters().published);
        const std::int64_t seen = countRows(*run, "consumer", "events_seen");
        QVERIFY2(seen < published - 400, qPrintable(QString("%1 of %2").arg(seen).arg(published)));
        QCOMPARE(run->world().bus().counters().redelivered, 0u);
    }
};

QTEST_APPLESS_MAIN(TestBus)
#include "tst_bus.moc"
