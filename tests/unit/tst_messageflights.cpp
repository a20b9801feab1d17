// MessageFlights: the trace interpreted once (what became of every message), on a hand-made
// trace with exact expectations, then against the trace of real runs.

#include "patterns/scenarioinput.h"
#include "tests/support/testsupport.h"

#include "simulation/observe/messageflights.h"
#include "simulation/observe/sequencediagram.h"
#include "simulation/scenario/scenarioloader.h"
#include "simulation/timeline/tracestate.h"
#include "simulation/world/world.h"

#include <QTest>

#include <map>

using namespace dplab;
using namespace dplab::test;

namespace {

constexpr std::int16_t kA = 0, kB = 1;
constexpr std::uint32_t kNo = Flight::kNoEvent;

/// Appends one event; its id is its position + 1, as in a recorded run.
void add(TraceLog *log, SimTime t, TraceKind kind, std::int16_t from, std::int16_t to,
         std::uint64_t msg, std::uint64_t cause, std::int64_t value = 0,
         MessageKind msgKind = MessageKind::Request, std::uint32_t text = 0, bool ok = true)
{
    TraceEvent e;
    e.id = log->size() + 1;
    e.time = t;
    e.kind = kind;
    e.from = from;
    e.to = to;
    e.msg = msg;
    e.cause = cause;
    e.value = value;
    e.msgKind = msgKind;
    e.text = text;
    e.ok = ok;
    log->push_back(e);
}

/**
 * Services a (0) and b (1). Event ids in the comments; flights numbered in order of sending.
 *  f0  a -> b request, delivered, processed
 *  f1  b -> a reply, delivered after the caller gave up (ignored)
 *  f2  a -> b request, dropped by the network as it left
 *  f3  bus -> b event #4, delivered, started, lost when b crashes
 *  f4  its duplicate, reaching b while b is down (dropped on arrival)
 *  f5  a -> b request, never delivered (in the air at the end)
 *  f6  bus -> b event #7, held by a bus that is down;  f7 carries it on, delivered, waits for
 *      the shared lock, processed
 *  f8  bus -> b event #4 again: the redelivery, delivered and queued at the end
 * Also: a bus drop before sending, a refused publish, and an event its publisher lost (whose
 * cause, the last event recorded, happens to be f5's send).
 */
void handTrace(TraceLog *log, NameTable *names)
{
    names->services = {"a", "b"};
    const std::uint32_t network = names->addText("dropped by the network");
    const std::uint32_t late = names->addText("late reply ignored: the caller gave up");
    const std::uint32_t down = names->addText("consumer is down");
    const std::uint32_t busDrop = names->addText("dropped by the bus");
    const std::uint32_t refused = names->addText("publish refused: bus is down");
    const std::uint32_t lost = names->addText("lost: a crashed after the commit");
    const std::uint32_t held = names->addText("bus is down");
    const std::uint32_t lock = names->addText("waits for the shared database lock");
    const auto ev = MessageKind::Event;
    add(log, 0, TraceKind::Send, kA, kB, 1, 0, 100);                                // 1  f0
    add(log, 100, TraceKind::Deliver, kA, kB, 1, 1, 100);                           // 2
    add(log, 100, TraceKind::Start, kA, kB, 1, 2);                                  // 3
    add(log, 150, TraceKind::Process, kA, kB, 1, 3, 50);                            // 4
    add(log, 150, TraceKind::Reply, kB, kA, 2, 4, 100, MessageKind::Reply);         // 5  f1
    add(log, 200, TraceKind::Send, kA, kB, 3, 0, 80);                               // 6  f2
    add(log, 200, TraceKind::Drop, kA, kB, 3, 6, 0, MessageKind::Request, network); // 7
    add(log, 210, TraceKind::Publish, kA, kBusEndpoint, 4, 0, 0, ev);               // 8
    add(log, 210, TraceKind::Send, kBusEndpoint, kB, 4, 8, 40, ev);                 // 9  f3
    add(log, 210, TraceKind::Duplicate, kBusEndpoint, kB, 4, 8, 0, ev);             // 10
    add(log, 210, TraceKind::Send, kBusEndpoint, kB, 4, 8, 60, ev);                 // 11 f4
    add(log, 250, TraceKind::Deliver, kBusEndpoint, kB, 4, 9, 40, ev);              // 12
    add(log, 250, TraceKind::Deliver, kB, kA, 2, 5, 100, MessageKind::Reply);       // 13
    add(log, 250, TraceKind::Drop, kB, kA, 2, 13, 0, MessageKind::Reply, late);     // 14
    add(log, 250, TraceKind::Start, kBusEndpoint, kB, 4, 12, 0, ev);                // 15
    add(log, 260, TraceKind::Crash, kB, kNoEndpoint, 0, 0, 1);                      // 16
    add(log, 270, TraceKind::Drop, kBusEndpoint, kB, 4, 11, 0, ev, down);           // 17
    add(log, 280, TraceKind::Send, kA, kB, 5, 0, 100);                              // 18 f5
    add(log, 300, TraceKind::Restart, kB, kNoEndpoint, 0, 0);                       // 19
    add(log, 300, TraceKind::Publish, kA, kBusEndpoint, 6, 0, 1, ev);               // 20
    add(log, 300, TraceKind::Drop, kBusEndpoint, kB, 6, 20, 0, ev, busDrop);        // 21
    add(log, 310, TraceKind::Drop, kA, kBusEndpoint, 0, 0, 0, ev, refused);         // 22
    add(log, 320, TraceKind::Drop, kA, kBusEndpoint, 0, 18, 0, ev, lost, false);    // 23
    add(log, 330, TraceKind::Publish, kA, kBusEndpoint, 7, 0, 2, ev);               // 24
    add(log, 330, TraceKind::Send, kBusEndpoint, kB, 7, 24, 10, ev);                // 25 f6
    add(log, 340, TraceKind::Hold, kBusEndpoint, kB, 7, 25, 0, ev, held);           // 26
    add(log, 400, TraceKind::Send, kBusEndpoint, kB, 7, 26, 10, ev);                // 27 f7
    add(log, 410, TraceKind::Deliver, kBusEndpoint, kB, 7, 27, 10, ev);             // 28
    add(log, 410, TraceKind::Hold, kBusEndpoint, kB, 7, 28, 1, ev, lock);           // 29
    add(log, 420, TraceKind::Start, kBusEndpoint, kB, 7, 29, 0, ev);                // 30
    add(log, 430, TraceKind::Process, kBusEndpoint, kB, 7, 30, 10, ev);             // 31
    add(log, 500, TraceKind::Redeliver, kBusEndpoint, kB, 4, 0, 0, ev);             // 32
    add(log, 500, TraceKind::Send, kBusEndpoint, kB, 4, 32, 20, ev);                // 33 f8
    add(log, 520, TraceKind::Deliver, kBusEndpoint, kB, 4, 33, 20, ev);             // 34
}

/// The flights' fields, one line each, to compare two models whole.
std::vector<std::string> dump(const MessageFlights &m)
{
    std::vector<std::string> out;
    for (const Flight &f : m.flights())
        out.push_back(std::to_string(f.send) + " " + std::to_string(f.end) + " " +
                      std::to_string(f.lockWait) + " " + std::to_string(f.start) + " " +
                      std::to_string(f.process) + " " + std::to_string(f.lost) + " " +
                      std::to_string(f.resumes) + " " + std::to_string(f.previous) + " " +
                      std::to_string(f.sent) + " " + std::to_string(f.until) + " " +
                      flightFateName(f.fate) + (f.duplicate ? " dup" : "") +
                      (f.queues ? " q" : ""));
    return out;
}

std::vector<std::uint32_t> inAir(const MessageFlights &m, SimTime t)
{
    std::vector<std::uint32_t> out;
    m.inAirAt(t, &out);
    return out;
}

using Ns = std::vector<std::uint32_t>;

Scenario lesson(const char *name, SimTime duration)
{
    const std::string path = std::string(DPLAB_SOURCE_DIR) + "/scenarios/" + name + ".json";
    LoadResult r = ScenarioInput().loadFile(path);
    if (!r.ok())
        throw std::runtime_error(path + ": " + r.errors.front().toString());
    Scenario sc = *r.scenario;
    sc.duration = std::min(sc.duration, duration);
    sc.narrative.clear();
    sc.expect.clear();
    return sc;
}

} // namespace

class TestMessageFlights : public QObject
{
    Q_OBJECT

private slots:
    void fatesOfAHandMadeTrace()
    {
        TraceLog log;
        NameTable names;
        handTrace(&log, &names);
        MessageFlights m;
        m.update(log);
        QCOMPARE(m.scanned(), log.size());
        QCOMPARE(m.size(), std::size_t{9});
        // Positions are ids - 1.
        const std::vector<std::string> expected = {
            // send end lockWait start process lost resumes previous sent until fate
            "0 1 4294967295 2 3 4294967295 4294967295 4294967295 0 100 processed q",
            "4 12 4294967295 4294967295 4294967295 13 4294967295 4294967295 150 250 ignored",
            "5 6 4294967295 4294967295 4294967295 4294967295 4294967295 4294967295 200 200 "
            "dropped q",
            "8 11 4294967295 14 4294967295 15 4294967295 4294967295 210 250 lost-in-crash q",
            "10 16 4294967295 4294967295 4294967295 4294967295 4294967295 3 210 270 dropped dup q",
            "17 4294967295 4294967295 4294967295 4294967295 4294967295 4294967295 4294967295 280 "
            "380 in-air q",
            "24 25 4294967295 4294967295 4294967295 4294967295 4294967295 4294967295 330 340 held "
            "q",
            "26 27 28 29 30 4294967295 6 6 400 410 processed q",
            "32 33 4294967295 4294967295 4294967295 4294967295 4294967295 4 500 520 queued q",
        };
        const auto got = dump(m);
        for (std::size_t i = 0; i < expected.size(); ++i)
            QCOMPARE(QString::fromStdString(got[i]), QString::fromStdString(expected[i]));

        // Every event of a flight leads back to it; the rest belong to none.
        const std::map<std::size_t, std::uint32_t> of = {
            {0, 0},  {1, 0},  {2, 0},  {3, 0},  {4, 1},  {12, 1}, {13, 1}, {5, 2},
            {6, 2},  {8, 3},  {11, 3}, {14, 3}, {10, 4}, {16, 4}, {17, 5}, {24, 6},
            {25, 6}, {26, 7}, {27, 7}, {28, 7}, {29, 7}, {30, 7}, {32, 8}, {33, 8}};
        for (std::size_t i = 0; i < log.size(); ++i) {
            const auto it = of.find(i);
            QCOMPARE(m.flightOf(i), it == of.end() ? kNoFlight : it->second);
        }
        QCOMPARE(m.sentBy(10), &m[4]);
        QCOMPARE(m.sentBy(11), nullptr); // the end of f3's hop, not a send

        // The message view: event #4 went to b three times (the copy, the redelivery).
        QCOMPARE(m.flightsOfMessage(4), (Ns{3, 4, 8}));
        QCOMPARE(m.flightsOfMessage(7), (Ns{6, 7}));
        QCOMPARE(m.flightsOfMessage(2), (Ns{1}));
        QCOMPARE(m.flightsOfMessage(6), Ns{}); // dropped before it was sent
        QCOMPARE(m.flightsOfMessage(99), Ns{});

        // Every drop, by what it lost.
        QCOMPARE(m.dropKind(log, 6), DropKind::OnTheWay);
        QCOMPARE(m.dropKind(log, 13), DropKind::AfterDelivery);
        QCOMPARE(m.dropKind(log, 16), DropKind::OnTheWay);
        QCOMPARE(m.dropKind(log, 20), DropKind::NotSent);
        QCOMPARE(m.dropKind(log, 21), DropKind::PublishRefused);
        QCOMPARE(m.dropKind(log, 22), DropKind::NeverPublished); // though its cause is f5's send
        QCOMPARE(m.dropKind(log, 0), DropKind::None);

        QCOMPARE(m.publishOf(log, m[3]), 7u);
        QCOMPARE(m.publishOf(log, m[4]), 7u);
        QCOMPARE(m.publishOf(log, m[7]), kNo); // its cause is the hold
        QCOMPARE(m.publishOf(log, m[8]), kNo); // its cause is the redelivery
        QCOMPARE(m.maxLatency(), SimTime{100});
    }

    void inTheAirAtTimeT_data()
    {
        QTest::addColumn<qint64>("t");
        QTest::addColumn<Ns>("flights");
        QTest::newRow("0: sent") << qint64(0) << Ns{0};
        QTest::newRow("99") << qint64(99) << Ns{0};
        QTest::newRow("100: arrived") << qint64(100) << Ns{};
        QTest::newRow("150: the reply") << qint64(150) << Ns{1};
        QTest::newRow("200: dropped as it left") << qint64(200) << Ns{1};
        QTest::newRow("210: the copies") << qint64(210) << Ns{1, 3, 4};
        QTest::newRow("250") << qint64(250) << Ns{4};
        QTest::newRow("269") << qint64(269) << Ns{4};
        QTest::newRow("270: lost on arrival") << qint64(270) << Ns{};
        QTest::newRow("339: one held on arrival") << qint64(339) << Ns{5, 6};
        QTest::newRow("340: held") << qint64(340) << Ns{5};
        QTest::newRow("400: carried on") << qint64(400) << Ns{7};
        QTest::newRow("519") << qint64(519) << Ns{8};
        QTest::newRow("520") << qint64(520) << Ns{};
    }

    void inTheAirAtTimeT()
    {
        QFETCH(qint64, t);
        QFETCH(Ns, flights);
        TraceLog log;
        NameTable names;
        handTrace(&log, &names);
        MessageFlights m;
        m.update(log);
        QCOMPARE(inAir(m, t), flights);
    }

    void incrementalEqualsOnePass()
    {
        TraceLog whole;
        NameTable names;
        handTrace(&whole, &names);
        MessageFlights once;
        once.update(whole);
        // Fed one event at a time, or in uneven slices: the same model.
        for (std::size_t slice : {std::size_t{1}, std::size_t{3}, std::size_t{7}}) {
            TraceLog growing;
            MessageFlights m;
            for (std::size_t i = 0; i < whole.size(); ++i) {
                growing.push_back(whole[i]);
                if (i % slice == slice - 1 || i + 1 == whole.size())
                    m.update(growing);
            }
            QCOMPARE(m.scanned(), whole.size());
            QCOMPARE(dump(m), dump(once));
        }
        // Midway the model says what the log says so far: f5 is in the air and f3 queued.
        TraceLog half;
        for (std::size_t i = 0; i < 12; ++i)
            half.push_back(whole[i]);
        MessageFlights m;
        m.update(half);
        QCOMPARE(m[3].fate, FlightFate::Queued);
        QCOMPARE(m[1].fate, FlightFate::InAir);
        m.update(whole);
        QCOMPARE(m[3].fate, FlightFate::LostInCrash);
        QCOMPARE(m[1].fate, FlightFate::Ignored);
    }

    void anotherLogIsReadAgain()
    {
        TraceLog log;
        NameTable names;
        handTrace(&log, &names);
        MessageFlights m;
        m.update(log);
        // A new run in a log of the same length: the last event read is not there any more.
        TraceLog other;
        for (std::size_t i = 0; i < log.size(); ++i) {
            TraceEvent e = log[i];
            e.time += 1;
            other.push_back(e);
        }
        m.update(other);
        QCOMPARE(m[0].sent, SimTime{1});
        // A shorter one.
        TraceLog shorter;
        for (std::size_t i = 0; i < 3; ++i)
            shorter.push_back(log[i]);
        m.update(shorter);
        QCOMPARE(m.size(), std::size_t{1});
        QCOMPARE(m[0].fate, FlightFate::Processing);
    }

    void aCutLogFindsCausesByIdNotPosition()
    {
        // What a ring keeps: the last events, whose ids no longer equal their positions + 1;
        // and a file with gaps in its ids.
        TraceLog whole;
        NameTable names;
        handTrace(&whole, &names);
        TraceLog cut, gaps;
        for (std::size_t i = 7; i < whole.size(); ++i) {
            cut.push_back(whole[i]);
            TraceEvent e = whole[i];
            e.id *= 10;
            e.cause *= 10;
            gaps.push_back(e);
        }
        for (const TraceLog *log : {&cut, &gaps}) {
            MessageFlights m;
            m.update(*log);
            QCOMPARE(m.size(), std::size_t{6}); // f3 onwards
            QCOMPARE(m[0].fate, FlightFate::LostInCrash);
            QCOMPARE(m[1].fate, FlightFate::Dropped);
            QCOMPARE(m[1].duplicate, true);
            QCOMPARE(m[4].resumes, 3u);
            QCOMPARE(m[4].fate, FlightFate::Processed);
            QCOMPARE(m[4].lockWait, 21u);
            QCOMPARE(m.flightsOfMessage(4), (Ns{0, 1, 5}));
            QCOMPARE(m.publishOf(*log, m[0]), 0u);
        }
        QCOMPARE(MessageFlights::positionOf(cut, 9, cut.size()), 1u);
        QCOMPARE(MessageFlights::positionOf(cut, 7, cut.size()), kNo); // not kept
        QCOMPARE(MessageFlights::positionOf(cut, 12, 4), kNo);         // not before 4
        TraceLog sparse;                                               // ids 10, 20, 30...
        for (std::uint64_t k = 1; k <= 50; ++k) {
            TraceEvent e;
            e.id = 10 * k;
            sparse.push_back(e);
        }
        QCOMPARE(MessageFlights::positionOf(sparse, 370, sparse.size()), 36u);
        QCOMPARE(MessageFlights::positionOf(sparse, 375, sparse.size()), kNo);
    }

    void aCutLogDrawsTheSameMermaid()
    {
        // The exports of a ring's kept events agree with those of the whole trace: a message
        // lost on the way is drawn once, crossed, not a second time as a loss of its own.
        const Scenario sc = lesson("api-composition", 24 * kSecond);
        auto run = makeRun(sc);
        run->runToEnd();
        const TraceLog &whole = run->trace()->events();
        TraceLog cut;
        for (std::size_t i = whole.size() / 2; i < whole.size(); ++i)
            cut.push_back(whole[i]);
        const SequenceWindow window{20 * kSecond, 21 * kSecond, 400};
        const std::string a = mermaidSequence(whole, run->world().names(), window);
        QCOMPARE(mermaidSequence(cut, run->world().names(), window), a);
        QVERIFY(a.find("lost") != std::string::npos);
    }

    void realRunsAgreeWithTheirTrace_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("crashLoses"); // a crash before 25 s finds work queued
        QTest::newRow("duplicates (crashes)") << "duplicates-and-idempotency" << true;
        QTest::newRow("outbox") << "outbox-vs-dual-write" << false;
        QTest::newRow("saga (bus replies)") << "saga-orchestration" << false;
        QTest::newRow("shared database (lock waits)") << "shared-vs-per-service" << false;
        QTest::newRow("api composition (crash, drops)") << "api-composition" << true;
    }

    void realRunsAgreeWithTheirTrace()
    {
        QFETCH(QString, name);
        QFETCH(bool, crashLoses);
        const Scenario sc = lesson(name.toUtf8().constData(), 25 * kSecond);
        auto run = makeRun(sc);
        run->runToEnd();
        const TraceLog &log = run->trace()->events();
        MessageFlights m;
        m.update(log);
        // Counted from the trace by kind: every one is some flight's.
        std::size_t sends = 0, delivers = 0, starts = 0, processes = 0, lockWaits = 0;
        std::int64_t lostInCrashes = 0;
        for (std::size_t i = 0; i < log.size(); ++i) {
            const TraceEvent &e = log[i];
            sends += startsFlight(e);
            delivers += e.kind == TraceKind::Deliver;
            starts += e.kind == TraceKind::Start;
            processes += e.kind == TraceKind::Process;
            lockWaits += e.kind == TraceKind::Hold && m.flightOf(i) != kNoFlight &&
                         m[m.flightOf(i)].lockWait == i;
            if (e.kind == TraceKind::Crash)
                lostInCrashes += e.value; // the service counts what it had queued or in hand
            if (e.kind == TraceKind::Deliver || e.kind == TraceKind::Start ||
                e.kind == TraceKind::Process)
                QVERIFY2(m.flightOf(i) != kNoFlight, qPrintable(QString::number(e.id)));
        }
        std::map<FlightFate, std::size_t> fates;
        std::size_t ended = 0, started = 0, processed = 0;
        for (const Flight &f : m.flights()) {
            ++fates[f.fate];
            ended += f.end != kNo && log[f.end].kind == TraceKind::Deliver;
            started += f.start != kNo;
            processed += f.process != kNo;
            // Each event the flight names is of its kind and names the one before it.
            QVERIFY(startsFlight(log[f.send]));
            if (f.end != kNo)
                QCOMPARE(log[f.end].cause, log[f.send].id);
            if (f.start != kNo)
                QCOMPARE(log[f.start].cause, log[f.lockWait != kNo ? f.lockWait : f.end].id);
            if (f.process != kNo)
                QCOMPARE(log[f.process].cause, log[f.start].id);
            if (f.fate == FlightFate::LostInCrash)
                QCOMPARE(log[f.lost].kind, TraceKind::Crash);
        }
        QCOMPARE(m.size(), sends);
        QCOMPARE(ended, delivers);
        QCOMPARE(started, starts);
        QCOMPARE(processed, processes);
        QCOMPARE(static_cast<std::int64_t>(fates[FlightFate::LostInCrash]), lostInCrashes);
        // In the air at a few instants: the definition applied to the whole trace.
        for (SimTime t = 0; t < sc.duration; t += 1234567) {
            std::vector<std::uint32_t> expected;
            std::map<std::uint64_t, SimTime> droppedAt;
            for (const TraceEvent &e : log)
                if (e.kind == TraceKind::Drop && e.cause && !droppedAt.count(e.cause))
                    droppedAt[e.cause] = e.time;
            for (std::size_t i = 0, n = 0; i < log.size(); ++i) {
                if (!startsFlight(log[i]))
                    continue;
                const TraceEvent &e = log[i];
                const auto d = droppedAt.find(e.id);
                if (e.time <= t && t < e.time + e.value && (d == droppedAt.end() || d->second > t))
                    expected.push_back(static_cast<std::uint32_t>(n));
                ++n;
            }
            QCOMPARE(inAir(m, t), expected);
        }
        if (name == "shared-vs-per-service")
            QVERIFY(lockWaits > 0);
        QCOMPARE(fates[FlightFate::LostInCrash] > 0, crashLoses);
        QVERIFY(fates[FlightFate::Processed] > 100);
    }

    void traceStateQueuesBusReplies()
    {
        // Saga replies come over the bus and wait in the orchestrator's queue like any
        // delivery (only a reply over the network goes straight to its call): what the trace
        // says at every slice equals what the world holds. One slow worker makes them wait.
        Scenario sc = lesson("saga-orchestration", 6 * kSecond);
        for (ServiceSpec &s : sc.services)
            if (s.name == "orders") {
                s.workers = 1;
                s.processing = Distribution::constant(6 * kMillisecond);
            }
        auto run = makeRun(sc);
        World &w = run->world();
        TraceState state(w.serviceCount(), w.sharedLock() != nullptr);
        int queued = 0;
        for (SimTime t = 0; t < sc.duration; t += 13 * kMillisecond) {
            w.runUntil(t);
            state.update(run->trace()->events(), run->trace()->events().size());
            for (std::size_t i = 0; i < w.serviceCount(); ++i) {
                const Service &svc = w.service(static_cast<std::int16_t>(i));
                QCOMPARE(state.services()[i].queue, static_cast<int>(svc.queueLength()));
                QCOMPARE(state.services()[i].busy, svc.busyWorkers());
                queued += state.services()[i].queue;
            }
        }
        QVERIFY(queued > 0);
    }
};

QTEST_MAIN(TestMessageFlights)
#include "tst_messageflights.moc"
