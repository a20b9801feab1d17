// The change recorder that captures every committed transaction in the session changeset format.
#include "tests/support/databasetestsupport.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace dplab;
using namespace dplab::test;

/** Tests of ChangeRecorder: its changesets equal those of a real SQLite session, whichever
 *  path (hook only, or read-back after an undo) produced them. */
class TestChangeRecorder : public QObject
{
    Q_OBJECT

private slots:
    void changesetNetsOutWithinTransaction()
    {
        Database db;
        seedShop(db);
        db.begin();
        db.prepare("INSERT INTO orders VALUES (7, 1, 1.0, 'x')").run();
        db.prepare("DELETE FROM orders WHERE id = 7").run(); // insert+delete: nothing
        db.prepare("UPDATE orders SET status = 'a' WHERE id = 1").run();
        db.prepare("UPDATE orders SET status = 'placed' WHERE id = 1").run(); // back: nothing
        db.prepare("DELETE FROM orders WHERE id = 4").run();
        db.prepare("INSERT INTO orders VALUES (4, 104, 42.0, 'again')").run(); // becomes UPDATE
        db.prepare("UPDATE orders SET id = 50 WHERE id = 5").run(); // key change: DELETE+INSERT
        const Changeset cs = db.commit();
        const std::vector<std::string> expected = {
            "orders DELETE direct | i:5 i:105 r:52.5 t:placed |",
            "orders INSERT direct | | i:50 i:105 r:52.5 t:placed",
            "orders UPDATE direct | i:4 undefined undefined t:placed | undefined undefined "
            "undefined t:again",
        };
        QCOMPARE(joined(describe(cs)), joined(expected));
    }

    void realColumnHoldingIntegersIsNotAChange()
    {
        // REAL affinity stores 10.0 as an integer on disk; an untouched column must not show up.
        Database db;
        db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, price REAL, n INTEGER)");
        db.prepare("INSERT INTO t VALUES (1, 10, 1)").run();
        db.begin();
        db.prepare("UPDATE t SET n = 2 WHERE id = 1").run();
        const Changeset cs = db.commit();
        QCOMPARE(joined(describe(cs)),
                 QString("t UPDATE direct | i:1 undefined i:1 | undefined undefined i:2"));
    }

    void matchesSessionExtension_data()
    {
        QTest::addColumn<int>("seed");
        for (int seed : {1, 2, 3, 4})
            QTest::newRow(qPrintable(QString("seed %1").arg(seed))) << seed;
    }

    void matchesSessionExtension()
    {
        // Differential test: the same random transactions on two databases, one captured by the
        // recorder and one by a real sqlite3_session; both changesets must say the same.
        QFETCH(int, seed);
        const char *schema =
            "CREATE TABLE a (id INTEGER PRIMARY KEY, v INTEGER, r REAL, t TEXT, b BLOB);"
            "CREATE TABLE b (k1 TEXT, k2 INTEGER, v TEXT, PRIMARY KEY (k1, k2)) WITHOUT ROWID;"
            "CREATE TABLE c (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id) ON DELETE"
            " CASCADE, n INTEGER NOT NULL DEFAULT 0);"
            "CREATE TRIGGER a_touch AFTER UPDATE OF v ON a BEGIN"
            " UPDATE c SET n = n + 1 WHERE a_id = new.id; END;";
        Database mine, reference;
        mine.exec(schema);
        reference.exec(schema);
        reference.setCaptureChangesets(false);
        const auto initial = dump(mine);

        Rng rng(static_cast<std::uint64_t>(seed));
        auto pick = [&](int n) {
            return static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(n))) + 1;
        };
        auto value = [&]() -> SqlValue {
            switch (rng.below(5)) {
            case 0:
                return std::monostate{};
            case 1:
                return static_cast<std::int64_t>(pick(5));
            case 2:
                return 0.5 * static_cast<double>(pick(6)); // integers and halves
            default:
                return std::string("s") + std::to_string(pick(4));
            }
        };
        using Params = std::vector<SqlValue>;
        auto both = [&](const std::string &sql, const Params &params) {
            bool threwMine = false, threwReference = false;
            for (Database *db : {&mine, &reference}) {
                try {
                    Statement &s = db->prepare(sql);
                    for (std::size_t i = 0; i < params.size(); ++i)
                        s.bind(static_cast<int>(i + 1), params[i]);
                    s.run();
                } catch (const DatabaseError &) {
                    (db == &mine ? threwMine : threwReference) = true;
                }
            }
            QCOMPARE(threwMine, threwReference);
        };

        std::vector<Changeset> history;
        int nonEmpty = 0;
        for (int tx = 0; tx < 150; ++tx) {
            mine.begin();
            reference.begin();
            sqlite3_session *session = nullptr;
            QCOMPARE(sqlite3session_create(reference.handle(), "main", &session), SQLITE_OK);
            QCOMPARE(sqlite3session_attach(session, nullptr), SQLITE_OK);

            const int ops = static_cast<int>(pick(12));
            for (int op = 0; op < ops; ++op) {
                const auto id = pick(12);
                switch (rng.below(14)) {
                case 0:
                case 1:
                    both("INSERT OR IGNORE INTO a VALUES (?1, ?2, ?3, ?4, ?5)",
                         {id, value(), value(), value(), std::string("\x01\x02", 2)});
                    break;
                case 2:
                    both("INSERT OR REPLACE INTO a (id, v, r) VALUES (?1, ?2, ?3)",
                         {id, value(), value()});
                    break;
                case 3:
                    both("INSERT INTO a (id, v) VALUES (?1, 1)", {id}); // often a UNIQUE failure
                    break;
                case 4:
                case 5:
                    both("UPDATE a SET v = ?2, r = ?3 WHERE id = ?1", {id, value(), value()});
                    break;
                case 6:
                    both("UPDATE a SET t = t WHERE id = ?1", {id});
                    break;
                case 7:
                    both("UPDATE OR IGNORE a SET id = ?2 WHERE id = ?1", {id, pick(12)});
                    break;
                case 8:
                    both("DELETE FROM a WHERE id = ?1", {id});
                    break;
                case 9:
                    both("INSERT OR IGNORE INTO c (id, a_id) VALUES (?1, ?2)", {pick(6), id});
                    break;
                case 10:
                    both("INSERT OR REPLACE INTO b VALUES (?1, ?2, ?3)",
                         {std::string(1, static_cast<char>('p' + pick(3))), pick(3), value()});
                    break;
                case 11:
                    both("DELETE FROM b WHERE k2 = ?1", {pick(3)});
                    break;
                case 12:
                    both("SAVEPOINT sp", {});
                    both("UPDATE a SET v = 77 WHERE id <= ?1", {id});
                    both("DELETE FROM b WHERE k1 = 'q'", {});
                    both("ROLLBACK TO sp", {});
                    both("RELEASE sp", {});
                    break;
                default:
                    if (rng.below(4) == 0)
                        both("DELETE FROM c", {}); // no WHERE: the truncate optimization
                    else
                        both("UPDATE a SET v = v + 1", {}); // fires the trigger: indirect changes
                    break;
                }
            }
            int size = 0;
            void *data = nullptr;
            QCOMPARE(sqlite3session_changeset(session, &size, &data), SQLITE_OK);
            const auto *bytes = static_cast<const unsigned char *>(data);
            const Changeset expected(bytes, bytes + size);
            sqlite3_free(data);
            sqlite3session_delete(session);
            reference.commit();
            const Changeset cs = mine.commit();

            QCOMPARE(joined(describe(cs)), joined(describe(expected)));
            QCOMPARE(cs.size(), expected.size());
            QCOMPARE(joined(dump(mine)), joined(dump(reference)));
            nonEmpty += cs.empty() ? 0 : 1;
            history.push_back(cs);
        }
        QVERIFY(nonEmpty > 100);
        // Undoing every transaction, newest first, returns to the empty schema.
        for (auto it = history.rbegin(); it != history.rend(); ++it)
            mine.applyChangeset(Database::invertChangeset(*it));
        QCOMPARE(joined(dump(mine)), joined(initial));
        for (const auto &cs : history)
            mine.applyChangeset(cs);
        QCOMPARE(joined(dump(mine)), joined(dump(reference)));
    }

    void failedStatementLeavesNoTrace()
    {
        Database db;
        db.exec("CREATE TABLE p (id INTEGER PRIMARY KEY);"
                "CREATE TABLE k (id INTEGER PRIMARY KEY, p INTEGER NOT NULL REFERENCES p(id));");
        db.prepare("INSERT INTO p VALUES (1)").run();
        db.begin();
        db.prepare("INSERT INTO k VALUES (1, 1)").run();
        // The first row is written (and seen by the hook) before the second fails the FK check.
        QVERIFY_THROWS_EXCEPTION(DatabaseError,
                                 db.prepare("INSERT INTO k VALUES (2, 1), (3, 99)").run());
        db.prepare("SAVEPOINT s").run();
        db.prepare("INSERT INTO k VALUES (4, 1)").run();
        db.prepare("ROLLBACK TO s").run();
        db.prepare("RELEASE s").run();
        const Changeset cs = db.commit();
        QCOMPARE(joined(describe(cs)), QString("k INSERT direct | | i:1 i:1"));
    }

    void recorderMatchesSession_data()
    {
        QTest::addColumn<int>("seed");
        QTest::addColumn<QString>("encoding");
        for (const char *encoding : {"UTF-8", "UTF-16le"})
            for (int seed : {11, 12, 13})
                QTest::newRow(qPrintable(QString("%1 seed %2").arg(encoding).arg(seed)))
                    << seed << QString(encoding);
    }

    void recorderMatchesSession()
    {
        // Differential test of ChangeRecorder alone, on cached statements as a service runs them,
        // so that most transactions are captured from the hook and the rest (rollbacks, failed
        // statements, nested statements, blob writes, DDL) are read back. Rows are touched many
        // times per transaction: insert then update or delete, key changes, upserts, cascades.
        QFETCH(int, seed);
        QFETCH(QString, encoding);
        const std::string schema =
            "CREATE TABLE a (id INTEGER PRIMARY KEY, v INTEGER, r REAL, t TEXT, b BLOB);"
            "CREATE TABLE w (v TEXT, r REAL, k TEXT NOT NULL, n INTEGER, PRIMARY KEY (n, k))"
            " WITHOUT ROWID;"
            "CREATE TABLE c (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id) ON DELETE"
            " CASCADE ON UPDATE CASCADE, n INTEGER NOT NULL DEFAULT 0 CHECK (n < 3));"
            "CREATE TABLE s (name TEXT PRIMARY KEY, score REAL NOT NULL DEFAULT 0);"
            "CREATE TRIGGER a_touch AFTER UPDATE OF v ON a BEGIN"
            " UPDATE c SET n = n + 1 WHERE a_id = new.id; END;"
            "CREATE TRIGGER s_log AFTER INSERT ON s BEGIN"
            " INSERT OR REPLACE INTO w VALUES ('trig', new.score, new.name, 0); END;";
        RawDb mine, reference;
        for (RawDb *db : {&mine, &reference}) {
            QCOMPARE(db->exec("PRAGMA encoding = '" + encoding.toStdString() + "'"), SQLITE_OK);
            QCOMPARE(db->exec(schema), SQLITE_OK);
            sqlite3_create_function(db->handle(), "side_insert", 1, SQLITE_UTF8, nullptr,
                                    sideInsert, nullptr, nullptr);
        }
        ChangeRecorder recorder(mine.handle());

        Rng rng(static_cast<std::uint64_t>(seed));
        auto pick = [&](int n) {
            return static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(n))) + 1;
        };
        auto value = [&]() -> SqlValue {
            switch (rng.below(5)) {
            case 0:
                return std::monostate{};
            case 1:
                return pick(5);
            case 2:
                return 0.5 * static_cast<double>(pick(6));
            default:
                return std::string("s") + std::to_string(pick(4));
            }
        };
        using Params = std::vector<SqlValue>;
        auto both = [&](const std::string &sql, const Params &params, bool firstRowOnly = false) {
            QCOMPARE(mine.run(sql, params, firstRowOnly), reference.run(sql, params, firstRowOnly));
        };
        auto key = [&] { return std::string(1, static_cast<char>('p' + pick(3))); };
        std::function<void(bool)> operation = [&](bool inSavepoint) {
            const auto id = pick(10);
            switch (rng.below(inSavepoint ? 18 : 21)) {
            case 0:
            case 1:
                both("INSERT OR IGNORE INTO a VALUES (?1, ?2, ?3, ?4, x'0102')",
                     {id, value(), value(), value()});
                break;
            case 2:
                both("INSERT OR REPLACE INTO a (id, v, r) VALUES (?1, ?2, ?3)",
                     {id, value(), value()});
                break;
            case 3:
                both("INSERT INTO a (id, v) VALUES (?1, 1), (?2, 2)", {id, pick(10)});
                break;
            case 4:
            case 5:
                both("UPDATE a SET v = ?2, r = ?3 WHERE id = ?1", {id, value(), value()});
                break;
            case 6:
                both("UPDATE OR IGNORE a SET id = ?2 WHERE id = ?1", {id, pick(10)});
                break;
            case 7:
                both("DELETE FROM a WHERE id = ?1", {id});
                break;
            case 8:
                both("INSERT OR IGNORE INTO c (id, a_id) VALUES (?1, ?2)", {pick(6), id});
                break;
            case 9:
                both("INSERT INTO w VALUES (?1, ?2, ?3, ?4) ON CONFLICT (n, k) DO UPDATE SET"
                     " v = excluded.v, r = w.r + 1",
                     {value(), value(), key(), pick(3)});
                break;
            case 10:
                both("UPDATE w SET n = n + 1 WHERE k = ?1", {key()});
                break;
            case 11:
                both("DELETE FROM w WHERE n = ?1", {pick(3)});
                break;
            case 12:
                both("INSERT INTO s VALUES (?1, ?2) ON CONFLICT DO NOTHING", {key(), pick(4)});
                break;
            case 13:
                both("UPDATE OR FAIL c SET n = n + 1 WHERE id >= ?1", {pick(6)});
                break;
            case 14:
                both("UPDATE a SET v = v + 1 WHERE id >= ?1", {id}); // trigger, maybe CHECK failure
                break;
            case 15:
                both("INSERT INTO a (id, v) VALUES (?1, side_insert(?3)), (?2, 2)",
                     {id, pick(10), key()}); // a nested statement, undone when row 2 fails
                break;
            case 16:
                both("INSERT OR REPLACE INTO s VALUES (?1, ?2), (?3, ?2) RETURNING name",
                     {key(), pick(4), key()}, true); // reset after the first row
                break;
            case 17: {
                int rc[2] = {};
                for (RawDb *db : {&mine, &reference}) {
                    sqlite3_blob *blob = nullptr;
                    int r = sqlite3_blob_open(db->handle(), "main", "a", "b", id, 1, &blob);
                    if (r == SQLITE_OK)
                        r = sqlite3_blob_write(blob, "\x07", 1, 0);
                    sqlite3_blob_close(blob);
                    rc[db == &mine ? 0 : 1] = r;
                }
                QCOMPARE(rc[0], rc[1]);
                break;
            }
            case 18:
                both("CREATE TABLE IF NOT EXISTS extra (id INTEGER PRIMARY KEY, v)", {});
                both("INSERT OR REPLACE INTO extra VALUES (?1, ?2)", {id, value()});
                break;
            default: {
                both("SAVEPOINT sp", {});
                const int n = static_cast<int>(pick(3));
                for (int i = 0; i < n; ++i)
                    operation(true);
                if (rng.below(2) == 0)
                    both(rng.below(2) ? "ROLLBACK TO sp" : "/* undo */ rollback  to sp", {});
                both("RELEASE sp", {});
                break;
            }
            }
        };

        int nonEmpty = 0;
        for (int tx = 0; tx < 300; ++tx) {
            QCOMPARE(mine.exec("BEGIN"), SQLITE_OK);
            recorder.start();
            QCOMPARE(reference.exec("BEGIN"), SQLITE_OK);
            sqlite3_session *session = nullptr;
            QCOMPARE(sqlite3session_create(reference.handle(), "main", &session), SQLITE_OK);
            QCOMPARE(sqlite3session_attach(session, nullptr), SQLITE_OK);
            const int ops = static_cast<int>(pick(6));
            for (int op = 0; op < ops; ++op)
                operation(false);

            int size = 0;
            void *data = nullptr;
            QCOMPARE(sqlite3session_changeset(session, &size, &data), SQLITE_OK);
            const auto *bytes = static_cast<const unsigned char *>(data);
            const Changeset expected(bytes, bytes + size);
            sqlite3_free(data);
            sqlite3session_delete(session);
            const Changeset cs = recorder.changeset();
            std::vector<unsigned char> into(3, 0xff);
            recorder.changesetInto(into);
            QCOMPARE(into, cs);
            QCOMPARE(mine.exec("COMMIT"), SQLITE_OK);
            QCOMPARE(reference.exec("COMMIT"), SQLITE_OK);
            recorder.stop();

            const QString diff = changesetDiff(cs, expected);
            QVERIFY2(diff.isEmpty(), qPrintable(QString("transaction %1:\n%2").arg(tx).arg(diff)));
            QCOMPARE(cs.size(), expected.size());
            QCOMPARE(joined(rawDump(mine.handle())), joined(rawDump(reference.handle())));
            nonEmpty += cs.empty() ? 0 : 1;
        }
        // Both ways of capturing were exercised.
        const auto readBacks = static_cast<int>(recorder.readBackCount());
        QVERIFY2(readBacks >= 100, qPrintable(QString::number(readBacks)));
        QVERIFY2(nonEmpty - readBacks >= 60, qPrintable(QString::number(nonEmpty - readBacks)));
    }

    void recorderTakesRowsFromTheHook()
    {
        // Rows touched several times in one transaction, with no rollback: nothing is read back.
        RawDb db;
        db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, r REAL);"
                "INSERT INTO t VALUES (1, 'a', 1), (2, 'b', 2.5)");
        ChangeRecorder recorder(db.handle());
        db.exec("BEGIN");
        recorder.start();
        const std::string insert = "INSERT INTO t VALUES (?1, ?2, ?3)";
        const std::string setV = "UPDATE t SET v = ?2 WHERE id = ?1";
        const std::string setId = "UPDATE t SET id = ?2 WHERE id = ?1";
        QCOMPARE(db.run(insert, {std::int64_t(3), "c", std::int64_t(3)}), SQLITE_OK);
        QCOMPARE(db.run(setV, {std::int64_t(3), "c2"}), SQLITE_OK); // insert, update: INSERT
        QCOMPARE(db.run(insert, {std::int64_t(4), "d", 4.5}), SQLITE_OK);
        QCOMPARE(db.run("DELETE FROM t WHERE id = ?1", {std::int64_t(4)}), SQLITE_OK); // nothing
        QCOMPARE(db.run(setV, {std::int64_t(1), "a2"}), SQLITE_OK);
        QCOMPARE(db.run("UPDATE t SET r = ?2 WHERE id = ?1", {std::int64_t(1), std::int64_t(5)}),
                 SQLITE_OK); // two updates: one UPDATE; 5 in a REAL column is 5.0
        QCOMPARE(db.run(setId, {std::int64_t(2), std::int64_t(20)}), SQLITE_OK);
        QCOMPARE(db.run(setId, {std::int64_t(20), std::int64_t(2)}), SQLITE_OK);    // and back
        QCOMPARE(db.run(insert, {std::int64_t(1), "dup", 0.0}), SQLITE_CONSTRAINT); // no change
        const Changeset cs = recorder.changeset();
        db.exec("COMMIT");
        recorder.stop();
        QCOMPARE(recorder.readBackCount(), std::uint64_t(0));
        const std::vector<std::string> expected = {
            "t INSERT direct | | i:3 t:c2 r:3",
            "t UPDATE direct | i:1 t:a r:1 | undefined t:a2 r:5",
        };
        QCOMPARE(joined(describe(cs)), joined(expected));
    }

    void recorderReadsBackAfterUndo_data()
    {
        // Statements run one by one, each may fail; then the changes and whether rows were read
        // back (only when something may have undone a change the hook reported).
        QTest::addColumn<QStringList>("statements");
        QTest::addColumn<QString>("changes");
        QTest::addColumn<bool>("readBack");
        const QString five = "t INSERT direct | | i:5 t:e r:5";
        const QString insert = "INSERT INTO t VALUES (5, 'e', 5)";
        QTest::newRow("plain") << QStringList{insert} << five << false;
        QTest::newRow("failure before any change")
            << QStringList{"INSERT INTO t VALUES (1, 'dup', 1)", insert} << five << false;
        QTest::newRow("OR FAIL keeps its rows")
            << QStringList{"INSERT OR FAIL INTO t VALUES (5, 'e', 5), (1, 'dup', 1)"} << five
            << false;
        QTest::newRow("failed statement")
            << QStringList{"INSERT INTO t VALUES (5, 'e', 5), (1, 'dup', 1)"} << QString() << true;
        QTest::newRow("failed in a trigger")
            << QStringList{"UPDATE t SET v = 'boom' WHERE id = 1"} << QString() << true;
        QTest::newRow("rollback to")
            << QStringList{"SAVEPOINT x", insert, "ROLLBACK TO x", "RELEASE x"} << QString()
            << true;
        QTest::newRow("rollback to, lower case after comments")
            << QStringList{insert, "SAVEPOINT x", "UPDATE t SET v = 'f'",
                           " -- undo\n /* it */ rollback  to x", "RELEASE x"}
            << five << true;
        QTest::newRow("nested statement")
            << QStringList{"INSERT INTO t VALUES (5, side_insert('n'), 5), (1, 'dup', 1)"}
            << QString() << true;
        QTest::newRow("DDL") << QStringList{"CREATE TABLE u (id INTEGER PRIMARY KEY)",
                                            "INSERT INTO u VALUES (1)"}
                             << "u INSERT direct | | i:1" << true;
    }

    void recorderReadsBackAfterUndo()
    {
        QFETCH(QStringList, statements);
        QFETCH(QString, changes);
        QFETCH(bool, readBack);
        RawDb db;
        db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, r REAL);"
                "CREATE TABLE s (name TEXT PRIMARY KEY); INSERT INTO t VALUES (1, 'a', 1);"
                "CREATE TABLE l (v TEXT PRIMARY KEY CHECK (v <> 'boom'));"
                "CREATE TRIGGER t_log AFTER UPDATE ON t BEGIN INSERT INTO s VALUES (new.v);"
                " INSERT INTO l VALUES (new.v); END");
        sqlite3_create_function(db.handle(), "side_insert", 1, SQLITE_UTF8, nullptr, sideInsert,
                                nullptr, nullptr);
        ChangeRecorder recorder(db.handle());
        db.exec("BEGIN");
        recorder.start();
        for (const QString &sql : statements)
            db.run(sql.toStdString());
        const Changeset cs = recorder.changeset();
        db.exec("COMMIT");
        recorder.stop();
        QCOMPARE(joined(describe(cs)), changes);
        QCOMPARE(recorder.readBackCount(), std::uint64_t(readBack ? 1 : 0));
    }

    void recorderFollowsSchemaChanges()
    {
        // The recorder caches table layouts; a schema changed by this or another connection
        // between transactions must be noticed (the cached INSERT is re-prepared, not reloaded).
        const QByteArray path = QDir::temp().filePath("dplab_tst_recorder.sqlite").toUtf8();
        QFile::remove(path);
        {
            RawDb a(path.toStdString()), b(path.toStdString());
            QCOMPARE(a.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"), SQLITE_OK);
            ChangeRecorder recorder(a.handle());
            auto capture = [&](std::int64_t id, const char *v) {
                a.exec("BEGIN");
                recorder.start();
                const int rc = a.run("INSERT INTO t (id, v) VALUES (?1, ?2)", {id, v});
                const QString changes = rc == SQLITE_OK ? joined(describe(recorder.changeset()))
                                                        : QString("error %1").arg(rc);
                a.exec("COMMIT");
                recorder.stop();
                return changes;
            };
            QCOMPARE(capture(1, "x"), QString("t INSERT direct | | i:1 t:x"));
            QCOMPARE(b.exec("ALTER TABLE t ADD COLUMN w INTEGER DEFAULT 7"), SQLITE_OK);
            QCOMPARE(capture(2, "y"), QString("t INSERT direct | | i:2 t:y i:7"));
            QCOMPARE(b.exec("DROP TABLE t; CREATE TABLE t (v TEXT PRIMARY KEY, id INTEGER, w REAL)"
                            " WITHOUT ROWID"),
                     SQLITE_OK);
            QCOMPARE(capture(3, "z"), QString("t INSERT direct | | t:z i:3 null"));
            QCOMPARE(a.exec("DROP TABLE t;"
                            "CREATE TABLE t (w REAL, v TEXT, id INTEGER PRIMARY KEY)"),
                     SQLITE_OK);
            QCOMPARE(capture(4, "q"), QString("t INSERT direct | | null t:q i:4"));
            QCOMPARE(recorder.readBackCount(), std::uint64_t(0));
            // A renamed column (the schema-change fault), then a transaction that reads back.
            QCOMPARE(a.exec("ALTER TABLE t RENAME COLUMN v TO v2"), SQLITE_OK);
            a.exec("BEGIN");
            recorder.start();
            const std::string insert = "INSERT INTO t (id, v2) VALUES (?1, ?2)";
            QCOMPARE(a.run(insert, {std::int64_t(5), "r"}), SQLITE_OK);
            QCOMPARE(a.run(insert + ", (?1, ?2)", {std::int64_t(6), "s"}), SQLITE_CONSTRAINT);
            const QString changes = joined(describe(recorder.changeset()));
            a.exec("COMMIT");
            recorder.stop();
            QCOMPARE(changes, QString("t INSERT direct | | null t:r i:5"));
            QCOMPARE(recorder.readBackCount(), std::uint64_t(1));
        }
        QFile::remove(path);
    }
};

QTEST_APPLESS_MAIN(TestChangeRecorder)
#include "tst_changerecorder.moc"
