// A/B comparison: compareSummaries() row by row, and dplab-cli compare end to end.
#include "app/cli/comparereport.h"
#include "patterns/comparison.h"
#include "tests/support/clitestsupport.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

using namespace dplab;
using namespace dplab::test;
using Json = nlohmann::ordered_json;

namespace {

const std::string kLessons = DPLAB_SOURCE_DIR "/scenarios/";

Json summary(double p99, std::uint64_t divergent, bool checkOk)
{
    return Json::parse(R"({"scenario": "s", "file": "f.json", "seed": 4, "simulated_s": 10.0,
        "events": 1000, "wall_s": 0.123,
        "operations": {"place_order": {"count": 100, "ok": 90, "failed": 10,
            "throughput_per_s": 10.0,
            "latency_ms": {"mean": 5.0, "p50": 4.0, "p95": 9.0, "p99": 12.0, "max": 20.0}}},
        "bus": {"published": 50, "delivered": 50, "dropped": 0},
        "faults": [{"kind": "crash"}],
        "outbox": {"mode": "dual write", "lost": 3},
        "consistency": {"lag_ms": {"p99": 30.5}, "stale_reads": 2, "divergent_entities": 0},
        "checks": [{"id": "commits_recorded", "name": "commits recorded", "ok": true, "detail": "x"},
                   {"id": "cqrs.read_model_matches", "name": "read model matches", "ok": true,
                    "detail": "y"},
                   {"id": "expect[0]", "name": "expect x", "ok": true, "detail": "z"}]})")
        .patch(Json::parse(
            "[{\"op\": \"replace\", \"path\": \"/operations/place_order/latency_ms/p99\", "
            "\"value\": " +
            std::to_string(p99) +
            "}, {\"op\": \"replace\", \"path\": \"/consistency/divergent_entities\", \"value\": " +
            std::to_string(divergent) +
            "}, {\"op\": \"replace\", \"path\": \"/checks/1/ok\", \"value\": " +
            (checkOk ? "true" : "false") + "}]"));
}

const ComparisonRow *row(const std::vector<ComparisonRow> &rows, const std::string &key)
{
    for (const auto &r : rows)
        if (r.key == key)
            return &r;
    return nullptr;
}

Json readJson(const std::string &path)
{
    return Json::parse(readFile(path));
}

} // namespace

class TestCompare : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::string path(const std::string &name) const
    {
        return (m_dir.path() + "/").toStdString() + name;
    }

private slots:
    void identicalSummariesGiveEqualRows()
    {
        Json a = summary(12, 0, true), b = summary(12, 0, true);
        b["wall_s"] = 9.9; // wall-clock time is not a figure of the run
        const auto rows = compareSummaries(a, b);
        QVERIFY(rows.size() > 15);
        for (const auto &r : rows) {
            QVERIFY2(r.equal(), r.key.c_str());
            QVERIFY2(!r.notable, r.key.c_str());
            QVERIFY2(r.change.empty(), r.key.c_str());
        }
        QVERIFY(row(rows, "wall_s") == nullptr);
        QVERIFY(row(rows, "checks.expect[0]") == nullptr);
        QVERIFY(row(rows, "checks.commits_recorded") != nullptr);
        QVERIFY(row(rows, "outbox.mode") != nullptr);
        QCOMPARE(row(rows, "operations.place_order.latency_ms.p99")->label,
                 std::string("place_order p99 (ms)"));
        QCOMPARE(row(rows, "consistency.lag_ms.p99")->a.text, std::string("30.5"));
        // Sections in the documented order.
        QCOMPARE(rows.front().section, std::string("Run"));
        QCOMPARE(rows.back().section, std::string("Checks"));
    }

    void differencesAndTheNotableRule()
    {
        Json a = summary(12, 0, true), b = summary(13, 5, false); // p99 +8.3%: not notable
        b["bus"]["published"] = 60;                               // +20% (of 60: 16.7%): notable
        b["bus"]["delivered"] = 54;                               // 50 -> 54: 7.4%: not notable
        b["sagas"] = Json{{"started", 3}};                        // only in B
        b["outbox"]["mode"] = "transactional outbox";
        const auto rows = compareSummaries(a, b);

        const ComparisonRow *p99 = row(rows, "operations.place_order.latency_ms.p99");
        QVERIFY(p99 && !p99->notable);
        QCOMPARE(*p99->delta, 1.0);
        QCOMPARE(p99->change, std::string("+1 (+8.3%)"));

        QVERIFY(row(rows, "bus.published")->notable);
        QCOMPARE(row(rows, "bus.published")->change, std::string("+10 (+20.0%)"));
        QVERIFY(!row(rows, "bus.delivered")->notable);
        QVERIFY(!row(rows, "bus.delivered")->equal());

        const ComparisonRow *div = row(rows, "consistency.divergent_entities");
        QVERIFY(div->notable); // leaves 0
        QVERIFY(!div->relative);
        QCOMPARE(div->change, std::string("+5"));

        const ComparisonRow *check = row(rows, "checks.cqrs.read_model_matches");
        QVERIFY(check->notable);
        QCOMPARE(check->a.text, std::string("ok"));
        QCOMPARE(check->b.text, std::string("FAIL"));
        QCOMPARE(check->change, std::string("ok → FAIL"));
        QVERIFY(!check->delta);

        const ComparisonRow *sagas = row(rows, "sagas.started");
        QVERIFY(sagas && sagas->notable && !sagas->a.present && sagas->b.present);
        QCOMPARE(sagas->change, std::string("only in B"));

        QVERIFY(row(rows, "outbox.mode")->notable);
        QCOMPARE(row(rows, "outbox.mode")->change,
                 std::string("dual write → transactional outbox"));
        QVERIFY(!row(rows, "outbox.lost")->notable);
    }

    void notableRule_data()
    {
        QTest::addColumn<double>("a");
        QTest::addColumn<double>("b");
        QTest::addColumn<bool>("notable");
        QTest::newRow("equal") << 7.0 << 7.0 << false;
        QTest::newRow("+10% of the larger is not more than 10%") << 90.0 << 100.0 << false;
        QTest::newRow("+11%") << 89.0 << 100.0 << true;
        QTest::newRow("-5%") << 100.0 << 95.0 << false;
        QTest::newRow("-50%") << 100.0 << 50.0 << true;
        QTest::newRow("leaves 0") << 0.0 << 0.001 << true;
        QTest::newRow("reaches 0") << 32.0 << 0.0 << true;
    }

    void notableRule()
    {
        QFETCH(double, a);
        QFETCH(double, b);
        QFETCH(bool, notable);
        auto value = [](double v) { return ComparisonValue{true, v, formatComparisonNumber(v)}; };
        QCOMPARE(isNotableChange(value(a), value(b)), notable);
        QCOMPARE(formatComparisonNumber(1001.472), std::string("1001.472"));
        QCOMPARE(formatComparisonNumber(12.50), std::string("12.5"));
        QCOMPARE(formatComparisonNumber(916), std::string("916"));
        QCOMPARE(formatComparisonNumber(-0.0001), std::string("0"));
    }

    void argumentsAndExitCodes()
    {
        QCOMPARE(cli({"compare"}).code, int(ExitUsage));
        const CliResult unknown = cli({"compare", kLessons + "queue-lab.json", "--frob"});
        QCOMPARE(unknown.code, int(ExitUsage));
        QVERIFY(unknown.err.find("unknown option --frob") != std::string::npos);
        const CliResult badSet = cli({"compare", kLessons + "queue-lab.json", "--a-set", "oops"});
        QCOMPARE(badSet.code, int(ExitUsage));
        QVERIFY2(badSet.err.find("--a-set: ") != std::string::npos, badSet.err.c_str());
        QCOMPARE(cli({"compare", path("missing.json"), "--out", path("x")}).code, int(ExitUsage));
        const CliResult badValue = cli({"compare", kLessons + "outbox-vs-dual-write.json", "--set",
                                        "services[1].workers=0", "--out", path("bad")});
        QCOMPARE(badValue.code, int(ExitUsage));
        QVERIFY2(badValue.err.find("variant B: ") != std::string::npos, badValue.err.c_str());
        QVERIFY(badValue.err.find("--set services[1].workers") != std::string::npos);
        // An output folder that cannot be made is an I/O failure.
        {
            std::ofstream(path("plainfile")) << "x";
        }
        QCOMPARE(cli({"compare", kLessons + "outbox-vs-dual-write.json", "--no-charts", "--out",
                      path("plainfile/sub")})
                     .code,
                 int(ExitRuntime));
        QVERIFY(cli({"--help"}).out.find("dplab-cli compare FILE") != std::string::npos);
    }

    void aScenarioComparedWithItselfIsIdentical()
    {
        const std::string out = path("self");
        const CliResult r =
            cli({"compare", kLessons + "outbox-vs-dual-write.json", "--out", out, "--no-charts"});
        QCOMPARE(r.code, int(ExitOk)); // the file's expected failure is no error here
        QVERIFY2(r.out.find(" 0 differ, 0 notably.") != std::string::npos, r.out.c_str());
        Json a = readJson(out + "/summary-a.json"), b = readJson(out + "/summary-b.json");
        a.erase("wall_s");
        b.erase("wall_s");
        QCOMPARE(a.dump(), b.dump());
        for (const auto &row : compareSummaries(a, b))
            QVERIFY2(row.equal() && !row.notable, row.key.c_str());
        const std::string report = readFile(out + "/report.md");
        QVERIFY(report.find("every figure is the same in A and B") != std::string::npos);
        // No figure in bold: the only bold table cells are the variant names.
        std::istringstream lines(report);
        for (std::string line; std::getline(lines, line);)
            if (line.rfind("| **", 0) == 0)
                QVERIFY2(line.rfind("| **A**", 0) == 0 || line.rfind("| **B**", 0) == 0,
                         line.c_str());
    }

    void outboxAgainstDualWriteUnderCrashAfterCommit()
    {
        // The file is the dual write with crash-after-commit faults; B adds the outbox.
        const std::string out = path("outbox");
        const CliResult r = cli({"compare", kLessons + "outbox-vs-dual-write.json", "--set",
                                 R"(patterns.outbox={"poll": "50ms"})", "--out", out});
        QCOMPARE(r.code, int(ExitOk));
        const Json a = readJson(out + "/summary-a.json"), b = readJson(out + "/summary-b.json");
        QCOMPARE(a["seed"], b["seed"]);
        QCOMPARE(a["faults"], b["faults"]);
        QVERIFY(a["services"]["orders"]["crashes"].get<int>() > 0);
        QVERIFY(b["services"]["orders"]["crashes"].get<int>() > 0);
        QVERIFY(a["consistency"]["divergent_entities"].get<int>() > 0);
        QCOMPARE(b["consistency"]["divergent_entities"].get<int>(), 0);
        QVERIFY(a["outbox"]["lost"].get<int>() > 0);
        // The outbox has nothing to lose: every event row was published.
        QVERIFY(!b["outbox"].contains("lost"));
        QCOMPARE(b["outbox"]["published"], b["outbox"]["events"]);
        QCOMPARE(b["overrides"][0].get<std::string>(),
                 std::string(R"(patterns.outbox={"poll": "50ms"})"));

        const std::string report = readFile(out + "/report.md");
        const std::string divergent = "| **divergent_entities** | **" +
                                      a["consistency"]["divergent_entities"].dump() +
                                      "** | **0** |";
        QVERIFY2(report.find(divergent) != std::string::npos, report.c_str());
        QVERIFY(report.find("- check *read model matches orders after quiescence*: FAIL → ok") !=
                std::string::npos);
        QVERIFY(report.find("| **B** (dashed lines) | `patterns.outbox={\"poll\": \"50ms\"}` |") !=
                std::string::npos);
        QVERIFY(r.out.find("check read model matches orders after quiescence: FAIL -> ok") !=
                std::string::npos);
        // Reaching 0 ranks right after the flipped checks in what the CLI prints.
        QVERIFY2(r.out.find("  consistency.divergent_entities: " +
                            a["consistency"]["divergent_entities"].dump() + " -> 0 (-100.0%)\n") !=
                     std::string::npos,
                 r.out.c_str());
        // Overlaid charts, linked from the report.
        for (const char *chart : {"consistency-lag-a-vs-b", "latency-per-operation-a-vs-b"}) {
            const std::string png = std::string(chart) + ".png";
            QVERIFY2(std::filesystem::file_size(out + "/" + png) > 10000, chart);
            QVERIFY(report.find("](" + png + ")") != std::string::npos);
        }
        const std::string csv = readFile(out + "/consistency-lag-a-vs-b.csv");
        QVERIFY(csv.find(",A:") != std::string::npos && csv.find(",B:") != std::string::npos);
    }

    void reportPathIsNormalised()
    {
        const std::filesystem::path before = std::filesystem::current_path();
        std::filesystem::current_path(DPLAB_SOURCE_DIR);
        // Under the current folder: relative, as typed there; elsewhere: absolute, normalised.
        QCOMPARE(displayedPath(DPLAB_SOURCE_DIR "/scenarios/./x/../queue-lab.json"),
                 std::string("scenarios/queue-lab.json"));
        QCOMPARE(displayedPath("./scenarios//queue-lab.json"),
                 std::string("scenarios/queue-lab.json"));
        QCOMPARE(displayedPath("/elsewhere/a/../b.json"), std::string("/elsewhere/b.json"));
        QCOMPARE(displayedPath("../up/./b.json"), std::string("../up/b.json"));
        std::filesystem::current_path(before);
    }

    void reportCountsAbsentCountersAsZeroAndShowsReadSidesOnce()
    {
        // B adds the outbox: the dual write's counters (lost, phantom, aborted) are A's only,
        // the relay's (relay_polls, republished, backlog) B's only.
        const std::string out = path("report");
        const CliResult r =
            cli({"compare", kLessons + "../scenarios/./outbox-vs-dual-write.json", "--set",
                 "patterns.outbox=true", "--until", "20s", "--no-charts", "--quiet", "--out", out});
        QCOMPARE(r.code, int(ExitOk));
        const std::string report = readFile(out + "/report.md");
        std::vector<std::string> lines;
        std::istringstream in(report);
        for (std::string line; std::getline(in, line);)
            lines.push_back(line);
        const auto has = [&lines](const std::string &line) {
            return std::count(lines.begin(), lines.end(), line);
        };
        QCOMPARE(has("Both variants run `" DPLAB_SOURCE_DIR "/scenarios/outbox-vs-dual-write.json` "
                     "with seed 8: the same workload and the same fault schedule. Only these "
                     "changes set them apart:"),
                 1);
        // What changed: a counter only one variant has compares with 0; one that stayed 0 is
        // no change and is not listed.
        QCOMPARE(has("- `outbox.lost`: 11 → 0 (only in A; the other counted none)"), 1);
        QCOMPARE(has("- `outbox.relay_polls`: 0 → 283 (only in B; the other counted none)"), 1);
        QCOMPARE(has("- check *every outbox row published*: only in B (– → ok)"), 1);
        QCOMPARE(has("- `outbox.mode`: dual write: commit, then publish → outbox"), 1);
        QVERIFY(report.find("`outbox.phantom`") == std::string::npos);
        QVERIFY(report.find("`read_model.staleness_ms") == std::string::npos);
        QCOMPARE(has("- `consistency.staleness_ms.p50`: 2203.648 → 31.04 (-98.6%)"), 1);
        // The figures: the same counters, a text only one variant has keeps its dash.
        QCOMPARE(has("| **lost** | **11** | **0** | **-11 (only in A)** |"), 1);
        QCOMPARE(has("| phantom | 0 | 0 | only in A |"), 1);
        QCOMPARE(has("| **relay_polls** | **0** | **283** | **+283 (only in B)** |"), 1);
        QCOMPARE(has("| republished | 0 | 0 | only in B |"), 1);
        QCOMPARE(has("| **every outbox row published** | **–** | **ok** | **only in B** |"), 1);
        // The only read side's figures are Consistency's: shown once, and said so.
        QCOMPARE(
            has("| **staleness_ms.p50** | **2203.648** | **31.04** | **-2172.608 (-98.6%)** |"), 1);
        QCOMPARE(has("| **lag_ms.max** | **9109.98** | **610.7** | **-8499.28 (-93.3%)** |"), 1);
        QCOMPARE(has("14 figures of this section equal to Consistency's (the only read side) are "
                     "not repeated."),
                 1);
        QCOMPARE(has("| **writes_unreflected** | **9** | **3** | **-6 (-66.7%)** |"), 1);
    }

    void schemaChangeBreaksOthersOnlyWithASharedDatabase()
    {
        const std::string out = path("schema");
        const CliResult r = cli({"compare", kLessons + "schema-change-coupling.json", "--set",
                                 "patterns.data=per-service", "--out", out, "--no-charts"});
        QCOMPARE(r.code, int(ExitOk));
        const Json a = readJson(out + "/summary-a.json"), b = readJson(out + "/summary-b.json");
        const auto failed = [](const Json &s, const char *op) {
            return s["operations"][op]["failed"].get<int>();
        };
        // 30/s for the 40 s after the first rename, 20/s for the 20 s after the second.
        QVERIFY(failed(a, "get_order_details") > 1100);
        QVERIFY(failed(a, "place_order") > 350);
        QCOMPARE(failed(a, "update_customer"), 0);
        QCOMPARE(failed(a, "change_price"), 0);
        for (const char *op :
             {"get_order_details", "place_order", "update_customer", "change_price"})
            QCOMPARE(failed(b, op), 0);
        QVERIFY(a["data"]["cross_service_reads"].get<int>() > 1000);
        QCOMPARE(b["data"]["cross_service_reads"].get<int>(), 0);
        const std::string report = readFile(out + "/report.md");
        QVERIFY(report.find("| **get_order_details failed** | **" +
                            a["operations"]["get_order_details"]["failed"].dump() +
                            "** | **0** |") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestCompare)
#include "tst_compare.moc"
