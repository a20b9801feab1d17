// The playhead in the app: step back and forward, forks and their undo, run files.

#include "tests/support/guitestsupport.h"
#include "tests/support/testsupport.h"

#include "app/gui/canvas/canvasview.h"
#include "app/gui/canvas/noticebadgeitem.h"
#include "app/gui/exportactions.h"
#include "app/gui/inspector/inspectorpanel.h"
#include "app/gui/mainwindow.h"
#include "app/gui/panels/faultpanel.h"
#include "app/gui/playback.h"
#include "app/gui/timeline/sequenceview.h"
#include "app/gui/timeline/timelinedock.h"
#include "app/gui/timeline/timelinepanels.h"
#include "app/gui/timeline/traceviewer.h"
#include "patterns/domain/inventoryservice.h"
#include "patterns/domain/ordersservice.h"
#include "patterns/saga/sagaorders.h"
#include "patterns/twophase/twophaseparticipant.h"
#include "simulation/observe/tracereader.h"

#include <QApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QImage>
#include <QSlider>
#include <nlohmann/json.hpp>

#include <fstream>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

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
    const World &w = doc.world();
    for (std::size_t s = 0; s < w.serviceCount(); ++s) {
        for (const auto &table : doc.databaseTables(static_cast<int>(s))) {
            const QueryResult r = doc.queryDatabase(static_cast<int>(s),
                                                    "SELECT * FROM \"" + table + "\" ORDER BY 1");
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

FaultSpec busFault(FaultSpec::Kind kind)
{
    FaultSpec f;
    f.kind = kind;
    f.target = "bus";
    f.probability = 0.3;
    return f;
}

/** What undo and redo give back: the whole recorded run and the view of it at the playhead. */
struct RunSnapshot
{
    QByteArray trace; ///< hashes: a whole lesson's trace is a hundred megabytes of text
    QByteArray databases;
    std::size_t playhead = 0;
    SimTime now = 0;
    SimTime frontierTime = 0;
    bool atPresent = true;
    std::size_t interventions = 0;
    std::string patterns;
    bool operator==(const RunSnapshot &) const = default;
};

RunSnapshot snapshot(SimulationDocument &doc)
{
    RunSnapshot s;
    QCryptographicHash trace(QCryptographicHash::Sha1);
    for (const TraceEvent &e : doc.trace())
        trace.addData(QByteArray::fromStdString(traceEventToJson(e, doc.world().names()) + "\n"));
    s.trace = trace.result();
    s.databases = QCryptographicHash::hash(databases(doc).toUtf8(), QCryptographicHash::Sha1);
    s.playhead = doc.playhead();
    s.now = doc.now();
    s.frontierTime = doc.frontierTime();
    s.atPresent = doc.atPresent();
    s.interventions = doc.world().interventions().size();
    s.patterns = doc.catalog().writePatterns(doc.scenario().patterns).dump();
    return s;
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
        const Probe at6 = probeOf(doc, Decoration::Kind::Steps).value();
        advance(&doc, 12 * kSecond);
        const Probe at12 = probeOf(doc, Decoration::Kind::Steps).value();
        QVERIFY(at6.completed > 0 && at6.undone > 0);
        QVERIFY(at12.completed > at6.completed && at12.undone > at6.undone);
        if (const auto *orders = ShopService::behaviorOf<OrdersService>(doc.world(), "orders");
            orders && orders->saga()) {
            QCOMPARE(std::uint64_t(at12.completed), orders->saga()->ledger().completed());
            QCOMPARE(std::uint64_t(at12.undone), orders->saga()->ledger().compensated());
        }
        doc.seekTime(6 * kSecond);
        QVERIFY(!doc.atPresent());
        const Probe back = probeOf(doc, Decoration::Kind::Steps).value();
        QCOMPARE(back.completed, at6.completed);
        QCOMPARE(back.undone, at6.undone);
        QVERIFY(back.steps == at6.steps); // in flight at each step
        QCOMPARE(back.text, at6.text);
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
        // The waiting requests live in memory only: a past playhead leaves them out.
        const Probe past = probeOf(doc, Decoration::Kind::Notice, inventory).value();
        QCOMPARE(QString::fromStdString(past.text), QStringLiteral("%1 locked").arg(busy->second));
        QCOMPARE(past.level, Probe::Level::Calm);
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
        QCOMPARE(doc->undoStack()->count(), 1);
        QCOMPARE(doc->undoStack()->undoText(), QStringLiteral("inject crash"));
        doc->undoStack()->undo();
        QVERIFY(!doc->undoStack()->canUndo());
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
        QCOMPARE(doc.undoStack()->undoText(), QStringLiteral("set bus latency to 40 ms"));
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
    void undoAndRedoGiveBackTheExactRuns_data();
    void undoAndRedoGiveBackTheExactRuns();
    void undoOnAWholeLesson();
    void aNewChangeAfterUndoDropsTheRedoBranch();
    void healAllHealsWhatIsInForceAtThePlayhead();

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
    QCOMPARE(exports.exportChromeTrace(dir.filePath("trace.perfetto.json")), QString());
    std::ifstream in(dir.filePath("trace.perfetto.json").toStdString());
    const nlohmann::json chrome = nlohmann::json::parse(in);
    QVERIFY(chrome["traceEvents"].size() > 100);
    for (const auto &e : chrome["traceEvents"])
        for (const char *key : {"ph", "pid", "tid", "name"})
            QVERIFY2(e.contains(key), key);

    // The whole canvas as a PNG of the size asked for (1920x1080 unless changed).
    QCOMPARE(exports.exportCanvas(dir.filePath("canvas.png")), QString());
    const QImage png(dir.filePath("canvas.png"));
    QCOMPARE(png.size(), exports.canvasSize());
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

void TestGuiPlayhead::undoAndRedoGiveBackTheExactRuns_data()
{
    QTest::addColumn<int>("kept");
    QTest::newRow("runs kept") << int(SimulationDocument::kKeptRuns);
    QTest::newRow("runs simulated again") << 0;
}

void TestGuiPlayhead::undoAndRedoGiveBackTheExactRuns()
{
    // Eight changes of every kind, at the present and in the past (forks, one at a playhead
    // set by event rather than by time), then all undone and all redone: each step gives back
    // the run it left, byte for byte, with its playhead and databases, whether the run was
    // kept or is simulated again.
    QFETCH(int, kept);
    auto doc = load(lesson("outbox-vs-dual-write"));
    doc->setKeptRuns(std::size_t(kept));
    QUndoStack *stack = doc->undoStack();
    std::vector<RunSnapshot> before;
    QStringList names;
    const auto changed = [&](const QString &name) {
        names << name;
        QCOMPARE(stack->count(), int(names.size()));
        QCOMPARE(stack->undoText(), name);
        QVERIFY(!stack->canRedo());
    };
    // Two at t = 0, before any event: the run before the second ends with an intervention.
    before.push_back(snapshot(*doc));
    QCOMPARE(doc->injectFault(crash("payments"), nullptr, "crash payments"), QString());
    changed("crash payments");
    before.push_back(snapshot(*doc));
    QCOMPARE(doc->injectFault(busFault(FaultSpec::Kind::Duplicate)), QString());
    changed("inject duplicate");
    advance(doc.get(), 2 * kSecond);
    QVERIFY(doc->seekTime(1500 * kMillisecond));
    before.push_back(snapshot(*doc));
    std::uint64_t drop = 0;
    QCOMPARE(doc->injectFault(busFault(FaultSpec::Kind::Drop), &drop), QString());
    changed("inject drop");
    QVERIFY(drop != 0);
    advance(doc.get(), 2500 * kMillisecond);
    QVERIFY(doc->seekTime(2 * kSecond));
    before.push_back(snapshot(*doc));
    Scenario outbox = doc->scenario();
    turnOn(outbox.patterns, OutboxSettings{});
    outbox.patterns.erase(DualWriteSettings::kKey);
    QString error;
    QVERIFY2(doc->setScenario(outbox, &error, "turn on transactional outbox"), qPrintable(error));
    changed("turn on transactional outbox");
    advance(doc.get(), 3 * kSecond);
    for (int i = 0; i < 7; ++i)
        QVERIFY(doc->stepBack());
    before.push_back(snapshot(*doc));
    QVERIFY(doc->endFault(drop));
    changed(QStringLiteral("end fault %1").arg(drop));
    advance(doc.get(), 3500 * kMillisecond);
    before.push_back(snapshot(*doc));
    FaultSpec down;
    down.kind = FaultSpec::Kind::BusDown;
    QCOMPARE(doc->injectFault(down, nullptr, "take the bus down"), QString());
    changed("take the bus down");
    advance(doc.get(), 4 * kSecond);
    before.push_back(snapshot(*doc));
    QCOMPARE(doc->healAll(), std::size_t(2));
    changed("heal all");
    advance(doc.get(), 4500 * kMillisecond);
    before.push_back(snapshot(*doc));
    doc->reset();
    changed("reset the run");
    QCOMPARE(doc->world().interventions().size(), std::size_t(0));
    advance(doc.get(), 500 * kMillisecond);

    std::vector<RunSnapshot> after(before.size());
    qint64 slowest = 0;
    for (qsizetype k = names.size() - 1; k >= 0; --k) {
        after[std::size_t(k)] = snapshot(*doc);
        QCOMPARE(stack->undoText(), names[k]);
        QElapsedTimer clock;
        clock.start();
        stack->undo();
        slowest = std::max(slowest, clock.elapsed());
        QVERIFY2(snapshot(*doc) == before[std::size_t(k)], qPrintable("undo " + names[k]));
        QCOMPARE(stack->redoText(), names[k]);
    }
    QVERIFY(!stack->canUndo());
    QCOMPARE(doc->world().interventions().size(), std::size_t(0));
    for (qsizetype k = 0; k < names.size(); ++k) {
        QElapsedTimer clock;
        clock.start();
        stack->redo();
        slowest = std::max(slowest, clock.elapsed());
        QVERIFY2(snapshot(*doc) == after[std::size_t(k)], qPrintable("redo " + names[k]));
    }
    QVERIFY(!stack->canRedo());
    QVERIFY(doc->keptRuns() <= std::size_t(kept));
    qInfo("slowest undo or redo, %d kept: %lld ms", kept, slowest);
}

void TestGuiPlayhead::undoOnAWholeLesson()
{
    // A crash near the end of a whole lesson (59 s of 60), undone and redone:
    // the replaced run kept in memory comes back at once; simulated again, the same run.
    auto doc = load(lesson("cqrs-lag"));
    // Made at once, as it is timed here (tst_guibackgroundrun has the background path).
    doc->setBackgroundFrom(std::numeric_limits<std::uint64_t>::max());
    QElapsedTimer clock;
    clock.start();
    advance(doc.get(), doc->endTime() - kSecond);
    const qint64 ran = clock.elapsed();
    const RunSnapshot end = snapshot(*doc);
    QCOMPARE(doc->injectFault(crash("orders"), nullptr, "crash orders"), QString());
    const RunSnapshot crashed = snapshot(*doc);
    QVERIFY(crashed.trace != end.trace);
    clock.restart();
    doc->undoStack()->undo(); // simulated again: the crash changed the run in place
    const qint64 simulated = clock.elapsed();
    QVERIFY(snapshot(*doc) == end);
    clock.restart();
    doc->undoStack()->redo(); // kept
    const qint64 keptRedo = clock.elapsed();
    QVERIFY(snapshot(*doc) == crashed);
    clock.restart();
    doc->undoStack()->undo();
    const qint64 keptUndo = clock.elapsed();
    QVERIFY(snapshot(*doc) == end);
    qInfo("cqrs-lag to %lld s (%zu trace events, %zu MiB recorded): run %lld ms; undo simulated "
          "again %lld ms, redo kept %lld ms, undo kept %lld ms",
          static_cast<long long>(doc->frontierTime() / kSecond), doc->frontier(),
          doc->timeline()->memory().total() >> 20, ran, simulated, keptRedo, keptUndo);
}

void TestGuiPlayhead::aNewChangeAfterUndoDropsTheRedoBranch()
{
    auto doc = load(lesson("outbox-vs-dual-write"));
    QUndoStack *stack = doc->undoStack();
    advance(doc.get(), kSecond);
    QCOMPARE(doc->injectFault(crash("payments"), nullptr, "crash payments"), QString());
    advance(doc.get(), 2 * kSecond);
    QCOMPARE(doc->injectFault(crash("orders"), nullptr, "crash orders"), QString());
    stack->undo();
    QCOMPARE(stack->redoText(), QStringLiteral("crash orders"));
    QCOMPARE(doc->keptRuns(), std::size_t(1)); // the run with the crash, for redo
    FaultSpec down;
    down.kind = FaultSpec::Kind::BusDown;
    QCOMPARE(doc->injectFault(down, nullptr, "take the bus down"), QString());
    QCOMPARE(stack->count(), 2);
    QVERIFY(!stack->canRedo());
    QCOMPARE(stack->text(0), QStringLiteral("crash payments"));
    QCOMPARE(stack->text(1), QStringLiteral("take the bus down"));
    QCOMPARE(doc->keptRuns(), std::size_t(0)); // the dropped branch's run went with it
    const auto &interventions = doc->world().interventions();
    QCOMPARE(interventions.size(), std::size_t(2));
    QCOMPARE(interventions[0].fault.service, std::string("payments"));
    QCOMPARE(interventions[1].fault.kind, FaultSpec::Kind::BusDown);
    stack->undo();
    stack->undo();
    QVERIFY(doc->world().interventions().empty());
    QCOMPARE(doc->frontierTime(), kSecond);
}

void TestGuiPlayhead::healAllHealsWhatIsInForceAtThePlayhead()
{
    // Payments is down from 1 s to 3 s, the bus from 3.5 s on; at a playhead of 2 s, Heal all
    // ends the crash (in force then, over at the present) and not the bus-down (later).
    MainWindow w;
    QString error;
    QVERIFY(w.document()->loadText(lesson("outbox-vs-dual-write"), "lesson.json", &error));
    SimulationDocument &doc = *w.document();
    advance(&doc, kSecond);
    FaultSpec down = crash("payments");
    down.duration = 2 * kSecond;
    std::uint64_t crashId = 0;
    QCOMPARE(doc.injectFault(down, &crashId), QString());
    advance(&doc, 3500 * kMillisecond);
    FaultSpec busDown;
    busDown.kind = FaultSpec::Kind::BusDown;
    std::uint64_t busId = 0;
    QCOMPARE(doc.injectFault(busDown, &busId), QString());
    advance(&doc, 4 * kSecond);
    QCOMPARE(doc.faultsAtPlayhead().size(), std::size_t(1));
    QCOMPARE(doc.faultsAtPlayhead()[0].id, busId);

    // At 0.5 s nothing is in force: nothing to heal, no fork, no command.
    QVERIFY(doc.seekTime(500 * kMillisecond));
    w.faultPanel()->healAll();
    QCOMPARE(w.faultPanel()->message(), QStringLiteral("Nothing to heal."));
    QCOMPARE(doc.undoStack()->count(), 2);
    QVERIFY(!doc.atPresent());

    QVERIFY(doc.seekTime(2 * kSecond));
    QCOMPARE(doc.faultsAtPlayhead().size(), std::size_t(1));
    QCOMPARE(doc.faultsAtPlayhead()[0].id, crashId);
    w.faultPanel()->healAll();
    QCOMPARE(w.faultPanel()->message(), QStringLiteral("Healed 1 fault(s)."));
    QCOMPARE(doc.undoStack()->undoText(), QStringLiteral("heal all"));
    QCOMPARE(w.undoAction()->text(), QStringLiteral("&Undo heal all"));
    // Forked at 2 s: payments is up again, and the bus-down of the old future is gone.
    QVERIFY(doc.atPresent());
    QCOMPARE(doc.now(), 2 * kSecond);
    QVERIFY(doc.faultsAtPlayhead().empty());
    const auto &interventions = doc.world().interventions();
    QCOMPARE(interventions.size(), std::size_t(2));
    QCOMPARE(interventions[1].kind, InterventionSpec::Kind::EndFault);
    QCOMPARE(interventions[1].faultId, crashId);
    QCOMPARE(interventions[1].at, 2 * kSecond);
    QVERIFY(doc.world().service(doc.world().serviceIndex("payments")).isUp());
    QVERIFY(!doc.world().bus().isDown());
    advance(&doc, 4 * kSecond);
    QVERIFY(!doc.world().bus().isDown());

    // Undone: the run with both faults and its future, the playhead at 2 s.
    w.undoAction()->trigger();
    QCOMPARE(doc.now(), 2 * kSecond);
    QCOMPARE(doc.frontierTime(), 4 * kSecond);
    QCOMPARE(doc.world().interventions().size(), std::size_t(2));
    QCOMPARE(doc.world().interventions()[1].kind, InterventionSpec::Kind::InjectFault);
    QCOMPARE(w.redoAction()->text(), QStringLiteral("&Redo heal all"));
}

QTEST_MAIN(TestGuiPlayhead)
#include "tst_guiplayhead.moc"
