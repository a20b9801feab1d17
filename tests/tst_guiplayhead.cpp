// The playhead in the app: step back and forward, forks and their undo, run files.

#include "guitestsupport.h"
#include "testsupport.h"

#include "canvas/canvasview.h"
#include "canvas/noticebadgeitem.h"
#include "domain/inventoryservice.h"
#include "domain/ordersservice.h"
#include "exportactions.h"
#include "inspector/inspectorpanel.h"
#include "mainwindow.h"
#include "observe/tracereader.h"
#include "panels/faultpanel.h"
#include "playback.h"
#include "saga/sagaorders.h"
#include "stepprogress.h"
#include "timeline/sequenceview.h"
#include "timeline/timelinedock.h"
#include "timeline/timelinepanels.h"
#include "timeline/traceviewer.h"
#include "twophase/twophaseparticipant.h"

#include <QApplication>
#include <QImage>
#include <QSlider>
#include <nlohmann/json.hpp>

#include <fstream>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace dplab;
using namespace dplab::test;

namespace {

QByteArray lesson(const char *name)
{
    QFile f(QString(DPLAB_SOURCE_DIR "/scenarios/%1.json").arg(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", name);
    return f.readAll();
}

/// Every row of every table of every service, as text.
QString databases(SimulationDocument &doc)
{
    QString out;
    World &w = doc.world();
    for (std::size_t s = 0; s < w.serviceCount(); ++s) {
        Database &db = w.service(static_cast<std::int16_t>(s)).database();
        for (const auto &table : db.tables()) {
            const QueryResult r = db.query("SELECT * FROM \"" + table + "\" ORDER BY 1");
            out += QString::fromStdString(w.names().services[s] + "." + table) + "\n";
            for (const auto &row : r.rows) {
                for (const auto &v : row)
                    out += QString::fromStdString(std::visit(
                               [](const auto &x) -> std::string {
                                   using T = std::decay_t<decltype(x)>;
                                   if constexpr (std::is_same_v<T, std::monostate>)
                                       return "null";
                                   else if constexpr (std::is_same_v<T, std::string>)
                                       return x;
                                   else
                                       return std::to_string(x);
                               },
                               v)) +
                           "|";
                out += "\n";
            }
        }
    }
    return out;
}

std::string traceUpTo(const SimulationDocument &doc, std::size_t n)
{
    std::string out;
    for (std::size_t i = 0; i < n && i < doc.trace().size(); ++i)
        out += traceEventToJson(doc.trace()[i], doc.world().names()) + "\n";
    return out;
}

FaultSpec crash(const char *service)
{
    FaultSpec f;
    f.kind = FaultSpec::Kind::Crash;
    f.service = service;
    f.duration = 500 * kMillisecond;
    return f;
}

} // namespace

/** Tests of the playhead in the document and the window. */
class TestGuiPlayhead : public QObject
{
    Q_OBJECT

public:
    TestGuiPlayhead() { Q_INIT_RESOURCE(dplab); } // resources of the static dplab_gui library

private slots:
    void sagaCountsFollowThePlayhead_data()
    {
        QTest::addColumn<QString>("lessonName");
        QTest::newRow("orchestration") << "saga-orchestration";
        QTest::newRow("choreography") << "saga-choreography";
    }

    void sagaCountsFollowThePlayhead()
    {
        // The finished sagas come from the tables, so a past playhead shows the past counts;
        // at the present they agree with the orchestrator's ledger.
        QFETCH(QString, lessonName);
        SimulationDocument doc;
        QString error;
        QVERIFY2(doc.loadText(lesson(qPrintable(lessonName)), "lesson.json", &error),
                 qPrintable(error));
        advance(&doc, 6 * kSecond);
        const StepProgress at6 = doc.sagaProgress();
        advance(&doc, 12 * kSecond);
        const StepProgress at12 = doc.sagaProgress();
        QVERIFY(at6.completed > 0 && at6.compensated > 0);
        QVERIFY(at12.completed > at6.completed && at12.compensated > at6.compensated);
        if (const auto *orders = ShopService::behaviorOf<OrdersService>(doc.world(), "orders");
            orders && orders->saga()) {
            QCOMPARE(std::uint64_t(at12.completed), orders->saga()->ledger().completed());
            QCOMPARE(std::uint64_t(at12.compensated), orders->saga()->ledger().compensated());
        }
        doc.seekTime(6 * kSecond);
        QVERIFY(!doc.atPresent());
        const StepProgress back = doc.sagaProgress();
        QCOMPARE(back.completed, at6.completed);
        QCOMPARE(back.compensated, at6.compensated);
        QCOMPARE(back.inFlight(), at6.inFlight());
    }

    void twoPhaseLocksFollowThePlayhead()
    {
        // The locks a participant holds are its prepared transactions' keys: counted from its
        // table they equal the lock table in memory whenever it is up, and a past playhead
        // shows the count of then (the waiting requests, only in memory, are left out).
        SimulationDocument doc;
        QString error;
        QVERIFY2(doc.loadText(lesson("two-phase-commit-vs-saga"), "lesson.json", &error),
                 qPrintable(error));
        const std::int16_t inventory = doc.world().serviceWithRole("inventory");
        QVERIFY(inventory >= 0);
        const auto *p =
            dynamic_cast<const InventoryService *>(doc.world().service(inventory).behavior())
                ->twoPhase();
        QVERIFY(p);
        std::vector<std::pair<SimTime, int>> held;
        int compared = 0;
        for (SimTime t = 100 * kMillisecond; t <= 8 * kSecond; t += 37 * kMillisecond) {
            advance(&doc, t);
            if (!doc.world().service(inventory).isUp())
                continue;
            QCOMPARE(TwoPhaseParticipant::lockedKeys(doc.world().service(inventory)),
                     std::int64_t(p->locks().held()));
            held.emplace_back(doc.now(), int(p->locks().held()));
            ++compared;
        }
        QVERIFY(compared > 100);
        const auto busy =
            std::find_if(held.begin(), held.end(), [](const auto &h) { return h.second > 0; });
        QVERIFY2(busy != held.end(), "some locks must be held at some moment");
        doc.seekTime(busy->first);
        QVERIFY(!doc.atPresent());
        QCOMPARE(doc.twoPhaseLocks(inventory), std::make_pair(busy->second, -1));
        QCOMPARE(NoticeBadgeItem::lockText(busy->second, -1),
                 QStringLiteral("%1 locked").arg(busy->second));
    }

    void stepBackThenForwardRestoresDatabasesAndCanvas()
    {
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QString error;
        QVERIFY2(w.document()->loadText(lesson("outbox-vs-dual-write"), "lesson.json", &error),
                 qPrintable(error));
        SimulationDocument &doc = *w.document();
        advance(&doc, 3 * kSecond);
        w.canvas()->refresh();
        const QString before = databases(doc);
        const QImage canvasBefore = w.canvas()->grab().toImage();
        const std::size_t frontier = doc.frontier();
        QVERIFY(doc.atPresent());

        // Back over enough events to undo some commits: the tables change, the canvas too.
        const std::size_t commitsAt = doc.timeline()->commitsApplied();
        while (doc.timeline()->commitsApplied() + 5 > commitsAt)
            QVERIFY(doc.stepBack());
        QVERIFY(!doc.atPresent());
        QVERIFY(doc.now() < 3 * kSecond);
        QVERIFY(databases(doc) != before);
        w.canvas()->refresh();
        QVERIFY(w.canvas()->grab().toImage() != canvasBefore);

        // Forward again, event by event, to where it was: the same tables, the same picture.
        while (doc.playhead() < frontier)
            QVERIFY(doc.step());
        QVERIFY(doc.atPresent());
        doc.advanceTo(3 * kSecond); // the clock back to 3 s (events end before it)
        QCOMPARE(databases(doc), before);
        w.canvas()->refresh();
        QCOMPARE(w.canvas()->grab().toImage(), canvasBefore);
        // The Left key is Step Back.
        QTest::keyClick(&w, Qt::Key_Left);
        QCOMPARE(doc.playhead(), frontier - 1);
    }

    void seekShowsTheInspectorTablesAsTheyWere()
    {
        MainWindow w;
        QString error;
        QVERIFY(w.document()->loadText(lesson("outbox-vs-dual-write"), "lesson.json", &error));
        SimulationDocument &doc = *w.document();
        advance(&doc, kSecond);
        const QString atOne = databases(doc);
        const std::size_t p = doc.playhead();
        advance(&doc, 4 * kSecond);
        QVERIFY(databases(doc) != atOne);
        QVERIFY(doc.seek(p));
        QCOMPARE(databases(doc), atOne);
        QCOMPARE(doc.now(), doc.trace()[p - 1].time);
        // Playing from the past replays the recording, then runs on past the old present.
        doc.advanceTo(2 * kSecond);
        QVERIFY(!doc.atPresent());
        doc.advanceTo(5 * kSecond);
        QVERIFY(doc.atPresent());
        QCOMPARE(doc.now(), 5 * kSecond);
    }

    void aFaultInThePastForksAndUndoRestores()
    {
        auto doc = load(lesson("outbox-vs-dual-write"));
        advance(doc.get(), 4 * kSecond);
        const std::size_t oldFrontier = doc->frontier();
        const std::string oldTrace = traceUpTo(*doc, oldFrontier);
        QVERIFY(doc->seekTime(2 * kSecond));
        const std::size_t at = doc->playhead();
        QVERIFY(doc->injectFault(crash("orders")).isEmpty());
        // Forked: the past up to the playhead is the same, the old future is gone.
        QVERIFY(doc->atPresent());
        QCOMPARE(doc->now(), 2 * kSecond);
        QVERIFY(doc->frontier() >= at);
        QCOMPARE(traceUpTo(*doc, at), traceUpTo(*doc, at)); // (sanity)
        QVERIFY(traceUpTo(*doc, at) == oldTrace.substr(0, traceUpTo(*doc, at).size()));
        QCOMPARE(doc->world().interventions().size(), std::size_t{1});
        advance(doc.get(), 4 * kSecond);
        const std::string forkTrace = traceUpTo(*doc, doc->frontier());
        QVERIFY(forkTrace != oldTrace);

        // The same fork again gives the same run.
        auto again = load(lesson("outbox-vs-dual-write"));
        advance(again.get(), 4 * kSecond);
        QVERIFY(again->seekTime(2 * kSecond));
        QVERIFY(again->injectFault(crash("orders")).isEmpty());
        advance(again.get(), 4 * kSecond);
        QVERIFY(traceUpTo(*again, again->frontier()) == forkTrace);

        // Ctrl+Z: the old run with its future, the playhead where it was.
        QVERIFY(doc->canUndoFork());
        doc->undoFork();
        QVERIFY(!doc->canUndoFork());
        QCOMPARE(doc->frontier(), oldFrontier);
        QCOMPARE(doc->playhead(), at);
        QVERIFY(traceUpTo(*doc, oldFrontier) == oldTrace);
        QVERIFY(doc->world().interventions().empty());
    }

    void slidersFollowAFork()
    {
        // A drop slider moved at 1 s, then a latency slider moved with the playhead back at
        // 1.5 s: the fork replays the drop fault, and the drop slider still shows and owns it.
        MainWindow w;
        QString error;
        QVERIFY(w.document()->loadText(lesson("outbox-vs-dual-write"), "lesson.json", &error));
        SimulationDocument &doc = *w.document();
        FaultPanel *faults = w.faultPanel();
        advance(&doc, kSecond);
        faults->slider(FaultPanel::Slider::Drop)->setValue(20);
        const std::uint64_t drop = faults->sliderFault(FaultPanel::Slider::Drop);
        QVERIFY(drop != 0);
        advance(&doc, 3 * kSecond);
        QVERIFY(doc.seekTime(1500 * kMillisecond));
        faults->slider(FaultPanel::Slider::Latency)->setValue(40);
        QVERIFY(doc.atPresent());
        QVERIFY(doc.canUndoFork());
        QCOMPARE(doc.now(), 1500 * kMillisecond);
        QCOMPARE(faults->slider(FaultPanel::Slider::Drop)->value(), 20);
        QCOMPARE(faults->sliderFault(FaultPanel::Slider::Drop), drop);
        QCOMPARE(faults->slider(FaultPanel::Slider::Latency)->value(), 40);
        QVERIFY(faults->sliderFault(FaultPanel::Slider::Latency) != 0);
        QCOMPARE(doc.faultsAtPlayhead().size(), std::size_t{2});
        // Back to 0: the drop fault ends in the new run.
        faults->slider(FaultPanel::Slider::Drop)->setValue(0);
        QCOMPARE(doc.faultsAtPlayhead().size(), std::size_t{1});
    }

    void runUntilTheNextFaultPlaysOnUntilItHappens()
    {
        MainWindow w;
        QString error;
        QVERIFY(w.document()->loadText(lesson("cqrs-lag"), "lesson.json", &error));
        SimulationDocument &doc = *w.document();
        advance(&doc, kSecond);
        TimelinePanels *panels = w.timelinePanels();
        const auto fault = RunUntilCondition::next(RunUntilCondition::Kind::Fault);
        QVERIFY(!findNext(doc.trace(), 0, fault));
        panels->runUntil(fault);
        QVERIFY(panels->pendingCondition().has_value());
        QVERIFY(w.playback()->isPlaying());
        // Frames until it stops (the event loop lets it play on past the lesson's pauses).
        for (int i = 0; i < 20000; ++i) {
            if (w.playback()->isPlaying()) {
                w.playback()->frame();
                continue;
            }
            QApplication::processEvents();
            if (!w.playback()->isPlaying())
                break;
        }
        QVERIFY(!panels->pendingCondition());
        const TraceEvent &at = doc.trace()[doc.playhead() - 1];
        QVERIFY2(at.kind == TraceKind::FaultStart || at.kind == TraceKind::Crash,
                 qPrintable(QString::fromStdString(describeEvent(at, doc.world().names()) + " at " +
                                                   std::to_string(doc.playhead()) + " of " +
                                                   std::to_string(doc.frontier()))));
        QCOMPARE(doc.playhead() - 1, *findNext(doc.trace(), 0, fault));
        // Recorded now: from the start, the same condition jumps there without running.
        const std::size_t frontier = doc.frontier();
        doc.seek(0);
        panels->runUntil(fault);
        QVERIFY(!w.playback()->isPlaying());
        QCOMPARE(doc.trace()[doc.playhead() - 1].id, at.id);
        QCOMPARE(doc.frontier(), frontier);
    }

    void exportsFromTheAppWriteEveryFormat();
    void aTraceFileOpensReadOnly();

    void aRunFileReplaysTheSameRun()
    {
        QTemporaryDir dir;
        auto doc = load(lesson("outbox-vs-dual-write"));
        advance(doc.get(), 1500 * kMillisecond);
        QVERIFY(doc->injectFault(crash("orders")).isEmpty());
        advance(doc.get(), 3 * kSecond);
        QVERIFY(doc->seekTime(2500 * kMillisecond));
        doc->setBookmarks({{doc->playhead(), "before the relay catches up"}});
        const std::size_t playhead = doc->playhead();
        const std::string saved = traceUpTo(*doc, doc->frontier());
        QString error;
        const QString path = dir.filePath("lesson.run.json");
        QVERIFY2(doc->saveRun(path, &error), qPrintable(error));

        SimulationDocument opened;
        QVERIFY2(opened.loadFile(path, &error), qPrintable(error));
        QCOMPARE(opened.playhead(), playhead);
        QCOMPARE(opened.bookmarks().size(), std::size_t{1});
        QCOMPARE(opened.bookmarks()[0].event, static_cast<std::uint64_t>(playhead));
        QCOMPARE(databases(opened), databases(*doc));
        opened.goToPresent();
        advance(&opened, 3 * kSecond);
        const std::string replayed = traceUpTo(opened, opened.frontier());
        if (replayed != saved) {
            QFile a(dir.filePath("saved.jsonl")), b(dir.filePath("replayed.jsonl"));
            if (qEnvironmentVariableIsSet("DPLAB_KEEP")) {
                dir.setAutoRemove(false);
                qWarning("kept in %s", qPrintable(dir.path()));
            }
            a.open(QIODevice::WriteOnly);
            a.write(saved.data(), qint64(saved.size()));
            b.open(QIODevice::WriteOnly);
            b.write(replayed.data(), qint64(replayed.size()));
        }
        QVERIFY(replayed == saved);
        // Saved again as a plain scenario, the run section is gone.
        QVERIFY(opened.saveAs(dir.filePath("plain.json"), &error));
        QFile plain(dir.filePath("plain.json"));
        QVERIFY(plain.open(QIODevice::ReadOnly));
        QVERIFY(!plain.readAll().contains("\"run\""));
    }
};

void TestGuiPlayhead::exportsFromTheAppWriteEveryFormat()
{
    QTemporaryDir dir;
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QString error;
    QVERIFY(w.document()->loadText(lesson("outbox-vs-dual-write"), "lesson.json", &error));
    advance(w.document(), 2 * kSecond);
    w.canvas()->refresh();
    QApplication::processEvents();
    ExportActions exports(w.document(), w.canvas(), w.timelinePanels()->sequence(), &w);

    // The trace reads back event for event.
    QCOMPARE(exports.exportTrace(dir.filePath("trace.jsonl")), QString());
    TraceLog back;
    NameTable names;
    readTraceJsonlFile(dir.filePath("trace.jsonl").toStdString(), &back, &names);
    QCOMPARE(back.size(), w.document()->trace().size());
    QCOMPARE(traceEventToJson(back[back.size() - 1], names),
             traceEventToJson(w.document()->trace().back(), w.document()->world().names()));

    // Mermaid: a sequence diagram with the lesson's services as participants.
    QCOMPARE(exports.exportMermaid(dir.filePath("sequence.mmd")), QString());
    QFile mmd(dir.filePath("sequence.mmd"));
    QVERIFY(mmd.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(mmd.readAll());
    QVERIFY(text.startsWith("sequenceDiagram"));
    QVERIFY2(text.contains("participant orders"), qPrintable(text.left(400)));
    QVERIFY(text.contains("->>"));

    // Chrome: JSON with the fields the format requires on every event.
    QCOMPARE(exports.exportChromeTrace(dir.filePath("trace.chrome.json")), QString());
    std::ifstream in(dir.filePath("trace.chrome.json").toStdString());
    const nlohmann::json chrome = nlohmann::json::parse(in);
    QVERIFY(chrome["traceEvents"].size() > 100);
    for (const auto &e : chrome["traceEvents"])
        for (const char *key : {"ph", "pid", "tid", "name"})
            QVERIFY2(e.contains(key), key);

    // The canvas as a PNG of the canvas's size.
    QCOMPARE(exports.exportCanvas(dir.filePath("canvas.png")), QString());
    const QImage png(dir.filePath("canvas.png"));
    QCOMPARE(png.size(), w.canvas()->size());
    QVERIFY(!exports.exportTrace(dir.filePath("no/such/folder/trace.jsonl")).isEmpty());
}

void TestGuiPlayhead::aTraceFileOpensReadOnly()
{
    QTemporaryDir dir;
    auto doc = load(lesson("saga-orchestration"));
    advance(doc.get(), kSecond);
    {
        std::ofstream out(dir.filePath("trace.jsonl").toStdString());
        writeTraceJsonl(out, doc->trace(), doc->world().names());
    }
    MainWindow w;
    QVERIFY(w.openDefaultLesson());
    const std::string before = w.document()->scenario().name;
    QVERIFY(w.openFile(dir.filePath("trace.jsonl")));
    TraceViewer *viewer = w.findChild<TraceViewer *>();
    QVERIFY(viewer);
    QCOMPARE(viewer->trace().size(), doc->trace().size());
    QCOMPARE(w.document()->scenario().name, before); // the scenario stays open
    QCOMPARE(viewer->playhead(), std::size_t{0});
    viewer->stepForward();
    viewer->stepForward();
    QCOMPARE(viewer->playhead(), std::size_t{2});
    QCOMPARE(viewer->dock()->playhead(), std::size_t{2});
    emit viewer->dock()->runUntilRequested(RunUntilCondition::next(RunUntilCondition::Kind::Fault));
    const auto fault =
        findNext(doc->trace(), 2, RunUntilCondition::next(RunUntilCondition::Kind::Fault));
    QCOMPARE(viewer->playhead(), fault ? *fault + 1 : std::size_t{2});
    viewer->stepBack();
    QCOMPARE(viewer->sequence()->playhead(), viewer->playhead());
    if (qEnvironmentVariableIsSet("DPLAB_SCREENSHOTS")) {
        viewer->resize(1280, 720);
        viewer->show();
        QVERIFY(QTest::qWaitForWindowExposed(viewer));
        viewer->grab().save(qEnvironmentVariable("DPLAB_SCREENSHOTS") + "/trace-viewer.png");
    }

    // A broken line: the error names the file, line and column; nothing opens.
    QFile bad(dir.filePath("bad.jsonl"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("{\"id\":1,\"t_us\":0,\"kind\":\"request\",\"value\":0}\n{\"id\":2,\"t_us\":");
    bad.close();
    QString shown;
    w.setErrorHandler([&](const QString &, const QString &text) { shown = text; });
    QVERIFY(!w.openFile(dir.filePath("bad.jsonl")));
    QVERIFY2(shown.contains("bad.jsonl:2:"), qPrintable(shown));
}

QTEST_MAIN(TestGuiPlayhead)
#include "tst_guiplayhead.moc"
