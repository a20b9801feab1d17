// Fingerprint tests (OMNeT++'s practice): the run of every lesson and of a few fixtures, hashed
// output by output (64-bit FNV-1a of trace.jsonl, summary.json without wall time, metrics.csv),
// against the checked-in table tests/data/fingerprints.txt. A change that reorders or alters
// events fails with the file's name, the output that moved and both hashes.
#include "tests/support/clitestsupport.h"

#include "app/cli/fingerprint.h"
#include "app/cli/hashstream.h"

#include <QDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <set>

using namespace dplab;
using namespace dplab::test;

namespace {

const char *kTable = DPLAB_TEST_DATA "/fingerprints.txt";
const char *kFixtures = DPLAB_TEST_DATA "/fingerprint";

std::string sourcePath(const std::string &relative)
{
    return std::string(DPLAB_SOURCE_DIR) + "/" + relative;
}

/// Every file the table must cover, relative to the source folder: the lessons (but the
/// format's schema) and the fixtures made for it.
std::set<std::string> filesToCover()
{
    std::set<std::string> files;
    const QString scenarios = QStringLiteral(DPLAB_SOURCE_DIR "/scenarios");
    for (const QString &f : QDir(scenarios).entryList({"*.json"}, QDir::Files))
        if (f != QLatin1String("schema.json"))
            files.insert("scenarios/" + f.toStdString());
    for (const QString &f : QDir(kFixtures).entryList({"*.json"}, QDir::Files))
        files.insert("tests/data/fingerprint/" + f.toStdString());
    return files;
}

/// What changed between the table's row and the run now, output by output.
std::string describeChange(const RunFingerprint &table, const RunFingerprint &now)
{
    auto column = [](const char *output, std::uint64_t was, std::uint64_t is) {
        return std::string(output) + ": " +
               (was == is ? "unchanged"
                          : "table " + HashStream::hex(was) + ", now " + HashStream::hex(is));
    };
    std::string events = table.events == now.events
                             ? std::to_string(now.events) + " events"
                             : std::to_string(table.events) + " events in the table, " +
                                   std::to_string(now.events) + " now";
    return table.file + ": the run changed (" + events + "). " +
           column("trace.jsonl", table.trace, now.trace) + "; " +
           column("summary.json", table.summary, now.summary) + "; " +
           column("metrics.csv", table.metrics, now.metrics) +
           ". If the change is meant to alter runs, regenerate tests/data/fingerprints.txt "
           "(docs/developing.md, Fingerprints) and say so in the commit message.";
}

} // namespace

/** Fingerprints of every lesson's run against the checked-in table, and the tools behind them. */
class TestFingerprints : public QObject
{
    Q_OBJECT

private:
    std::vector<RunFingerprint> m_table;

private slots:
    void initTestCase()
    {
        const std::string text = readFile(kTable);
        QVERIFY2(!text.empty(), kTable);
        std::string why;
        auto rows = parseFingerprintTable(text, &why);
        QVERIFY2(rows, why.c_str());
        m_table = std::move(*rows);
    }

    void hashIsFnv1a64()
    {
        // The published test vectors of 64-bit FNV-1a.
        QCOMPARE(HashStream::of(""), 0xcbf29ce484222325ULL);
        QCOMPARE(HashStream::of("a"), 0xaf63dc4c8601ec8cULL);
        QCOMPARE(HashStream::of("foobar"), 0x85944171f73967e8ULL);
        QCOMPARE(HashStream::hex(0xaf63dc4c8601ec8cULL), std::string("af63dc4c8601ec8c"));
        QCOMPARE(HashStream::hex(1), std::string("0000000000000001"));
        // Written through a stream in pieces, byte by byte or at once: the same hash.
        HashStream h;
        std::ostream out(&h);
        out << "foo";
        out.put('b');
        out.write("ar", 2);
        out.flush();
        QCOMPARE(h.value(), 0x85944171f73967e8ULL);
        QCOMPARE(h.bytes(), std::uint64_t{6});
    }

    void tableCoversEveryLessonAndFixture()
    {
        std::set<std::string> listed;
        for (const RunFingerprint &r : m_table) {
            QVERIFY2(listed.insert(r.file).second, ("listed twice: " + r.file).c_str());
            QVERIFY2(QFileInfo::exists(QString::fromStdString(sourcePath(r.file))),
                     (r.file + " is in the table but does not exist").c_str());
        }
        for (const std::string &f : filesToCover())
            QVERIFY2(listed.count(f), (f + " has no fingerprint: regenerate the table "
                                           "(docs/developing.md, Fingerprints)")
                                          .c_str());
        QVERIFY(m_table.size() >= 15); // 12 lessons and 3 fixtures when this was written
    }

    void runsAreUnchanged_data()
    {
        QTest::addColumn<int>("row");
        for (std::size_t i = 0; i < m_table.size(); ++i)
            QTest::newRow(m_table[i].file.c_str()) << static_cast<int>(i);
    }

    void runsAreUnchanged()
    {
        QFETCH(int, row);
        const RunFingerprint &expected = m_table[static_cast<std::size_t>(row)];
        std::string why;
        auto now = fingerprintRun(sourcePath(expected.file), &why);
        QVERIFY2(now, why.c_str());
        now->file = expected.file;
        QVERIFY2(*now == expected, describeChange(expected, *now).c_str());
    }

    void fingerprintsAreThoseOfTheFilesRunWrites_data()
    {
        QTest::addColumn<QString>("file");
        // Interventions replayed; a file database (in the output folder for run, in a
        // temporary one for the fingerprint).
        QTest::newRow("run file") << "tests/data/fingerprint/saga-choreography-run.json";
        QTest::newRow("file database") << "tests/data/fingerprint/generic-services.json";
    }

    void fingerprintsAreThoseOfTheFilesRunWrites()
    {
        QFETCH(QString, file);
        QTemporaryDir dir;
        const std::string out = dir.path().toStdString() + "/out";
        const std::string path = sourcePath(file.toStdString());
        const CliResult run = cli({"run", path, "--quiet", "--out", out});
        QCOMPARE(run.code, 0);
        std::string why;
        auto f = fingerprintRun(path, &why);
        QVERIFY2(f, why.c_str());
        const std::string trace = readFile(out + "/trace.jsonl");
        QCOMPARE(f->trace, HashStream::of(trace));
        QCOMPARE(f->events,
                 static_cast<std::uint64_t>(std::count(trace.begin(), trace.end(), '\n')));
        QCOMPARE(f->metrics, HashStream::of(readFile(out + "/metrics.csv")));
        auto summary = nlohmann::ordered_json::parse(readFile(out + "/summary.json"));
        QCOMPARE(summary["file"].get<std::string>(), path); // the path, which the hash leaves out
        summary.erase("file");
        summary.erase("wall_s");
        QCOMPARE(f->summary, HashStream::of(summary.dump(2) + "\n"));
        // The hash depends on the run, not on where the file is.
        QVERIFY(QFile::copy(QString::fromStdString(path), dir.path() + "/elsewhere.json"));
        auto moved = fingerprintRun(dir.path().toStdString() + "/elsewhere.json", &why);
        QVERIFY2(moved, why.c_str());
        moved->file = f->file;
        QVERIFY(*moved == *f);
    }

    void commandPrintsTheTable()
    {
        const std::string fixture = sourcePath("tests/data/fingerprint/at-most-once-shop.json");
        const CliResult r = cli({"fingerprint", fixture, sourcePath("scenarios/schema.json")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.empty(), r.err.c_str());
        std::string why;
        auto f = fingerprintRun(fixture, &why);
        QVERIFY2(f, why.c_str());
        QCOMPARE(r.out, formatFingerprintTable({*f})); // schema.json skipped
        auto back = parseFingerprintTable(r.out, &why);
        QVERIFY2(back, why.c_str());
        QCOMPARE(back->size(), std::size_t{1});
        QVERIFY(back->front() == *f);
        // The header says how to regenerate the table.
        QVERIFY(
            r.out.find("dplab-cli fingerprint scenarios/*.json tests/data/fingerprint/*.json") !=
            std::string::npos);

        // One file that cannot run: no table at all (a partial one would pass for complete).
        const CliResult bad =
            cli({"fingerprint", fixture, sourcePath("tests/data/bad/unknown_role.json")});
        QCOMPARE(bad.code, 2);
        QVERIFY(bad.out.empty());
        QVERIFY2(bad.err.find("unknown_role.json:") != std::string::npos, bad.err.c_str());
        QCOMPARE(cli({"fingerprint"}).code, 2);
        QCOMPARE(cli({"fingerprint", "--seed", "3", fixture}).code, 2);
        QCOMPARE(cli({"fingerprint", "a file.json"}).code, 2);
    }

    void tableParserNamesTheBadLine()
    {
        std::string why;
        QVERIFY(parseFingerprintTable("# only a comment\n\n", &why)->empty());
        const std::string good = "a.json 12 0123456789abcdef 0000000000000000 ffffffffffffffff\n";
        auto rows = parseFingerprintTable("# header\n" + good, &why);
        QVERIFY2(rows, why.c_str());
        QCOMPARE(rows->at(0).events, std::uint64_t{12});
        QCOMPARE(rows->at(0).trace, 0x0123456789abcdefULL);
        QCOMPARE(rows->at(0).metrics, 0xffffffffffffffffULL);
        for (const char *bad : {"a.json 12 0123456789abcdef 0000000000000000\n",
                                "a.json x 0123456789abcdef 0000000000000000 ffffffffffffffff\n",
                                "a.json 12 0123456789ABCDEF 0000000000000000 ffffffffffffffff\n",
                                "a.json 12 123456789abcdef 0000000000000000 ffffffffffffffff\n"}) {
            QVERIFY2(!parseFingerprintTable(good + bad, &why), bad);
            QVERIFY2(why.rfind("line 2: ", 0) == 0, why.c_str());
        }
    }

    void failureNamesTheFileAndBothHashes()
    {
        RunFingerprint table{"scenarios/queue-lab.json", 100, 0x1111, 0x2222, 0x3333};
        RunFingerprint now = table;
        now.trace = 0xabcd;
        now.events = 101;
        const std::string message = describeChange(table, now);
        QCOMPARE(
            message,
            std::string(
                "scenarios/queue-lab.json: the run changed (100 events in the table, "
                "101 now). trace.jsonl: table 0000000000001111, now "
                "000000000000abcd; summary.json: unchanged; metrics.csv: unchanged. "
                "If the change is meant to alter runs, regenerate "
                "tests/data/fingerprints.txt (docs/developing.md, Fingerprints) and say so in the "
                "commit message."));
    }
};

QTEST_APPLESS_MAIN(TestFingerprints)
#include "tst_fingerprints.moc"
