// dplab-cli end to end: exit codes, written files and their contents.
#include "tests/support/clitestsupport.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace dplab;
using namespace dplab::test;

namespace {

const std::string kSmall = R"({
  "dplab": 1,
  "name": "small",
  "seed": 3,
  "duration": "2s",
  "sample": "500ms",
  "services": [
    {"name": "front", "workers": 2, "processing": "1ms", "calls": ["back"], "publishes": "done"},
    {"name": "back", "processing": {"dist": "exponential", "mean": "2ms"}},
    {"name": "audit", "subscribes": ["done"]}
  ],
  "network": {"latency": "1ms"},
  "workload": [{"operation": "request", "target": "front", "rate": 100, "arrival": "constant"}],
  "expect": [{"metric": "operations.request:front.failed", "op": "==", "value": 0}]
}
)";

} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::string path(const std::string &name) const
    {
        return (m_dir.path() + "/").toStdString() + name;
    }
    std::string write(const std::string &name, const std::string &text)
    {
        std::ofstream(path(name)) << text;
        return path(name);
    }

private slots:
    void helpAndUsage()
    {
        const CliResult help = cli({"--help"});
        QCOMPARE(help.code, 0);
        QVERIFY(help.out.find("dplab-cli run FILE") != std::string::npos);
        QCOMPARE(cli({}).code, int(ExitUsage));
        const CliResult bogus = cli({"frobnicate"});
        QCOMPARE(bogus.code, int(ExitUsage));
        QVERIFY(bogus.err.find("unknown command \"frobnicate\"") != std::string::npos);
        QCOMPARE(cli({"run"}).code, int(ExitUsage));
        QCOMPARE(cli({"run", "x.json", "--seed", "abc"}).code, int(ExitUsage));
        QCOMPARE(cli({"run", "x.json", "--until", "soon"}).code, int(ExitUsage));
    }

    void validateReportsEveryBadFile()
    {
        const std::string good = write("good.json", kSmall);
        const std::string bad =
            write("bad.json", "{\"dplab\": 1,\n \"name\": \"x\",\n \"duration\": -5}\n");
        const CliResult ok = cli({"validate", good});
        QCOMPARE(ok.code, 0);
        QCOMPARE(ok.out, good + ": ok\n");
        const CliResult mixed = cli({"validate", good, bad});
        QCOMPARE(mixed.code, 1);
        QVERIFY(mixed.err.find(bad + ":3:14: duration:") != std::string::npos);
        const CliResult missing = cli({"validate", path("nope.json")});
        QCOMPARE(missing.code, 1);
        QVERIFY(missing.err.find("nope.json") != std::string::npos);
    }

    void validateRefusesWhatThisBuildCannotRun()
    {
        std::string text = kSmall;
        text.replace(text.find("\"network\""), 0, "\"patterns\": {\"saga\": true},\n  ");
        const CliResult r = cli({"validate", write("saga.json", text)});
        QCOMPARE(r.code, 1);
        // The saga is implemented; what this file lacks are the services it runs across.
        QVERIFY2(r.err.find("saga.json:12:24: patterns.saga: the order saga runs across") !=
                     std::string::npos,
                 r.err.c_str());
        QVERIFY2(
            r.err.find("\"orders\", \"products\", \"inventory\", \"payments\", \"shipping\"") !=
                std::string::npos,
            r.err.c_str());
    }

    void runWritesSummaryMetricsAndTrace()
    {
        const std::string file = write("small.json", kSmall);
        const std::string out = path("out-small");
        const CliResult r = cli({"run", file, "--out", out});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.find("request:front") != std::string::npos);
        QVERIFY(r.out.find("[ ok ] expect operations.request:front.failed == 0") !=
                std::string::npos);

        const auto summary = nlohmann::json::parse(readFile(out + "/summary.json"));
        QCOMPARE(summary["seed"].get<int>(), 3);
        QCOMPARE(summary["simulated_s"].get<double>(), 2.0);
        // Constant arrivals at 100/s for 2 s: the first at 10 ms, the last at 1990 ms.
        const auto &op = summary["operations"]["request:front"];
        QVERIFY(op["count"].get<int>() >= 198 && op["count"].get<int>() <= 200);
        // 1 ms each way to front, 1 ms work, 1 ms each way to back, >= 0 work at back.
        QVERIFY(op["latency_ms"]["p50"].get<double>() >= 5.0);
        // front publishes once per request it processed; the last replies may still be on
        // their way back when the run ends.
        const int published = summary["bus"]["published"].get<int>();
        QVERIFY(published >= op["ok"].get<int>() && published <= op["ok"].get<int>() + 2);

        const std::string csv = readFile(out + "/metrics.csv");
        std::istringstream lines(csv);
        std::string header, line;
        std::getline(lines, header);
        QVERIFY(header.rfind("time_s,request:front.throughput_per_s", 0) == 0);
        int rows = 0;
        while (std::getline(lines, line))
            ++rows;
        QCOMPARE(rows, 4); // 0.5, 1.0, 1.5, 2.0 s

        std::istringstream trace(readFile(out + "/trace.jsonl"));
        std::uint64_t lastId = 0;
        int lines2 = 0;
        while (std::getline(trace, line)) {
            const auto e = nlohmann::json::parse(line);
            QCOMPARE(e["id"].get<std::uint64_t>(), lastId + 1);
            lastId = e["id"].get<std::uint64_t>();
            QVERIFY(e.contains("t_us") && e.contains("kind") && e.contains("summary"));
            ++lines2;
        }
        QVERIFY(lines2 > 1000);
        QCOMPARE(summary["events"].get<int>(), lines2);
    }

    void seedAndUntilOverrides()
    {
        const std::string file = write("small2.json", kSmall);
        QCOMPARE(
            cli({"run", file, "--out", path("a"), "--seed", "99", "--until", "1s", "--quiet"}).code,
            0);
        const auto s = nlohmann::json::parse(readFile(path("a") + "/summary.json"));
        QCOMPARE(s["seed"].get<int>(), 99);
        QCOMPARE(s["simulated_s"].get<double>(), 1.0);
    }

    void failingExpectationExitsOne()
    {
        std::string text = kSmall;
        const std::string from = "\"op\": \"==\", \"value\": 0";
        text.replace(text.find(from), from.size(), "\"op\": \">\", \"value\": 5");
        const CliResult r =
            cli({"run", write("fail.json", text), "--out", path("f"), "--no-trace"});
        QCOMPARE(r.code, int(ExitChecksFailed));
        QVERIFY(r.out.find("[FAIL] expect operations.request:front.failed > 5") !=
                std::string::npos);
        QVERIFY(!QFile::exists(QString::fromStdString(path("f") + "/trace.jsonl")));
    }

    void queueLabMatchesTheory()
    {
        const CliResult r = cli({"run", std::string(DPLAB_SOURCE_DIR) + "/scenarios/queue-lab.json",
                                 "--out", path("queue-lab"), "--no-trace", "--quiet"});
        QCOMPARE(r.code, 0); // the lesson's own expect checks hold
        const auto s = nlohmann::json::parse(readFile(path("queue-lab") + "/summary.json"));
        for (const auto &c : s["checks"])
            QVERIFY2(c["ok"].get<bool>(), c.dump().c_str());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
