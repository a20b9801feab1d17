// The main window: opening lessons, playback, bad files, pattern switches, the fault palette and
// the settings it keeps.
#include "app/gui/canvas/canvasscene.h"
#include "app/gui/canvas/canvasview.h"
#include "app/gui/framepacer.h"
#include "app/gui/inspector/inspectorpanel.h"
#include "app/gui/mainwindow.h"
#include "app/gui/panels/faultpanel.h"
#include "app/gui/panels/patternspanel.h"
#include "app/gui/panels/runsummarypanel.h"
#include "app/gui/playback.h"
#include "app/gui/recentfiles.h"
#include "app/gui/simulationdocument.h"
#include "patterns/scenarioinput.h"
#include "simulation/scenario/scenarioloader.h"
#include "tests/support/patternsettings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QSettings>
#include <QSlider>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include <algorithm>
#include <vector>

using namespace dplab;

namespace {

QString lessonPath()
{
    return QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/queue-lab.json");
}

std::size_t countKind(const SimulationDocument &doc, TraceKind kind)
{
    std::size_t n = 0;
    for (const auto &e : doc.trace())
        n += e.kind == kind;
    return n;
}

} // namespace

class TestGuiMainWindow : public QObject
{
    Q_OBJECT

public:
    TestGuiMainWindow() { Q_INIT_RESOURCE(dplab); } // resources of the static dplab_gui library

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("dplab-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_guimainwindow"));
        QSettings().clear();
    }

    void opensOnTheDefaultLessonPaused()
    {
        MainWindow w;
        QVERIFY(w.openDefaultLesson());
        QVERIFY(w.document()->hasRun());
        QCOMPARE(w.document()->now(), SimTime(0));
        QVERIFY(!w.playback()->isPlaying());
        QVERIFY(w.windowTitle().contains(QStringLiteral("Queueing lab")));
        QVERIFY(w.narration().startsWith(QStringLiteral("Four experiments")));
        QVERIFY(w.timeText().contains(QStringLiteral("300 s")));
        QCOMPARE(w.inspectorPanel()->serviceCombo()->count(), 9);
    }

    void playForSomeFramesAdvancesTime()
    {
        MainWindow w;
        QVERIFY(w.openDefaultLesson());
        w.setSpeed(10);
        QCOMPARE(w.playback()->speed(), 10.0);
        w.playback()->play();
        QVERIFY(w.playback()->isPlaying());
        QTRY_VERIFY_WITH_TIMEOUT(w.document()->now() > 200 * kMillisecond, 5000);
        w.playAction()->trigger(); // Space: pause
        QVERIFY(!w.playback()->isPlaying());
        const SimTime t = w.document()->now();
        QTest::qWait(50);
        QCOMPARE(w.document()->now(), t); // paused means paused
        QVERIFY(w.document()->run().metrics().events() > 0);
        w.playback()->stepOnce();
        QVERIFY(w.document()->now() >= t);
    }

    void maxSpeedKeepsFramesShort()
    {
        MainWindow w;
        QVERIFY(w.openDefaultLesson());
        w.setSpeed(Playback::kMaxSpeed);
        QCOMPARE(w.playback()->speed(), Playback::kMaxSpeed);
        std::vector<double> work;
        for (int i = 0; i < 40; ++i) {
            w.playback()->frame();
            if (i >= 10) // after the budget has adapted
                work.push_back(w.playback()->lastFrameWorkMs());
        }
        QVERIFY(w.document()->now() > kSecond);
        // The median, not the worst: on a shared CI machine any single frame can be preempted,
        // but a budget that does not adapt makes most frames long.
        std::sort(work.begin(), work.end());
        const double median = work[work.size() / 2];
        qInfo("max-speed frames: median %.2f ms, worst %.2f ms of work", median, work.back());
        // Under a sanitizer even the smallest budget can take longer than a frame: then the
        // pacer must have shrunk to its floor rather than kept a budget that overruns.
        QVERIFY2(median < 2 * Playback::kFrameWorkMs ||
                     w.playback()->eventBudget() == FramePacer::kMinBudget,
                 qPrintable(QStringLiteral("median %1 ms at a budget of %2 events")
                                .arg(median)
                                .arg(w.playback()->eventBudget())));
    }

    void framePacerShrinksFastAndGrowsWhileCheap()
    {
        FramePacer pacer;
        const std::uint64_t start = pacer.budget();
        // A frame that took twice the target: the budget shrinks below half at once.
        pacer.adapt(start, 2 * FramePacer::kFrameWorkMs);
        QCOMPARE(pacer.budget(), static_cast<std::uint64_t>(start * 0.5 * 0.9));
        QCOMPARE(pacer.lastWorkMs(), 2 * FramePacer::kFrameWorkMs);
        // Cheap frames that used the whole budget grow it by half each time ...
        const std::uint64_t shrunk = pacer.budget();
        pacer.adapt(shrunk, 1.0);
        QCOMPARE(pacer.budget(), shrunk + shrunk / 2);
        // ... but not when the budget was not the limit (the frame ran out of events).
        const std::uint64_t grown = pacer.budget();
        pacer.adapt(grown / 3, 1.0);
        QCOMPARE(pacer.budget(), grown);
        // Never below the floor, never above the ceiling.
        for (int i = 0; i < 100; ++i)
            pacer.adapt(pacer.budget(), 1000.0);
        QCOMPARE(pacer.budget(), FramePacer::kMinBudget);
        for (int i = 0; i < 100; ++i)
            pacer.adapt(pacer.budget(), 0.1);
        QCOMPARE(pacer.budget(), FramePacer::kMaxBudget);
        // Virtual time: 16 ms of wall at 0.5x is 8000 us; fractions carry to the next frame.
        QCOMPARE(pacer.virtualStep(16'000'000, 0.5), SimTime(8000));
        QCOMPARE(pacer.virtualStep(1'500, 1.0), SimTime(1));
        QCOMPARE(pacer.virtualStep(500, 1.0), SimTime(1));
    }

    void pausesOnceAtANarrationMark()
    {
        MainWindow w;
        QVERIFY(w.openDefaultLesson());
        // The lesson pauses at 60 s; run until 61 s stops there first.
        w.playback()->runUntil(61 * kSecond);
        QTRY_VERIFY_WITH_TIMEOUT(!w.playback()->isPlaying(), 8000);
        QCOMPARE(w.document()->now(), 60 * kSecond);
        QVERIFY(w.narration().startsWith(QStringLiteral("fanout waits")));
        w.playback()->runUntil(61 * kSecond);
        QTRY_VERIFY_WITH_TIMEOUT(!w.playback()->isPlaying(), 5000);
        QCOMPARE(w.document()->now(), 61 * kSecond);
    }

    void aBadFileShowsTheLoaderMessageAndKeepsTheScenario()
    {
        MainWindow w;
        QString shown;
        w.setErrorHandler([&](const QString &, const QString &text) { shown = text; });
        QVERIFY(w.openDefaultLesson());
        w.document()->advanceTo(2 * kSecond);
        const std::string before = w.document()->scenario().name;

        QVERIFY(!w.openFile(QStringLiteral(DPLAB_TEST_DATA "/bad/cqrs.json")));
        QVERIFY(shown.contains(QStringLiteral("cqrs.json:14:")));
        QVERIFY(shown.contains(QStringLiteral("services[2].workers")));
        QCOMPARE(w.lastError(), shown);
        QCOMPARE(w.document()->scenario().name, before);
        QCOMPARE(w.document()->now(), 2 * kSecond);

        shown.clear();
        QVERIFY(!w.openFile(QStringLiteral("/nonexistent/lesson.json")));
        QVERIFY(shown.contains(QStringLiteral("lesson.json")));
        QCOMPARE(w.document()->scenario().name, before);
    }

    void aPatternSwitchRestartsOrIsRefusedVisibly()
    {
        MainWindow w;
        QVERIFY(w.openDefaultLesson());
        w.document()->advanceTo(kSecond);
        PatternsPanel *p = w.patternsPanel();
        QCheckBox *cqrs = p->switchOf(QStringLiteral("cqrs"));
        QVERIFY(cqrs && !cqrs->isChecked());
        cqrs->setChecked(true);
        if (w.document()->scenario().patterns.isOn(CqrsSettings::kKey)) {
            // This build runs it: the world was rebuilt with the switch on and simulated again
            // up to the playhead (a fork, which Ctrl+Z undoes).
            QCOMPARE(w.document()->now(), kSecond);
            QVERIFY(w.document()->atPresent());
            QVERIFY(p->message().isEmpty());
            QCOMPARE(w.document()->scenario().patterns.switches().back().key, std::string("cqrs"));
            QCOMPARE(w.document()->undoStack()->count(), 1);
            QCOMPARE(w.undoAction()->text(), QStringLiteral("&Undo turn on CQRS read model"));
            QVERIFY(w.undoAction()->isEnabled());
            w.undoAction()->trigger();
            QVERIFY(!w.document()->scenario().patterns.isOn(CqrsSettings::kKey));
            QVERIFY(!cqrs->isChecked());
            QCOMPARE(w.document()->now(), kSecond);
        } else {
            // Refused: said inline, the control is back off, the run goes on untouched.
            QVERIFY(p->message().contains(QStringLiteral("patterns.cqrs")));
            QVERIFY(!cqrs->isChecked());
            QCOMPARE(w.document()->now(), kSecond);
        }
        QVERIFY(!p->description(QStringLiteral("saga")).isEmpty());
    }

    void faultSlidersInjectAndEndLiveFaults()
    {
        MainWindow w;
        QVERIFY(w.openDefaultLesson());
        w.document()->advanceTo(kSecond);
        FaultPanel *f = w.faultPanel();
        QSlider *drop = f->slider(FaultPanel::Slider::Drop);
        drop->setValue(30);
        const auto &active = w.document()->world().faults().active();
        QCOMPARE(active.size(), std::size_t(1));
        QCOMPARE(active[0].spec.kind, FaultSpec::Kind::Drop);
        QVERIFY(active[0].busWide);
        QCOMPARE(active[0].spec.probability, 0.3);
        drop->setValue(60); // replaces the previous one
        QCOMPARE(w.document()->world().faults().active().size(), std::size_t(1));
        QCOMPARE(w.document()->world().faults().active()[0].spec.probability, 0.6);
        f->slider(FaultPanel::Slider::Latency)->setValue(120);
        QCOMPARE(w.document()->world().faults().active().size(), std::size_t(2));
        drop->setValue(0);
        QCOMPARE(w.document()->world().faults().active().size(), std::size_t(1));
        QCOMPARE(f->sliderFault(FaultPanel::Slider::Drop), std::uint64_t(0));
        f->busDown();
        QVERIFY(w.document()->world().bus().isDown());
        f->busUp();
        QVERIFY(!w.document()->world().bus().isDown());
        f->healAll();
        QVERIFY(!w.document()->world().faults().anyActive());
        QCOMPARE(f->slider(FaultPanel::Slider::Latency)->value(), 0);
        QVERIFY(countKind(*w.document(), TraceKind::Intervention) >= 8);
    }

    void crashAndPartitionTheSelectedService()
    {
        MainWindow w;
        QVERIFY(w.openDefaultLesson());
        w.document()->advanceTo(kSecond);
        // Nothing selected on the canvas: the inspector's service is the selection.
        w.inspectService(QStringLiteral("mm2"));
        const int mm2 = w.document()->world().serviceIndex("mm2");
        w.faultPanel()->crashFor()->setValue(2.0);
        w.faultPanel()->crashSelected();
        QVERIFY(!w.document()->world().service(static_cast<std::int16_t>(mm2)).isUp());
        w.faultPanel()->restartSelected();
        QVERIFY(w.document()->world().service(static_cast<std::int16_t>(mm2)).isUp());
        w.faultPanel()->partitionSelected();
        const auto &active = w.document()->world().faults().active();
        QCOMPARE(active.size(), std::size_t(1));
        QCOMPARE(active[0].spec.kind, FaultSpec::Kind::Partition);
        QCOMPARE(active[0].spec.between[0], std::vector<std::string>{"mm2"});
        QVERIFY(w.document()->world().faults().partitioned(static_cast<std::int16_t>(mm2), 0));
    }

    void editMenuNamesEveryChange();
    void editMenuNamesAPatternSwitch();

    void recentFilesPersistAndForgetMissingFiles()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString copy = dir.filePath(QStringLiteral("lesson-copy.json"));
        QVERIFY(QFile::copy(lessonPath(), copy));
        {
            MainWindow w;
            QVERIFY(w.openFile(copy));
            QCOMPARE(w.document()->filePath(), QFileInfo(copy).absoluteFilePath());
            const QString saved = dir.filePath(QStringLiteral("saved.json"));
            QString error;
            QVERIFY2(w.document()->saveAs(saved, &error), qPrintable(error));
            QFile in(saved);
            QVERIFY(in.open(QIODevice::ReadOnly));
            QCOMPARE(in.readAll(), w.document()->sourceText());
            w.close();
        }
        RecentFiles recent;
        QVERIFY(recent.files().contains(QFileInfo(copy).absoluteFilePath()));
        QVERIFY(QSettings().contains(QStringLiteral("window/geometry")));
        QFile::remove(copy);
        QVERIFY(!recent.files().contains(QFileInfo(copy).absoluteFilePath()));
    }

    void highContrastThemeIsInTheViewMenuAndRemembered()
    {
        {
            MainWindow w;
            QAction *action = w.canvas()->highContrastAction();
            QMenu *view = nullptr;
            for (QAction *a : w.menuBar()->actions())
                if (a->text() == QStringLiteral("&View"))
                    view = a->menu();
            QVERIFY(view && view->actions().contains(action));
            QVERIFY(action->isCheckable() && !action->isChecked());
            QCOMPARE(w.canvas()->scene()->backgroundBrush().color(), CanvasTheme().background());
            action->trigger();
            QVERIFY(w.canvas()->canvasScene()->theme().highContrast());
            QCOMPARE(w.canvas()->scene()->backgroundBrush().color(), QColor(Qt::white));
            w.close();
        }
        {
            MainWindow w; // the next start keeps it
            QVERIFY(w.canvas()->highContrastAction()->isChecked());
            QVERIFY(w.canvas()->canvasScene()->theme().highContrast());
            w.canvas()->highContrastAction()->trigger();
            w.close();
        }
        QCOMPARE(QSettings().value(QStringLiteral("view/highContrast")).toBool(), false);
    }

    void saveAsWritesChangedPatternsAndArrangedLayout()
    {
        QTemporaryDir dir;
        MainWindow w;
        QVERIFY(
            w.openFile(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/outbox-vs-dual-write.json")));
        SimulationDocument *doc = w.document();
        QVERIFY(!settingsOf<OutboxSettings>(doc->scenario()));
        QVERIFY(!doc->patternsEdited());

        // Turn the outbox on, as the Patterns panel does, and drag the orders box.
        Scenario changed = doc->scenario();
        OutboxSettings outbox;
        outbox.poll = 20 * kMillisecond;
        outbox.batch = 7;
        turnOn(changed.patterns, outbox);
        QString error;
        QVERIFY2(doc->setScenario(changed, &error), qPrintable(error));
        QVERIFY(doc->patternsEdited());
        auto *scene = static_cast<CanvasScene *>(w.canvas()->scene());
        QVERIFY(!w.canvas()->userArranged());
        scene->applyLayout({{QStringLiteral("orders"), QPointF(812.4, -96.6)}});
        scene->markArranged();

        // A second toggle keeps what the user arranged.
        turnOn(changed.patterns, IdempotentConsumersSettings{});
        QVERIFY2(doc->setScenario(changed, &error), qPrintable(error));
        QVERIFY(w.canvas()->userArranged());
        QCOMPARE(w.canvas()->layoutPositions().value(QStringLiteral("orders")),
                 QPointF(812.4, -96.6));

        const QString saved = dir.filePath(QStringLiteral("saved.json"));
        const QHash<QString, QPointF> layout = w.canvas()->layoutPositions();
        QVERIFY2(doc->saveAs(saved, &error, &layout), qPrintable(error));
        QVERIFY(!doc->patternsEdited()); // what runs is what the file now says
        QFile in(saved);
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QByteArray text = in.readAll();
        LoadResult r = ScenarioInput().loadText(text.toStdString(), "saved.json");
        QVERIFY(r.ok());
        const OutboxSettings *savedOutbox = settingsOf<OutboxSettings>(*r.scenario);
        QVERIFY(savedOutbox);
        QCOMPARE(savedOutbox->poll, 20 * kMillisecond);
        QCOMPARE(savedOutbox->batch, 7);
        QVERIFY(r.scenario->patterns.isOn(IdempotentConsumersSettings::kKey));
        QCOMPARE(r.scenario->name, doc->scenario().name);
        QCOMPARE(r.scenario->faults.size(), doc->scenario().faults.size());
        const auto root = nlohmann::json::parse(text.toStdString());
        QCOMPARE(root.at("layout").at("orders"), nlohmann::json::array({812, -97}));

        // Opened again, the canvas puts the box where it was saved.
        MainWindow again;
        QVERIFY(again.openFile(saved));
        QCOMPARE(again.canvas()->layoutPositions().value(QStringLiteral("orders")),
                 QPointF(812, -97));

        // Nothing changed: the file is written byte for byte.
        const QString copy = dir.filePath(QStringLiteral("copy.json"));
        QVERIFY2(again.document()->saveAs(copy, &error), qPrintable(error));
        QFile c(copy);
        QVERIFY(c.open(QIODevice::ReadOnly));
        QCOMPARE(c.readAll(), text);
    }

    void droppingAJsonFileOpensIt()
    {
        QTemporaryDir dir;
        const QString copy = dir.filePath(QStringLiteral("dropped.json"));
        QVERIFY(QFile::copy(lessonPath(), copy));
        MainWindow w;
        QVERIFY(w.openDefaultLesson());
        QVERIFY(w.document()->filePath().isEmpty()); // the built-in lesson has no file
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(copy)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton,
                              Qt::NoModifier);
        QApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&w, &drop);
        QCOMPARE(w.document()->filePath(), QFileInfo(copy).absoluteFilePath());
    }

    void theRunSummaryShowsEveryOperation()
    {
        MainWindow w;
        QVERIFY(w.openDefaultLesson());
        w.show();
        auto *dock = w.findChild<QDockWidget *>(QStringLiteral("summaryDock"));
        QVERIFY(dock);
        dock->raise();
        QTRY_VERIFY(w.runSummaryPanel()->isVisible());
        w.document()->advanceTo(5 * kSecond);
        w.runSummaryPanel()->refresh();
        QTableWidget *t = w.runSummaryPanel()->operationsTable();
        const auto &ops = w.document()->run().metrics().operations();
        QCOMPARE(t->rowCount(), 4);
        QCOMPARE(t->item(0, 1)->text().toLongLong(), static_cast<long long>(ops[0].count));
        QVERIFY(ops[0].count > 0);
        QVERIFY(w.runSummaryPanel()->busText().contains(QStringLiteral("published")));
        // Hidden behind another tab it costs nothing: the counts stay where they were...
        const QString before = t->item(0, 1)->text();
        const QList<QDockWidget *> tabs = w.tabifiedDockWidgets(dock);
        QVERIFY(!tabs.isEmpty());
        tabs.front()->raise();
        QTRY_VERIFY(w.runSummaryPanel()->visibleRegion().isEmpty());
        w.document()->advanceTo(10 * kSecond);
        QTest::qWait(600); // past the panel's refresh interval (250 ms)
        QCOMPARE(t->item(0, 1)->text(), before);
        // ...and catch up as soon as it is shown again.
        dock->raise();
        QTRY_COMPARE(t->item(0, 1)->text().toLongLong(), static_cast<long long>(ops[0].count));
        QVERIFY(t->item(0, 1)->text() != before);
    }
};

void TestGuiMainWindow::editMenuNamesEveryChange()
{
    // Every intervention of the panels is one command, named in Edit > Undo and Redo.
    MainWindow w;
    QVERIFY(w.openFile(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/outbox-vs-dual-write.json")));
    QMenu *edit = nullptr;
    for (QAction *a : w.menuBar()->actions())
        if (a->text() == QStringLiteral("&Edit"))
            edit = a->menu();
    QVERIFY(edit);
    QVERIFY(edit->actions().contains(w.undoAction()));
    QVERIFY(edit->actions().contains(w.redoAction()));
    QCOMPARE(w.undoAction()->shortcut(), QKeySequence(QKeySequence::Undo));
    QVERIFY(w.redoAction()->shortcuts().contains(QKeySequence(QStringLiteral("Ctrl+Shift+Z"))));
    QVERIFY(w.redoAction()->shortcuts().contains(QKeySequence(QStringLiteral("Ctrl+Y"))));
    QVERIFY(!w.undoAction()->isEnabled());
    QCOMPARE(w.undoAction()->text(), QStringLiteral("&Undo"));

    SimulationDocument *doc = w.document();
    doc->advanceTo(kSecond);
    FaultPanel *f = w.faultPanel();
    PatternsPanel *p = w.patternsPanel();
    QStringList names;
    const auto expect = [&](const QString &name) {
        names << name;
        QCOMPARE(w.undoAction()->text(), QStringLiteral("&Undo ") + name);
        QCOMPARE(doc->undoStack()->count(), int(names.size()));
    };
    w.inspectService(QStringLiteral("payments"));
    f->crashSelected();
    expect(QStringLiteral("crash payments"));
    f->restartSelected();
    expect(QStringLiteral("restart payments"));
    f->partitionSelected();
    expect(QStringLiteral("partition payments from the rest"));
    f->healAll();
    expect(QStringLiteral("heal all"));
    f->busDown();
    expect(QStringLiteral("take the bus down"));
    f->busUp();
    expect(QStringLiteral("bring the bus up"));
    f->slider(FaultPanel::Slider::Drop)->setValue(20);
    expect(QStringLiteral("set bus drop to 20%"));
    f->slider(FaultPanel::Slider::Latency)->setValue(40);
    expect(QStringLiteral("set bus latency to 40 ms"));
    f->slider(FaultPanel::Slider::Drop)->setValue(0);
    expect(QStringLiteral("set bus drop to 0%"));
    w.inspectService(QStringLiteral("order-view"));
    f->rebuildSelected();
    expect(QStringLiteral("rebuild order-view"));
    qobject_cast<QComboBox *>(p->controlOf("outbox", "Dual write"))->setCurrentIndex(1);
    expect(QStringLiteral("switch dual write to publish, then commit"));
    p->switchOf(QStringLiteral("outbox"))->setChecked(true);
    expect(QStringLiteral("turn on transactional outbox"));
    w.resetRun();
    expect(QStringLiteral("reset the run"));
    QCOMPARE(doc->world().interventions().size(), std::size_t(0));

    // Undone one by one, newest first: Redo names what Undo took back.
    for (qsizetype k = names.size() - 1; k >= 0; --k) {
        w.undoAction()->trigger();
        QCOMPARE(w.redoAction()->text(), QStringLiteral("&Redo ") + names[k]);
    }
    QVERIFY(!w.undoAction()->isEnabled());
    QVERIFY(doc->world().interventions().empty());
    QVERIFY(!settingsOf<OutboxSettings>(doc->scenario()));
    QVERIFY(!p->switchOf(QStringLiteral("outbox"))->isChecked());
    QCOMPARE(qobject_cast<QComboBox *>(p->controlOf("outbox", "Dual write"))->currentIndex(), 0);
    w.redoAction()->trigger();
    w.redoAction()->trigger();
    QCOMPARE(w.undoAction()->text(), QStringLiteral("&Undo restart payments"));
    QCOMPARE(doc->world().interventions().size(), std::size_t(2));
}

void TestGuiMainWindow::editMenuNamesAPatternSwitch()
{
    MainWindow w;
    QVERIFY(w.openFile(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/saga-orchestration.json")));
    w.document()->advanceTo(kSecond);
    QComboBox *style = nullptr;
    for (QComboBox *c : w.patternsPanel()->findChildren<QComboBox *>())
        if (c->findText(QStringLiteral("choreography")) >= 0)
            style = c;
    QVERIFY(style);
    QCOMPARE(style->currentText(), QStringLiteral("orchestration"));
    style->setCurrentIndex(style->findText(QStringLiteral("choreography")));
    QVERIFY2(w.patternsPanel()->message().isEmpty(), qPrintable(w.patternsPanel()->message()));
    QCOMPARE(w.undoAction()->text(), QStringLiteral("&Undo switch saga to choreography"));
    QCOMPARE(settingsOf<SagaSettings>(w.document()->scenario())->style,
             SagaSettings::Style::Choreography);
    w.undoAction()->trigger();
    QCOMPARE(settingsOf<SagaSettings>(w.document()->scenario())->style,
             SagaSettings::Style::Orchestration);
    QCOMPARE(style->currentText(), QStringLiteral("orchestration"));
    QCOMPARE(w.redoAction()->text(), QStringLiteral("&Redo switch saga to choreography"));
    QCOMPARE(w.document()->now(), kSecond);
}

QTEST_MAIN(TestGuiMainWindow)
#include "tst_guimainwindow.moc"
