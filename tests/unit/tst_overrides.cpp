// --set overrides of scenario values, and expectations about the outcome of checks.
#include "patterns/module/patterncatalog.h"
#include "patterns/run.h"
#include "patterns/scenarioinput.h"
#include "simulation/scenario/overrides.h"
#include "simulation/scenario/scenarioloader.h"
#include "tests/support/clitestsupport.h"
#include "tests/support/patternsettings.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace dplab;
using namespace dplab::test;

namespace {

/// The loader alone, with this build's pattern modules (the build's rules are tested apart).
const PatternCatalog &loaderCatalog()
{
    static const PatternCatalog modules = PatternCatalog::builtins();
    return modules;
}

ScenarioOverride override(const std::string &text)
{
    std::string why;
    auto o = ScenarioOverride::parse(text, &why);
    if (!o)
        qFatal("cannot parse --set %s: %s", text.c_str(), why.c_str());
    return *o;
}

std::vector<ScenarioOverride> overrides(const QStringList &texts)
{
    std::vector<ScenarioOverride> out;
    for (const QString &t : texts)
        out.push_back(override(t.toStdString()));
    return out;
}

QStringList messages(const LoadResult &result)
{
    QStringList out;
    for (const LoadError &e : result.errors)
        out << QString::fromStdString(e.toString());
    return out;
}

// Line 7 holds the pattern switch and line 8 the expect entry, which starts at column 14.
std::string small(const std::string &expect = {})
{
    return "{\n"
           "  \"dplab\": 1,\n"
           "  \"name\": \"small\",\n"
           "  \"duration\": \"2s\",\n"
           "  \"services\": [{\"name\": \"a\"}, {\"name\": \"b\", \"workers\": 2}],\n"
           "  \"workload\": [{\"operation\": \"request\", \"target\": \"a\", \"rate\": 10}],\n"
           "  \"patterns\": {\"outbox\": true}" +
           (expect.empty() ? std::string() : ",\n  \"expect\": [" + expect + "]") + "\n}\n";
}

LoadResult load(const std::string &text, const QStringList &sets = {})
{
    return ScenarioLoader(loaderCatalog()).loadText(text, "small.json", overrides(sets));
}

/// Replication over a bus that loses half the events and never resends them: the check
/// "replication.converged" fails.
std::string lossy(const std::string &expect, const std::string &delivery = "at-most-once")
{
    return R"({
  "dplab": 1,
  "name": "lossy",
  "seed": 5,
  "duration": "4s",
  "domain": {"customers": 50, "products": 10, "stock": 100},
  "services": [
    {"name": "gateway", "role": "gateway"},
    {"name": "customers", "role": "customers"},
    {"name": "orders", "role": "orders"}
  ],
  "bus": {"delivery": ")" +
           delivery + R"(", "drop": 0.5},
  "patterns": {"replication": true},
  "workload": [{"operation": "update_customer", "rate": 50, "stop": "2s", "keys": {"n": 50}}],
  "expect": [)" +
           expect + "]\n}\n";
}

const nlohmann::json *findCheck(const nlohmann::json &summary, const std::string &id)
{
    for (const auto &c : summary["checks"])
        if (c.value("id", "") == id)
            return &c;
    return nullptr;
}

} // namespace

/** Tests of --set (parsing, applying, messages) and of {"check": id, "ok": ...} expectations,
 *  down to the exit code of dplab-cli run. */
class TestOverrides : public QObject
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
    void parseReadsPathAndValue()
    {
        const ScenarioOverride o = override("services[1].workers=4");
        QCOMPARE(o.text(), "services[1].workers=4");
        QCOMPARE(o.path(), "services[1].workers");
        QCOMPARE(o.jsonPath(), "services[1].workers");
        QCOMPARE(o.steps().size(), std::size_t(3));
        QCOMPARE(std::get<std::size_t>(o.steps()[1]), std::size_t(1));
        QCOMPARE(o.value(), nlohmann::ordered_json(4));

        QCOMPARE(override("patterns.outbox=false").value(), nlohmann::ordered_json(false));
        QCOMPARE(override("bus.duplicate=0.2").value(), nlohmann::ordered_json(0.2));
        QCOMPARE(override(R"(patterns.outbox={"poll": "20ms"})").value().dump(),
                 R"({"poll":"20ms"})");
        // Not JSON: taken as a string.
        QCOMPARE(override("duration=30s").value(), nlohmann::ordered_json("30s"));
        QCOMPARE(override("name=a=b").value(), nlohmann::ordered_json("a=b"));
        QCOMPARE(override("name=").value(), nlohmann::ordered_json(""));
        QCOMPARE(override(R"(name="true")").value(), nlohmann::ordered_json("true"));
        QCOMPARE(override("layout.my box=1").jsonPath(), R"(layout["my box"])");
    }

    void parseRefusesBadArguments_data()
    {
        QTest::addColumn<QString>("arg");
        QTest::addColumn<QString>("error");
        const QString path =
            R"(bad path "%1": expected keys separated by ".", each with optional [index], )"
            "such as services[1].workers";
        QTest::newRow("no =") << "seed"
                              << R"(expected PATH=VALUE, such as duration=30s, got "seed")";
        QTest::newRow("no path") << "=3"
                                 << R"(expected PATH=VALUE, such as duration=30s, got "=3")";
        QTest::newRow("empty key") << "a..b=1" << path.arg("a..b");
        QTest::newRow("leading dot") << ".a=1" << path.arg(".a");
        QTest::newRow("trailing dot") << "a.=1" << path.arg("a.");
        QTest::newRow("index first") << "[0]=1" << path.arg("[0]");
        QTest::newRow("index not a number") << "a[x]=1" << path.arg("a[x]");
        QTest::newRow("empty index") << "a[]=1" << path.arg("a[]");
        QTest::newRow("negative index") << "a[-1]=1" << path.arg("a[-1]");
        QTest::newRow("unclosed index") << "a[1=1" << path.arg("a[1");
        QTest::newRow("stray bracket") << "a]=1" << path.arg("a]");
        QTest::newRow("key after index") << "a[1]b=1" << path.arg("a[1]b");
        QTest::newRow("duplicate key") << R"(a={"k": 1, "k": 2})"
                                       << R"(the value of a has a duplicate key "k")";
    }

    void parseRefusesBadArguments()
    {
        QFETCH(QString, arg);
        QFETCH(QString, error);
        std::string why;
        QVERIFY(!ScenarioOverride::parse(arg.toStdString(), &why));
        QCOMPARE(QString::fromStdString(why), error);
    }

    void overridesNestedKeysAndArrayElements()
    {
        const LoadResult r =
            load(small(), {"services[1].workers=4", "seed=9", "bus.duplicate=0.2",
                           "network.latency=5ms", R"(patterns.outbox={"poll": "20ms"})"});
        QVERIFY2(r.ok(), qPrintable(messages(r).join('\n')));
        const Scenario &s = *r.scenario;
        QCOMPARE(s.services[1].workers, 4);
        QCOMPARE(s.services[0].workers, 1);
        QCOMPARE(s.seed, std::uint64_t(9));
        QCOMPARE(s.bus.duplicate, 0.2); // "bus" was not in the file: created
        QCOMPARE(s.network.latency.describe(), Distribution::constant(5 * kMillisecond).describe());
        QVERIFY((settingsOf<OutboxSettings>(s) != nullptr));
        QCOMPARE(settingsOf<OutboxSettings>(s)->poll, 20 * kMillisecond);
        QCOMPARE(s.overrides, (std::vector<std::string>{"services[1].workers=4", "seed=9",
                                                        "bus.duplicate=0.2", "network.latency=5ms",
                                                        R"(patterns.outbox={"poll": "20ms"})"}));
        // Without overrides nothing is recorded.
        QVERIFY(load(small()).scenario->overrides.empty());
    }

    void stringFallbackAndOrder()
    {
        const LoadResult r = load(small(), {"duration=30s", "name=a lab",
                                            R"(services[0]={"name": "a", "workers": 2})",
                                            "services[0].workers=3", "patterns.outbox=false"});
        QVERIFY2(r.ok(), qPrintable(messages(r).join('\n')));
        QCOMPARE(r.scenario->duration, 30 * kSecond);
        QCOMPARE(r.scenario->name, "a lab");
        QCOMPARE(r.scenario->services[0].workers, 3); // the later --set wins
        QVERIFY(!r.scenario->patterns.isOn(OutboxSettings::kKey));
    }

    void pathsThatCannotBeSetAreErrors()
    {
        const LoadResult r =
            load(small(), {"services[5].workers=2", "name.first=x", "services.workers=2",
                           "faults[0].at=1s", "services[0].name[1]=2"});
        QCOMPARE(messages(r),
                 (QStringList{
                     "small.json: --set services[5].workers: services has 2 elements, so there is "
                     "no services[5]",
                     "small.json: --set name.first: name is a string, not an object",
                     "small.json: --set services.workers: services is an array, not an object; "
                     "give an index such as services[0]",
                     "small.json: --set faults[0].at: faults does not exist, and --set does not "
                     "create arrays",
                     "small.json: --set services[0].name[1]: services[0].name is a string, not an "
                     "array"}));
        QCOMPARE(
            messages(load(small(), {"duration.unit=s"})),
            QStringList{"small.json: --set duration.unit: duration is a string, not an object"});
    }

    void badValuesNameTheSet()
    {
        QCOMPARE(messages(load(small(), {"patterns.outbox=3"})),
                 QStringList{"small.json: --set patterns.outbox: expected true, false or an object "
                             "of settings, got 3"});
        // Deeper in a value given by --set: the --set, then the path inside it.
        QCOMPARE(
            messages(load(small(), {R"(patterns.outbox={"pol": "20ms"})"})),
            QStringList{
                R"(small.json: --set patterns.outbox: patterns.outbox.pol: unknown key "pol"; did you mean "poll"?)"});
        QCOMPARE(
            messages(load(small(), {"services[0].wokers=2"})),
            QStringList{
                R"(small.json: --set services[0].wokers: unknown key "wokers"; did you mean "workers"?)"});
        // "seed" is created by this --set, so an error about it names the --set too.
        QCOMPARE(
            messages(load(small(), {"seed.x=1", "bus.duplicate=2"})),
            (QStringList{
                R"(small.json: --set seed.x: seed: expected an integer between 0 and 18446744073709551615, got {"x":1})",
                "small.json: --set bus.duplicate: expected a probability between 0 "
                "and 1, got 2"}));
        QCOMPARE(
            messages(load(small(), {"duration=30 parsecs"})),
            QStringList{
                R"(small.json: --set duration: expected a duration such as "250us", "4ms", "2s" or "1.5min", got "30 parsecs" (unknown unit; use us, ms, s, min or h))"});
        // Errors in what the file itself says keep their position, beside those of the --set.
        std::string text = small();
        text.replace(text.find("\"workers\": 2"), 12, "\"workers\": 0");
        QCOMPARE(messages(load(text, {"services[0].workers=-1"})),
                 (QStringList{"small.json:5:56: services[1].workers: expected a positive integer, "
                              "got 0",
                              "small.json: --set services[0].workers: expected a positive "
                              "integer, got -1"}));
    }

    void expectCheckIsRead()
    {
        const LoadResult r = load(small(R"({"check": "replication.converged", "ok": false},
    {"check": "commits_recorded", "ok": true},
    {"metric": "bus.dropped", "op": "==", "value": 0})"));
        QVERIFY2(r.ok(), qPrintable(messages(r).join('\n')));
        const auto &e = r.scenario->expect;
        QCOMPARE(e.size(), std::size_t(3));
        QCOMPARE(e[0].check, "replication.converged");
        QCOMPARE(e[0].checkOk, false);
        QVERIFY(e[0].metric.empty());
        QCOMPARE(e[1].check, "commits_recorded");
        QCOMPARE(e[1].checkOk, true);
        QVERIFY(e[2].check.empty());
        QCOMPARE(e[2].metric, "bus.dropped");
    }

    void expectCheckErrors_data()
    {
        QTest::addColumn<QString>("entry");
        QTest::addColumn<QString>("error");
        QTest::newRow("check and metric")
            << R"({"check": "a", "ok": true, "metric": "bus.dropped", "op": "==", "value": 0})"
            << R"(small.json:8:14: expect[0]: an entry has either "metric" (a figure of the summary) or "check" (the outcome of a check), not both)";
        QTest::newRow("empty id")
            << R"({"check": "", "ok": true})"
            << R"(small.json:8:24: expect[0].check: expected the id of a check, made of lowercase letters, digits, "_" and ".", such as "replication.converged", got "")";
        QTest::newRow("bad id")
            << R"({"check": "Replication converged", "ok": true})"
            << R"(small.json:8:24: expect[0].check: expected the id of a check, made of lowercase letters, digits, "_" and ".", such as "replication.converged", got "Replication converged")";
        QTest::newRow("id not a string")
            << R"({"check": 3, "ok": true})"
            << R"(small.json:8:24: expect[0].check: expected a string, got 3)";
        QTest::newRow("missing ok")
            << R"({"check": "a"})"
            << R"(small.json:8:14: expect[0]: missing required key "ok" (true when the check must pass, false when it must fail))";
        QTest::newRow("ok not a boolean")
            << R"({"check": "a", "ok": "no"})"
            << R"(small.json:8:35: expect[0].ok: expected true or false, got "no")";
        QTest::newRow("op with check")
            << R"({"check": "a", "ok": true, "op": "=="})"
            << R"(small.json:8:41: expect[0].op: key "op" does not apply to a "check" entry)";
        QTest::newRow("ok with metric")
            << R"({"metric": "bus.dropped", "op": "==", "value": 0, "ok": true})"
            << R"(small.json:8:64: expect[0].ok: key "ok" does not apply to a "metric" entry)";
        QTest::newRow("neither")
            << R"({"op": "==", "value": 0})"
            << R"(small.json:8:14: expect[0]: missing required key "metric" (or "check"))";
        QTest::newRow("unknown key")
            << R"({"check": "a", "ok": true, "okay": true})"
            << R"(small.json:8:41: expect[0].okay: unknown key "okay"; did you mean "ok"?)";
    }

    void expectCheckErrors()
    {
        QFETCH(QString, entry);
        QFETCH(QString, error);
        QCOMPARE(messages(load(small(entry.toStdString()))), QStringList{error});
    }

    void checkExpectations()
    {
        nlohmann::ordered_json summary;
        summary["checks"] = {
            {{"id", "replication.converged"}, {"ok", false}, {"detail", "3 differ"}},
            {{"id", "commits_recorded"}, {"ok", true}, {"detail", "9 commits"}}};
        auto expect = [](const std::string &id, bool ok) {
            ExpectSpec e;
            e.check = id;
            e.checkOk = ok;
            return e;
        };
        const std::vector<ExpectSpec> specs = {expect("replication.converged", false),
                                               expect("commits_recorded", false),
                                               expect("cqrs.read_model_matches", true)};
        const auto results = evaluateExpectations(summary, specs);
        QCOMPARE(results.size(), std::size_t(3));
        // Met: the check fails, as expected.
        QCOMPARE(results[0].name, "expect check replication.converged fails");
        QVERIFY(results[0].ok);
        QCOMPARE(results[0].detail, "it failed: 3 differ");
        QCOMPARE(results[0].id, "expect[0]");
        // Not met: the check passes.
        QCOMPARE(results[1].name, "expect check commits_recorded fails");
        QVERIFY(!results[1].ok);
        QCOMPARE(results[1].detail, "it passed: 9 commits");
        // Unknown id.
        QCOMPARE(results[2].name, "expect check cqrs.read_model_matches passes");
        QVERIFY(!results[2].ok);
        QCOMPARE(results[2].detail, "no check with id \"cqrs.read_model_matches\" in this run "
                                    "(checks: replication.converged, commits_recorded)");

        std::vector<CheckResult> checks(2);
        checks[0].id = "replication.converged";
        checks[1].id = "commits_recorded";
        markExpectedFailures(checks, specs);
        QVERIFY(checks[0].expectedToFail);
        QVERIFY(!checks[0].failsRun());
        QVERIFY(checks[1].expectedToFail); // expected to fail, whatever it does
        checks[1].ok = true;
        QVERIFY(!checks[1].failsRun());
        CheckResult plain;
        QVERIFY(plain.failsRun());
    }

    void runMarksExpectedFailures()
    {
        const LoadResult r =
            ScenarioLoader(loaderCatalog())
                .loadText(lossy(R"({"check": "replication.converged", "ok": false})"),
                          "lossy.json");
        QVERIFY2(r.ok(), qPrintable(messages(r).join('\n')));
        RunOptions options;
        options.recordTrace = false;
        std::vector<LoadError> errors;
        auto run = Run::create(*r.scenario, options, &errors);
        QVERIFY2(run, errors.empty() ? "" : errors.front().toString().c_str());
        run->runToEnd();
        QVERIFY(run->expectationsEvaluated());
        const auto checks = run->checks();
        int expected = 0;
        for (const CheckResult &c : checks) {
            if (c.id == "replication.converged") {
                QVERIFY(!c.ok);
                QVERIFY(c.expectedToFail);
                ++expected;
            } else {
                QVERIFY2(c.ok, c.name.c_str());
                QVERIFY(!c.expectedToFail);
            }
        }
        QCOMPARE(expected, 1);
        QCOMPARE(checks.back().name, "expect check replication.converged fails");
        QVERIFY(run->checksHold());
    }

    void cliExitCodeForExpectedFailures()
    {
        // The check fails and the scenario says so: exit 0.
        const std::string xfail =
            write("xfail.json", lossy(R"({"check": "replication.converged", "ok": false})"));
        const CliResult ok = cli({"run", xfail, "--out", path("xfail"), "--no-trace"});
        QVERIFY2(ok.code == ExitOk, ok.out.c_str());
        QVERIFY2(ok.out.find("[xfail] replica converged after quiescence") != std::string::npos,
                 ok.out.c_str());
        QVERIFY(ok.out.find("(fails, as the scenario expects)") != std::string::npos);
        QVERIFY(ok.out.find("[ ok ] expect check replication.converged fails - it failed: ") !=
                std::string::npos);
        const auto s = nlohmann::json::parse(readFile(path("xfail") + "/summary.json"));
        const auto *converged = findCheck(s, "replication.converged");
        QVERIFY(converged);
        QCOMPARE((*converged)["ok"].get<bool>(), false);
        QCOMPARE((*converged)["expected_failure"].get<bool>(), true);
        QVERIFY(!findCheck(s, "commits_recorded")->contains("expected_failure"));
        QCOMPARE((*findCheck(s, "expect[0]"))["ok"].get<bool>(), true);

        // The same failure without the expectation: exit 1.
        const CliResult plain =
            cli({"run", write("plain.json", lossy("")), "--out", path("plain"), "--no-trace"});
        QCOMPARE(plain.code, int(ExitChecksFailed));
        QVERIFY(plain.out.find("[FAIL] replica converged after quiescence") != std::string::npos);

        // Expected to fail but passes (at-least-once resends what was dropped): exit 1.
        const CliResult passes =
            cli({"run",
                 write("passes.json", lossy(R"({"check": "replication.converged", "ok": false})",
                                            "at-least-once")),
                 "--out", path("passes"), "--no-trace"});
        QCOMPARE(passes.code, int(ExitChecksFailed));
        QVERIFY2(passes.out.find("[ ok ] replica converged") != std::string::npos,
                 passes.out.c_str());
        QVERIFY(passes.out.find("[FAIL] expect check replication.converged fails - it passed: ") !=
                std::string::npos);

        // A check this run does not have: exit 1, naming the checks it has.
        const CliResult unknown =
            cli({"run",
                 write("unknown.json", lossy(R"({"check": "cqrs.read_model_matches", "ok": true})",
                                             "at-least-once")),
                 "--out", path("unknown"), "--no-trace"});
        QCOMPARE(unknown.code, int(ExitChecksFailed));
        QVERIFY2(unknown.out.find("no check with id \"cqrs.read_model_matches\" in this run "
                                  "(checks: commits_recorded, bus.offsets_within_topics, "
                                  "replication.converged, data.no_cross_service_access)") !=
                     std::string::npos,
                 unknown.out.c_str());
    }

    void cliSetSkipsExpectations()
    {
        const std::string file =
            write("set.json", lossy(R"({"check": "replication.converged", "ok": false},
    {"metric": "bus.dropped", "op": ">", "value": 0})"));
        // Repairing the bus: the check passes, the expectations (now wrong) are not evaluated.
        const CliResult fixed = cli({"run", file, "--out", path("fixed"), "--no-trace", "--set",
                                     "bus.delivery=at-least-once", "--set", "bus.drop=0"});
        QVERIFY2(fixed.code == ExitOk, (fixed.out + fixed.err).c_str());
        QVERIFY(fixed.out.find("  --set bus.delivery=at-least-once\n") != std::string::npos);
        QVERIFY2(fixed.out.find("note: --set changed the scenario; its 2 expect checks were not "
                                "evaluated\n") != std::string::npos,
                 fixed.out.c_str());
        const auto s = nlohmann::ordered_json::parse(readFile(path("fixed") + "/summary.json"));
        auto it = s.begin();
        QCOMPARE(it.key(), "scenario");
        std::advance(it, 3);
        QCOMPARE(it.key(), "overrides"); // right after "seed"
        QCOMPARE(s["overrides"],
                 nlohmann::ordered_json({"bus.delivery=at-least-once", "bus.drop=0"}));
        QVERIFY(!findCheck(s, "expect[0]"));
        QCOMPARE((*findCheck(s, "replication.converged"))["ok"].get<bool>(), true);

        // Any --set skips them, so the failure the file expects now fails the run.
        const CliResult seed =
            cli({"run", file, "--out", path("seed"), "--no-trace", "--quiet", "--set", "seed=9"});
        QCOMPARE(seed.code, int(ExitChecksFailed));
        QVERIFY(seed.out.empty());
        const auto s9 = nlohmann::json::parse(readFile(path("seed") + "/summary.json"));
        QCOMPARE(s9["seed"].get<int>(), 9);
        QVERIFY(!findCheck(s9, "replication.converged")->contains("expected_failure"));
    }

    void cliSetErrors()
    {
        const std::string file = write("small.json", small());
        const CliResult badValue =
            cli({"run", file, "--out", path("bad"), "--set", "patterns.outbox=3"});
        QCOMPARE(badValue.code, int(ExitUsage));
        QCOMPARE(badValue.err, file + ": --set patterns.outbox: expected true, false or an "
                                      "object of settings, got 3\n");
        const CliResult badPath = cli({"run", file, "--set", "services[9].workers=1"});
        QCOMPARE(badPath.code, int(ExitUsage));
        QCOMPARE(badPath.err, file + ": --set services[9].workers: services has 2 elements, so "
                                     "there is no services[9]\n");
        const CliResult syntax = cli({"run", file, "--set", "workers"});
        QCOMPARE(syntax.code, int(ExitUsage));
        QVERIFY2(syntax.err.find("dplab-cli run: --set: expected PATH=VALUE") == 0,
                 syntax.err.c_str());
        QCOMPARE(cli({"run", file, "--set"}).code, int(ExitUsage));

        // The file's outbox cannot run without an orders service; --set turns it off.
        QCOMPARE(cli({"validate", file}).code, int(ExitChecksFailed));
        const CliResult valid = cli(
            {"validate", file, "--set", "services[1].workers=8", "--set", "patterns.outbox=false"});
        QCOMPARE(valid.code, int(ExitOk));
        QCOMPARE(valid.out, file + ": ok\n");
        const CliResult invalid = cli({"validate", "--set", "services[1].workers=0", file});
        QCOMPARE(invalid.code, int(ExitChecksFailed));
        QCOMPARE(invalid.err, file + ": --set services[1].workers: expected a positive integer, "
                                     "got 0\n");
        QCOMPARE(cli({"validate", file, "--set", "a..b=1"}).code, int(ExitUsage));
        QCOMPARE(cli({"validate", "--set", "seed=1"}).code, int(ExitUsage));
    }
};

QTEST_GUILESS_MAIN(TestOverrides)
#include "tst_overrides.moc"
