// Captions that point only at what is on screen, and the Checks and figures dock they point at.

#include "tests/support/guitestsupport.h"

#include "app/export/labchart.h"
#include "app/gui/charts/chartspanel.h"
#include "app/gui/classroom/captionbar.h"
#include "app/gui/classroom/presenter.h"
#include "app/gui/follow/followcontroller.h"
#include "app/gui/inspector/inspectorpanel.h"
#include "app/gui/inspector/queryresultmodel.h"
#include "app/gui/inspector/sqlconsole.h"
#include "app/gui/mainwindow.h"
#include "app/gui/panels/checkspanel.h"
#include "app/gui/panels/explainerpane.h"
#include "app/gui/playback.h"
#include "patterns/checks.h"

#include <QDir>
#include <QDockWidget>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QTreeWidget>
#include <QUndoStack>

using namespace dplab;

namespace {

QString lessonPath(const QString &name)
{
    return QString(DPLAB_SOURCE_DIR "/scenarios/%1.json").arg(name);
}

/// Why a caption's text points at something the app does not show, or "".
QString offScreenReference(const QString &text)
{
    if (text.contains(QStringLiteral("--")))
        return QStringLiteral("a command-line flag");
    static const QRegularExpression file(
        QStringLiteral("\\b[\\w-]+\\.(json|jsonl|csv|mmd|png|svg)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    if (file.match(text).hasMatch())
        return QStringLiteral("a file name");
    if (text.contains(QStringLiteral("summary"), Qt::CaseInsensitive))
        return QStringLiteral("the summary file");
    return {};
}

/// Runs the window's document to `t` (advanceTo stops early in a busy run) and lets the
/// window follow, as playback does frame by frame.
void runTo(MainWindow &w, SimTime t)
{
    while (w.document()->now() < t)
        w.document()->advanceTo(t, 2'000'000);
}

bool chartDraws(const ChartsPanel *charts, const std::string &column)
{
    if (!charts->chart())
        return false;
    for (const ChartSeriesSpec &s : charts->chart()->spec().series)
        if (s.name.toStdString() == column)
            return true;
    return false;
}

QTreeWidgetItem *rowOf(ChecksPanel *checks, const QString &id)
{
    return checks->itemFor(id);
}

} // namespace

/** Every lesson's captions, walked; the Checks and figures dock at the playhead. */
class TestGuiCaptions : public QObject
{
    Q_OBJECT

public:
    TestGuiCaptions() { Q_INIT_RESOURCE(dplab); }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("dplab-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_guicaptions"));
        QSettings().clear();
    }

    void captionsPointAtWhatIsOnScreen_data()
    {
        QTest::addColumn<QString>("lesson");
        const QStringList files = QDir(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios"))
                                      .entryList({QStringLiteral("*.json")}, QDir::Files);
        int n = 0;
        for (const QString &f : files) {
            if (f == QStringLiteral("schema.json"))
                continue;
            const QString name = f.chopped(5);
            QTest::newRow(qPrintable(name)) << name;
            ++n;
        }
        QVERIFY(n >= 12);
    }

    void captionsPointAtWhatIsOnScreen()
    {
        QFETCH(QString, lesson);
        MainWindow w;
        w.resize(1280, 720);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY2(w.openFile(lessonPath(lesson)), qPrintable(w.lastError()));
        const auto &narrative = w.document()->scenario().narrative;
        QVERIFY(!narrative.empty());
        // The explainer opens on the lesson's pattern: the first a caption explains, else the
        // first switched on (a lesson without patterns leaves it alone).
        std::string opening;
        for (const NarrativeSpec &n : narrative)
            if (!n.explain.empty() && opening.empty())
                opening = n.explain;
        if (!opening.empty())
            QCOMPARE(w.explainerPane()->currentKey(), QString::fromStdString(opening));
        int driven = 0;
        for (std::size_t i = 0; i < narrative.size(); ++i) {
            const NarrativeSpec &n = narrative[i];
            const QString text = QString::fromStdString(n.text);
            const QString where = QStringLiteral("%1 caption %2 at %3 ms")
                                      .arg(lesson)
                                      .arg(i)
                                      .arg(n.at / kMillisecond);
            const QString bad = offScreenReference(text);
            QVERIFY2(bad.isEmpty(), qPrintable(where + QStringLiteral(" names ") + bad));

            runTo(w, n.at);
            // One frame: the docks a caption raised show, and refresh as their timers would.
            QCoreApplication::processEvents();
            w.chartsPanel()->refresh();
            w.checksPanel()->refresh();
            QCOMPARE(w.presenter()->captionIndex(), static_cast<int>(i));
            if (!n.chart.empty()) {
                ++driven;
                QVERIFY2(w.chartsPanel()->isVisible(), qPrintable(where + " chart dock hidden"));
                QVERIFY2(chartDraws(w.chartsPanel(), n.chart),
                         qPrintable(where + " does not show " + QString::fromStdString(n.chart)));
            }
            if (!n.select.empty()) {
                ++driven;
                QVERIFY2(w.inspectorPanel()->isVisible(), qPrintable(where + " inspector hidden"));
                QCOMPARE(w.inspectorPanel()->currentService(),
                         static_cast<int>(w.document()->world().serviceIndex(n.select)));
            }
            if (!n.table.empty()) {
                ++driven;
                QCOMPARE(w.inspectorPanel()->currentTable(), QString::fromStdString(n.table));
            }
            if (!n.explain.empty()) {
                ++driven;
                QCOMPARE(w.explainerPane()->currentKey(), QString::fromStdString(n.explain));
            }
            // A "Try it" button with the caption's label, and none without one.
            QPushButton *tryButton = w.captionBar()->tryButton();
            QCOMPARE(tryButton->isVisibleTo(&w), n.tryIt.has_value());
            if (n.tryIt) {
                ++driven;
                QCOMPARE(tryButton->text(),
                         QStringLiteral("Try it: ") + QString::fromStdString(n.tryIt->label));
            }
            if (!n.follow.empty()) {
                ++driven;
                QVERIFY2(w.follow()->followed().active(), qPrintable(where + " follows nothing"));
            }
            if (!n.figure.empty()) {
                ++driven;
                ChecksPanel *checks = w.checksPanel();
                QVERIFY2(checks->isVisible(), qPrintable(where + " checks dock hidden"));
                const QString id = QString::fromStdString(n.figure);
                QCOMPARE(checks->highlighted(), id);
                QTreeWidgetItem *row = rowOf(checks, id);
                QVERIFY2(row, qPrintable(where + " has no row for " + id));
                QCOMPARE(checks->tree()->currentItem(), row);
                QVERIFY(!row->text(1).isEmpty() || row->parent() == nullptr);
            }
        }
        // Every lesson drives the view at least once.
        QVERIFY2(driven > 0, qPrintable(lesson + " has no caption that drives the view"));
    }

    /// The dock lists every check, "judged at the end" until the end, then the verdicts; the
    /// failures by reason agree with summary.json; behind the present it shows an earlier
    /// measure and says so.
    void checksDockFollowsThePlayhead()
    {
        MainWindow w;
        w.resize(1280, 720);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openFile(lessonPath(QStringLiteral("cqrs-lag"))));
        ChecksPanel *checks = w.checksPanel();
        checks->highlightFigure(QStringLiteral("cqrs.read_model_matches")); // raises nothing
        auto *dock = qobject_cast<QDockWidget *>(checks->parentWidget());
        QVERIFY(dock);
        dock->show();
        dock->raise();
        QTRY_VERIFY(checks->isVisible());

        runTo(w, 20 * kSecond);
        checks->refresh();
        QTreeWidgetItem *check = checks->itemFor(QStringLiteral("cqrs.read_model_matches"));
        QVERIFY(check);
        QCOMPARE(check->text(1), QStringLiteral("judged at the end of the run"));
        QCOMPARE(checks->figuresTime(), 20 * kSecond);
        const QString reasonId =
            QStringLiteral("operations.pay_order.failures_by_reason.no order awaiting payment");
        QTreeWidgetItem *reason = checks->itemFor(reasonId);
        QVERIFY(reason);
        const nlohmann::ordered_json at20 = w.document()->run().summary();
        QCOMPARE(reason->text(1).toULongLong(),
                 at20["operations"]["pay_order"]["failures_by_reason"]["no order awaiting payment"]
                     .get<std::uint64_t>());

        runTo(w, w.document()->endTime());
        checks->refresh();
        check = checks->itemFor(QStringLiteral("cqrs.read_model_matches"));
        QVERIFY(check);
        QCOMPARE(check->text(1), QStringLiteral("ok"));
        const nlohmann::ordered_json end = w.document()->run().summary();
        const auto endCount =
            end["operations"]["pay_order"]["failures_by_reason"]["no order awaiting payment"]
                .get<std::uint64_t>();
        QVERIFY(endCount >
                at20["operations"]["pay_order"]["failures_by_reason"]["no order awaiting payment"]
                    .get<std::uint64_t>());
        QCOMPARE(checks->itemFor(reasonId)->text(1).toULongLong(), endCount);
        QTreeWidgetItem *expect0 = checks->itemFor(QStringLiteral("#expect0"));
        QVERIFY(expect0);
        QVERIFY(expect0->text(1).endsWith(QStringLiteral("ok")));

        // Back to 30 s: the verdicts stay (a chain of evidence is walked back there), said to be
        // the end's; the figures are the latest measure at or before it.
        QVERIFY(w.document()->seekTime(30 * kSecond));
        checks->refresh();
        QCOMPARE(checks->itemFor(QStringLiteral("cqrs.read_model_matches"))->text(1),
                 QStringLiteral("at the end: ok"));
        QCOMPARE(checks->figuresTime(), 20 * kSecond);
        QCOMPARE(checks->itemFor(reasonId)->text(1).toULongLong(),
                 at20["operations"]["pay_order"]["failures_by_reason"]["no order awaiting payment"]
                     .get<std::uint64_t>());
    }

    /// Safety checks are judged live: "ok so far" before the first repeat, FAIL from the
    /// measure after it (the lesson expects it), back to "ok so far" behind that moment; a
    /// check that needs quiescence still waits for the end.
    void safetyChecksAreJudgedLive()
    {
        MainWindow w;
        w.resize(1280, 720);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openFile(lessonPath(QStringLiteral("duplicates-and-idempotency"))));
        ChecksPanel *checks = w.checksPanel();
        auto *dock = qobject_cast<QDockWidget *>(checks->parentWidget());
        QVERIFY(dock);
        dock->show();
        dock->raise();
        QTRY_VERIFY(checks->isVisible());
        const QString twice = QStringLiteral("consumers.no_effect_applied_twice");

        // At 0.25 s nothing has been delivered twice yet (metrics.csv of the lesson).
        runTo(w, kSecond / 4);
        checks->refresh();
        QVERIFY(checks->itemFor(twice));
        QCOMPARE(checks->itemFor(twice)->text(1), QStringLiteral("ok so far"));
        QCOMPARE(checks->itemFor(QStringLiteral("cqrs.read_model_matches"))->text(1),
                 QStringLiteral("judged at the end of the run"));

        // A quarter second at a time until the first repeat (a redelivery, before 1.25 s);
        // the dock agrees with the checks themselves at every step.
        const SimTime step = kSecond / 4;
        SimTime failedAt = -1;
        for (SimTime t = 2 * step; t <= 5 * kSecond && failedAt < 0; t += step) {
            runTo(w, t);
            checks->refresh();
            const Run &run = w.document()->run();
            const auto live = runLiveChecks(run.catalog(), run.world());
            const auto it = std::find_if(live.begin(), live.end(), [&](const CheckResult &c) {
                return c.id == twice.toStdString();
            });
            QVERIFY(it != live.end());
            QCOMPARE(checks->itemFor(twice)->text(1),
                     it->ok ? QStringLiteral("ok so far")
                            : QStringLiteral("FAIL, as the lesson expects"));
            QVERIFY(
                checks->itemFor(twice)->toolTip(1).contains(QString::fromStdString(it->detail)));
            if (!it->ok)
                failedAt = t;
        }
        QVERIFY2(failedAt > 0, "the lesson's copies are applied again by 5 s");

        // Behind the failure the earlier measure shows again; at the failure, FAIL.
        QVERIFY(w.document()->seekTime(failedAt - step));
        checks->refresh();
        QCOMPARE(checks->itemFor(twice)->text(1), QStringLiteral("ok so far"));
        QVERIFY(w.document()->seekTime(failedAt));
        checks->refresh();
        QCOMPARE(checks->itemFor(twice)->text(1), QStringLiteral("FAIL, as the lesson expects"));
    }

    /// An SQL result is true at the moment it was read: moving the playhead clears it.
    /// "Try it" makes the caption's change through the document (undoable); the captions then
    /// still speak of the lesson, but a change made by hand is flagged on the caption bar.
    void tryItMakesTheCaptionsChange()
    {
        MainWindow w;
        w.resize(1280, 720);
        QVERIFY(w.openFile(lessonPath(QStringLiteral("shared-vs-per-service"))));
        const auto &narrative = w.document()->scenario().narrative;
        runTo(w, narrative[4].at);
        QCoreApplication::processEvents();
        QCOMPARE(w.presenter()->captionIndex(), 4);
        QVERIFY(w.document()->scenario().patterns.isOn("data"));
        QPushButton *tryButton = w.captionBar()->tryButton();
        QVERIFY(tryButton->isVisibleTo(&w));
        const int undoBefore = w.document()->undoStack()->count();
        tryButton->click();
        // A long fork is simulated in the background: the window stays live meanwhile.
        QTRY_VERIFY_WITH_TIMEOUT(!w.document()->busy(), 30000);
        QCoreApplication::processEvents();
        // Database per service from the start, simulated again to the caption's moment.
        QVERIFY(!w.document()->scenario().patterns.isOn("data"));
        QCOMPARE(w.document()->now(), narrative[4].at);
        QCOMPARE(w.document()->undoStack()->count(), undoBefore + 1);
        QCOMPARE(w.document()->undoStack()->undoText(),
                 QStringLiteral("try: Database per service"));
        QVERIFY(!w.captionBar()->offLesson());
        QVERIFY(!w.captionBar()->text().contains(QStringLiteral("you changed them")));
        // Undo: the shared database again.
        w.document()->undoStack()->undo();
        QTRY_VERIFY_WITH_TIMEOUT(!w.document()->busy(), 30000);
        QCoreApplication::processEvents();
        QVERIFY(w.document()->scenario().patterns.isOn("data"));
        QVERIFY(!w.captionBar()->offLesson());
        // A change by hand (as the Patterns panel makes it): the caption says it was written
        // for the lesson's own patterns, until Undo.
        QVERIFY(w.openFile(lessonPath(QStringLiteral("cqrs-lag"))));
        runTo(w, 4 * kSecond);
        QCoreApplication::processEvents();
        QVERIFY(!w.captionBar()->offLesson());
        Scenario changed = w.document()->scenario();
        changed.patterns.erase("idempotent_consumers");
        QString error;
        QVERIFY2(w.document()->setScenario(changed, &error, QStringLiteral("by hand")),
                 qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(!w.document()->busy(), 30000);
        QCoreApplication::processEvents();
        QVERIFY(w.captionBar()->offLesson());
        QVERIFY(w.captionBar()->text().startsWith(
            QStringLiteral("[Written for the lesson's own patterns; you changed them]")));
        w.document()->undoStack()->undo();
        QTRY_VERIFY_WITH_TIMEOUT(!w.document()->busy(), 30000);
        QCoreApplication::processEvents();
        QVERIFY(!w.captionBar()->offLesson());
    }

    /// A fault to try starts at the playhead, like one from the Faults panel.
    void tryItInjectsAFaultAtThePlayhead()
    {
        MainWindow w;
        w.resize(1280, 720);
        QVERIFY(w.openFile(lessonPath(QStringLiteral("api-composition"))));
        const NarrativeSpec &n = w.document()->scenario().narrative[6];
        runTo(w, n.at);
        QCoreApplication::processEvents();
        QCOMPARE(w.presenter()->captionIndex(), 6);
        QCOMPARE(w.presenter()->tryIt(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(!w.document()->busy(), 30000);
        const std::vector<ActiveFault> active = w.document()->faultsAtPlayhead();
        const auto crash = std::find_if(active.begin(), active.end(), [](const ActiveFault &f) {
            return f.spec.kind == FaultSpec::Kind::Crash && f.spec.service == "products";
        });
        QVERIFY(crash != active.end());
        QCOMPARE(crash->startedAt, n.at);
        QCOMPARE(crash->endsAt, n.at + 3 * kSecond);
        QCOMPARE(w.document()->undoStack()->undoText(),
                 QStringLiteral("try: Crash products again for 3 s"));
    }

    void sqlResultGoesWhenThePlayheadMoves()
    {
        MainWindow w;
        QVERIFY(w.openFile(lessonPath(QStringLiteral("cqrs-lag"))));
        runTo(w, 10 * kSecond);
        InspectorPanel *inspector = w.inspectorPanel();
        inspector->selectService(w.document()->world().serviceIndex("orders"));
        inspector->console()->editor()->setText(QStringLiteral("SELECT count(*) FROM orders"));
        inspector->console()->run();
        QCOMPARE(inspector->console()->model()->rowCount(), 1);
        QVERIFY(w.document()->seekTime(5 * kSecond));
        QCOMPARE(inspector->console()->model()->rowCount(), 0);
        QVERIFY(inspector->console()->message().contains(QStringLiteral("t = 10.000 s")));
    }
};

QTEST_MAIN(TestGuiCaptions)
#include "tst_guicaptions.moc"
