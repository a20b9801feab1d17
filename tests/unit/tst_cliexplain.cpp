// dplab-cli explain (issue 21): the chains of evidence of a run's failed checks, read from its
// summary.json (and trace.jsonl beside it); dplab-cli run prints the first chain of each.
#include "tests/support/clitestsupport.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

using namespace dplab;
using namespace dplab::test;

class TestCliExplain : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::string path(const std::string &name) const
    {
        return (m_dir.path() + "/").toStdString() + name;
    }
    std::size_t count(const std::string &text, const std::string &what) const
    {
        std::size_t n = 0;
        for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
            ++n;
        return n;
    }

private slots:
    void initTestCase()
    {
        // The dual-write lesson, shortened: orders crashes right after commits from 5 s on.
        const CliResult r =
            cli({"run", std::string(DPLAB_SOURCE_DIR) + "/scenarios/outbox-vs-dual-write.json",
                 "--until", "20s", "--out", path("dual")});
        QCOMPARE(r.code, 0); // the lesson expects the read model check to fail
        QVERIFY2(r.out.find("[xfail] read model matches orders after quiescence") !=
                     std::string::npos,
                 r.out.c_str());
        // The first chain, under the check.
        QVERIFY2(r.out.find("         evidence: lost event: order 283\n") != std::string::npos,
                 r.out.c_str());
        QVERIFY2(
            r.out.find("#21813   orders crashes (crash right after commit): it stops before it "
                       "publishes the event") != std::string::npos,
            r.out.c_str());
        QVERIFY(r.out.find("(4 more: dplab-cli explain " + path("dual") +
                           " --check cqrs.read_model_matches)") != std::string::npos);
    }

    void explainPrintsEveryChainWithTheTrace()
    {
        const CliResult r = cli({"explain", path("dual")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.find("[xfail] cqrs.read_model_matches - read model matches orders after "
                            "quiescence") != std::string::npos,
                 r.out.c_str());
        QCOMPARE(count(r.out, "  chain "), std::size_t{5});
        QVERIFY(r.out.find("  chain 1 of 5: lost event: order 283\n") != std::string::npos);
        // Each step with the trace's own summary of its event under it.
        QVERIFY2(r.out.find("(trace: orders crashes (crash right after commit))") !=
                     std::string::npos,
                 r.out.c_str());
        QVERIFY(r.out.find("row orders.orders 283 right after #21812: {") != std::string::npos);
        QVERIFY(r.out.find("why: orders committed the change \"pay order\" to order 283") !=
                std::string::npos);
        // The summary.json itself names the same run; without trace.jsonl, no trace lines.
        std::filesystem::create_directories(path("alone"));
        std::filesystem::copy_file(path("dual") + "/summary.json", path("alone/summary.json"));
        const CliResult alone = cli({"explain", path("alone/summary.json")});
        QCOMPARE(alone.code, 0);
        QCOMPARE(count(alone.out, "(trace: "), std::size_t{0});
        QVERIFY(alone.out.find("no trace.jsonl beside summary.json") != std::string::npos);
        QCOMPARE(count(alone.out, "  chain "), std::size_t{5});
    }

    void explainFilters()
    {
        const CliResult one =
            cli({"explain", path("dual"), "--check", "cqrs.read_model_matches", "--entity", "283"});
        QCOMPARE(one.code, 0);
        QCOMPARE(count(one.out, "  chain "), std::size_t{1});
        QVERIFY(one.out.find("  chain 1 of 1: lost event: order 283\n") != std::string::npos);
        const CliResult full = cli({"explain", path("dual"), "--entity", "order 283"});
        QCOMPARE(full.out, one.out);
    }

    void explainErrors()
    {
        const CliResult missing = cli({"explain", path("nowhere")});
        QCOMPARE(missing.code, int(ExitUsage));
        QVERIFY2(missing.err.find("cannot read " + path("nowhere") + ": no such file") !=
                     std::string::npos,
                 missing.err.c_str());
        std::ofstream(path("bad.json")) << "{\n  \"checks\": [\n    {\"id\": }\n  ]\n}\n";
        const CliResult bad = cli({"explain", path("bad.json")});
        QCOMPARE(bad.code, int(ExitUsage));
        QVERIFY2(bad.err.rfind(path("bad.json") + ":3:", 0) == 0, bad.err.c_str());
        const CliResult check = cli({"explain", path("dual"), "--check", "outbox.all_published"});
        QCOMPARE(check.code, int(ExitUsage));
        QVERIFY2(check.err.find("no evidence for check \"outbox.all_published\"") !=
                         std::string::npos &&
                     check.err.find("checks with evidence: cqrs.read_model_matches\n") !=
                         std::string::npos,
                 check.err.c_str());
        const CliResult entity = cli({"explain", path("dual"), "--entity", "order 1"});
        QCOMPARE(entity.code, int(ExitUsage));
        QVERIFY2(entity.err.find("no chain about \"order 1\"; the chains are about: ") !=
                         std::string::npos &&
                     entity.err.find("\"order 283\"") != std::string::npos,
                 entity.err.c_str());
        QCOMPARE(cli({"explain"}).code, int(ExitUsage));
        QCOMPARE(cli({"explain", path("dual"), "--check"}).code, int(ExitUsage));
        QCOMPARE(cli({"explain", path("dual"), "--frobnicate"}).code, int(ExitUsage));
    }

    void explainWithoutEvidence()
    {
        // A run whose checks hold has nothing to explain.
        const CliResult r =
            cli({"run", std::string(DPLAB_SOURCE_DIR) + "/scenarios/queue-lab.json", "--until",
                 "2s", "--set", "expect=[]", "--out", path("fine"), "--quiet"});
        QCOMPARE(r.code, 0);
        const CliResult e = cli({"explain", path("fine")});
        QCOMPARE(e.code, 0);
        QVERIFY2(e.out.find(": no failed check has evidence") != std::string::npos, e.out.c_str());
    }
};

QTEST_GUILESS_MAIN(TestCliExplain)
#include "tst_cliexplain.moc"
