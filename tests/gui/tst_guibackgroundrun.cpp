// Long re-simulations on a worker thread: a fork or an undo at a late playhead returns at once,
// the old run stays until the new one is ready, Cancel changes nothing, and the new run is the
// one the synchronous path makes, byte for byte.

#include "tests/support/guitestsupport.h"
#include "tests/support/testsupport.h"

#include "app/gui/backgroundrunbar.h"
#include "app/gui/mainwindow.h"
#include "app/gui/playback.h"
#include "simulation/observe/tracereader.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

#include <limits>

using namespace dplab;
using namespace dplab::test;

namespace {

QByteArray lessonText(const char *name)
{
    QFile f(QString(DPLAB_SOURCE_DIR "/scenarios/%1.json").arg(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", name);
    return f.readAll();
}

// Long enough that simulating it again to the playhead takes a good part of a second.
constexpr const char *kLongLesson = "cqrs-lag";
constexpr SimTime kLongRunEnd = 16 * kSecond;
constexpr SimTime kLatePlayhead = 15 * kSecond;

FaultSpec crashOf(const char *service)
{
    FaultSpec f;
    f.kind = FaultSpec::Kind::Crash;
    f.service = service;
    f.duration = 500 * kMillisecond;
    return f;
}

/** The run as the views see it: the whole trace, the playhead, the undo stack. */
struct RunView
{
    QByteArray trace; ///< a hash of every event as dplab-cli writes it
    std::size_t playhead = 0;
    SimTime now = 0;
    SimTime frontierTime = 0;
    std::size_t interventions = 0;
    int undoCount = 0;
    int undoIndex = 0;
    bool operator==(const RunView &) const = default;
};

RunView viewOf(const SimulationDocument &doc)
{
    RunView v;
    QCryptographicHash hash(QCryptographicHash::Sha1);
    for (const TraceEvent &e : doc.trace())
        hash.addData(QByteArray::fromStdString(traceEventToJson(e, doc.world().names()) + "\n"));
    v.trace = hash.result();
    v.playhead = doc.playhead();
    v.now = doc.now();
    v.frontierTime = doc.frontierTime();
    v.interventions = doc.world().interventions().size();
    v.undoCount = doc.undoStack()->count();
    v.undoIndex = doc.undoStack()->index();
    return v;
}

/// The long lesson run to kLongRunEnd, its playhead back at kLatePlayhead.
std::unique_ptr<SimulationDocument> longRunInThePast(std::uint64_t backgroundFrom)
{
    auto doc = load(lessonText(kLongLesson));
    doc->setBackgroundFrom(backgroundFrom);
    advance(doc.get(), kLongRunEnd);
    if (!doc->seekTime(kLatePlayhead))
        qFatal("cannot seek");
    return doc;
}

/// Waits for the background change; returns whether it was made.
bool waitForBackground(SimulationDocument &doc, QSignalSpy &finished)
{
    if (!QTest::qWaitFor([&] { return !finished.isEmpty(); }, 60000))
        return false;
    return !doc.busy() && finished.takeFirst().at(0).toBool();
}

} // namespace

/** Tests of forks and undo simulated on a worker thread. */
class TestGuiBackgroundRun : public QObject
{
    Q_OBJECT

public:
    TestGuiBackgroundRun() { Q_INIT_RESOURCE(dplab); } // resources of the static dplab_gui library

private slots:
    void aLongForkReturnsAtOnceAndGivesTheSameRun()
    {
        // The synchronous fork, the reference.
        auto reference = longRunInThePast(std::numeric_limits<std::uint64_t>::max());
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(reference->injectFault(crashOf("orders"), nullptr, "crash orders"), QString());
        const qint64 synchronousMs = clock.elapsed();
        QVERIFY(!reference->busy());
        const RunView expected = viewOf(*reference);
        QCOMPARE(expected.undoCount, 1);

        auto doc = longRunInThePast(SimulationDocument::kBackgroundFromEvents);
        const RunView before = viewOf(*doc);
        QSignalSpy started(doc.get(), &SimulationDocument::backgroundStarted);
        QSignalSpy finished(doc.get(), &SimulationDocument::backgroundFinished);
        QSignalSpy forked(doc.get(), &SimulationDocument::forked);
        QSignalSpy refused(doc.get(), &SimulationDocument::changeRefused);
        clock.restart();
        QCOMPARE(doc->injectFault(crashOf("orders"), nullptr, "crash orders"), QString());
        const qint64 returnedMs = clock.elapsed();
        QVERIFY2(returnedMs < 100, qPrintable(QString::number(returnedMs)));
        QVERIFY(doc->busy());
        QCOMPARE(started.size(), 1);
        QCOMPARE(started.at(0).at(0).toString(), QStringLiteral("crash orders"));
        QCOMPARE(doc->busyWith(), QStringLiteral("crash orders"));
        // The old run stays on screen, unchanged, until the new one is ready.
        QVERIFY(viewOf(*doc) == before);
        QCOMPARE(forked.size(), 0);

        // A second change meanwhile (a teacher's double click) is refused, and says why.
        const QString second = doc->injectFault(crashOf("orders"), nullptr, "crash orders");
        QVERIFY(second.startsWith(QStringLiteral("Busy simulating \"crash orders\"")));
        Scenario other = doc->scenario();
        QString error;
        QVERIFY(!doc->setScenario(other, &error, "switch"));
        QVERIFY(!error.isEmpty());
        QVERIFY(!doc->seekTime(kSecond));
        QCOMPARE(doc->advanceTo(kLongRunEnd), std::uint64_t(0));
        QCOMPARE(refused.size(), 4);

        // The GUI thread stays free: a 10 ms timer keeps firing while the worker simulates.
        QElapsedTimer gaps;
        gaps.start();
        qint64 last = 0;
        qint64 longestGap = 0;
        QTimer tick;
        tick.setInterval(10);
        QObject::connect(&tick, &QTimer::timeout, [&] {
            longestGap = std::max(longestGap, gaps.elapsed() - last);
            last = gaps.elapsed();
        });
        tick.start();
        QVERIFY(waitForBackground(*doc, finished));
        tick.stop();
        longestGap = std::max(longestGap, gaps.elapsed() - last);
        QCOMPARE(forked.size(), 1);
        qInfo("fork at %zu trace events: synchronous %lld ms; in the background the call returned "
              "in %lld ms, done after %lld ms, longest GUI gap %lld ms",
              before.playhead, synchronousMs, returnedMs, gaps.elapsed(), longestGap);
        QVERIFY2(longestGap < 250, qPrintable(QString::number(longestGap)));

        // The same run as the synchronous fork's, byte for byte, and it runs on the same.
        QVERIFY(viewOf(*doc) == expected);
        QCOMPARE(doc->undoStack()->undoText(), QStringLiteral("crash orders"));
        advance(doc.get(), kLongRunEnd + kSecond);
        advance(reference.get(), kLongRunEnd + kSecond);
        QVERIFY(viewOf(*doc) == viewOf(*reference));
    }

    void cancelLeavesEverythingAsItWas()
    {
        auto doc = longRunInThePast(0);
        const RunView before = viewOf(*doc);
        QSignalSpy finished(doc.get(), &SimulationDocument::backgroundFinished);
        Scenario switched = doc->scenario();
        QString error;
        QVERIFY(doc->setScenario(switched, &error, "switch the patterns"));
        QVERIFY(doc->busy());
        QTest::qWait(20); // the worker under way
        doc->cancelBackground();
        QVERIFY(!doc->busy());
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QVERIFY(viewOf(*doc) == before);
        QTest::qWait(50); // nothing arrives later from the cancelled worker
        QVERIFY(viewOf(*doc) == before);
        QCOMPARE(finished.size(), 1);
        // And the next change is made as usual.
        finished.clear();
        QCOMPARE(doc->injectFault(crashOf("orders"), nullptr, "crash orders"), QString());
        QVERIFY(waitForBackground(*doc, finished));
        QCOMPARE(doc->undoStack()->count(), 1);
        QCOMPARE(doc->world().interventions().back().fault.service, std::string("orders"));
    }

    void undoAndRedoOfALongRunInTheBackground()
    {
        // No run kept: undo and redo simulate the run again, in the background.
        auto doc = load(lessonText(kLongLesson));
        doc->setKeptRuns(0);
        advance(doc.get(), kLongRunEnd);
        const RunView clean = viewOf(*doc);
        QCOMPARE(doc->injectFault(crashOf("orders"), nullptr, "crash orders"), QString());
        QVERIFY(!doc->busy()); // at the present: nothing to simulate again
        const RunView crashed = viewOf(*doc);
        QUndoStack *stack = doc->undoStack();
        QSignalSpy finished(doc.get(), &SimulationDocument::backgroundFinished);

        stack->undo();
        QVERIFY(doc->busy());
        QCOMPARE(doc->busyWith(), QStringLiteral("undo crash orders"));
        QCOMPARE(viewOf(*doc).trace, crashed.trace); // still the crashed run meanwhile
        QVERIFY(waitForBackground(*doc, finished));
        RunView undoneExpected = clean;
        undoneExpected.undoCount = 1; // the crash, to redo
        QVERIFY(viewOf(*doc) == undoneExpected);

        // Redo cancelled: the stack goes back to where it was, the run stays.
        const RunView undone = viewOf(*doc);
        stack->redo();
        QVERIFY(doc->busy());
        doc->cancelBackground();
        QVERIFY(viewOf(*doc) == undone);
        QVERIFY(stack->canRedo());
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.takeFirst().at(0).toBool(), false);

        // Redo, and an undo clicked while it runs: refused, the stack where the redo leaves it.
        stack->redo();
        QVERIFY(doc->busy());
        stack->undo();
        QVERIFY(waitForBackground(*doc, finished));
        QTRY_COMPARE(stack->index(), 1);
        QVERIFY(viewOf(*doc) == crashed);
        QCOMPARE(stack->undoText(), QStringLiteral("crash orders"));
    }

    void aLongRunFileOpensInTheBackground()
    {
        // Saved at a late playhead, opened at once (the reference) and in the background.
        auto source = longRunInThePast(std::numeric_limits<std::uint64_t>::max());
        QCOMPARE(source->injectFault(crashOf("orders"), nullptr, "crash orders"), QString());
        advance(source.get(), kLongRunEnd);
        QVERIFY(source->seekTime(kLongRunEnd - 500 * kMillisecond));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("late.json"));
        QString error;
        QVERIFY2(source->saveRun(path, &error), qPrintable(error));

        SimulationDocument reference;
        QVERIFY2(reference.loadFile(path, &error), qPrintable(error));
        QCOMPARE(reference.playhead(), source->playhead());
        const RunView expected = viewOf(reference);

        auto doc = load(lessonText("outbox-vs-dual-write"));
        doc->setOpensInBackground(true);
        const RunView before = viewOf(*doc);
        QSignalSpy finished(doc.get(), &SimulationDocument::backgroundFinished);
        QSignalSpy changed(doc.get(), &SimulationDocument::scenarioChanged);
        QElapsedTimer clock;
        clock.start();
        QVERIFY2(doc->loadFile(path, &error), qPrintable(error));
        QVERIFY(clock.elapsed() < 100);
        QVERIFY(doc->busy());
        QCOMPARE(doc->busyWith(), QStringLiteral("open late.json"));
        QVERIFY(viewOf(*doc) == before); // the open run stays meanwhile
        QCOMPARE(changed.size(), 0);
        QVERIFY(waitForBackground(*doc, finished));
        QCOMPARE(changed.size(), 1);
        QVERIFY(viewOf(*doc) == expected);
        QCOMPARE(doc->filePath(), reference.filePath());
        QCOMPARE(doc->runSpec().interventions.size(), std::size_t(1));
    }

    void theWindowShowsProgressAndCancels()
    {
        MainWindow w;
        QString error;
        QVERIFY2(w.document()->loadText(lessonText(kLongLesson), "lesson.json", &error),
                 qPrintable(error));
        w.resize(1280, 800);
        w.show();
        SimulationDocument *doc = w.document();
        doc->setBackgroundFrom(0);
        advance(doc, kLongRunEnd);
        QVERIFY(doc->seekTime(kLatePlayhead));
        auto *bar = w.findChild<BackgroundRunBar *>("backgroundRunBar");
        QVERIFY(bar);
        QVERIFY(!bar->isVisible());
        const RunView before = viewOf(*doc);
        doc->injectFault(crashOf("orders"), nullptr, "crash orders");
        QVERIFY(doc->busy());
        QVERIFY(bar->isVisible());
        QTRY_VERIFY(bar->progressBar()->value() > 0);
        // A second change says why it is refused where the class sees it.
        doc->injectFault(crashOf("orders"), nullptr, "crash orders");
        QVERIFY(w.statusBar()->currentMessage().startsWith(QStringLiteral("Busy simulating")));
        w.playback()->play(); // the old run does not play on meanwhile
        QVERIFY(!w.playback()->isPlaying());
        QTest::mouseClick(bar->cancelButton(), Qt::LeftButton);
        QVERIFY(!doc->busy());
        QVERIFY(!bar->isVisible());
        QVERIFY(viewOf(*doc) == before);
    }

    void forkStallInTheWindow()
    {
        // A figure, not a check of this build: the longest the GUI thread goes without turning
        // its event loop during a fork at a late playhead of queue-lab, made at once and in the
        // background, in the whole window. DPLAB_FORK_STALL_EVENTS=1000000 asks for it.
        const QByteArray wanted = qgetenv("DPLAB_FORK_STALL_EVENTS");
        if (wanted.isEmpty())
            QSKIP("set DPLAB_FORK_STALL_EVENTS to the playhead (trace events) to measure");
        const std::size_t events = wanted.toULongLong();
        for (const bool background : {false, true}) {
            MainWindow w;
            QString error;
            QVERIFY2(w.document()->loadText(lessonText("queue-lab"), "lesson.json", &error),
                     qPrintable(error));
            w.resize(1280, 800);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            SimulationDocument *doc = w.document();
            doc->setBackgroundFrom(background ? 0 : std::numeric_limits<std::uint64_t>::max());
            while (doc->frontier() < events + 1000 && !doc->atEnd())
                doc->advanceTo(doc->endTime(), 20000);
            QVERIFY(doc->seek(std::min(events, doc->frontier())));
            QTest::qWait(200);
            QSignalSpy finished(doc, &SimulationDocument::backgroundFinished);
            QElapsedTimer clock;
            clock.start();
            qint64 last = 0;
            qint64 longest = 0;
            QTimer tick;
            tick.setInterval(10);
            QObject::connect(&tick, &QTimer::timeout, [&] {
                longest = std::max(longest, clock.elapsed() - last);
                last = clock.elapsed();
            });
            tick.start();
            // From the event loop, as a click would: the call itself counts as a stall too.
            QTimer::singleShot(20, doc, [doc] {
                doc->injectFault(crashOf("mm1-busy"), nullptr, "crash mm1-busy");
            });
            QVERIFY(QTest::qWaitFor([&] { return doc->undoStack()->count() == 1; }, 120000));
            QTest::qWait(100);
            tick.stop();
            QCOMPARE(doc->world().interventions().size(), std::size_t(1));
            qInfo("fork at %zu trace events of queue-lab, %s: done in %lld ms, longest GUI-thread "
                  "gap %lld ms",
                  doc->playhead(), background ? "in the background" : "at once",
                  clock.elapsed() - 100, longest);
        }
    }
};

QTEST_MAIN(TestGuiBackgroundRun)
#include "tst_guibackgroundrun.moc"
