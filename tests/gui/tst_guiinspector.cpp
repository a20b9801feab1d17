// The database inspector: its table model under QAbstractItemModelTester while time moves, and
// the read-only SQL console.
#include "app/gui/inspector/inspectorpanel.h"
#include "app/gui/inspector/queryresultmodel.h"
#include "app/gui/inspector/sqlconsole.h"
#include "app/gui/simulationdocument.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLineEdit>
#include <QtTest>

using namespace dplab;

namespace {

/// One row of values (built without an initializer_list of variants, which makes GCC 12 warn
/// falsely under -O2).
template <typename... Values> std::vector<SqlValue> row(Values... values)
{
    std::vector<SqlValue> out;
    (out.emplace_back(values), ...);
    return out;
}

void openLesson(SimulationDocument &doc)
{
    QString error;
    QVERIFY2(doc.loadFile(QStringLiteral(":/lessons/default.json"), &error), qPrintable(error));
}

} // namespace

class TestGuiInspector : public QObject
{
    Q_OBJECT

public:
    TestGuiInspector() { Q_INIT_RESOURCE(dplab); } // resources of the static dplab_gui library

private slots:
    void tableModelStaysConsistentWhileTimeMoves()
    {
        SimulationDocument doc;
        openLesson(doc);
        InspectorPanel panel(&doc);
        QAbstractItemModelTester tester(panel.tableModel(),
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
        panel.selectService(doc.world().serviceIndex("mm1-half"));
        panel.selectTable(QStringLiteral("requests"));
        QCOMPARE(panel.currentTable(), QStringLiteral("requests"));
        int lastRows = 0;
        for (SimTime t = 100 * kMillisecond; t <= 15 * kSecond; t += 700 * kMillisecond) {
            doc.advanceTo(t);
            panel.refresh();
            const int rows = panel.tableModel()->rowCount();
            QVERIFY(rows >= lastRows);
            QVERIFY(rows <= static_cast<int>(InspectorPanel::kMaxRows));
            lastRows = rows;
        }
        QCOMPARE(lastRows, static_cast<int>(InspectorPanel::kMaxRows)); // ~750 rows, 500 shown
        QVERIFY(panel.rowCountText().contains(QStringLiteral("the last 500")));
        QVERIFY(panel.tableModel()->columns().contains(QStringLiteral("caller")));
        QVERIFY(panel.stateText().contains(QStringLiteral("Utilization")));

        // Another service, a reset and a new world: still consistent.
        panel.selectService(doc.world().serviceIndex("fanout"));
        panel.refresh();
        doc.reset();
        QCOMPARE(panel.tableModel()->rowCount(), 0);
        doc.advanceTo(2 * kSecond);
        panel.refresh();
        QVERIFY(panel.tableModel()->rowCount() > 0);
    }

    void consoleAllowsOnlyReading_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("message");
        QTest::newRow("select") << "SELECT count(*) AS n FROM requests" << true << "1 row";
        QTest::newRow("comment first") << "-- how many?\n select 1;" << true << "1 row";
        QTest::newRow("with") << "WITH x AS (SELECT 1 AS a UNION SELECT 2) SELECT * FROM x" << true
                              << "2 rows";
        QTest::newRow("pragma") << "PRAGMA table_info(requests)" << true << "rows";
        QTest::newRow("delete") << "DELETE FROM requests" << false << "Only reading";
        QTest::newRow("drop") << "  drop table requests" << false << "Only reading";
        QTest::newRow("with delete")
            << "WITH x AS (SELECT 1) DELETE FROM requests" << false << "read-only";
        QTest::newRow("two statements") << "SELECT 1; DELETE FROM requests" << false << "only one";
        QTest::newRow("pragma set") << "PRAGMA user_version = 7" << false << "PRAGMA";
        QTest::newRow("sqlite error") << "SELECT * FROM nowhere" << false << "no such table";
        QTest::newRow("empty") << "   " << false << "Type a query";
    }

    void consoleAllowsOnlyReading()
    {
        QFETCH(QString, sql);
        QFETCH(bool, ok);
        QFETCH(QString, message);
        SimulationDocument doc;
        openLesson(doc);
        doc.advanceTo(2 * kSecond);
        InspectorPanel panel(&doc);
        panel.selectService(0);
        SqlConsole *console = panel.console();
        QAbstractItemModelTester tester(console->model(),
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
        const auto query = [&doc](const char *text) { return doc.queryDatabase(0, text); };
        const auto before = query("SELECT count(*) FROM requests").rows[0][0];
        console->editor()->setText(sql);
        console->run();
        QCOMPARE(!console->lastRunFailed(), ok);
        QVERIFY2(console->message().contains(message), qPrintable(console->message()));
        QCOMPARE(query("SELECT count(*) FROM requests").rows[0][0], before);
        QCOMPARE(query("PRAGMA user_version").rows[0][0], SqlValue(std::int64_t(0)));
    }

    void modelUpdatesRowsInPlace()
    {
        QueryResultModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
        QueryResult r;
        r.columns = {"id", "name"};
        r.rows.push_back(row(std::int64_t(1), std::string("a")));
        r.rows.push_back(row(std::int64_t(2), SqlValue{}));
        model.setResult(r);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        r.rows.push_back(row(std::int64_t(3), 2.5));
        model.setResult(r);
        QCOMPARE(resets.count(), 0); // same columns: no reset, so views keep their scroll
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.data(model.index(1, 1)).toString(), QStringLiteral("NULL"));
        QCOMPARE(model.data(model.index(2, 1)).toDouble(), 2.5);
        r.rows.erase(r.rows.begin());
        model.setResult(r);
        QCOMPARE(model.rowCount(), 2);
        r.columns = {"other"};
        r.rows.clear();
        r.rows.push_back(row(std::int64_t(9)));
        model.setResult(r);
        QCOMPARE(resets.count(), 1);
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("other"));
    }
};

QTEST_MAIN(TestGuiInspector)
#include "tst_guiinspector.moc"
