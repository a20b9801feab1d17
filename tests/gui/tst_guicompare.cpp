// The A/B comparison window (File > Compare...): a scenario compared with itself gives identical
// canvases and an all-equal table; outbox on vs off under crash-after-commit diverges in B only
// where expected; both runs move in lockstep; the overlaid chart has both variants; a bad change
// is refused with a message and no window; every lesson opens in it.
#include "app/export/labchart.h"
#include "app/gui/canvas/canvasscene.h"
#include "app/gui/canvas/canvasview.h"
#include "app/gui/compare/comparebanner.h"
#include "app/gui/compare/comparedialog.h"
#include "app/gui/compare/comparewindow.h"
#include "app/gui/compare/comparisonchart.h"
#include "app/gui/compare/comparisontablemodel.h"
#include "app/gui/compare/lockstepplayback.h"
#include "app/gui/mainwindow.h"
#include "app/gui/panels/patternspanel.h"
#include "app/gui/simulationdocument.h"
#include "tests/support/patternsettings.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineSeries>
#include <QPlainTextEdit>
#include <QStandardPaths>
#include <QTableView>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <memory>

using namespace dplab;

namespace {

QString lesson(const QString &name)
{
    return QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/%1.json").arg(name);
}

/// A lesson, shortened to `seconds` (the tests need its start, not its whole length): its
/// workload stops 4 s before the end and its faults with it, so the last messages arrive.
/// `keepExpect`: the lesson's key figures stay (the Compare banner shows them).
std::unique_ptr<SimulationDocument> open(const QString &name, int seconds = 0,
                                         bool keepExpect = false)
{
    QFile file(lesson(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(name));
    QByteArray text = file.readAll();
    if (seconds > 0) {
        auto root = nlohmann::ordered_json::parse(text.constData());
        const int stop = seconds - 4;
        root["duration"] = std::to_string(seconds) + "s";
        // Captions and expectations written for the whole lesson may not fit the shorter run.
        root.erase("narrative");
        if (!keepExpect)
            root.erase("expect");
        for (auto &w : root["workload"])
            w["stop"] = std::to_string(stop) + "s";
        for (auto &f : root["faults"])
            f["for"] = std::to_string(stop - std::stoi(f["at"].get<std::string>())) + "s";
        text = QByteArray::fromStdString(root.dump(2));
    }
    auto doc = std::make_unique<SimulationDocument>();
    QString error;
    if (!doc->loadText(text, name + QStringLiteral(".json"), &error))
        qFatal("cannot open %s: %s", qPrintable(name), qPrintable(error));
    return doc;
}

std::unique_ptr<CompareWindow> compare(const SimulationDocument &doc, const QString &lines)
{
    QString error;
    std::unique_ptr<CompareWindow> w(CompareDialog::compare(doc, lines, nullptr, &error));
    if (!w)
        qFatal("cannot compare: %s", qPrintable(error));
    w->setAttribute(Qt::WA_DeleteOnClose, false);
    return w;
}

/// Plays both runs to `t` through the window's own playback (bounded frames, as on screen).
void playTo(CompareWindow *w, SimTime t)
{
    w->playback()->seekTime(t);
    int frames = 0;
    while (w->playback()->isPlaying() && ++frames < 100000)
        w->playback()->frame();
    QVERIFY(!w->playback()->isPlaying());
}

/// Both canvases drawn for their documents' time, every throttled figure read now.
void settleCanvases(CompareWindow *w)
{
    QCoreApplication::processEvents();
    for (CanvasView *c : {w->canvasA(), w->canvasB()}) {
        c->canvasScene()->updateDatabaseCounts();
        c->canvasScene()->updateSteps();
        c->refresh();
    }
    QCoreApplication::processEvents();
}

void screenshot(QWidget *w, const QString &name)
{
    if (!qEnvironmentVariableIsSet("DPLAB_SCREENSHOTS"))
        return;
    QCoreApplication::processEvents();
    w->grab().save(qEnvironmentVariable("DPLAB_SCREENSHOTS") + "/" + name);
}

} // namespace

class TestGuiCompare : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void sameScenarioGivesIdenticalRuns()
    {
        auto doc = open(QStringLiteral("outbox-vs-dual-write"), 12);
        auto w = compare(*doc, QString());
        QCOMPARE(w->labelA(), QStringLiteral("A: as it is"));
        QCOMPARE(w->labelB(), QStringLiteral("B: the same"));
        w->resize(1400, 900);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        playTo(w.get(), 7 * kSecond);
        QCOMPARE(w->documentA()->now(), 7 * kSecond);
        QCOMPARE(w->documentB()->now(), 7 * kSecond);
        QCOMPARE(w->documentA()->frontier(), w->documentB()->frontier());
        settleCanvases(w.get());
        QCOMPARE(w->canvasA()->size(), w->canvasB()->size());
        const QImage a = w->canvasA()->grab().toImage(), b = w->canvasB()->grab().toImage();
        QVERIFY(!a.isNull());
        QVERIFY2(a == b, "the canvases of two equal runs differ");

        w->refreshTable();
        const ComparisonTableModel *table = w->tableModel();
        QVERIFY(table->rowCount() > 20);
        for (const ComparisonRow &r : table->rows()) {
            QVERIFY2(r.equal(), r.key.c_str());
            QVERIFY2(!r.notable, r.key.c_str());
        }
        for (int row = 0; row < table->rowCount(); ++row)
            QVERIFY(!table->data(table->index(row, 0), Qt::BackgroundRole).isValid());
        QCOMPARE(table->differing(), 0);
        // Only what differs: nothing.
        w->differencesOnlyBox()->setChecked(true);
        QCOMPARE(w->tableView()->model()->rowCount(), 0);
    }

    void outboxOnVersusOffUnderCrashAfterCommit()
    {
        // The lesson runs with the outbox off (A, dual write); B switches it on.
        auto doc = open(QStringLiteral("outbox-vs-dual-write"), 20);
        auto w = compare(*doc, QStringLiteral("patterns.outbox=true"));
        QCOMPARE(w->labelA(), QStringLiteral("A: outbox off"));
        QCOMPARE(w->labelB(), QStringLiteral("B: outbox on"));
        w->resize(1560, 960);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        w->setSpeed(LockstepPlayback::kMaxSpeed);
        w->playback()->play();
        int frames = 0;
        while (w->playback()->isPlaying() && ++frames < 100000)
            w->playback()->frame();
        QVERIFY(w->playback()->atEnd());
        QCOMPARE(w->documentA()->now(), 20 * kSecond);
        QCOMPARE(w->documentB()->now(), 20 * kSecond);

        const ComparisonTableModel *table = w->tableModel();
        const int row = table->indexOfKey("read_model.divergent_entities");
        QVERIFY(row >= 0);
        const ComparisonRow &divergence = table->rows()[static_cast<std::size_t>(row)];
        QVERIFY(divergence.a.number && *divergence.a.number > 0); // dual write loses events
        QCOMPARE(divergence.b.number.value_or(-1), 0.0);          // the outbox loses none
        QVERIFY(divergence.notable);
        QCOMPARE(table->data(table->index(row, ComparisonTableModel::Metric), Qt::BackgroundRole)
                     .value<QBrush>()
                     .color(),
                 ComparisonTableModel::highlightColor());
        const ComparisonRow *lost = table->rowByKey("outbox.lost");
        QVERIFY(lost && lost->a.number && *lost->a.number > 0);
        QVERIFY(!lost->b.present); // with the outbox nothing can be lost that way
        // The notable rows come first in the view.
        const QAbstractItemModel *shown = w->tableView()->model();
        QVERIFY(shown->data(shown->index(0, 0), Qt::BackgroundRole).isValid());

        // The overlaid chart: consistency lag, A's line and B's, both with data.
        ComparisonChart *chart = w->chart();
        chart->refresh();
        QCOMPARE(chart->currentChartId(), QStringLiteral("lag"));
        QVERIFY(chart->chart());
        QStringList names;
        for (const QLineSeries *s : chart->chart()->shownSeries()) {
            names << chart->chart()->seriesSpec(s)->name;
            QVERIFY2(!chart->chart()->linePoints(s).isEmpty(), qPrintable(s->name()));
        }
        QVERIFY2(names.contains(QStringLiteral("A:order-view.staleness_ms")),
                 qPrintable(names.join(',')));
        QVERIFY2(names.contains(QStringLiteral("B:order-view.staleness_ms")),
                 qPrintable(names.join(',')));
        for (const QLineSeries *s : chart->chart()->shownSeries())
            QCOMPARE(s->pen().style() == Qt::SolidLine,
                     chart->chart()->seriesSpec(s)->name.startsWith(QStringLiteral("A:")));
        // The staleness of A climbs after a loss, B's stays small.
        double maxA = 0, maxB = 0;
        for (const QLineSeries *s : chart->chart()->shownSeries())
            for (const QPointF &p : chart->chart()->linePoints(s))
                (chart->chart()->seriesSpec(s)->name.startsWith('A') ? maxA : maxB) = std::max(
                    chart->chart()->seriesSpec(s)->name.startsWith('A') ? maxA : maxB, p.y());
        QVERIFY2(maxA > 1000 && maxB < maxA / 10, qPrintable(QString("%1 %2").arg(maxA).arg(maxB)));
        screenshot(w.get(), QStringLiteral("compare-outbox.png"));
    }

    void theBannerLeadsWithTheFlippedCheck()
    {
        // The reported case: the flip of "read model matches orders" was row 42 of 43.
        auto doc = open(QStringLiteral("outbox-vs-dual-write"), 20, true);
        QVERIFY(!doc->scenario().expect.empty());
        auto w = compare(*doc, QStringLiteral("patterns.outbox=true"));
        w->resize(1280, 720);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        w->setSpeed(LockstepPlayback::kMaxSpeed);
        w->playback()->play();
        int frames = 0;
        while (w->playback()->isPlaying() && ++frames < 100000)
            w->playback()->frame();
        QVERIFY(w->playback()->atEnd());
        w->refreshTable();

        const QList<CompareBanner::Line> &lines = w->banner()->lines();
        QVERIFY(lines.size() >= 3);
        // First the check that flips: FAIL with dual write, ok with the outbox, B better.
        QCOMPARE(lines[0].key, QStringLiteral("checks.cqrs.read_model_matches"));
        QVERIFY2(lines[0].label.contains(QStringLiteral("read model")), qPrintable(lines[0].label));
        QCOMPARE(lines[0].a, QStringLiteral("FAIL"));
        QCOMPARE(lines[0].b, QStringLiteral("ok"));
        QVERIFY(lines[0].flipped);
        QCOMPARE(lines[0].verdict, +1);
        // Then the lesson's key figures (its expect entries), in the file's order, coloured by
        // what is better for each: fewer unreflected writes and divergent entities is.
        QStringList keys;
        for (const CompareBanner::Line &l : lines)
            keys << l.key;
        const int unreflected = static_cast<int>(keys.indexOf("read_model.writes_unreflected"));
        const int divergent = static_cast<int>(keys.indexOf("read_model.divergent_entities"));
        QVERIFY2(unreflected > 0 && divergent > unreflected, qPrintable(keys.join(',')));
        QCOMPARE(lines[divergent].verdict, +1);
        // The banner's cells say it in colour: B's value of the flipped check is green.
        QLabel *bCell = nullptr;
        for (QLabel *l : w->banner()->findChildren<QLabel *>())
            if (l->text() == QStringLiteral("ok") && l->toolTip() == lines[0].key)
                bCell = l;
        QVERIFY(bCell);
        QVERIFY(bCell->styleSheet().contains(QStringLiteral("#d4efdf")));
        // Names are whole (wrapped, never elided) and the banner fits a 1280x720 window.
        QVERIFY(w->banner()->height() < 720 / 3);

        // The table under it leads with the same flip.
        const QAbstractItemModel *shown = w->tableView()->model();
        QVERIFY2(shown->data(shown->index(0, ComparisonTableModel::Metric))
                     .toString()
                     .contains(QStringLiteral("read model")),
                 qPrintable(shown->data(shown->index(0, 0)).toString()));
        screenshot(w.get(), QStringLiteral("compare-banner.png"));
    }

    void betterDirectionOfFigures()
    {
        const auto row = [](const char *section, const char *key, double a, double b) {
            ComparisonRow r;
            r.section = section;
            r.key = key;
            r.a.present = r.b.present = true;
            r.a.number = a;
            r.b.number = b;
            return r;
        };
        QCOMPARE(comparisonVerdict(row("Operations", "operations.x.latency_ms.p99", 10, 5)), +1);
        QCOMPARE(comparisonVerdict(row("Operations", "operations.x.failed", 10, 20)), -1);
        QCOMPARE(comparisonVerdict(row("Operations", "operations.x.ok", 10, 20)), +1);
        QCOMPARE(comparisonVerdict(row("Sagas", "sagas.completed", 10, 20)), +1);
        QCOMPARE(comparisonVerdict(row("Checks", "checks.a", 0, 1)), +1);
        QCOMPARE(comparisonVerdict(row("read_model", "read_model.stale_reads", 3, 1)), +1);
        QCOMPARE(comparisonVerdict(row("Operations", "operations.x.count", 3, 1)), 0);
        QCOMPARE(comparisonVerdict(row("Operations", "operations.x.count", 3, 3)), 0);
    }

    void tableModelsStayConsistentWhileTheRunsAdvance_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<bool>("differs");
        QTest::newRow("B the same") << QString() << false;
        QTest::newRow("B outbox on") << QStringLiteral("patterns.outbox=true") << true;
    }

    void tableModelsStayConsistentWhileTheRunsAdvance()
    {
        // The figures model and the view's filter model under QAbstractItemModelTester (Fatal:
        // the first broken rule aborts with its reason) while both runs play and the figures
        // change, the filter switches, the rows are replaced and the playhead goes back.
        QFETCH(QString, change);
        QFETCH(bool, differs);
        auto doc = open(QStringLiteral("outbox-vs-dual-write"), 10);
        auto w = compare(*doc, change);
        ComparisonTableModel *table = w->tableModel();
        QAbstractItemModelTester figures(table,
                                         QAbstractItemModelTester::FailureReportingMode::Fatal);
        QAbstractItemModelTester shown(w->tableView()->model(),
                                       QAbstractItemModelTester::FailureReportingMode::Fatal);
        // A refresh with the same figures in the same order repaints every cell; any other
        // resets the model. Either way the signal must fit the rows it announces.
        auto keysOf = [table] {
            std::vector<std::string> keys;
            for (const ComparisonRow &r : table->rows())
                keys.push_back(r.key);
            return keys;
        };
        std::vector<std::string> keys = keysOf();
        int resets = 0, repaints = 0;
        QStringList wrong;
        connect(table, &QAbstractItemModel::modelReset, this, [&] {
            if (keysOf() == keys)
                wrong << QStringLiteral("a reset with the same rows");
            keys = keysOf();
            ++resets;
        });
        connect(table, &QAbstractItemModel::dataChanged, this,
                [&](const QModelIndex &from, const QModelIndex &to) {
                    if (keysOf() != keys)
                        wrong << QStringLiteral("dataChanged for rows that changed");
                    if (from != table->index(0, 0) ||
                        to != table->index(table->rowCount() - 1,
                                           ComparisonTableModel::ColumnCount - 1))
                        wrong << QStringLiteral("dataChanged for part of the table");
                    ++repaints;
                });
        // Both runs to the end in steps of 250 ms, each through the window's bounded frames.
        int maxDiffering = 0;
        for (SimTime t = 250 * kMillisecond; t <= 10 * kSecond; t += 250 * kMillisecond) {
            playTo(w.get(), t);
            w->refreshTable();
            QCOMPARE(static_cast<std::size_t>(table->rowCount()), table->rows().size());
            maxDiffering = std::max(maxDiffering, table->differing());
            if (t % kSecond == 0)
                w->differencesOnlyBox()->toggle();
            QCOMPARE(w->tableView()->model()->rowCount(),
                     w->differencesOnlyBox()->isChecked() ? table->differing() : table->rowCount());
        }
        QCOMPARE(w->documentA()->now(), 10 * kSecond);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QStringLiteral(", "))));
        // Every section is in the summaries from t = 0, so the rows never change: each of the
        // 40 refreshes (and the window's own) repaints them in place.
        QCOMPARE(resets, 0);
        QVERIFY2(repaints >= 40, qPrintable(QString::number(repaints)));
        // Other rows reset both models: emptied, then filled again.
        const std::vector<ComparisonRow> rows = table->rows();
        table->setRows({});
        QCOMPARE(w->tableView()->model()->rowCount(), 0);
        table->setRows(rows);
        QCOMPARE(resets, 2);
        // Identical variants never differ; outbox on vs off does, with the notable rows first.
        QCOMPARE(maxDiffering > 0, differs);
        w->differencesOnlyBox()->setChecked(true);
        const QAbstractItemModel *view = w->tableView()->model();
        QCOMPARE(view->rowCount(), table->differing());
        for (int row = 0; row < view->rowCount(); ++row)
            QCOMPARE(view->data(view->index(row, 0), Qt::BackgroundRole).isValid(),
                     row < table->notable());
        // Back to 2 s (the databases move back) and refreshed there: still consistent.
        playTo(w.get(), 2 * kSecond);
        w->refreshTable();
        QCOMPARE(view->rowCount(), table->differing());
        w->differencesOnlyBox()->setChecked(false);
        QCOMPARE(view->rowCount(), table->rowCount());
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QStringLiteral(", "))));
    }

    void bothRunsMoveInLockstep()
    {
        auto doc = open(QStringLiteral("outbox-vs-dual-write"), 10);
        auto w = compare(*doc, QStringLiteral("patterns.outbox=true"));
        w->show();
        LockstepPlayback *p = w->playback();
        w->setSpeed(0.5);
        p->play();
        QVERIFY(p->isPlaying());
        for (int i = 0; i < 30; ++i) {
            QTest::qSleep(2);
            p->frame();
            QVERIFY(p->inLockstep());
            QCOMPARE(w->documentA()->now(), w->documentB()->now());
        }
        const SimTime played = p->now();
        QVERIFY(played > 0);
        p->pause();
        QVERIFY(!p->isPlaying());
        QTest::qWait(60); // a paused timer advances nothing
        QCOMPARE(w->documentA()->now(), played);
        QCOMPARE(w->documentB()->now(), played);

        // Step: both to the next event of either, never further apart.
        for (int i = 0; i < 20; ++i) {
            const SimTime before = p->now();
            p->stepOnce();
            QVERIFY(p->now() > before);
            QCOMPARE(w->documentA()->now(), w->documentB()->now());
        }
        // The shared scrubber: back into the recorded run, then beyond it.
        const SimTime back = p->now() / 2;
        p->seekTime(back);
        QVERIFY(!p->isPlaying());
        QCOMPARE(w->documentA()->now(), back);
        QCOMPARE(w->documentB()->now(), back);
        playTo(w.get(), 3 * kSecond);
        QCOMPARE(w->documentA()->now(), 3 * kSecond);
        QCOMPARE(w->documentB()->now(), 3 * kSecond);
        QVERIFY(w->timeText().startsWith(QStringLiteral("t = 3.000 s")));

        // As fast as possible: a frame may leave one run behind, never for long; paused, both
        // show the same time.
        w->setSpeed(LockstepPlayback::kMaxSpeed);
        p->play();
        for (int i = 0; i < 3; ++i)
            p->frame();
        p->pause();
        QVERIFY(p->inLockstep());
        QCOMPARE(w->documentA()->now(), w->documentB()->now());
        QVERIFY(p->now() > 3 * kSecond);
        p->play();
        int apart = 0, frames = 0;
        while (p->isPlaying() && ++frames < 100000) {
            p->frame();
            apart = p->inLockstep() ? 0 : apart + 1;
            QVERIFY(apart < 10);
        }
        QVERIFY(p->atEnd());
        QCOMPARE(w->documentA()->now(), w->documentB()->now());
    }

    void badChangesAreRefused()
    {
        auto doc = open(QStringLiteral("outbox-vs-dual-write"), 12);
        QString error;
        QVERIFY(!CompareDialog::compare(*doc, QStringLiteral("patterns.outbox"), nullptr, &error));
        QVERIFY2(error.contains(QStringLiteral("line 1")), qPrintable(error));
        error.clear();
        QVERIFY(
            !CompareDialog::compare(*doc, QStringLiteral("patterns.outbox=12"), nullptr, &error));
        QVERIFY2(error.startsWith(QStringLiteral("Variant B cannot run")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("patterns.outbox")), qPrintable(error));

        // In the dialog: the message shows, the dialog stays, the text stays as typed.
        CompareDialog dialog(*doc);
        dialog.show();
        const QString typed = QStringLiteral("# B\nbus.latency=5ms\nservices[99].workers=2\n");
        dialog.overridesEdit()->setPlainText(typed);
        dialog.accept();
        QVERIFY(dialog.result() != QDialog::Accepted);
        QVERIFY(dialog.isVisible());
        QVERIFY(!dialog.comparisonWindow());
        QVERIFY2(dialog.errorText().contains(QStringLiteral("services")),
                 qPrintable(dialog.errorText()));
        QCOMPARE(dialog.overridesEdit()->toPlainText(), typed);
        screenshot(&dialog, QStringLiteral("compare-dialog-error.png"));

        // Fixed, with a pattern switched in the dialog's own panel: B has both changes.
        dialog.overridesEdit()->setPlainText(QStringLiteral("bus.latency=5ms"));
        dialog.patternsPanel()->switchOf(QStringLiteral("outbox"))->setChecked(true);
        QCOMPARE((settingsOf<OutboxSettings>(doc->scenario()) != nullptr), false); // A is untouched
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        std::unique_ptr<CompareWindow> w(dialog.comparisonWindow());
        QVERIFY(w);
        w->setAttribute(Qt::WA_DeleteOnClose, false);
        QVERIFY((settingsOf<OutboxSettings>(w->documentB()->scenario()) != nullptr));
        QVERIFY(!(settingsOf<OutboxSettings>(w->documentA()->scenario()) != nullptr));
        QCOMPARE(w->labelB(), QStringLiteral("B: outbox on, bus.latency=5ms"));
        QCOMPARE(w->documentA()->scenario().seed, w->documentB()->scenario().seed);
    }

    void interventionsAreReplayedInBoth()
    {
        // A crash injected by hand in the main window happens in A and in B at the same step.
        auto doc = open(QStringLiteral("outbox-vs-dual-write"), 12);
        doc->advanceTo(kSecond, std::numeric_limits<std::uint64_t>::max());
        FaultSpec crash;
        crash.kind = FaultSpec::Kind::Crash;
        crash.service = "payments";
        crash.duration = kSecond;
        QCOMPARE(doc->injectFault(crash), QString());
        auto w = compare(*doc, QStringLiteral("patterns.outbox=true"));
        QCOMPARE(w->documentA()->scenario().run.interventions.size(), std::size_t(1));
        QCOMPARE(w->documentB()->scenario().run.interventions.size(), std::size_t(1));
        QVERIFY(!w->documentA()->scenario().run.playhead);
        playTo(w.get(), 1500 * kMillisecond);
        for (SimulationDocument *d : {w->documentA(), w->documentB()}) {
            const auto active = d->faultsAtPlayhead();
            QCOMPARE(active.size(), std::size_t(1)); // the lesson's own fault starts at 5 s
            QVERIFY(active[0].spec.kind == FaultSpec::Kind::Crash);
            QCOMPARE(active[0].spec.service, std::string("payments"));
            QCOMPARE(active[0].startedAt, kSecond);
        }
    }

    void menuOpensTheDialog()
    {
        MainWindow main;
        main.setErrorHandler([](const QString &, const QString &) {});
        QVERIFY(main.openFile(lesson(QStringLiteral("queue-lab"))));
        CompareDialog *dialog = main.showCompare();
        QVERIFY(dialog);
        QVERIFY(dialog->patternsPanel());
        screenshot(dialog, QStringLiteral("compare-dialog.png"));
        dialog->reject();
    }

    void everyLessonOpensInTheComparison()
    {
        const QStringList files =
            QDir(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios")).entryList({"*.json"});
        int lessons = 0;
        for (const QString &file : files) {
            if (file == QLatin1String("schema.json"))
                continue;
            const QString name = file.chopped(5);
            auto doc = open(name);
            auto w = compare(*doc, QString());
            playTo(w.get(), kSecond / 2);
            QCOMPARE(w->documentA()->now(), kSecond / 2);
            QCOMPARE(w->documentB()->now(), kSecond / 2);
            QCOMPARE(w->documentA()->frontier(), w->documentB()->frontier());
            w->refreshTable();
            QVERIFY2(w->tableModel()->rowCount() > 0, qPrintable(name));
            QVERIFY2(w->tableModel()->differing() == 0, qPrintable(name));
            ++lessons;
        }
        QVERIFY(lessons >= 12);
    }

    void sagaLessonScreenshot()
    {
        if (!qEnvironmentVariableIsSet("DPLAB_SCREENSHOTS"))
            QSKIP("set DPLAB_SCREENSHOTS to a folder for the pictures");
        auto doc = open(QStringLiteral("saga-orchestration"));
        auto w = compare(*doc, QStringLiteral("patterns.saga.style=choreography"));
        w->resize(1560, 960);
        w->show();
        playTo(w.get(), 12 * kSecond);
        settleCanvases(w.get());
        w->chart()->refresh();
        screenshot(w.get(), QStringLiteral("compare-saga.png"));
    }
};

QTEST_MAIN(TestGuiCompare)
#include "tst_guicompare.moc"
