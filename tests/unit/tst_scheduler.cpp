#include "simulation/kernel/scheduler.h"

#include <QtTest>

#include <map>
#include <set>
#include <utility>
#include <vector>

using namespace dplab;

namespace {
/** Records (time, kind) of every event it receives, optionally scheduling more. */
class Recorder : public EventHandler
{
public:
    explicit Recorder(Scheduler &s)
        : m_s(s)
    {}
    void handleEvent(const Event &e) override
    {
        seen.emplace_back(m_s.now(), e.kind);
        if (e.kind == 100 && e.a > 0) // chain: schedule the next link at the same time
            m_s.scheduleIn(0, this, 100, e.a - 1);
    }
    std::vector<std::pair<SimTime, std::uint32_t>> seen;

private:
    Scheduler &m_s;
};
} // namespace

class TestScheduler : public QObject
{
    Q_OBJECT
private slots:
    void ordersByTimeThenInsertion()
    {
        Scheduler s;
        Recorder r(s);
        s.schedule(30, &r, 3);
        s.schedule(10, &r, 1);
        s.schedule(20, &r, 2);
        s.schedule(10, &r, 11); // same time as kind 1, inserted later: runs after it
        s.schedule(0, &r, 0);
        while (s.step()) {
        }
        const std::vector<std::pair<SimTime, std::uint32_t>> expected = {
            {0, 0}, {10, 1}, {10, 11}, {20, 2}, {30, 3}};
        QCOMPARE(r.seen, expected);
        QCOMPARE(s.executed(), 5u);
        QCOMPARE(s.now(), SimTime(30));
    }

    void manyEventsComeOutSorted()
    {
        Scheduler s;
        Recorder r(s);
        std::uint64_t x = 12345;
        for (int i = 0; i < 20000; ++i) {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            s.schedule(static_cast<SimTime>((x >> 33) % 1000), &r, static_cast<std::uint32_t>(i));
        }
        while (s.step()) {
        }
        QCOMPARE(r.seen.size(), std::size_t(20000));
        for (std::size_t i = 1; i < r.seen.size(); ++i) {
            QVERIFY(r.seen[i - 1].first <= r.seen[i].first);
            if (r.seen[i - 1].first == r.seen[i].first) // FIFO among equal times
                QVERIFY(r.seen[i - 1].second < r.seen[i].second);
        }
    }

    void cancelRemovesExactlyThatEvent()
    {
        Scheduler s;
        Recorder r(s);
        s.schedule(10, &r, 1);
        const TimerId t = s.schedule(20, &r, 2);
        s.schedule(30, &r, 3);
        QVERIFY(s.isPending(t));
        QCOMPARE(s.pending(), std::size_t(3));
        QVERIFY(s.cancel(t));
        QVERIFY(!s.isPending(t));
        QVERIFY(!s.cancel(t)); // twice: no
        QCOMPARE(s.pending(), std::size_t(2));
        while (s.step()) {
        }
        const std::vector<std::pair<SimTime, std::uint32_t>> expected = {{10, 1}, {30, 3}};
        QCOMPARE(r.seen, expected);
        QVERIFY(s.empty());
        QVERIFY(!s.cancel(kNoTimer));
        QVERIFY(!s.cancel(999)); // never issued
    }

    void cancelAfterRunIsRefused()
    {
        Scheduler s;
        Recorder r(s);
        const TimerId t = s.schedule(5, &r, 1);
        QVERIFY(s.step());
        QVERIFY(!s.isPending(t));
        QVERIFY(!s.cancel(t));
        QCOMPARE(s.pending(), std::size_t(0));
        QVERIFY(s.empty());
    }

    void runUntilStopsAtTheBoundaryAndAdvancesTime()
    {
        Scheduler s;
        Recorder r(s);
        s.schedule(10, &r, 1);
        s.schedule(20, &r, 2);
        s.schedule(21, &r, 3);
        QCOMPARE(s.runUntil(20), std::uint64_t(2)); // inclusive
        QCOMPARE(s.now(), SimTime(20));
        QCOMPARE(s.runUntil(100), std::uint64_t(1));
        QCOMPARE(s.now(), SimTime(100)); // time advances even with no event
        QCOMPARE(s.nextTime(), kSimTimeMax);
    }

    void runEventsCountsAndRespectsLimit()
    {
        Scheduler s;
        Recorder r(s);
        for (int i = 1; i <= 10; ++i)
            s.schedule(i * 10, &r, static_cast<std::uint32_t>(i));
        QCOMPARE(s.runEvents(3), std::uint64_t(3));
        QCOMPARE(s.now(), SimTime(30));
        QCOMPARE(s.runEvents(100, 55), std::uint64_t(2));
        QCOMPARE(s.now(), SimTime(50));
    }

    void pastIsClampedToNowAndChainsKeepOrder()
    {
        Scheduler s;
        Recorder r(s);
        s.schedule(50, &r, 1);
        s.step();
        s.schedule(10, &r, 2);      // in the past: runs at now
        s.schedule(50, &r, 100, 3); // chain of 4 at the same time
        s.schedule(50, &r, 5);
        while (s.step()) {
        }
        const std::vector<std::pair<SimTime, std::uint32_t>> expected = {
            {50, 1}, {50, 2}, {50, 100}, {50, 5}, {50, 100}, {50, 100}, {50, 100}};
        QCOMPARE(r.seen, expected);
    }

    void zeroDelayFifoAndCompactionKeepTheHeapOrder()
    {
        // Random schedules (a third at the current time, which skip the heap) and random
        // cancellations (two of every three, so the heap is compacted many times), against a
        // plain ordered set: every event must be the earliest by (time, insertion), and no
        // cancelled event may run.
        struct Model : EventHandler
        {
            Scheduler s;
            std::set<std::pair<SimTime, TimerId>> pending;
            std::map<TimerId, SimTime> timeOf;
            std::vector<TimerId> live;
            std::uint64_t x = 99;
            std::uint64_t ran = 0;
            bool inOrder = true;
            std::uint64_t next()
            {
                x = x * 6364136223846793005ull + 1442695040888963407ull;
                return x >> 33;
            }
            void add(SimTime delay)
            {
                const TimerId id = s.scheduleIn(delay, this, 1);
                pending.emplace(s.now() + delay, id);
                timeOf.emplace(id, s.now() + delay);
                live.push_back(id);
            }
            void handleEvent(const Event &e) override
            {
                ++ran;
                inOrder = inOrder && !pending.empty() &&
                          *pending.begin() == std::make_pair(s.now(), TimerId(e.seq)) &&
                          e.time == s.now();
                pending.erase({e.time, e.seq});
                timeOf.erase(e.seq);
                if (ran > 40000)
                    return;
                for (int i = 0; i < 3; ++i)
                    add(next() % 3 == 0 ? 0 : static_cast<SimTime>(next() % 50));
                for (int i = 0; i < 2 && !live.empty(); ++i) {
                    const std::size_t k = next() % live.size();
                    const TimerId id = live[k];
                    live[k] = live.back();
                    live.pop_back();
                    const auto at = timeOf.find(id);
                    if (at != timeOf.end()) {
                        QVERIFY(s.cancel(id));
                        pending.erase({at->second, id});
                        timeOf.erase(at);
                    }
                }
            }
        } m;
        m.add(0);
        while (m.s.step()) {
            QCOMPARE(m.s.pending(), m.pending.size());
        }
        QVERIFY(m.inOrder);
        QVERIFY(m.ran > 40000);
        QVERIFY(m.pending.empty());
        QVERIFY(m.s.empty());
    }
};

QTEST_APPLESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
