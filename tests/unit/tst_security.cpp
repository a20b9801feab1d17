// Scenario files come from strangers: hostile names are refused with a position, the limits
// that keep a small file from asking for hours of CPU or gigabytes are enforced, and the one
// way to run SQL text typed by a person (Database::query, behind the inspector's console)
// reads and nothing else.
#include "patterns/module/patterncatalog.h"
#include "patterns/scenarioinput.h"
#include "simulation/scenario/scenarioloader.h"
#include "simulation/world/database.h"

#include <sqlite3.h>

#include <QDir>
#include <QFile>
#include <QStringList>
#include <QTest>

#include <string>

using namespace dplab;

namespace {

/// The loader alone, with this build's pattern modules (the build's rules are tested apart).
const PatternCatalog &loaderCatalog()
{
    static const PatternCatalog modules = PatternCatalog::builtins();
    return modules;
}

QStringList messages(const LoadResult &result)
{
    QStringList out;
    for (const LoadError &e : result.errors)
        out << QString::fromStdString(e.toString());
    return out;
}

LoadResult load(const std::string &text)
{
    return ScenarioLoader(loaderCatalog()).loadText(text, "evil.json");
}

/// A valid file (services on line 5, workload on line 6, faults on line 7) around the parts a
/// test makes hostile.
std::string scenarioText(const std::string &services, const std::string &workload,
                         const std::string &faults = "[]", const std::string &duration = "\"10s\"")
{
    return "{\n  \"dplab\": 1,\n  \"name\": \"x\",\n  \"duration\": " + duration +
           ",\n  \"services\": " + services + ",\n  \"workload\": " + workload +
           ",\n  \"faults\": " + faults + "\n}\n";
}

/// JSON string literal for any bytes (quotes and backslashes escaped).
std::string jsonString(const std::string &s)
{
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string schemaChange(const std::string &table, const std::string &column,
                         const std::string &renameTo)
{
    return R"([{"kind": "schema-change", "service": "a", "at": "1s", "table": )" +
           jsonString(table) + R"(, "column": )" + jsonString(column) + R"(, "rename_to": )" +
           jsonString(renameTo) + "}]";
}

const std::string kOneService = R"([{"name": "a"}])";
const std::string kOneWorkload = R"([{"operation": "request", "target": "a", "rate": 1}])";

} // namespace

class TestSecurity : public QObject
{
    Q_OBJECT

private slots:
    void hostileSqlNamesAreRefused_data();
    void hostileSqlNamesAreRefused();
    void sqlKeywordsAreRefusedAsNewNames();
    void hostileServiceNamesAreRefused_data();
    void hostileServiceNamesAreRefused();
    void databaseFilesStayInTheOutputFolder_data();
    void databaseFilesStayInTheOutputFolder();
    void limits_data();
    void limits();
    void lessonsAreWithinTheLimits();
    void queryOnlyReads_data();
    void queryOnlyReads();
    void queryStillReads();
    void queryStopsAfterItsStepBudget();
};

void TestSecurity::hostileSqlNamesAreRefused_data()
{
    QTest::addColumn<std::string>("name");
    QTest::newRow("drop table") << std::string(R"(x"; DROP TABLE orders; --)");
    QTest::newRow("single quote") << std::string("a'b");
    QTest::newRow("semicolon") << std::string("a;b");
    QTest::newRow("space") << std::string("new qty");
    QTest::newRow("bracket") << std::string("a]");
    QTest::newRow("backtick") << std::string("a`b");
    QTest::newRow("comment") << std::string("a--b");
    QTest::newRow("unicode") << std::string("pr\xc3\xa9"
                                            "cio");
    QTest::newRow("digit first") << std::string("1abc");
    QTest::newRow("empty") << std::string();
    QTest::newRow("65 characters") << std::string(65, 'a');
    QTest::newRow("10000 characters") << std::string(10000, 'a');
}

void TestSecurity::hostileSqlNamesAreRefused()
{
    QFETCH(std::string, name);
    // The same name as table, as column and as the new name: three errors, each with its place.
    const LoadResult r =
        load(scenarioText(kOneService, kOneWorkload, schemaChange(name, name, name)));
    QVERIFY(!r.ok());
    const QStringList got = messages(r);
    QCOMPARE(got.size(), 3);
    const char *keys[] = {"table", "column", "rename_to"};
    for (int i = 0; i < 3; ++i) {
        QVERIFY2(got[i].startsWith(QStringLiteral("evil.json:7:")), qPrintable(got[i]));
        QVERIFY2(
            got[i].contains(QStringLiteral(": faults[0].%1: expected an SQL name").arg(keys[i])),
            qPrintable(got[i]));
    }
    // A name that is fine loads, so the refusals above are about the names alone.
    QVERIFY(load(scenarioText(kOneService, kOneWorkload, schemaChange("stock", "qty", "quantity")))
                .ok());
    QVERIFY(load(scenarioText(kOneService, kOneWorkload,
                              schemaChange("stock", "qty", std::string(64, 'q'))))
                .ok());
}

void TestSecurity::sqlKeywordsAreRefusedAsNewNames()
{
    // "rename_to": "NULL" would turn "SELECT price FROM products" into "SELECT NULL FROM ...".
    for (const char *keyword : {"NULL", "select", "From", "where", "DROP"}) {
        const LoadResult r = load(
            scenarioText(kOneService, kOneWorkload, schemaChange("products", "price", keyword)));
        QVERIFY2(!r.ok(), keyword);
        QCOMPARE(messages(r).size(), 1);
        const QString m = messages(r).front();
        QVERIFY2(m.startsWith(QStringLiteral("evil.json:7:")), qPrintable(m));
        QVERIFY2(m.endsWith(QStringLiteral(": faults[0].rename_to: expected an SQL name, got the "
                                           "SQL keyword \"%1\"")
                                .arg(keyword)),
                 qPrintable(m));
    }
    QVERIFY(
        load(scenarioText(kOneService, kOneWorkload, schemaChange("products", "price", "selected")))
            .ok());
}

void TestSecurity::hostileServiceNamesAreRefused_data()
{
    QTest::addColumn<std::string>("name");
    QTest::newRow("path up") << std::string("../../x");
    QTest::newRow("absolute path") << std::string("/etc/passwd");
    QTest::newRow("slash") << std::string("a/b");
    QTest::newRow("backslash") << std::string("a\\b");
    QTest::newRow("drop table") << std::string(R"(a"; DROP TABLE x; --)");
    QTest::newRow("unicode") << std::string("\xe6\x9c\x8d\xe5\x8a\xa1");
    QTest::newRow("dot") << std::string(".");
    QTest::newRow("65 characters") << std::string(65, 's');
}

void TestSecurity::hostileServiceNamesAreRefused()
{
    QFETCH(std::string, name);
    const std::string services = "[{\"name\": \"a\"}, {\"name\": " + jsonString(name) + "}]";
    const LoadResult r = load(scenarioText(services, kOneWorkload));
    QVERIFY(!r.ok());
    QVERIFY2(messages(r).front().startsWith(
                 QStringLiteral("evil.json:5:40: services[1].name: expected a service name")),
             qPrintable(messages(r).front()));
}

void TestSecurity::databaseFilesStayInTheOutputFolder_data()
{
    QTest::addColumn<std::string>("file");
    QTest::addColumn<bool>("ok");
    QTest::newRow("plain") << std::string("orders.db") << true;
    QTest::newRow("sqlite") << std::string("a-b_c.sqlite") << true;
    QTest::newRow("memory") << std::string(":memory:") << true;
    QTest::newRow("up") << std::string("../orders.db") << false;
    QTest::newRow("up twice") << std::string("../../x.db") << false;
    QTest::newRow("absolute") << std::string("/tmp/x.db") << false;
    QTest::newRow("folder") << std::string("sub/x.db") << false;
    QTest::newRow("backslash") << std::string("..\\x.db") << false;
    QTest::newRow("uri") << std::string("file:x.db?mode=rwc") << false;
    QTest::newRow("dots only") << std::string("...db") << false;
    QTest::newRow("not a database") << std::string("notes.txt") << false;
    QTest::newRow("hidden extension") << std::string(".db") << false;
}

void TestSecurity::databaseFilesStayInTheOutputFolder()
{
    QFETCH(std::string, file);
    QFETCH(bool, ok);
    const std::string services = R"([{"name": "a", "database": )" + jsonString(file) + "}]";
    const LoadResult r = load(scenarioText(services, kOneWorkload));
    QCOMPARE(r.ok(), ok);
    if (!ok)
        QVERIFY2(messages(r).front().contains(QStringLiteral("services[0].database: expected")),
                 qPrintable(messages(r).front()));
}

void TestSecurity::limits_data()
{
    QTest::addColumn<std::string>("text");
    QTest::addColumn<QString>("expected");

    // Each one is a small file that would otherwise cost hours or gigabytes.
    QTest::newRow("1e9 requests per second")
        << scenarioText(kOneService, R"([{"operation": "request", "target": "a", "rate": 1e9}])")
        << "evil.json:6:15: workload: the rates add up to 1e+09 operations per second; the limit "
           "is 100000";
    QTest::newRow("duration of 1e12 s")
        << scenarioText(kOneService, kOneWorkload, "[]", "\"1000000000000s\"")
        << "evil.json:4:15: duration: expected a duration <= 24h, got \"1000000000000s\"";
    QTest::newRow("rate within its limit, for too long")
        << scenarioText(kOneService,
                        R"([{"operation": "request", "target": "a", "rate": 60000}, )"
                        R"({"operation": "request", "target": "a", "rate": 40000}])",
                        "[]", "\"10min\"")
        << "evil.json:6:15: workload: the rates add up to 100000 operations per second, 60000000 "
           "over the duration; the limit is 50000000 (lower a rate or the duration)";
    QTest::newRow("ten zipf tables of 10^6 keys each, plus one")
        << scenarioText(
               kOneService, "[" +
                                [] {
                                    std::string w;
                                    for (int i = 0; i < 11; ++i)
                                        w +=
                                            std::string(i ? ", " : "") +
                                            R"({"operation": "request", "target": "a", "rate": 1, )"
                                            R"("keys": {"dist": "zipf", "n": 1000000}})";
                                    return w;
                                }() +
                                "]")
        << "evil.json:6:15: workload: the zipf key ranges add up to 11000000 keys; the limit is "
           "10000000 over all workloads";
    QTest::newRow("too many expectations") << [] {
        std::string text = scenarioText(kOneService, kOneWorkload);
        std::string expect = ",\n  \"expect\": [";
        for (int i = 0; i < 1001; ++i)
            expect +=
                std::string(i ? ", " : "") + R"({"metric": "events", "op": ">=", "value": 0})";
        return text.insert(text.rfind('\n', text.size() - 3), expect + "]");
    }() << "evil.json:8:13: expect: too many checks: 1001 (the limit is 1000)";
    QTest::newRow("too many links") << [] {
        std::string text = scenarioText(R"([{"name": "a"}, {"name": "b"}])", kOneWorkload);
        std::string links = ",\n  \"network\": {\"links\": [";
        for (int i = 0; i < 10001; ++i)
            links += std::string(i ? ", " : "") + R"({"from": "a", "to": "b"})";
        return text.insert(text.rfind('\n', text.size() - 3), links + "]}");
    }() << "evil.json:8:24: network.links: too many links: 10001 (the limit is 10000)";
}

void TestSecurity::limits()
{
    QFETCH(std::string, text);
    QFETCH(QString, expected);
    const LoadResult r = load(text);
    QVERIFY(!r.ok());
    QCOMPARE(messages(r), QStringList{expected});
}

void TestSecurity::lessonsAreWithinTheLimits()
{
    // The limits must leave room for what the lessons and the long-run check ask for.
    const std::string oneHourAt500 = scenarioText(
        kOneService, R"([{"operation": "request", "target": "a", "rate": 500}])", "[]", "\"1h\"");
    QVERIFY(load(oneHourAt500).ok());
}

void TestSecurity::queryOnlyReads_data()
{
    QTest::addColumn<std::string>("sql");
    QTest::newRow("delete") << std::string("DELETE FROM t");
    QTest::newRow("with delete") << std::string("WITH x AS (SELECT 1) DELETE FROM t");
    QTest::newRow("drop") << std::string("DROP TABLE t");
    QTest::newRow("attach") << std::string("ATTACH DATABASE '" + QDir::tempPath().toStdString() +
                                           "/dplab-attached.db' AS x");
    QTest::newRow("detach") << std::string("DETACH DATABASE main");
    QTest::newRow("begin") << std::string("BEGIN");
    QTest::newRow("savepoint") << std::string("SAVEPOINT s");
    QTest::newRow("writable_schema =") << std::string("PRAGMA writable_schema = ON");
    QTest::newRow("writable_schema()") << std::string("PRAGMA writable_schema(1)");
    QTest::newRow("query_only()") << std::string("PRAGMA query_only(1)");
    QTest::newRow("foreign_keys()") << std::string("PRAGMA foreign_keys(0)");
    QTest::newRow("load_extension") << std::string("SELECT load_extension('/tmp/evil.so')");
    QTest::newRow("second statement") << std::string("SELECT 1; DELETE FROM t");
    QTest::newRow("vacuum into") << std::string("VACUUM INTO '/tmp/dplab-copy.db'");
    QTest::newRow("update schema") << std::string("UPDATE sqlite_master SET sql = 'x'");
}

void TestSecurity::queryOnlyReads()
{
    QFETCH(std::string, sql);
    Database db(":memory:");
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
    db.prepare("INSERT INTO t (v) VALUES ('kept')").run();
    try {
        db.query(sql);
        QFAIL("the statement ran");
    } catch (const DatabaseError &e) {
        // Refused by our checks or by SQLite itself (load_extension, sqlite_master), with the
        // statement quoted.
        const QString why = QString::fromUtf8(e.what());
        QVERIFY2(why.contains(QString::fromStdString(sql)), e.what());
        QVERIFY2(why.contains(QStringLiteral("not a read-only statement")) ||
                     why.contains(QStringLiteral("only one SQL statement")) ||
                     why.contains(QStringLiteral("not authorized")) ||
                     why.contains(QStringLiteral("may not be modified")),
                 e.what());
    }
    // Nothing changed: the row, the connection's settings, the program's own writes.
    const QueryResult rows = db.query("SELECT v FROM t");
    QCOMPARE(rows.rows.size(), std::size_t(1));
    QCOMPARE(std::get<std::string>(rows.rows[0][0]), std::string("kept"));
    QCOMPARE(std::get<std::int64_t>(db.query("PRAGMA foreign_keys").rows[0][0]), std::int64_t(1));
    QCOMPARE(std::get<std::int64_t>(db.query("PRAGMA query_only").rows[0][0]), std::int64_t(0));
    QCOMPARE(db.query("PRAGMA database_list").rows.size(), std::size_t(1));
    db.begin();
    db.prepare("INSERT INTO t (v) VALUES ('after')").run();
    db.commit();
    QCOMPARE(db.query("SELECT COUNT(*) FROM t").rows[0][0], SqlValue(std::int64_t(2)));
    QVERIFY(!QFile::exists(QDir::tempPath() + "/dplab-attached.db"));
}

void TestSecurity::queryStillReads()
{
    Database db(":memory:");
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
    db.prepare("INSERT INTO t (v) VALUES ('a'), ('b')").run();
    QCOMPARE(db.query("SELECT COUNT(*) FROM t").rows[0][0], SqlValue(std::int64_t(2)));
    QCOMPARE(db.query("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5)"
                      " SELECT SUM(x) FROM c")
                 .rows[0][0],
             SqlValue(std::int64_t(15)));
    QCOMPARE(db.query("PRAGMA table_info(t)").rows.size(), std::size_t(2));
    QCOMPARE(db.query("SELECT name FROM pragma_table_info('t') ORDER BY cid").rows.size(),
             std::size_t(2));
    QCOMPARE(db.query("SELECT upper(v) FROM t ORDER BY id").rows[1][0], SqlValue(std::string("B")));
    QCOMPARE(db.query("SELECT COUNT(*) FROM json_each('[1, 2, 3]')").rows[0][0],
             SqlValue(std::int64_t(3)));
    QCOMPARE(db.query("SELECT v FROM t WHERE id = ?1", {std::int64_t(1)}).rows[0][0],
             SqlValue(std::string("a")));
}

void TestSecurity::queryStopsAfterItsStepBudget()
{
    Database db(":memory:");
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
    db.prepare("INSERT INTO t (v) VALUES ('a')").run();
    // Endless: without a budget this would never return.
    const std::string endless =
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";
    try {
        db.query(endless, {}, 10, 5'000'000);
        QFAIL("the endless query returned");
    } catch (const DatabaseError &e) {
        QCOMPARE(e.code(), SQLITE_INTERRUPT);
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("stopped after 5 million")),
                 e.what());
    }
    // The budget is per query and leaves nothing behind: small queries still run, with or
    // without one, and the program's own statements are not interrupted.
    const std::string bounded =
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000) "
        "SELECT sum(x) FROM c";
    QCOMPARE(db.query(bounded, {}, 10, 5'000'000).rows[0][0], SqlValue(std::int64_t(500500)));
    QCOMPARE(db.query("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                      "SELECT x FROM c LIMIT 3")
                 .rows.size(),
             std::size_t(3));
    db.begin();
    db.prepare("INSERT INTO t (v) VALUES ('b')").run();
    db.commit();
    QCOMPARE(db.query("SELECT count(*) FROM t").rows[0][0], SqlValue(std::int64_t(2)));
    // Too small a budget for the work stops a query that would finish: steps are counted.
    QVERIFY_THROWS_EXCEPTION(DatabaseError, db.query(bounded, {}, 10, 1000));
}

QTEST_GUILESS_MAIN(TestSecurity)
#include "tst_security.moc"
