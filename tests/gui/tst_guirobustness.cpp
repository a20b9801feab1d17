// The whole app under offscreen: every lesson and every bad fixture through the main window's
// open path; play, step back, fork, export; not one Qt warning (model checks, failed connects)
// along the way. And saves that fail midway leave the old file as it was.

#include "app/export/outputfiles.h"
#include "app/gui/canvas/canvasview.h"
#include "app/gui/charts/chartspanel.h"
#include "app/gui/exportactions.h"
#include "app/gui/inspector/inspectorpanel.h"
#include "app/gui/inspector/queryresultmodel.h"
#include "app/gui/inspector/sqlconsole.h"
#include "app/gui/mainwindow.h"
#include "app/gui/playback.h"
#include "app/gui/simulationdocument.h"
#include "app/gui/timeline/timelinepanels.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <csignal>
#include <sys/resource.h>
#include <unistd.h>

using namespace dplab;

namespace {

QStringList g_warnings;
QtMessageHandler g_previous = nullptr;

void collectWarnings(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    // The offscreen platform plugin's own notice about window size hints says nothing of us.
    const bool platformNoise =
        message == QLatin1String("This plugin does not support propagateSizeHints()");
    if (platformNoise)
        return;
    if (type == QtWarningMsg || type == QtCriticalMsg || type == QtFatalMsg)
        g_warnings << message;
    if (g_previous)
        g_previous(type, context, message);
}

QStringList filesIn(const QString &dir, const QString &pattern)
{
    QStringList out;
    for (const QString &f : QDir(dir).entryList({pattern}, QDir::Files, QDir::Name))
        out << dir + "/" + f;
    return out;
}

QStringList lessons()
{
    QStringList out =
        filesIn(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios"), QStringLiteral("*.json"));
    out.removeIf([](const QString &f) { return f.endsWith(QStringLiteral("/schema.json")); });
    return out;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// Lowers the largest file this process may write (RLIMIT_FSIZE) for its lifetime: a write past
/// it fails with EFBIG, as on a full disk, and works the same for root (unlike permissions).
class FileSizeLimit
{
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        ::getrlimit(RLIMIT_FSIZE, &m_old);
        m_oldHandler = std::signal(SIGXFSZ, SIG_IGN); // or the write kills the process
        rlimit lower = m_old;
        lower.rlim_cur = bytes;
        m_ok = ::setrlimit(RLIMIT_FSIZE, &lower) == 0;
    }
    ~FileSizeLimit()
    {
        ::setrlimit(RLIMIT_FSIZE, &m_old);
        std::signal(SIGXFSZ, m_oldHandler);
    }
    bool ok() const { return m_ok; }

private:
    rlimit m_old{};
    void (*m_oldHandler)(int) = nullptr;
    bool m_ok = false;
};

} // namespace

/** Robustness of the whole window over every lesson and bad file, and of saving. */
class TestGuiRobustness : public QObject
{
    Q_OBJECT

public:
    TestGuiRobustness() { Q_INIT_RESOURCE(dplab); }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("dplab-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_guirobustness"));
        QSettings().clear();
        QSettings().setValue("lessonBrowserShown", true);
        g_previous = qInstallMessageHandler(collectWarnings);
    }
    void cleanupTestCase() { qInstallMessageHandler(g_previous); }
    void init() { g_warnings.clear(); }
    void cleanup() { QVERIFY2(g_warnings.isEmpty(), qPrintable(g_warnings.join('\n'))); }

    void everyLessonPlaysStepsBackForksAndExports_data();
    void everyLessonPlaysStepsBackForksAndExports();
    void everyBadFixtureIsRefusedAndTheLessonStays_data();
    void everyBadFixtureIsRefusedAndTheLessonStays();
    void interruptedSaveKeepsTheOldFile();
    void saveIntoAReadOnlyFolderKeepsTheOldFile();
    void sqlConsoleCannotWriteOrEscape_data();
    void sqlConsoleCannotWriteOrEscape();
    void sqlConsoleStopsAnEndlessQuery();
};

void TestGuiRobustness::everyLessonPlaysStepsBackForksAndExports_data()
{
    QTest::addColumn<QString>("file");
    for (const QString &f : lessons())
        QTest::newRow(qPrintable(QFileInfo(f).baseName())) << f;
}

void TestGuiRobustness::everyLessonPlaysStepsBackForksAndExports()
{
    QFETCH(QString, file);
    MainWindow w;
    QStringList errors;
    w.setErrorHandler(
        [&](const QString &title, const QString &text) { errors << title + ": " + text; });
    w.resize(1400, 900);
    w.show();
    QVERIFY(w.openFile(file));
    SimulationDocument *doc = w.document();

    // Play a bounded slice through the window's own playback (narration pauses included).
    const SimTime until = std::min<SimTime>(3 * kSecond, doc->endTime());
    w.playback()->setSpeed(Playback::kMaxSpeed);
    w.playback()->play();
    for (int frame = 0; frame < 2000 && doc->now() < until; ++frame) {
        if (!w.playback()->isPlaying())
            w.playback()->play(); // past a "predict" caption
        w.playback()->frame();
    }
    w.playback()->pause();
    QCoreApplication::processEvents();
    QVERIFY2(doc->now() >= until, qPrintable(QString::number(doc->now())));

    // Step back a few events (the databases too), then jump back a second.
    const std::size_t before = doc->playhead();
    for (int i = 0; i < 5; ++i)
        QVERIFY(doc->stepBack());
    QCOMPARE(doc->playhead(), before - 5);
    QVERIFY(doc->seekTime(doc->now() - kSecond));
    QVERIFY(!doc->atPresent());
    QCoreApplication::processEvents();

    // Fork: crash a service in the past, then play on a little.
    FaultSpec crash;
    crash.kind = FaultSpec::Kind::Crash;
    crash.service = doc->scenario().services.back().name;
    crash.duration = 200 * kMillisecond;
    QCOMPARE(doc->injectFault(crash), QString());
    QVERIFY(doc->atPresent());
    doc->advanceTo(doc->now() + 500 * kMillisecond);
    QCoreApplication::processEvents();
    QVERIFY(doc->undoStack()->canUndo());

    // Exports, as the File menu writes them.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ExportActions exports(doc, w.canvas(), w.timelinePanels()->sequence(), &w);
    QCOMPARE(exports.exportTrace(dir.filePath("trace.jsonl")), QString());
    QCOMPARE(exports.exportCanvas(dir.filePath("canvas.png")), QString());
    QCOMPARE(exports.exportMermaid(dir.filePath("sequence.mmd")), QString());
    QStringList charts;
    QCOMPARE(w.chartsPanel()->exportCurrent(dir.path(), &charts), QString());
    QVERIFY(!charts.isEmpty());
    for (const char *name : {"trace.jsonl", "canvas.png", "sequence.mmd"})
        QVERIFY2(QFileInfo(dir.filePath(QString::fromLatin1(name))).size() > 0, name);
    QVERIFY(QImage(dir.filePath("canvas.png")).width() > 100);

    // Undo the fork and reset: back to a consistent run.
    doc->undoStack()->undo();
    w.resetRun();
    QCoreApplication::processEvents();
    QCOMPARE(doc->now(), SimTime(0));
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join('\n')));
}

void TestGuiRobustness::everyBadFixtureIsRefusedAndTheLessonStays_data()
{
    QTest::addColumn<QString>("file");
    const QStringList bad =
        filesIn(QStringLiteral(DPLAB_TEST_DATA "/bad"), QStringLiteral("*.json"));
    for (const QString &f : bad)
        QTest::newRow(qPrintable(QFileInfo(f).baseName())) << f;
}

void TestGuiRobustness::everyBadFixtureIsRefusedAndTheLessonStays()
{
    QFETCH(QString, file);
    MainWindow w;
    QStringList errors;
    w.setErrorHandler(
        [&](const QString &title, const QString &text) { errors << title + "\n" + text; });
    w.show();
    QVERIFY(w.openDefaultLesson());
    const QString name = w.document()->scenario().name.c_str();
    w.document()->advanceTo(200 * kMillisecond);
    QVERIFY(!w.openFile(file));
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.front().contains(QFileInfo(file).fileName()), qPrintable(errors.front()));
    // The open lesson stays and still plays.
    QCOMPARE(QString::fromStdString(w.document()->scenario().name), name);
    w.playback()->stepOnce();
    QCoreApplication::processEvents();
    QVERIFY(w.document()->now() > 0);
}

void TestGuiRobustness::interruptedSaveKeepsTheOldFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    SimulationDocument doc;
    QString error;
    QVERIFY(doc.loadFile(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/cqrs-lag.json"), &error));
    doc.advanceTo(kSecond);
    QVERIFY(doc.textToSave(nullptr, &error).size() > 4096);

    const QByteArray old = "{\"the old file\": true}\n";
    const QStringList targets = {dir.filePath("lesson.json"), dir.filePath("run.json"),
                                 dir.filePath("trace.jsonl"), dir.filePath("summary.json")};
    for (const QString &t : targets) {
        QFile f(t);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(old);
    }
    {
        // The disk "fills up" after 1 KiB: every save below fails while writing.
        FileSizeLimit limit(1024);
        QVERIFY(limit.ok());
        error.clear();
        QVERIFY(!doc.saveAs(targets[0], &error));
        QVERIFY2(error.startsWith(targets[0] + ": "), qPrintable(error));
        error.clear();
        QVERIFY(!doc.saveRun(targets[1], &error));
        QVERIFY(!error.isEmpty());
        ExportActions exports(&doc, nullptr, nullptr, nullptr);
        QVERIFY(!exports.exportTrace(targets[2]).isEmpty());
        // The CLI's writer, the same promise.
        const std::string why = writeFileAtomically(
            targets[3].toStdString(), [](std::ostream &out) { out << std::string(100000, 'x'); });
        QVERIFY2(why.starts_with("cannot write "), why.c_str());
    }
    // Each old file whole, byte for byte, and no temporary file left behind.
    for (const QString &t : targets)
        QCOMPARE(readAll(t), old);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name),
             (QStringList{"lesson.json", "run.json", "summary.json", "trace.jsonl"}));
    // The document still knows its own file: the failed save changed nothing.
    QCOMPARE(doc.filePath(),
             QFileInfo(DPLAB_SOURCE_DIR "/scenarios/cqrs-lag.json").absoluteFilePath());
    // And with room again, the same save works.
    QVERIFY(doc.saveAs(targets[0], &error));
    QCOMPARE(readAll(targets[0]), readAll(DPLAB_SOURCE_DIR "/scenarios/cqrs-lag.json"));
}

void TestGuiRobustness::saveIntoAReadOnlyFolderKeepsTheOldFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    SimulationDocument doc;
    QString error;
    QVERIFY(doc.loadFile(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/queue-lab.json"), &error));
    const QString target = dir.filePath("lesson.json");
    const QByteArray old = "old\n";
    {
        QFile f(target);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(old);
    }
    // A folder that cannot take a new file: read-only for a user; root ignores permissions, so
    // then the "folder" is a regular file and the save goes through a path beneath it.
    QString path = target;
    if (::geteuid() == 0) {
        path = target + "/inside.json";
    } else {
        QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::ExeOwner));
    }
    QVERIFY(!doc.saveAs(path, &error));
    QVERIFY2(error.startsWith(path + ": "), qPrintable(error));
    QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QCOMPARE(readAll(target), old);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::System),
             QStringList{"lesson.json"});
}

void TestGuiRobustness::sqlConsoleCannotWriteOrEscape_data()
{
    QTest::addColumn<QString>("sql");
    QTest::newRow("delete") << "DELETE FROM orders";
    QTest::newRow("with delete") << "WITH x AS (SELECT 1) DELETE FROM orders";
    QTest::newRow("attach") << "ATTACH DATABASE '/tmp/dplab-console.db' AS x";
    QTest::newRow("pragma writable_schema =") << "PRAGMA writable_schema = ON";
    QTest::newRow("pragma writable_schema()") << "PRAGMA writable_schema(1)";
    QTest::newRow("pragma query_only()") << "PRAGMA query_only(1)";
    QTest::newRow("pragma foreign_keys()") << "PRAGMA foreign_keys(0)";
    QTest::newRow("load_extension") << "SELECT load_extension('/tmp/evil.so')";
    QTest::newRow("two statements") << "SELECT 1; DROP TABLE orders";
    QTest::newRow("begin") << "BEGIN";
}

void TestGuiRobustness::sqlConsoleCannotWriteOrEscape()
{
    QFETCH(QString, sql);
    SimulationDocument doc;
    QString error;
    QVERIFY(doc.loadFile(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/cqrs-lag.json"), &error));
    doc.advanceTo(2 * kSecond);
    const std::int16_t orders = doc.world().serviceIndex("orders");
    QVERIFY(orders >= 0);
    InspectorPanel panel(&doc);
    panel.selectService(orders);
    SqlConsole *console = panel.console();
    QAbstractItemModelTester tester(console->model(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    const auto query = [&doc, orders](const char *text) { return doc.queryDatabase(orders, text); };
    const SqlValue before = query("SELECT count(*) FROM orders").rows[0][0];
    console->editor()->setText(sql);
    console->run();
    QVERIFY2(console->lastRunFailed(), qPrintable(console->message()));
    QCOMPARE(query("SELECT count(*) FROM orders").rows[0][0], before);
    QCOMPARE(query("PRAGMA foreign_keys").rows[0][0], SqlValue(std::int64_t(1)));
    QCOMPARE(query("PRAGMA query_only").rows[0][0], SqlValue(std::int64_t(0)));
    QCOMPARE(query("PRAGMA writable_schema").rows[0][0], SqlValue(std::int64_t(0)));
    QCOMPARE(query("PRAGMA database_list").rows.size(), std::size_t(1));
    QVERIFY(!QFile::exists(QStringLiteral("/tmp/dplab-console.db")));
    // The simulation still writes to it.
    doc.advanceTo(3 * kSecond);
    QVERIFY(query("SELECT count(*) FROM orders").rows[0][0] != before);
}

void TestGuiRobustness::sqlConsoleStopsAnEndlessQuery()
{
    SimulationDocument doc;
    QString error;
    QVERIFY(doc.loadFile(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/cqrs-lag.json"), &error));
    doc.advanceTo(2 * kSecond);
    const std::int16_t orders = doc.world().serviceIndex("orders");
    InspectorPanel panel(&doc);
    panel.selectService(orders);
    SqlConsole *console = panel.console();
    // A recursive query without an end once froze the window for good.
    console->editor()->setText(QStringLiteral(
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"));
    console->run();
    QVERIFY(console->lastRunFailed());
    QVERIFY2(console->message().contains(QStringLiteral("add a LIMIT")),
             qPrintable(console->message()));
    // The console and the simulation go on.
    console->editor()->setText(QStringLiteral("SELECT count(*) FROM orders"));
    console->run();
    QVERIFY2(!console->lastRunFailed(), qPrintable(console->message()));
    QCOMPARE(console->message(), QStringLiteral("1 row"));
    doc.advanceTo(3 * kSecond);
    QCOMPARE(doc.now(), 3 * kSecond);
}

QTEST_MAIN(TestGuiRobustness)
#include "tst_guirobustness.moc"
