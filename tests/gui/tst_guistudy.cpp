// Run > Parameter study...: the dialog's fields make the study dplab-cli sweep would run; the
// study runs on background threads to the same points.csv as the engine called directly;
// Cancel stops it early while the window stays live; a click on a point (a row, a chart's
// marker) opens that point's first run in the main window, undoably.
#include "app/export/sweepchart.h"
#include "app/gui/mainwindow.h"
#include "app/gui/simulationdocument.h"
#include "app/gui/study/studychoices.h"
#include "app/gui/study/studydialog.h"
#include "app/gui/study/studyrunner.h"
#include "patterns/sweep/sweeprunner.h"
#include "patterns/sweep/sweeptable.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QLineSeries>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>
#include <QtTest>

#include <numeric>
#include <sstream>

using namespace dplab;

namespace {

const char *const kLatency = "operations.request:mm1-half.latency_ms.mean";

/// The main window with queue-lab open and its study dialog set to workload[0].rate over
/// `values`, 2 seeds, runs of `duration`, one metric.
StudyDialog *prepareStudy(MainWindow &window, const QString &values,
                          const QString &duration = QStringLiteral("5s"), int threads = 2)
{
    if (!window.openFile(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/queue-lab.json")))
        qFatal("cannot open queue-lab.json");
    StudyDialog *dialog = window.showStudy();
    dialog->parameterBox(0)->setEditText(QStringLiteral("workload[0].rate=") + values);
    dialog->parameterBox(1)->setEditText(QString());
    dialog->seedsBox()->setValue(2);
    dialog->threadsBox()->setValue(threads);
    // A shorter run: the lesson's captions later than its end go too (as with dplab-cli).
    dialog->setEdit()->setText(QStringLiteral("duration=") + duration +
                               QStringLiteral(" narrative=[]"));
    dialog->setMetrics({QString::fromLatin1(kLatency)});
    return dialog;
}

bool runToEnd(StudyDialog *dialog)
{
    QSignalSpy finished(dialog->runner(), &StudyRunner::finished);
    if (!dialog->startStudy())
        return false;
    return finished.wait(60000) && finished.front().at(0).toBool();
}

} // namespace

class TestGuiStudy : public QObject
{
    Q_OBJECT

private slots:
    void offersTheScenariosParametersAndMetrics();
    void fieldsMakeTheSweepSpec();
    void badFieldsAreShownNotRun();
    void runEqualsTheEngine();
    void cancelStopsEarlyAndTheWindowStaysLive();
    void clickingAPointOpensItsRun();
};

void TestGuiStudy::offersTheScenariosParametersAndMetrics()
{
    MainWindow window;
    StudyDialog *dialog = prepareStudy(window, QStringLiteral("20,40"));
    // Numbers of the file, with values around the current one; text sections are left out.
    QCOMPARE(dialog->parameterBox(0)->findText(QStringLiteral("workload[1].rate=40,60,80,100")) >=
                 0,
             true);
    QCOMPARE(dialog->parameterBox(0)->findText(QStringLiteral("seed"), Qt::MatchStartsWith), -1);
    QCOMPARE(dialog->parameterBox(0)->findText(QStringLiteral("duration=150s,300s,600s,1500s")) >=
                 0,
             true);
    // The load first (queue-lab has no patterns), then the services, then the rest.
    QCOMPARE(dialog->parameterBox(0)->itemText(0), QStringLiteral("workload[0].rate=25,37,50,62"));
    QVERIFY(dialog->parameterBox(0)->findText(QStringLiteral("services[0].workers=1,2,3,4")) <
            dialog->parameterBox(0)->findText(QStringLiteral("duration"), Qt::MatchStartsWith));
    // The second parameter may be left out (its first entry is empty).
    QCOMPARE(dialog->parameterBox(1)->itemText(0), QString());
    // The scenario's expect metrics come first.
    QCOMPARE(dialog->metricsList()->item(0)->text(),
             QStringLiteral("operations.request:mm1-half.latency_ms.mean"));
    QCOMPARE(StudyChoices::valuesAround(nlohmann::ordered_json(0.2)),
             QStringLiteral("0,0.1,0.2,0.4"));
    QCOMPARE(StudyChoices::valuesAround(nlohmann::ordered_json(2)), QStringLiteral("1,2,3,4"));
    QCOMPARE(StudyChoices::valuesAround(nlohmann::ordered_json("100ms")),
             QStringLiteral("50ms,100ms,200ms,500ms"));
    QCOMPARE(StudyChoices::valuesAround(nlohmann::ordered_json(true)),
             QStringLiteral("false,true"));
    QCOMPARE(StudyChoices::valuesAround(nlohmann::ordered_json("poisson")), QString());
}

void TestGuiStudy::fieldsMakeTheSweepSpec()
{
    MainWindow window;
    StudyDialog *dialog = prepareStudy(window, QStringLiteral("20..60:20"));
    dialog->parameterBox(1)->setEditText(QStringLiteral("services[1].workers=1,2"));
    QString why;
    std::string text;
    const std::optional<SweepSpec> spec = dialog->spec(&why, &text);
    QVERIFY2(spec, qPrintable(why));
    QCOMPARE(spec->parameters.size(), std::size_t(2));
    QCOMPARE(spec->parameters[0].path, std::string("workload[0].rate"));
    QCOMPARE(spec->parameters[0].values, (std::vector<std::string>{"20", "40", "60"}));
    QCOMPARE(spec->parameters[1].values, (std::vector<std::string>{"1", "2"}));
    QCOMPARE(spec->seeds, std::size_t(2));
    QCOMPARE(spec->baseSeed, std::uint64_t(42)); // queue-lab's seed
    QCOMPARE(spec->overrides, (std::vector<std::string>{"duration=5s", "narrative=[]"}));
    QCOMPARE(spec->metrics, std::vector<std::string>{kLatency});
    QCOMPARE(spec->file, std::string(DPLAB_SOURCE_DIR "/scenarios/queue-lab.json"));
    QCOMPARE(spec->runCount(), std::size_t(12));
    // The text is the open scenario's file, unchanged.
    QFile file(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/queue-lab.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QByteArray::fromStdString(text), file.readAll());
}

void TestGuiStudy::badFieldsAreShownNotRun()
{
    MainWindow window;
    StudyDialog *dialog = prepareStudy(window, QStringLiteral("20..x:20"));
    QVERIFY(!dialog->startStudy());
    QVERIFY2(dialog->message().startsWith(
                 QStringLiteral("Parameter 1: workload[0].rate: a range is A..B:STEP")),
             qPrintable(dialog->message()));
    QVERIFY(!dialog->runner()->running());
    // A value the scenario loader refuses: the loader's message, naming the point's path.
    dialog->parameterBox(0)->setEditText(QStringLiteral("workload[0].rate=20,-5"));
    QVERIFY(!dialog->startStudy());
    QVERIFY2(dialog->message().contains(QStringLiteral("workload[0].rate")),
             qPrintable(dialog->message()));
    dialog->parameterBox(0)->setEditText(QStringLiteral("workload[0].rate=20"));
    dialog->setMetrics({});
    QVERIFY(!dialog->startStudy());
    QCOMPARE(dialog->message(), QStringLiteral("Tick at least one metric."));
    dialog->setMetrics({QString::fromLatin1(kLatency)});
    dialog->setEdit()->setText(QStringLiteral("duration"));
    QVERIFY(!dialog->startStudy());
    QVERIFY2(dialog->message().startsWith(QStringLiteral("Also set duration: ")),
             qPrintable(dialog->message()));
}

void TestGuiStudy::runEqualsTheEngine()
{
    MainWindow window;
    StudyDialog *dialog = prepareStudy(window, QStringLiteral("20,40,60"));
    QVERIFY(runToEnd(dialog));
    const SweepTable &table = *dialog->runner()->table();
    QCOMPARE(dialog->runner()->done(), std::size_t(6));
    QVERIFY(dialog->saveButton()->isEnabled());

    // The engine called directly (as dplab-cli sweep does) on one thread.
    QString why;
    std::string text;
    const SweepSpec spec = *dialog->spec(&why, &text);
    std::vector<LoadError> errors;
    const ScenarioInput input;
    auto runner = SweepRunner::prepare(input, spec, &errors, &text);
    QVERIFY(runner);
    SweepTable direct(spec);
    std::vector<std::size_t> runs(spec.runCount());
    std::iota(runs.begin(), runs.end(), std::size_t{0});
    runner->run(direct, runs, 1);
    std::ostringstream expected, got;
    direct.writePointsCsv(expected);
    table.writePointsCsv(got);
    QCOMPARE(got.str(), expected.str());
    // Three different means: the rate matters (a study that ran one point thrice would not).
    QVERIFY(table.statistics(0, 0).mean < table.statistics(2, 0).mean);

    // Save... writes the CLI's files: points.csv byte for byte, and a chart per metric.
    QTemporaryDir dir;
    QCOMPARE(dialog->saveTo(dir.path()), QString());
    QFile points(dir.filePath(QStringLiteral("points.csv")));
    QVERIFY(points.open(QIODevice::ReadOnly));
    QCOMPARE(points.readAll().toStdString(), expected.str());
    const QString stem = QString::fromStdString(SweepTable::chartStem(kLatency));
    QVERIFY(QFile::exists(dir.filePath(stem + QStringLiteral(".png"))));
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("report.md"))));

    // The results: a chart with one line of three markers, and a row per point.
    SweepChart *chart = dialog->chart(0);
    QVERIFY(chart);
    QCOMPARE(chart->meanSeries().size(), std::size_t(1));
    QCOMPARE(chart->meanSeries()[0]->count(), 3);
    QCOMPARE(chart->meanSeries()[0]->at(1).x(), 40.0);
    QCOMPARE(chart->meanSeries()[0]->at(1).y(), table.statistics(1, 0).mean);
    QCOMPARE(dialog->results()->count(), 2); // the chart and the points
    QCOMPARE(dialog->pointsTable()->rowCount(), 3);
    QCOMPARE(dialog->pointsTable()->item(2, 0)->text(), QStringLiteral("60"));
}

void TestGuiStudy::cancelStopsEarlyAndTheWindowStaysLive()
{
    MainWindow window;
    // 40 runs of 60 s on one thread: several seconds of work.
    StudyDialog *dialog =
        prepareStudy(window, QStringLiteral("10..200:10"), QStringLiteral("60s"), 1);
    QSignalSpy finished(dialog->runner(), &StudyRunner::finished);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(dialog->startStudy());
    QVERIFY(clock.elapsed() < 2000); // Run returns at once: the runs are on other threads
    QVERIFY(dialog->runner()->running());
    QVERIFY(!dialog->runButton()->isEnabled());
    QVERIFY(dialog->cancelButton()->isEnabled());
    // The GUI thread keeps serving events while the study runs.
    int ticks = 0;
    QTimer timer;
    connect(&timer, &QTimer::timeout, [&ticks] { ++ticks; });
    timer.start(10);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->runner()->done() >= 1, 30000);
    QVERIFY(ticks > 0);
    window.document()->step(); // the main window's document is live too
    clock.restart();
    dialog->cancelButton()->click();
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.front().at(0).toBool(), false); // not complete
    QCOMPARE(finished.front().at(1).toString(), QString());
    QVERIFY(dialog->runner()->done() < dialog->runner()->total());
    QCOMPARE(dialog->runner()->total(), std::size_t(40));
    QVERIFY(dialog->progressLabel()->text().startsWith(QStringLiteral("Cancelled after")));
    QVERIFY(dialog->runButton()->isEnabled());
    QVERIFY(!dialog->saveButton()->isEnabled());
    QString error;
    QVERIFY(!dialog->openPoint(0, &error));
}

void TestGuiStudy::clickingAPointOpensItsRun()
{
    MainWindow window;
    StudyDialog *dialog = prepareStudy(window, QStringLiteral("20,40,60"));
    QVERIFY(runToEnd(dialog));
    SimulationDocument *doc = window.document();
    QCOMPARE(doc->scenario().workload[0].rate, 50.0);
    // Somewhere in the run: the point's run starts at t = 0 all the same.
    doc->advanceTo(2 * kSecond);
    QVERIFY(doc->now() > 0);
    const int commands = doc->undoStack()->count();

    // A row of the points table.
    QTableWidget *table = dialog->pointsTable();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                      table->visualRect(table->model()->index(2, 0)).center());
    QCOMPARE(doc->scenario().workload[0].rate, 60.0);
    QCOMPARE(doc->scenario().seed, std::uint64_t(42));        // the first seed
    QCOMPARE(doc->scenario().duration, SimTime(5 * kSecond)); // the study's --set
    QCOMPARE(doc->now(), SimTime(0));
    QCOMPARE(doc->undoStack()->count(), commands + 1);
    QCOMPARE(doc->undoStack()->undoText(), QStringLiteral("open study point workload[0].rate=60"));

    // A marker of the chart (a click near x = 40).
    SweepChart *chart = dialog->chart(0);
    emit chart->meanSeries()[0]->clicked(QPointF(41, 0));
    QCOMPARE(doc->scenario().workload[0].rate, 40.0);

    // Undo brings back the scenario as it was.
    doc->undoStack()->undo();
    QCOMPARE(doc->scenario().workload[0].rate, 60.0);
    doc->undoStack()->undo();
    QCOMPARE(doc->scenario().workload[0].rate, 50.0);
    QCOMPARE(doc->now(), SimTime(2 * kSecond));
}

QTEST_MAIN(TestGuiStudy)
#include "tst_guistudy.moc"
