// Database: statements, transactions, changesets (undo/redo), images, errors.
#include "tests/support/databasetestsupport.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace dplab;
using namespace dplab::test;

/** Tests of Database: statements, transactions, changesets (undo/redo) and images. */
class TestDatabase : public QObject
{
    Q_OBJECT

private slots:
    void changesetUndoRedo()
    {
        Database db;
        seedShop(db);
        const auto before = dump(db);

        db.begin();
        db.prepare("INSERT INTO orders VALUES (6, 106, 99.25, 'placed')").run();
        QCOMPARE(db.prepare("UPDATE orders SET status = 'paid', total = 20 WHERE id = ?1")
                     .bind(1, 2)
                     .run(),
                 1);
        QCOMPARE(db.prepare("DELETE FROM orders WHERE id = 3").run(), 1);
        db.prepare("UPDATE stock SET qty = qty - 2 WHERE sku = 'apple' AND warehouse = 1").run();
        db.prepare("DELETE FROM stock WHERE sku = 'pear' AND warehouse = 2").run();
        db.prepare("INSERT INTO stock VALUES ('fig', 1, 3)").run();
        const Changeset cs = db.commit();
        const auto after = dump(db);
        QVERIFY(before != after);

        const std::vector<std::string> expected = {
            "orders DELETE direct | i:3 i:103 r:31.5 t:placed |",
            "orders INSERT direct | | i:6 i:106 r:99.25 t:placed",
            "orders UPDATE direct | i:2 undefined r:21 t:placed | undefined undefined r:20 t:paid",
            "stock DELETE direct | t:pear i:2 i:7 |",
            "stock INSERT direct | | t:fig i:1 i:3",
            "stock UPDATE direct | t:apple i:1 i:7 | undefined undefined i:5",
        };
        QCOMPARE(joined(describe(cs)), joined(expected));

        db.applyChangeset(Database::invertChangeset(cs));
        QCOMPARE(joined(dump(db)), joined(before));
        db.applyChangeset(cs);
        QCOMPARE(joined(dump(db)), joined(after));
        // Undo again after redo: the pair is repeatable.
        db.applyChangeset(Database::invertChangeset(cs));
        QCOMPARE(joined(dump(db)), joined(before));
    }

    void deleteWithoutWhereIsCaptured()
    {
        Database db;
        db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        db.setCaptureChangesets(false);
        db.begin();
        for (int i = 1; i <= 20; ++i)
            db.prepare("INSERT INTO t VALUES (?1, 'v')").bind(1, i).run();
        QVERIFY(db.commit().empty());
        db.prepare("DELETE FROM t").reset(); // prepared (and cached) before capture is on
        db.setCaptureChangesets(true);
        const auto before = dump(db);
        db.begin();
        db.prepare("DELETE FROM t").run();
        const Changeset cs = db.commit();
        QCOMPARE(describe(cs).size(), std::size_t(20));
        db.applyChangeset(Database::invertChangeset(cs));
        QCOMPARE(joined(dump(db)), joined(before));
    }

    void largeTransaction()
    {
        Database db;
        db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)");
        db.begin();
        for (int i = 1; i <= 2000; ++i)
            db.prepare("INSERT INTO t VALUES (?1, ?1)").bind(1, i).run();
        db.commit();
        const auto before = dump(db);
        db.begin();
        db.prepare("UPDATE t SET v = v * 2 WHERE id % 2 = 0").run();
        db.prepare("DELETE FROM t WHERE id % 3 = 0").run();
        for (int i = 2001; i <= 2500; ++i)
            db.prepare("INSERT INTO t VALUES (?1, 0)").bind(1, i).run();
        db.prepare("UPDATE t SET v = -1 WHERE id > 2400").run();
        const Changeset cs = db.commit();
        // 1000 even rows updated, 666 multiples of 3 deleted (333 of them were updated), 500 new.
        QCOMPARE(describe(cs).size(), std::size_t(1000 - 333 + 666 + 500));
        const auto after = dump(db);
        db.applyChangeset(Database::invertChangeset(cs));
        QCOMPARE(joined(dump(db)), joined(before));
        db.applyChangeset(cs);
        QCOMPARE(joined(dump(db)), joined(after));
    }

    void serializeRoundTrip()
    {
        Database db;
        seedShop(db);
        const auto before = dump(db);
        // Eponymous virtual tables used before a restore crash SQLite 3.40's own deserialize.
        db.query("SELECT * FROM pragma_table_info('orders')");
        db.query("SELECT * FROM json_each('[1, 2]')");
        Statement &count = db.prepare("SELECT count(*) FROM orders");
        QVERIFY(count.step());
        QCOMPARE(count.columnInt64(0), std::int64_t(5));
        count.reset();

        const auto image = db.serialize();
        QVERIFY(image.size() >= 4096);
        QCOMPARE(std::string(reinterpret_cast<const char *>(image.data()), 15),
                 std::string("SQLite format 3"));

        db.prepare("DELETE FROM orders WHERE id > 2").run();
        db.prepare("UPDATE stock SET qty = 0").run();
        db.exec("DROP TABLE stock; CREATE TABLE extra (id INTEGER PRIMARY KEY)");
        QVERIFY(dump(db) != before);

        db.deserialize(image);
        QCOMPARE(joined(dump(db)), joined(before));
        QCOMPARE(db.tables(), (std::vector<std::string>{"orders", "stock"}));
        QCOMPARE(db.query("SELECT count(*) FROM pragma_table_info('stock')").rows.at(0).at(0),
                 SqlValue(std::int64_t(3)));
        QCOMPARE(db.query("SELECT sum(value) FROM json_each('[1, 2]')").rows.at(0).at(0),
                 SqlValue(std::int64_t(3)));
        // Cached statements and capture work on the restored image.
        Statement &again = db.prepare("SELECT count(*) FROM orders");
        QCOMPARE(&again, &count);
        QVERIFY(again.step());
        QCOMPARE(again.columnInt64(0), std::int64_t(5));
        db.begin();
        db.prepare("UPDATE orders SET status = 'x' WHERE id = 1").run();
        QCOMPARE(joined(describe(db.commit())),
                 QString("orders UPDATE direct | i:1 undefined undefined t:placed | undefined "
                         "undefined undefined t:x"));
        db.prepare("INSERT INTO orders VALUES (9, 1, 1.5, 'y')").run();
        QCOMPARE(db.query("SELECT count(*) FROM orders").rows.at(0).at(0),
                 SqlValue(std::int64_t(6)));

        // A statement cached against a table the image lacks fails cleanly instead of misreading.
        db.exec("CREATE TABLE extra (id INTEGER PRIMARY KEY)");
        db.prepare("SELECT count(*) FROM extra").reset();
        db.deserialize(image);
        QVERIFY_THROWS_EXCEPTION(DatabaseError, db.prepare("SELECT count(*) FROM extra").step());

        // Not a database: refused, and the current contents stay.
        const std::vector<unsigned char> garbage(8192, 0x5a);
        QVERIFY_THROWS_EXCEPTION(DatabaseError, db.deserialize(garbage));
        QCOMPARE(joined(dump(db)), joined(before));
    }

    void serializeEmptyDatabase()
    {
        Database db;
        const auto empty = db.serialize();
        db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        db.prepare("INSERT INTO t VALUES (1)").run();
        db.deserialize(empty);
        QVERIFY(db.tables().empty());
        db.exec("CREATE TABLE u (id INTEGER PRIMARY KEY)"); // the restored database is writable
        QCOMPARE(db.tables(), std::vector<std::string>{"u"});
    }

    void rollbackLeavesNothing()
    {
        Database db;
        seedShop(db);
        const auto before = dump(db);
        db.begin();
        db.prepare("DELETE FROM orders").run();
        db.prepare("INSERT INTO stock VALUES ('kiwi', 1, 1)").run();
        QVERIFY(db.inTransaction());
        db.rollback();
        QVERIFY(!db.inTransaction());
        QCOMPARE(joined(dump(db)), joined(before));
        // The next transaction's changeset holds only its own change, nothing of the rolled back.
        db.begin();
        db.prepare("UPDATE orders SET customer = 1 WHERE id = 1").run();
        QCOMPARE(joined(describe(db.commit())),
                 QString("orders UPDATE direct | i:1 i:101 undefined undefined | undefined i:1 "
                         "undefined undefined"));
        db.begin();
        QVERIFY(db.commit().empty()); // no change, no changeset
        db.rollback();                // outside a transaction: nothing to do
        QVERIFY(!db.inTransaction());
    }

    void captureOff()
    {
        Database db;
        seedShop(db);
        db.setCaptureChangesets(false);
        QVERIFY(!db.captureChangesets());
        db.begin();
        db.prepare("DELETE FROM orders").run();
        const Changeset cs = db.commit();
        QVERIFY(cs.empty());
        QCOMPARE(db.query("SELECT count(*) FROM orders").rows.at(0).at(0),
                 SqlValue(std::int64_t(0)));
    }

    void errors_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("code");
        QTest::newRow("syntax") << "SELEKT 1"
                                << "near \"SELEKT\": syntax error" << SQLITE_ERROR;
        QTest::newRow("no table") << "SELECT * FROM nowhere"
                                  << "no such table: nowhere" << SQLITE_ERROR;
        QTest::newRow("no column") << "SELECT missing FROM orders"
                                   << "no such column: missing" << SQLITE_ERROR;
        QTest::newRow("unique") << "INSERT INTO orders VALUES (1, 1, 1, 'x')"
                                << "UNIQUE constraint failed: orders.id" << SQLITE_CONSTRAINT;
        QTest::newRow("not null") << "INSERT INTO orders (id) VALUES (77)"
                                  << "NOT NULL constraint failed: orders.customer"
                                  << SQLITE_CONSTRAINT;
        QTest::newRow("two statements") << "SELECT 1; SELECT 2"
                                        << "only one SQL statement is allowed" << SQLITE_MISUSE;
    }

    void errors()
    {
        QFETCH(QString, sql);
        QFETCH(QString, message);
        QFETCH(int, code);
        Database db;
        seedShop(db);
        try {
            db.prepare(sql.toStdString()).run();
            QFAIL("no DatabaseError");
        } catch (const DatabaseError &e) {
            const QString what = QString::fromUtf8(e.what());
            QVERIFY2(what.contains(message), qPrintable(what));
            QVERIFY2(what.contains(sql), qPrintable(what)); // the SQL is named
            QCOMPARE(e.code(), code);
        }
        // The failed statement did not break the connection.
        QCOMPARE(db.query("SELECT count(*) FROM orders").rows.at(0).at(0),
                 SqlValue(std::int64_t(5)));
    }

    void transactionMisuse()
    {
        Database db;
        seedShop(db);
        QVERIFY_THROWS_EXCEPTION(DatabaseError, db.commit());
        db.begin();
        QVERIFY_THROWS_EXCEPTION(DatabaseError, db.begin());
        QVERIFY(db.inTransaction());
        db.rollback();

        // A table without a primary key cannot be captured: commit refuses, rollback still works.
        db.exec("CREATE TABLE log (line TEXT)");
        db.begin();
        db.prepare("INSERT INTO log VALUES ('x')").run();
        try {
            db.commit();
            QFAIL("no DatabaseError");
        } catch (const DatabaseError &e) {
            QVERIFY2(QString(e.what()).contains("table \"log\" has no PRIMARY KEY"), e.what());
        }
        QVERIFY(db.inTransaction());
        db.rollback();
        QCOMPARE(db.query("SELECT count(*) FROM log").rows.at(0).at(0), SqlValue(std::int64_t(0)));
        db.setCaptureChangesets(false);
        db.begin();
        db.prepare("INSERT INTO log VALUES ('x')").run();
        QVERIFY(db.commit().empty());
    }

    void conflictingChangesetIsRejected()
    {
        Database db;
        seedShop(db);
        db.begin();
        db.prepare("UPDATE orders SET status = 'paid' WHERE id = 1").run();
        const Changeset cs = db.commit();
        db.prepare("UPDATE orders SET status = 'shipped' WHERE id = 1").run();
        db.prepare("DELETE FROM orders WHERE id = 2").run();
        const auto before = dump(db);
        // Undo expects status 'paid' but finds 'shipped'.
        try {
            db.applyChangeset(Database::invertChangeset(cs));
            QFAIL("no DatabaseError");
        } catch (const DatabaseError &e) {
            QVERIFY2(QString(e.what()).contains("orders"), e.what());
            QCOMPARE(e.code(), SQLITE_ABORT);
        }
        QCOMPARE(joined(dump(db)), joined(before));
    }

    void statementCache()
    {
        Database db;
        seedShop(db);
        const std::string sql = "SELECT id FROM orders WHERE id >= ?1 ORDER BY id";
        Statement &s = db.prepare(sql);
        QCOMPARE(&db.prepare(std::string_view(sql)), &s);
        QVERIFY(&db.prepare("SELECT id FROM orders") != &s);
        s.bind(1, 2);
        QVERIFY(s.step());
        QCOMPARE(s.columnInt64(0), std::int64_t(2));
        QVERIFY(s.step());
        QCOMPARE(s.columnInt64(0), std::int64_t(3));
        // prepare() hands it back reset and unbound: "id >= NULL" matches nothing.
        Statement &again = db.prepare(sql);
        QCOMPARE(&again, &s);
        QVERIFY(!again.step());
        again.bind(1, 5);
        QVERIFY(again.step());
        QCOMPARE(again.columnInt64(0), std::int64_t(5));
        QCOMPARE(again.columnName(0), std::string("id"));
        QVERIFY(!again.step());
    }

    void textRoundTrip_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("injection") << "x'); DROP TABLE t;--";
        QTest::newRow("quotes") << "O'Brien said \"hi\" `x` [y]";
        QTest::newRow("unicode") << QString::fromUtf8("Grüße, 東京, שלום, 🚀");
        QTest::newRow("empty") << "";
        QTest::newRow("format") << "%s %d \\n ?1 :name";
        QTest::newRow("spaces") << "  padded\tand\nnewline  ";
    }

    void textRoundTrip()
    {
        QFETCH(QString, text);
        const std::string value = text.toStdString();
        Database db;
        db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
        db.prepare("INSERT INTO t (v) VALUES (?1)").bind(1, value).run();
        QCOMPARE(db.lastInsertRowId(), std::int64_t(1));
        QCOMPARE(db.changes(), 1);
        db.prepare("INSERT INTO t (v) VALUES (?1)").bind(1, SqlValue(value)).run();
        const QueryResult r = db.query(
            "SELECT v, typeof(v), length(CAST(v AS BLOB)) FROM t WHERE v = ?1", {SqlValue(value)});
        QCOMPARE(r.rows.size(), std::size_t(2));
        QCOMPARE(r.rows[0][0], SqlValue(value));
        QCOMPARE(r.rows[0][1], SqlValue(std::string("text"))); // an empty string is not NULL
        QCOMPARE(r.rows[0][2], SqlValue(static_cast<std::int64_t>(value.size())));
        QCOMPARE(db.tables(), std::vector<std::string>{"t"}); // nothing was dropped
    }

    void valuesAndQuery()
    {
        Database db;
        db.exec("CREATE TABLE v (id INTEGER PRIMARY KEY AUTOINCREMENT, i INTEGER, d REAL, t TEXT)");
        db.prepare("INSERT INTO v (i, d, t) VALUES (?1, ?2, ?3)")
            .bind(1, std::int64_t(1) << 40)
            .bind(2, 0.1)
            .bindNull(3)
            .run();
        db.prepare("INSERT INTO v (i, d, t) VALUES (?1, ?2, ?3)")
            .bind(1, -3)
            .bind(2, -2.5)
            .bind(3, "z")
            .run();
        Statement &s = db.prepare("SELECT i, d, t FROM v ORDER BY id");
        QVERIFY(s.step());
        QCOMPARE(s.columnInt64(0), std::int64_t(1) << 40);
        QCOMPARE(s.columnDouble(1), 0.1);
        QVERIFY(s.columnIsNull(2));
        QCOMPARE(s.column(2), SqlValue(std::monostate{}));
        QVERIFY(s.step());
        QCOMPARE(s.column(0), SqlValue(std::int64_t(-3)));
        QCOMPARE(s.column(1), SqlValue(-2.5));
        QCOMPARE(s.columnText(2), std::string("z"));
        QVERIFY(!s.step());

        const QueryResult all =
            db.query("SELECT id, t FROM v WHERE id > ?1", {SqlValue(std::int64_t(0))}, 1);
        QCOMPARE(all.columns, (std::vector<std::string>{"id", "t"}));
        QCOMPARE(all.rows.size(), std::size_t(1)); // bounded by maxRows
        // sqlite_sequence (from AUTOINCREMENT) is SQLite's, not a user table.
        QCOMPARE(db.tables(), std::vector<std::string>{"v"});
        db.exec("CREATE TABLE b (x); CREATE TABLE a_ (x)");
        // query() only reads.
        for (const char *write :
             {"DELETE FROM v", "INSERT INTO b VALUES (1)", "DROP TABLE b", "UPDATE v SET i = 0"}) {
            try {
                db.query(write);
                QFAIL(write);
            } catch (const DatabaseError &e) {
                QVERIFY2(QString(e.what()).contains("not a read-only statement"), e.what());
            }
        }
        QCOMPARE(db.query("SELECT count(*) FROM v").rows.at(0).at(0), SqlValue(std::int64_t(2)));
        QCOMPARE(db.query("PRAGMA foreign_keys").rows.at(0).at(0), SqlValue(std::int64_t(1)));
        QCOMPARE(db.tables(), (std::vector<std::string>{"a_", "b", "v"}));
    }

    void foreignKeysAreOn()
    {
        Database db;
        db.exec("CREATE TABLE p (id INTEGER PRIMARY KEY);"
                "CREATE TABLE c (id INTEGER PRIMARY KEY, p INTEGER REFERENCES p(id))");
        QVERIFY_THROWS_EXCEPTION(DatabaseError, db.prepare("INSERT INTO c VALUES (1, 42)").run());
    }

    void fileDatabase()
    {
        const QByteArray path = QDir::temp().filePath("dplab_tst_database.sqlite").toUtf8();
        QFile::remove(path);
        {
            Database db(path.toStdString());
            QCOMPARE(db.path(), path.toStdString());
            Statement &mode = db.prepare("PRAGMA journal_mode");
            QVERIFY(mode.step());
            QCOMPARE(mode.columnText(0), std::string("memory"));
            mode.reset();
            db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY)");
            db.begin();
            db.prepare("INSERT INTO t VALUES (5)").run();
            QVERIFY(!db.commit().empty());
        }
        {
            Database db(path.toStdString());
            QCOMPARE(db.query("SELECT id FROM t").rows.at(0).at(0), SqlValue(std::int64_t(5)));
        }
        QFile::remove(path);
        QVERIFY_THROWS_EXCEPTION(DatabaseError, Database("/nonexistent-dir/x/y.sqlite"));
    }
};

QTEST_APPLESS_MAIN(TestDatabase)
#include "tst_database.moc"
