// Parameter studies (dplab-cli sweep): the values, the statistics, theory at every point, and
// the same bytes whatever the threads and shards.
#include "patterns/scenarioinput.h"
#include "patterns/sweep/samplestatistics.h"
#include "patterns/sweep/sweeprunner.h"
#include "patterns/sweep/sweepshard.h"
#include "tests/support/clitestsupport.h"

#include <QtTest>

#include <cmath>
#include <filesystem>

using namespace dplab;
using namespace dplab::test;

namespace {

const std::string kMm1 = DPLAB_TEST_DATA "/sweep/mm1.json";
const std::string kSaga = DPLAB_TEST_DATA "/sweep/saga.json";

SweepParameter parameter(const std::string &text)
{
    std::string why;
    auto p = SweepParameter::parse(text, &why);
    if (!p)
        qFatal("%s", why.c_str());
    return *p;
}

/// Runs a study in this process and returns its table.
SweepTable runStudy(const std::string &file, std::vector<SweepParameter> vary, std::size_t seeds,
                    std::vector<std::string> metrics)
{
    const ScenarioInput input;
    SweepSpec spec;
    spec.file = file;
    spec.parameters = std::move(vary);
    spec.seeds = seeds;
    spec.metrics = std::move(metrics);
    spec.baseSeed = input.loadFile(file).scenario->seed;
    std::vector<LoadError> errors;
    auto runner = SweepRunner::prepare(input, spec, &errors);
    if (!runner)
        qFatal("%s", errors.front().toString().c_str());
    SweepTable table(spec);
    std::vector<std::size_t> all(spec.runCount());
    for (std::size_t r = 0; r < all.size(); ++r)
        all[r] = r;
    runner->run(table, all, 2);
    return table;
}

std::vector<std::string> filesOf(const std::string &dir)
{
    std::vector<std::string> names;
    for (const auto &e : std::filesystem::directory_iterator(dir))
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace

class TestSweep : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::string path(const std::string &name) const
    {
        return (m_dir.path() + "/").toStdString() + name;
    }

private slots:
    void values()
    {
        QCOMPARE(parameter("workload[0].rate=10..90:10").values,
                 (std::vector<std::string>{"10", "20", "30", "40", "50", "60", "70", "80", "90"}));
        // No float noise: 0.1 + 2 * 0.1 is written 0.3.
        QCOMPARE(parameter("a=0.1..0.5:0.1").values,
                 (std::vector<std::string>{"0.1", "0.2", "0.3", "0.4", "0.5"}));
        const SweepParameter poll = parameter("patterns.outbox.poll=10ms..40ms:10ms");
        QCOMPARE(poll.values, (std::vector<std::string>{"10ms", "20ms", "30ms", "40ms"}));
        QVERIFY(poll.numeric());
        QCOMPARE(*poll.axisValue(2), 30.0);
        QCOMPARE(poll.axisTitle(), std::string("patterns.outbox.poll (ms)"));
        // Commas inside JSON do not split a list.
        const SweepParameter json =
            parameter(R"(patterns.outbox={"poll": "5ms", "batch": 2},false)");
        QCOMPARE(json.values,
                 (std::vector<std::string>{R"({"poll": "5ms", "batch": 2})", "false"}));
        QVERIFY(!json.numeric());
        std::string why;
        QVERIFY(!SweepParameter::parse("a=1..5:0", &why));
        QVERIFY(!SweepParameter::parse("a=1ms..5s:1ms", &why));
        QVERIFY(why.find("same unit") != std::string::npos);
        QVERIFY(!SweepParameter::parse("a=1,,2", &why));
        QVERIFY(!SweepParameter::parse("=1,2", &why));
    }

    void pointsAndShards()
    {
        SweepSpec spec;
        spec.parameters = {parameter("a=1,2,3"), parameter("b=x,y")};
        spec.seeds = 4;
        spec.baseSeed = 40;
        QCOMPARE(spec.pointCount(), std::size_t(6));
        QCOMPARE(spec.runCount(), std::size_t(24));
        // The last parameter varies fastest; run 13 is point 3 (a=2, b=y) with seed 41.
        QCOMPARE(spec.pointOverrides(spec.pointOf(13)), (std::vector<std::string>{"a=2", "b=y"}));
        QCOMPARE(spec.seedOf(13), std::uint64_t(41));
        std::string why;
        const auto shard = SweepShard::parse("2/5", &why);
        QVERIFY(shard && shard->owns(7) && shard->owns(12) && !shard->owns(8));
        QVERIFY(!SweepShard::parse("5/5", &why));
        QVERIFY(why.find("numbered from 0") != std::string::npos);
        QVERIFY(!SweepShard::parse("1/0", &why));
        QVERIFY(!SweepShard::parse("1", &why));
        // sweep.json reads back as the same study.
        spec.file = "f.json";
        spec.metrics = {"m"};
        const auto back = SweepSpec::fromJson(spec.toJson(), &why);
        QVERIFY(back);
        QCOMPARE(back->toJson(), spec.toJson());
    }

    void statistics()
    {
        QCOMPARE(SampleStatistics::studentT975(1), 12.7062);
        QCOMPARE(SampleStatistics::studentT975(4), 2.77645);
        QVERIFY(std::fabs(SampleStatistics::studentT975(60) - 2.00030) < 1e-4);
        QVERIFY(std::fabs(SampleStatistics::studentT975(1000) - 1.96234) < 1e-4);
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sd sqrt(32/7).
        const SampleStatistics s = SampleStatistics::of({2, 4, 4, 4, NAN, 5, 5, 7, 9});
        QCOMPARE(s.n, std::size_t(8));
        QCOMPARE(s.mean, 5.0);
        QVERIFY(std::fabs(s.sd - std::sqrt(32.0 / 7)) < 1e-12);
        const double half = 2.36462 * std::sqrt(32.0 / 7) / std::sqrt(8.0);
        QVERIFY(std::fabs(s.ciHigh - (5 + half)) < 1e-12 &&
                std::fabs(s.ciLow - (5 - half)) < 1e-12);
        const SampleStatistics one = SampleStatistics::of({3});
        QCOMPARE(one.mean, 3.0);
        QVERIFY(std::isnan(one.sd) && std::isnan(one.ciLow));
    }

    void mm1MatchesTheoryAtEveryPoint()
    {
        // M/M/1 with mu = 100/s: W = 1/(mu - lambda), from 10% to 90% utilization.
        const SweepTable t =
            runStudy(kMm1, {parameter("workload[0].rate=10..90:10")}, 6,
                     {"operations.request:mm1.latency_ms.mean", "services.mm1.utilization"});
        QCOMPARE(t.spec().pointCount(), std::size_t(9));
        for (std::size_t p = 0; p < 9; ++p) {
            const double lambda = 10.0 * static_cast<double>(p + 1);
            const double w = 1000.0 / (100.0 - lambda);
            const SampleStatistics s = t.statistics(p, 0);
            QCOMPARE(s.n, std::size_t(6));
            QVERIFY2(s.ciLow <= w && w <= s.ciHigh,
                     qPrintable(QStringLiteral("lambda %1: W = %2 ms, measured %3 .. %4")
                                    .arg(lambda)
                                    .arg(w)
                                    .arg(s.ciLow)
                                    .arg(s.ciHigh)));
            // The interval is informative, not merely wide: under 40% of W (at 90% utilization
            // the waits are long and correlated).
            QVERIFY(s.ciHigh - s.ciLow < 0.4 * w);
            QVERIFY(std::fabs(t.statistics(p, 1).mean - lambda / 100) < 0.01);
        }
    }

    void sagaCompletionIsTheProductOfTheSteps()
    {
        // Reserve 95%, charge 1 - p, ship 95%: a saga completes with 0.95 (1 - p) 0.95.
        const SweepTable t = runStudy(kSaga, {parameter("services[4].failure_rate=0,0.1,0.2,0.3")},
                                      5, {"sagas.completion_ratio", "sagas.stuck"});
        for (std::size_t p = 0; p < 4; ++p) {
            const double failure = 0.1 * static_cast<double>(p);
            const double theory = 0.95 * (1 - failure) * 0.95;
            const SampleStatistics s = t.statistics(p, 0);
            QVERIFY2(s.ciLow <= theory && theory <= s.ciHigh,
                     qPrintable(QStringLiteral("p %1: theory %2, measured %3 .. %4")
                                    .arg(failure)
                                    .arg(theory)
                                    .arg(s.ciLow)
                                    .arg(s.ciHigh)));
            QCOMPARE(t.statistics(p, 1).mean, 0.0);
        }
    }

    void sameBytesWhateverThreadsAndShards()
    {
        const std::vector<std::string> study = {
            "sweep",    kMm1,
            "--vary",   "workload[0].rate=20,60",
            "--vary",   "services[0].workers=1,2",
            "--seeds",  "3",
            "--set",    "duration=30s",
            "--metric", "operations.request:mm1.latency_ms.mean",
            "--metric", "operations.request:mm1.latency_ms.p99",
            "--quiet"};
        auto with = [&](std::vector<std::string> extra) {
            std::vector<std::string> args = study;
            args.insert(args.end(), extra.begin(), extra.end());
            return cli(args);
        };
        QCOMPARE(with({"--jobs", "1", "--out", path("j1")}).code, 0);
        QCOMPARE(with({"--jobs", "2", "--out", path("j2")}).code, 0);
        QCOMPARE(with({"--shard", "1/2", "--out", path("s1")}).code, 0);
        QCOMPARE(with({"--shard", "0/2", "--jobs", "1", "--out", path("s0")}).code, 0);
        // A shard has its share of the runs only: 1, 3, 5... of 12.
        QCOMPARE(filesOf(path("s1")), (std::vector<std::string>{"runs.csv", "sweep.json"}));
        const std::string shardRuns = readFile(path("s1/runs.csv"));
        QCOMPARE(std::count(shardRuns.begin(), shardRuns.end(), '\n'), 7L);
        QVERIFY(shardRuns.find("\n1,20,1,8,") != std::string::npos);
        QCOMPARE(
            cli({"sweep-merge", path("s1"), path("s0"), "--out", path("merged"), "--quiet"}).code,
            0);
        const std::vector<std::string> files = filesOf(path("j1"));
        QCOMPARE(files,
                 (std::vector<std::string>{"operations-request-mm1-latency-ms-mean.csv",
                                           "operations-request-mm1-latency-ms-mean.png",
                                           "operations-request-mm1-latency-ms-mean.svg",
                                           "operations-request-mm1-latency-ms-p99.csv",
                                           "operations-request-mm1-latency-ms-p99.png",
                                           "operations-request-mm1-latency-ms-p99.svg",
                                           "points.csv", "report.md", "runs.csv", "sweep.json"}));
        for (const char *other : {"j2", "merged"}) {
            QCOMPARE(filesOf(path(other)), files);
            for (const std::string &f : files)
                QVERIFY2(readFile(path("j1/" + f)) == readFile(path(std::string(other) + "/" + f)),
                         qPrintable(QString::fromStdString(f + " differs in " + other)));
        }
        const std::string points = readFile(path("j1/points.csv"));
        QVERIFY(points.rfind("point,workload[0].rate,services[0].workers,runs,"
                             "operations.request:mm1.latency_ms.mean.n,"
                             "operations.request:mm1.latency_ms.mean.mean,",
                             0) == 0);
        // Two workers at 60%: far below one worker's wait (W = 25 ms for M/M/1).
        const std::string chart = readFile(path("j1/operations-request-mm1-latency-ms-mean.csv"));
        QVERIFY(chart.rfind("workload[0].rate,services[0].workers=1 mean,", 0) == 0);
        QVERIFY(readFile(path("j1/report.md")).find("## operations.request:mm1.latency_ms.p99") !=
                std::string::npos);
    }

    void mergeRefusesIncompleteOrMixedShards()
    {
        const std::vector<std::string> base = {
            "sweep", kMm1,          "--vary",   "workload[0].rate=20,40",   "--seeds", "2",
            "--set", "duration=5s", "--metric", "services.mm1.utilization", "--quiet"};
        auto with = [&](std::vector<std::string> extra) {
            std::vector<std::string> args = base;
            args.insert(args.end(), extra.begin(), extra.end());
            return cli(args);
        };
        QCOMPARE(with({"--shard", "0/3", "--out", path("m0")}).code, 0);
        QCOMPARE(with({"--shard", "1/3", "--out", path("m1")}).code, 0);
        CliResult r = cli({"sweep-merge", path("m0"), path("m1"), "--out", path("mm")});
        QCOMPARE(r.code, int(ExitUsage));
        QVERIFY(r.err.find("shard 2/3 is missing") != std::string::npos);
        r = cli({"sweep-merge", path("m0"), path("m0"), "--out", path("mm")});
        QVERIFY(r.err.find("given twice") != std::string::npos);
        std::vector<std::string> other = base;
        other[5] = "3";
        other.insert(other.end(), {"--shard", "2/3", "--out", path("m2")});
        QCOMPARE(cli(other).code, 0);
        r = cli({"sweep-merge", path("m0"), path("m1"), path("m2"), "--out", path("mm")});
        QCOMPARE(r.code, int(ExitUsage));
        QVERIFY(r.err.find("another study") != std::string::npos);
    }

    void badArguments()
    {
        CliResult r = cli({"sweep", kMm1, "--metric", "services.mm1.utilization"});
        QCOMPARE(r.code, int(ExitUsage));
        QVERIFY(r.err.find("--vary") != std::string::npos);
        r = cli({"sweep", kMm1, "--vary", "workload[0].rate=10", "--metric", "no.such.metric",
                 "--set", "duration=1s", "--out", path("bad")});
        QCOMPARE(r.code, int(ExitUsage));
        QVERIFY(r.err.find("no run's summary.json has a number at \"no.such.metric\"") !=
                std::string::npos);
        // A value the scenario refuses is reported before anything runs, with its path.
        r = cli({"sweep", kMm1, "--vary", "services[0].workers=1,-2", "--metric", "x"});
        QCOMPARE(r.code, int(ExitUsage));
        QVERIFY(r.err.find("services[0].workers") != std::string::npos);
        QCOMPARE(cli({"sweep", kMm1, "--vary", "a=1", "--metric", "x", "--shard", "2/2"}).code,
                 int(ExitUsage));
    }

    void fuzzFaultsSameFindingsWhateverThreadsAndShards()
    {
        const std::vector<std::string> search = {
            "fuzz-faults", kSaga,
            "--schedules", "6",
            "--stop",      "1s",
            "--settle",    "2s",
            "--set",       "patterns.idempotent_consumers=false"};
        auto with = [&](std::vector<std::string> extra) {
            std::vector<std::string> args = search;
            args.insert(args.end(), extra.begin(), extra.end());
            return cli(args);
        };
        const CliResult one = with({"--jobs", "1", "--out", path("f1")});
        const CliResult two = with({"--jobs", "2", "--out", path("f2")});
        QCOMPARE(two.code, one.code);
        with({"--shard", "0/2", "--out", path("fs0")});
        const CliResult shard1 = with({"--shard", "1/2", "--out", path("fs1")});
        QVERIFY(shard1.out.rfind("shard 1/2: 3 of the schedules below", 0) == 0);
        const CliResult merged = cli({"fuzz-merge", path("fs1"), path("fs0"), "--out", path("fm")});
        QCOMPARE(merged.code, one.code);
        const std::string findings = readFile(path("f1/findings.json"));
        QVERIFY(findings.find("\"schedules\": 6") != std::string::npos);
        QCOMPARE(readFile(path("f2/findings.json")), findings);
        QCOMPARE(readFile(path("fm/findings.json")), findings);
        // The printed report is the same but for the wall time.
        const std::string head = one.out.substr(0, one.out.rfind("; "));
        QCOMPARE(merged.out.substr(0, head.size()), head);
        QVERIFY(cli({"fuzz-merge", path("fs1"), "--out", path("fm2")})
                    .err.find("shard 0/2 is missing") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestSweep)
#include "tst_sweep.moc"
