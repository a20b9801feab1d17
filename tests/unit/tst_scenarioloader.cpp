#include "patterns/scenarioinput.h"
#include "simulation/kernel/durationunits.h"
#include "simulation/scenario/jsondocument.h"
#include "simulation/scenario/loadercontext.h"
#include "simulation/scenario/scenarioloader.h"
#include "tests/support/patternsettings.h"

#include <QDir>
#include <QFile>
#include <QSet>
#include <QStringList>
#include <QTest>

#include <regex>
#include <set>
#include <sstream>
#include <string>

using namespace dplab;

namespace {

std::string readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = file.readAll();
    return std::string(bytes.constData(), static_cast<std::size_t>(bytes.size()));
}

QStringList messages(const LoadResult &result)
{
    QStringList out;
    for (const LoadError &e : result.errors)
        out << QString::fromStdString(e.toString());
    return out;
}

/// The pattern modules the loader reads "patterns" and the roles with (this test file's own).
const PatternCatalog &catalog()
{
    static const PatternCatalog modules = PatternCatalog::builtins();
    return modules;
}

/// The loader alone (without this build's rules, which tst_cli and the pattern tests cover).
LoadResult loadText(const std::string &text, const std::string &name = "gen.json")
{
    return ScenarioLoader(catalog()).loadText(text, name);
}

/// The same skeleton as most fixtures: services on line 5, workload on line 6, col 15.
std::string baseText(const std::string &services = R"([{"name": "a"}])",
                     const std::string &workload = R"([{"operation": "request", "target": "a"}])",
                     const std::string &extra = {}, const std::string &duration = R"("10s")")
{
    return "{\n  \"dplab\": 1,\n  \"name\": \"x\",\n  \"duration\": " + duration +
           ",\n  \"services\": " + services + ",\n  \"workload\": " + workload + extra + "\n}\n";
}

std::string repeated(const std::string &item, int count, const std::string &sep = ", ")
{
    std::string out;
    for (int i = 0; i < count; ++i)
        out += (i ? sep : std::string()) + item;
    return out;
}

std::string numberedServices(int count, const std::string &prefix = "s")
{
    std::string out = "[";
    for (int i = 0; i < count; ++i)
        out += (i ? ", " : "") + ("{\"name\": \"" + prefix + std::to_string(i) + "\"}");
    return out + "]";
}

std::vector<std::string> switchKeys(const PatternSwitches &p)
{
    std::vector<std::string> out;
    for (const auto &s : p.switches())
        out.push_back(s.key);
    return out;
}

QSet<QString> keySet(const loader::KeyList &keys)
{
    QSet<QString> out;
    for (std::string_view k : keys)
        out.insert(QString::fromUtf8(k.data(), static_cast<qsizetype>(k.size())));
    return out;
}

QSet<QString> propertyNames(const nlohmann::ordered_json &schema)
{
    QSet<QString> out;
    if (schema.contains("properties"))
        for (auto it = schema["properties"].begin(); it != schema["properties"].end(); ++it)
            out.insert(QString::fromStdString(it.key()));
    return out;
}

} // namespace

Q_DECLARE_METATYPE(std::string)
Q_DECLARE_METATYPE(dplab::Distribution)

namespace QTest {
template <> inline char *toString(const std::string &s)
{
    return qstrdup(s.c_str());
}
template <> inline char *toString(const dplab::Distribution &d)
{
    return qstrdup(d.describe().c_str());
}
} // namespace QTest

/** Tests of the scenario file loader: every error class with its exact message, and the values
 *  a valid file produces. */
class TestScenarioLoader : public QObject
{
    Q_OBJECT

private slots:
    void badFixture_data();
    void badFixture();
    void generatedLimits_data();
    void generatedLimits();
    void multipleErrorsAreAllReported();
    void narrativeChoices();
    void fullExample();
    void minimalFileGetsDefaults();
    void trueMeansDefaults();
    void sharedDataIsEnabled();
    void durationsAndDistributions_data();
    void durationsAndDistributions();
    void seedRange();
    void loadFileNamesThePath();
    void loadFileReportsUnreadableFiles();
    void errorFormat();
    void repositoryScenariosLoad();
    void schemaMatchesLoader();
    void durationUnitsMatchSchemaAndReadme();
};

void TestScenarioLoader::badFixture_data()
{
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("bad_database") << QStringList{
        R"(bad_database.json:5:42: services[0].database: expected ":memory:" or a plain file name ending in .db or .sqlite (letters, digits, "_", "." and "-"; no folders), got "../orders.db")"};
    QTest::newRow("bad_enum_type") << QStringList{
        R"(bad_enum_type.json:7:23: bus.delivery: expected one of at-most-once or at-least-once, got 1)"};
    QTest::newRow("bad_service_name") << QStringList{
        R"(bad_service_name.json:5:40: services[1].name: expected a service name: a letter, then up to 63 letters, digits, "_" or "-", got "2fast")"};
    QTest::newRow("bad_topic") << QStringList{
        R"(bad_topic.json:5:43: services[0].publishes: expected a topic name: a lowercase letter, then up to 63 lowercase letters, digits, "_", "." or "-", got "Orders")"};
    QTest::newRow("bus_delivery_hint") << QStringList{
        R"(bus_delivery_hint.json:7:23: bus.delivery: unknown delivery "exactly-once"; expected at-most-once or at-least-once)"};
    QTest::newRow("call_cycle") << QStringList{
        R"(call_cycle.json:8:29: services[2].calls[0]: call cycle a -> b -> c -> a: a request would never finish)"};
    QTest::newRow("cqrs") << QStringList{
        R"(cqrs.json:14:22: services[2].workers: expected a positive integer, got -1)"};
    QTest::newRow("distribution_foreign_key") << QStringList{
        R"(distribution_foreign_key.json:5:64: services[0].processing.mean: key "mean" does not apply to a uniform distribution)"};
    QTest::newRow("distribution_missing_param") << QStringList{
        R"(distribution_missing_param.json:5:44: services[0].processing: missing required key "stddev")"};
    QTest::newRow("domain_range") << QStringList{
        R"(domain_range.json:7:27: domain.customers: expected a positive integer, got 0)"};
    QTest::newRow("duplicate_call")
        << QStringList{R"(duplicate_call.json:5:45: services[0].calls[1]: duplicate call to "b")"};
    QTest::newRow("duplicate_key")
        << QStringList{R"(duplicate_key.json:5:44: services[0].workers: duplicate key "workers")"};
    QTest::newRow("duplicate_link") << QStringList{
        R"(duplicate_link.json:7:51: network.links[1]: duplicate link a->b (network.links[0] has it already))"};
    QTest::newRow("duplicate_service") << QStringList{
        R"(duplicate_service.json:5:40: services[1].name: duplicate service name "a" (services[0] has it already))"};
    QTest::newRow("duration_too_long") << QStringList{
        R"(duration_too_long.json:4:15: duration: expected a duration <= 24h, got "25h")"};
    QTest::newRow("empty_services")
        << QStringList{R"(empty_services.json:5:15: services: expected at least one service)"};
    QTest::newRow("empty_workload") << QStringList{
        R"(empty_workload.json:6:15: workload: expected at least one workload entry)"};
    QTest::newRow("expect_bad_metric") << QStringList{
        R"(expect_bad_metric.json:7:25: expect[0].metric: expected a dotted metric path such as "consistency.divergent_entities", got "bus..dropped")"};
    QTest::newRow("expect_bad_op") << QStringList{
        R"(expect_bad_op.json:7:46: expect[0].op: unknown operator "=<"; did you mean "=="?)"};
    QTest::newRow("fault_at_after_end") << QStringList{
        R"(fault_at_after_end.json:7:41: faults[0].at: expected a time before the end of the run (10s), got "10s")"};
    QTest::newRow("fault_bad_target") << QStringList{
        R"(fault_bad_target.json:7:44: faults[0].target: expected "from->to" (two services), "bus" or "topic:NAME", got "a")"};
    QTest::newRow("fault_key_for_other_kind") << QStringList{
        R"(fault_key_for_other_kind.json:7:35: faults[0].service: key "service" does not apply to a "bus-down" fault)"};
    QTest::newRow("fault_link_target") << QStringList{
        R"(fault_link_target.json:7:46: faults[0].target: a duplicate fault applies to "bus" or "topic:NAME", got "a->b")"};
    QTest::newRow("fault_missing_probability") << QStringList{
        R"(fault_missing_probability.json:7:14: faults[0]: missing required key "probability")"};
    QTest::newRow("fault_target_unknown_service") << QStringList{
        R"(fault_target_unknown_service.json:7:44: faults[0].target: unknown service "invntory" in the target; did you mean "inventory"?)"};
    QTest::newRow("fault_unknown_kind") << QStringList{
        R"(fault_unknown_kind.json:7:23: faults[0].kind: unknown fault kind "crsh"; did you mean "crash"?)"};
    QTest::newRow("garbage_duration") << QStringList{
        R"(garbage_duration.json:4:15: duration: expected a duration such as "250us", "4ms", "2s" or "1.5min", got "ten seconds")"};
    QTest::newRow("key_not_for_operation") << QStringList{
        R"(key_not_for_operation.json:6:45: workload[0].target: key "target" does not apply to operation "place_order")"};
    QTest::newRow("keys_range") << QStringList{
        R"(keys_range.json:6:75: workload[0].keys.n: expected a positive integer, got 0)",
        R"(keys_range.json:6:83: workload[0].keys.s: expected a number > 0, got 0)"};
    QTest::newRow("layout_not_object")
        << QStringList{R"(layout_not_object.json:7:13: layout: expected an object, got [])"};
    QTest::newRow("link_to_itself") << QStringList{
        R"(link_to_itself.json:7:45: network.links[0].to: a link needs two different services, got "a" twice)"};
    QTest::newRow("lognormal_p99") << QStringList{
        R"(lognormal_p99.json:7:68: bus.latency.p99: expected "p99" >= "median" (5ms), got "1ms")"};
    QTest::newRow("missing_name") << QStringList{
        R"(missing_name.json:1:1: missing required key "name")"};
    QTest::newRow("missing_service_name") << QStringList{
        R"(missing_service_name.json:5:16: services[0]: missing required key "name")"};
    QTest::newRow("narrative_after_end") << QStringList{
        R"(narrative_after_end.json:7:24: narrative[0].at: expected a time within the run (10s), got "11s")"};
    QTest::newRow("narrative_answer_out_of_range") << QStringList{
        R"(narrative_answer_out_of_range.json:7:101: narrative[0].answer: expected the 0-based index of one of the 2 choices (0..1), got 2)"};
    QTest::newRow("narrative_choices_without_pause") << QStringList{
        R"(narrative_choices_without_pause.json:7:50: narrative[0].choices: choices are offered at a "predict" caption: it needs "pause": true)"};
    QTest::newRow("narrative_empty_text") << QStringList{
        R"(narrative_empty_text.json:7:38: narrative[0].text: expected a non-empty string, got "")"};
    QTest::newRow("narrative_try_fault_at") << QStringList{
        R"(narrative_try_fault_at.json:7:128: narrative[0].try.fault.at: a "Try it" fault starts when the button is clicked: leave out "at")"};
    QTest::newRow("narrative_try_two_changes") << QStringList{
        R"(narrative_try_two_changes.json:7:61: narrative[0].try: expected exactly one of "patterns" (switches to change) or "fault" (a fault injected at the playhead))",
        R"(narrative_try_two_changes.json:7:71: narrative[0].try.label: expected a button's text of at most 40 characters, got 50)"};
    QTest::newRow("narrative_unknown_select") << QStringList{
        R"(narrative_unknown_select.json:7:53: narrative[0].select: unknown service "order" to select; did you mean "orders"?)",
        R"(narrative_unknown_select.json:7:71: narrative[0].speed: expected a playback speed above 0 and at most 100, got 0)"};
    QTest::newRow("negative_duration") << QStringList{
        R"(negative_duration.json:5:44: services[0].processing: expected a duration >= 0, got "-4ms")"};
    QTest::newRow("negative_duration_number") << QStringList{
        R"(negative_duration_number.json:7:26: network.timeout: expected a duration >= 0, got -5)"};
    QTest::newRow("not_integer") << QStringList{
        R"(not_integer.json:5:41: services[0].workers: expected a positive integer, got 1.5)"};
    QTest::newRow("partition_one_group") << QStringList{
        R"(partition_one_group.json:7:47: faults[0].between: expected at least 2 groups of service names, such as [["orders"], ["inventory"]], got [["a"]])"};
    QTest::newRow("partition_overlap") << QStringList{
        R"(partition_overlap.json:7:68: faults[0].between[1][1]: "a" is already in group between[0])"};
    QTest::newRow("pattern_settings") << QStringList{
        R"(pattern_settings.json:7:35: patterns.outbox.poll: expected a duration > 0, got "0ms")",
        R"(pattern_settings.json:7:51: patterns.outbox.batch: expected a positive integer, got 0)"};
    QTest::newRow("pattern_type") << QStringList{
        R"(pattern_type.json:7:24: patterns.cqrs: expected true or false, got "yes")"};
    QTest::newRow("pattern_unknown") << QStringList{
        R"(pattern_unknown.json:7:16: patterns.cqsr: unknown key "cqsr"; did you mean "cqrs"?)"};
    QTest::newRow("probability_range") << QStringList{
        R"(probability_range.json:5:46: services[0].failure_rate: expected a probability between 0 and 1, got 1.5)"};
    QTest::newRow("publish_bad_topic") << QStringList{
        R"(publish_bad_topic.json:6:50: workload[0].topic: expected a topic name: a lowercase letter, then up to 63 lowercase letters, digits, "_", "." or "-", got "orders/created")"};
    QTest::newRow("rate_zero") << QStringList{
        R"(rate_zero.json:6:53: workload[0].rate: expected a rate > 0 (operations per second), got 0)"};
    QTest::newRow("request_without_target") << QStringList{
        R"(request_without_target.json:6:16: workload[0]: missing required key "target" (operation "request" needs the service to call))"};
    QTest::newRow("reserved_name") << QStringList{
        R"(reserved_name.json:5:40: services[1].name: "bus" is a reserved name; choose another service name)"};
    QTest::newRow("retries_range") << QStringList{
        R"(retries_range.json:7:26: network.retries: expected an integer between 0 and 10, got 11)"};
    QTest::newRow("root_not_object")
        << QStringList{R"(root_not_object.json:1:1: expected an object, got [1,2,3])"};
    QTest::newRow("schema_change_identifier") << QStringList{
        R"(schema_change_identifier.json:7:104: faults[0].rename_to: expected an SQL name: a letter or "_", then up to 63 letters, digits or "_", got "new qty")"};
    QTest::newRow("seed_negative") << QStringList{
        R"(seed_negative.json:7:11: seed: expected an integer between 0 and 18446744073709551615, got -1)"};
    QTest::newRow("self_call") << QStringList{
        R"(self_call.json:5:40: services[0].calls[0]: a service cannot call itself)"};
    QTest::newRow("start_after_end") << QStringList{
        R"(start_after_end.json:6:54: workload[0].start: expected "start" before the end of the run (10s), got "10s")"};
    QTest::newRow("start_after_stop") << QStringList{
        R"(start_after_stop.json:6:68: workload[0].stop: expected "stop" after "start" (5s), got "5s")"};
    QTest::newRow("stop_after_end") << QStringList{
        R"(stop_after_end.json:6:53: workload[0].stop: expected "stop" within the run (10s), got "11s")"};
    QTest::newRow("syntax_bad_escape")
        << QStringList{R"(syntax_bad_escape.json:2:13: invalid escape \q in a string)"};
    QTest::newRow("syntax_comment")
        << QStringList{R"(syntax_comment.json:2:3: comments are not allowed in JSON)"};
    QTest::newRow("syntax_control_char") << QStringList{
        R"(syntax_control_char.json:3:13: control character U+0009 inside a string)"};
    QTest::newRow("syntax_empty") << QStringList{
        R"(syntax_empty.json:1:1: the text is empty; expected a JSON value)"};
    QTest::newRow("syntax_invalid_utf8")
        << QStringList{R"(syntax_invalid_utf8.json:3:15: invalid UTF-8 in a string)"};
    QTest::newRow("syntax_leading_zero")
        << QStringList{R"(syntax_leading_zero.json:7:11: numbers must not have leading zeros)"};
    QTest::newRow("syntax_lone_surrogate")
        << QStringList{R"(syntax_lone_surrogate.json:2:13: unpaired surrogate in a \u escape)"};
    QTest::newRow("syntax_missing_comma") << QStringList{
        R"(syntax_missing_comma.json:3:3: expected ',' or '}' after a member of an object, got '"')"};
    QTest::newRow("syntax_nan") << QStringList{
        R"(syntax_nan.json:7:11: NaN and Infinity are not JSON numbers)"};
    QTest::newRow("syntax_single_quotes") << QStringList{
        R"(syntax_single_quotes.json:2:3: strings need double quotes, not single quotes)"};
    QTest::newRow("syntax_trailing_comma")
        << QStringList{R"(syntax_trailing_comma.json:5:29: trailing comma before ']')"};
    QTest::newRow("syntax_two_values") << QStringList{
        R"(syntax_two_values.json:1:14: expected nothing after the end of the JSON value, got '{')"};
    QTest::newRow("syntax_unterminated") << QStringList{
        R"(syntax_unterminated.json:3:13: line break inside a string (a closing quote may be missing))"};
    QTest::newRow("too_many_samples") << QStringList{
        R"(too_many_samples.json:4:15: duration: too many metric samples: 3h sampled every 100ms gives 108000 rows (the limit is 100000); set "sample" to 108ms or more)"};
    QTest::newRow("too_many_workers") << QStringList{
        R"(too_many_workers.json:5:41: services[0].workers: expected an integer between 1 and 1024, got 5000)"};
    QTest::newRow("total_rate") << QStringList{
        R"(total_rate.json:6:15: workload: the rates add up to 110000 operations per second; the limit is 100000)"};
    QTest::newRow("uniform_min_max") << QStringList{
        R"(uniform_min_max.json:5:85: services[0].processing.max: expected "max" >= "min" (5ms), got "2ms")"};
    QTest::newRow("unknown_distribution") << QStringList{
        R"(unknown_distribution.json:5:53: services[0].processing.dist: unknown distribution "expo"; did you mean "exponential"?)"};
    QTest::newRow("unknown_key") << QStringList{
        R"(unknown_key.json:5:30: services[0].wokers: unknown key "wokers"; did you mean "workers"?)"};
    QTest::newRow("unknown_key_no_hint") << QStringList{
        R"(unknown_key_no_hint.json:5:30: services[0].colour: unknown key "colour")"};
    QTest::newRow("unknown_operation") << QStringList{
        R"(unknown_operation.json:6:30: workload[0].operation: unknown operation "place-order"; did you mean "place_order"?)"};
    QTest::newRow("unknown_role") << QStringList{
        R"(unknown_role.json:5:38: services[0].role: unknown role "ordrs"; did you mean "orders"?)"};
    QTest::newRow("unknown_role_no_hint") << QStringList{
        R"(unknown_role_no_hint.json:5:38: services[0].role: unknown role "warehouse"; expected generic, gateway, customers, products, inventory, orders, payments, shipping, order-view, orchestrator or coordinator)"};
    QTest::newRow("unknown_service_calls") << QStringList{
        R"(unknown_service_calls.json:5:83: services[2].calls[0]: unknown service "invntory"; did you mean "inventory"?)"};
    QTest::newRow("unknown_service_fault") << QStringList{
        R"(unknown_service_fault.json:7:43: faults[0].service: unknown service "paymnts"; did you mean "payments"?)"};
    QTest::newRow("unknown_service_link") << QStringList{
        R"(unknown_service_link.json:7:45: network.links[0].to: unknown service "b")"};
    QTest::newRow("unknown_service_partition") << QStringList{
        R"(unknown_service_partition.json:7:56: faults[0].between[1][0]: unknown service "c")"};
    QTest::newRow("unknown_service_target") << QStringList{
        R"(unknown_service_target.json:6:51: workload[0].target: unknown service "A"; did you mean "a"?)"};
    QTest::newRow("unknown_top_key") << QStringList{
        R"(unknown_top_key.json:7:3: workloads: unknown key "workloads"; did you mean "workload"?)"};
    QTest::newRow("unknown_unit") << QStringList{
        R"(unknown_unit.json:4:15: duration: expected a duration such as "250us", "4ms", "2s" or "1.5min", got "10 parsecs" (unknown unit; use us, ms, s, min or h))"};
    QTest::newRow("wrong_type") << QStringList{
        R"(wrong_type.json:5:41: services[0].workers: expected a positive integer, got "4")"};
    QTest::newRow("wrong_version") << QStringList{
        R"(wrong_version.json:2:12: dplab: expected 1 (the only version of the format so far), got 2)"};
    QTest::newRow("zero_duration")
        << QStringList{R"(zero_duration.json:4:15: duration: expected a duration > 0, got 0)"};
    QTest::newRow("zipf_exponent_on_uniform") << QStringList{
        R"(zipf_exponent_on_uniform.json:6:63: workload[0].keys.s: key "s" does not apply to uniform keys (only "zipf" has an exponent))"};
}

void TestScenarioLoader::badFixture()
{
    QFETCH(QStringList, expected);
    const QString name = QString::fromUtf8(QTest::currentDataTag()) + ".json";
    const std::string text = readFile(QStringLiteral(DPLAB_TEST_DATA "/bad/") + name);
    QVERIFY2(!text.empty(), qPrintable("missing fixture " + name));
    const LoadResult result = loadText(text, name.toStdString());
    QVERIFY(!result.ok());
    QCOMPARE(messages(result), expected);
}

void TestScenarioLoader::generatedLimits_data()
{
    QTest::addColumn<std::string>("text");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("too many services")
        << baseText(numberedServices(201), R"([{"operation": "place_order"}])")
        << QStringList{"gen.json:5:15: services: too many services: 201 (the limit is 200)"};
    QTest::newRow("too many calls")
        << baseText("[{\"name\": \"a\", \"calls\":\n[" + repeated("\"b\"", 33) +
                    "]}, {\"name\": \"b\"}]")
        << QStringList{"gen.json:6:1: services[0].calls: too many calls: 33 (the limit is 32)"};
    QTest::newRow("too many workloads")
        << baseText(R"([{"name": "a"}])",
                    "[" + repeated(R"({"operation": "place_order"})", 101) + "]")
        << QStringList{"gen.json:6:15: workload: too many workloads: 101 (the limit is 100)"};
    QTest::newRow("too many faults")
        << baseText(R"([{"name": "a"}])", R"([{"operation": "place_order"}])",
                    ",\n  \"faults\": [" + repeated(R"({"kind": "bus-down"})", 10001) + "]")
        << QStringList{"gen.json:7:13: faults: too many faults: 10001 (the limit is 10000)"};
    QTest::newRow("too many captions")
        << baseText(R"([{"name": "a"}])", R"([{"operation": "place_order"}])",
                    ",\n  \"narrative\": [" + repeated(R"({"text": "t"})", 1001) + "]")
        << QStringList{"gen.json:7:16: narrative: too many captions: 1001 (the limit is 1000)"};
    QTest::newRow("nesting deeper than the limit")
        << "{\"layout\": " + std::string(40, '[') + std::string(40, ']') + "}"
        << QStringList{"gen.json:1:43: nested deeper than 32 levels"};
    QTest::newRow("string longer than the limit")
        << "{\"name\": \"" + std::string(ScenarioLimits::maxStringBytes + 1, 'x') + "\"}"
        << QStringList{"gen.json:1:10: string longer than 65536 bytes"};
    QTest::newRow("file larger than the limit")
        << baseText() + std::string(ScenarioLimits::maxFileBytes, ' ')
        << QStringList{QString("gen.json: the file is too large: %1 bytes (the limit is 4194304)")
                           .arg(baseText().size() + ScenarioLimits::maxFileBytes)};
    QTest::newRow("rate of one workload above the total")
        << baseText(R"([{"name": "a"}])", R"([{"operation": "place_order", "rate": 1e6}])")
        << QStringList{"gen.json:6:15: workload: the rates add up to 1e+06 operations per second; "
                       "the limit is 100000"};
}

void TestScenarioLoader::generatedLimits()
{
    QFETCH(std::string, text);
    QFETCH(QStringList, expected);
    QCOMPARE(messages(loadText(text)), expected);
}

void TestScenarioLoader::narrativeChoices()
{
    const auto withCaption = [](const std::string &caption) {
        return R"({"dplab": 1, "name": "x", "duration": "10s", "services": [{"name": "a"}],
 "workload": [{"operation": "request", "target": "a", "rate": 1}],
 "narrative": [)" +
               caption + "]}";
    };
    const LoadResult good = loadText(withCaption(
        R"({"at": "2s", "text": "Predict.", "pause": true, "choices": ["A", "B", "C"], "answer": 2})"));
    QVERIFY(good.ok());
    const NarrativeSpec &n = good.scenario->narrative.front();
    QCOMPARE(n.choices, (std::vector<std::string>{"A", "B", "C"}));
    QCOMPARE(n.answer, 2);
    const LoadResult plain = loadText(withCaption(R"({"text": "Look.", "pause": true})"));
    QVERIFY(plain.ok());
    QVERIFY(plain.scenario->narrative.front().choices.empty());
    QCOMPARE(plain.scenario->narrative.front().answer, -1);

    const auto error = [&](const std::string &caption) {
        const QStringList m = messages(loadText(withCaption(caption)));
        return m.size() == 1 ? m.front() : m.join(QStringLiteral(" | "));
    };
    QVERIFY(error(R"({"text": "P.", "pause": true, "answer": 0})")
                .endsWith(R"(narrative[0].answer: an answer needs "choices" to point into)"));
    QVERIFY(error(R"({"text": "P.", "pause": true, "choices": ["A", "B"]})")
                .endsWith(R"(narrative[0]: missing required key "answer" (with "choices"))"));
    QVERIFY(error(R"({"text": "P.", "pause": true, "choices": ["A"], "answer": 0})")
                .endsWith("narrative[0].choices: expected at least 2 choices, got 1"));
    QVERIFY(error(R"({"text": "P.", "pause": true, "choices": ["A", ""], "answer": 0})")
                .endsWith(R"(narrative[0].choices[1]: expected a non-empty string, got "")"));
    QVERIFY(error(R"({"text": "P.", "pause": true, "choices": ["A", "B"], "answer": -1})")
                .contains("narrative[0].answer: "));
}

void TestScenarioLoader::multipleErrorsAreAllReported()
{
    const std::string text = readFile(DPLAB_TEST_DATA "/bad/multiple_errors.json");
    const LoadResult result = loadText(text, "multiple_errors.json");
    QVERIFY(!result.scenario);
    const QStringList expected = {
        R"(multiple_errors.json:3:11: name: expected a non-empty string, got "")",
        R"(multiple_errors.json:6:19: services[0].wokers: unknown key "wokers"; did you mean "workers"?)",
        R"(multiple_errors.json:6:48: services[0].failure_rate: expected a probability between 0 and 1, got 2)",
        R"(multiple_errors.json:7:27: services[1].role: unknown role "ordrs"; did you mean "orders"?)",
        R"(multiple_errors.json:7:46: services[1].calls[0]: unknown service "c")",
        R"(multiple_errors.json:9:26: network.latency: expected a duration >= 0, got "-1ms")",
        R"(multiple_errors.json:10:64: workload[0].rate: expected a rate > 0 (operations per second), got -3)",
    };
    QCOMPARE(messages(result), expected);

    // A flood of mistakes is cut to a readable number, with a note saying so.
    const LoadResult flood =
        loadText(baseText("[" + repeated(R"({"name": "a", "wokers": 1})", 150) + "]",
                          R"([{"operation": "place_order"}])"));
    QCOMPARE(flood.errors.size(), std::size_t(101));
    QCOMPARE(flood.errors.back().toString(),
             "gen.json: too many errors; only the first 100 are shown");
}

void TestScenarioLoader::fullExample()
{
    const LoadResult result = ScenarioLoader(catalog()).loadFile(DPLAB_TEST_DATA "/good/full.json");
    QVERIFY2(result.ok(), qPrintable(messages(result).join('\n')));
    const Scenario &s = *result.scenario;

    QCOMPARE(s.version, 1);
    QCOMPARE(s.name, "CQRS: the read model lags behind");
    QCOMPARE(s.description, "Shown in the lesson panel (Markdown).");
    QCOMPARE(s.seed, std::uint64_t(42));
    QCOMPARE(s.duration, 60 * kSecond);
    QCOMPARE(s.sampleInterval, 250 * kMillisecond);
    QCOMPARE(s.sourceName, DPLAB_TEST_DATA "/good/full.json");

    QCOMPARE(s.services.size(), std::size_t(7));
    const ServiceSpec &gateway = s.services[0];
    QCOMPARE(gateway.name, "gateway");
    QCOMPARE(gateway.role, "gateway");
    QCOMPARE(gateway.workers, 1);
    QCOMPARE(gateway.processing, Distribution::constant(kMillisecond));
    QCOMPARE(gateway.failureRate, 0.0);
    QVERIFY(gateway.calls.empty());
    QCOMPARE(gateway.database, ":memory:");
    QCOMPARE(gateway.pos.line, 10);
    QCOMPARE(gateway.pos.column, 5);
    const ServiceSpec &orders = s.services[1];
    QCOMPARE(orders.role, "orders");
    QCOMPARE(orders.workers, 4);
    QCOMPARE(orders.processing, Distribution::exponential(4 * kMillisecond));
    QCOMPARE(orders.database, "orders.db");
    QCOMPARE(s.services[2].processing, Distribution::constant(2 * kMillisecond));
    QCOMPARE(s.services[3].failureRate, 0.05);
    const ServiceSpec &s1 = s.services[4];
    QCOMPARE(s1.role, "generic");
    QCOMPARE(s1.processing, Distribution::exponential(7 * kMillisecond));
    QCOMPARE(s1.calls, (std::vector<std::string>{"s2", "s3"}));
    QCOMPARE(s1.fanout, ServiceSpec::Fanout::Parallel);
    QCOMPARE(s1.publishes, "s1.done");
    QCOMPARE(s.services[5].processing, Distribution::uniform(kMillisecond, 3 * kMillisecond));
    QCOMPARE(s.services[5].subscribes, std::vector<std::string>{"s1.done"});
    QCOMPARE(s.services[6].processing, Distribution::normal(5 * kMillisecond, 500));
    QCOMPARE(s.services[6].fanout, ServiceSpec::Fanout::Sequential);
    QCOMPARE(s.service("s3"), &s.services[6]);

    QCOMPARE(s.network.latency, Distribution::constant(kMillisecond));
    QCOMPARE(s.network.drop, 0.001);
    QCOMPARE(s.network.timeout, 2 * kSecond);
    QCOMPARE(s.network.retries, 2);
    QCOMPARE(s.network.links.size(), std::size_t(1));
    QCOMPARE(s.network.links[0].from, "gateway");
    QCOMPARE(s.network.links[0].to, "orders");
    QCOMPARE(s.network.links[0].latency, Distribution::constant(3 * kMillisecond));
    QCOMPARE(s.network.links[0].drop, 0.01);

    QCOMPARE(s.bus.latency, Distribution::lognormal(5 * kMillisecond, 80 * kMillisecond));
    QCOMPARE(s.bus.drop, 0.0);
    QCOMPARE(s.bus.duplicate, 0.02);
    QCOMPARE(s.bus.reorder, 0.1);
    QCOMPARE(s.bus.reorderDelay, Distribution::constant(20 * kMillisecond));
    QCOMPARE(s.bus.delivery, BusSpec::Delivery::AtLeastOnce);
    QCOMPARE(s.bus.redeliveryAfter, 500 * kMillisecond);
    QCOMPARE(s.bus.ordering, BusSpec::Ordering::PerKey);
    QCOMPARE(s.bus.whenDown, BusSpec::WhenDown::Lose);

    const PatternSwitches &p = s.patterns;
    QVERIFY(!p.isOn(DataSettings::kKey));
    const CompositionSettings *composition = settingsOf<CompositionSettings>(p);
    QVERIFY(composition);
    QCOMPARE(composition->mode, CompositionSettings::Mode::Parallel);
    QCOMPARE(composition->timeout, 200 * kMillisecond);
    QCOMPARE(composition->retries, 1);
    QCOMPARE(composition->breakerFailures, 5);
    QCOMPARE(composition->breakerOpenFor, 2 * kSecond);
    QCOMPARE(composition->cacheTtl, SimTime(0));
    QVERIFY(p.isOn(ReplicationSettings::kKey));
    QVERIFY(p.isOn(CqrsSettings::kKey));
    const OutboxSettings *outbox = settingsOf<OutboxSettings>(p);
    QVERIFY(outbox);
    QCOMPARE(outbox->poll, 50 * kMillisecond);
    QCOMPARE(outbox->batch, 100);
    QVERIFY(p.isOn(IdempotentConsumersSettings::kKey));
    const EventSourcingSettings *es = settingsOf<EventSourcingSettings>(p);
    QVERIFY(es);
    QCOMPARE(es->snapshotEvery, 50);
    QCOMPARE(es->poll, 25 * kMillisecond);
    QCOMPARE(es->batch, 40);
    const SagaSettings *saga = settingsOf<SagaSettings>(p);
    QVERIFY(saga);
    QCOMPARE(saga->style, SagaSettings::Style::Orchestration);
    QCOMPARE(saga->stepTimeout, kSecond);
    QCOMPARE(saga->stepRetries, 0);
    QVERIFY(!settingsOf<TwoPhaseCommitSettings>(p));
    const std::vector<std::string> enabled = {
        "composition",          "replication",    "cqrs", "outbox",
        "idempotent_consumers", "event_sourcing", "saga"};
    QCOMPARE(switchKeys(p), enabled);
    QCOMPARE(p.pos("cqrs").line, 34);
    QCOMPARE(p.pos("cqrs").column, 13);

    QCOMPARE(s.domain.customers, 500);
    QCOMPARE(s.domain.products, 50);
    QCOMPARE(s.domain.stock, 20);

    QCOMPARE(s.workload.size(), std::size_t(4));
    const WorkloadSpec &w0 = s.workload[0];
    QCOMPARE(w0.operation, "place_order");
    QCOMPARE(w0.rate, 50.0);
    QCOMPARE(w0.arrival, WorkloadSpec::Arrival::Poisson);
    QCOMPARE(w0.keys.kind, KeySpec::Kind::Zipf);
    QCOMPARE(w0.keys.n, std::int64_t(1000));
    QCOMPARE(w0.keys.s, 1.1);
    QCOMPARE(w0.start, SimTime(0));
    QVERIFY(!w0.stop);
    QCOMPARE(w0.timeout, 10 * kSecond);
    const WorkloadSpec &w1 = s.workload[1];
    QCOMPARE(w1.arrival, WorkloadSpec::Arrival::Constant);
    QCOMPARE(w1.start, 5 * kSecond);
    QCOMPARE(w1.stop, std::optional<SimTime>(55 * kSecond));
    QCOMPARE(s.workload[2].target, "s1");
    QCOMPARE(s.workload[2].timeout, 3 * kSecond);
    QCOMPARE(s.workload[3].operation, "publish");
    QCOMPARE(s.workload[3].topic, "s1.done");
    QCOMPARE(s.workload[3].keys.kind, KeySpec::Kind::Uniform);
    QCOMPARE(s.workload[3].keys.n, std::int64_t(10));

    QCOMPARE(s.faults.size(), std::size_t(9));
    const FaultSpec &partition = s.faults[0];
    QCOMPARE(partition.kind, FaultSpec::Kind::Partition);
    QCOMPARE(partition.at, 10 * kSecond);
    QCOMPARE(partition.duration, std::optional<SimTime>(5 * kSecond));
    QCOMPARE(partition.between,
             (std::vector<std::vector<std::string>>{{"orders"}, {"inventory", "bus"}}));
    QCOMPARE(s.faults[1].kind, FaultSpec::Kind::Crash);
    QCOMPARE(s.faults[1].service, "payments");
    QCOMPARE(s.faults[2].kind, FaultSpec::Kind::BusDown);
    QCOMPARE(s.faults[2].at, 30 * kSecond);
    QCOMPARE(s.faults[3].kind, FaultSpec::Kind::Latency);
    QCOMPARE(s.faults[3].target, "orders->inventory");
    QCOMPARE(s.faults[3].latency, std::optional(Distribution::constant(300 * kMillisecond)));
    QCOMPARE(s.faults[4].kind, FaultSpec::Kind::Drop);
    QCOMPARE(s.faults[4].target, "bus");
    QCOMPARE(s.faults[4].probability, 0.3);
    QCOMPARE(s.faults[5].kind, FaultSpec::Kind::Duplicate);
    QCOMPARE(s.faults[5].target, "topic:s1.done");
    QCOMPARE(s.faults[5].at, SimTime(0));
    QVERIFY(!s.faults[5].duration);
    QCOMPARE(s.faults[6].kind, FaultSpec::Kind::Reorder);
    QCOMPARE(s.faults[6].at, 1500 * kMillisecond);
    const FaultSpec &cac = s.faults[7];
    QCOMPARE(cac.kind, FaultSpec::Kind::CrashAfterCommit);
    QCOMPARE(cac.service, "orders");
    QCOMPARE(cac.probability, 0.02);
    QCOMPARE(cac.restartAfter, 2 * kSecond);
    const FaultSpec &schema = s.faults[8];
    QCOMPARE(schema.kind, FaultSpec::Kind::SchemaChange);
    QCOMPARE(schema.table, "stock");
    QCOMPARE(schema.column, "quantity");
    QCOMPARE(schema.renameTo, "qty");
    QCOMPARE(std::string(faultKindName(schema.kind)), "schema-change");

    QCOMPARE(s.narrative.size(), std::size_t(2));
    QCOMPARE(s.narrative[0].at, SimTime(0));
    QCOMPARE(s.narrative[0].text, "Watch the read model fall behind.");
    QVERIFY(s.narrative[0].pause);
    QCOMPARE(s.narrative[1].at, kMinute);
    QVERIFY(!s.narrative[1].pause);

    QCOMPARE(s.expect.size(), std::size_t(2));
    QCOMPARE(s.expect[0].metric, "consistency.divergent_entities");
    QCOMPARE(s.expect[0].op, "==");
    QCOMPARE(s.expect[0].value, 0.0);
    QCOMPARE(s.expect[1].op, "<");
    QCOMPARE(s.expect[1].value, 50.0);
    QCOMPARE(s.expect[1].tolerance, 0.5);
}

void TestScenarioLoader::minimalFileGetsDefaults()
{
    const LoadResult result = loadText(baseText());
    QVERIFY2(result.ok(), qPrintable(messages(result).join('\n')));
    const Scenario &s = *result.scenario;
    const Scenario defaults;
    QCOMPARE(s.seed, std::uint64_t(1));
    QCOMPARE(s.sampleInterval, 100 * kMillisecond);
    QCOMPARE(s.description, "");
    QCOMPARE(s.services[0].role, "generic");
    QCOMPARE(s.services[0].workers, 1);
    QCOMPARE(s.services[0].processing, Distribution::constant(kMillisecond));
    QCOMPARE(s.network.latency, defaults.network.latency);
    QCOMPARE(s.network.timeout, kSecond);
    QCOMPARE(s.network.retries, 0);
    QCOMPARE(s.bus.reorderDelay, Distribution::exponential(50 * kMillisecond));
    QCOMPARE(s.bus.delivery, BusSpec::Delivery::AtLeastOnce);
    QCOMPARE(s.bus.redeliveryAfter, 500 * kMillisecond);
    QCOMPARE(s.bus.whenDown, BusSpec::WhenDown::Hold);
    QVERIFY(s.patterns.switches().empty());
    QCOMPARE(s.domain.customers, defaults.domain.customers);
    QCOMPARE(s.workload[0].rate, 1.0);
    QCOMPARE(s.workload[0].timeout, 10 * kSecond);
    QVERIFY(!s.workload[0].stop);
    QVERIFY(s.faults.empty() && s.narrative.empty() && s.expect.empty());
}

void TestScenarioLoader::trueMeansDefaults()
{
    const LoadResult result = loadText(baseText(
        R"([{"name": "a"}])", R"([{"operation": "place_order"}])",
        ",\n  \"patterns\": {\"two_phase_commit\": true, \"saga\": true, \"event_sourcing\": true, "
        "\"outbox\": true, \"composition\": {\"circuit_breaker\": false}, \"cqrs\": false, "
        "\"data\": \"per-service\"}"));
    QVERIFY2(result.ok(), qPrintable(messages(result).join('\n')));
    const PatternSwitches &p = result.scenario->patterns;
    const auto *tpc = settingsOf<TwoPhaseCommitSettings>(p);
    const auto *saga = settingsOf<SagaSettings>(p);
    const auto *es = settingsOf<EventSourcingSettings>(p);
    const auto *outbox = settingsOf<OutboxSettings>(p);
    const auto *composition = settingsOf<CompositionSettings>(p);
    QVERIFY(tpc && saga && es && outbox && composition);
    QCOMPARE(tpc->timeout, TwoPhaseCommitSettings{}.timeout);
    QCOMPARE(saga->style, SagaSettings{}.style);
    QCOMPARE(saga->stepTimeout, SagaSettings{}.stepTimeout);
    QCOMPARE(es->snapshotEvery, EventSourcingSettings{}.snapshotEvery);
    QCOMPARE(outbox->poll, OutboxSettings{}.poll);
    QCOMPARE(outbox->batch, OutboxSettings{}.batch);
    QCOMPARE(composition->timeout, CompositionSettings{}.timeout);
    QCOMPARE(composition->breakerFailures, 0); // false turns the breaker off
    QVERIFY(!p.isOn(CqrsSettings::kKey));
    // In file order; false and per-service are not listed.
    const std::vector<std::string> enabled = {"two_phase_commit", "saga", "event_sourcing",
                                              "outbox", "composition"};
    QCOMPARE(switchKeys(p), enabled);
    QCOMPARE(p.pos("saga").line, 7);
    QCOMPARE(p.pos("saga").column, 50);
}

void TestScenarioLoader::sharedDataIsEnabled()
{
    const LoadResult result =
        loadText(baseText(R"([{"name": "a"}])", R"([{"operation": "place_order"}])",
                          ",\n  \"patterns\": {\"data\": \"shared\"}"));
    QVERIFY(result.ok());
    QCOMPARE(switchKeys(result.scenario->patterns), std::vector<std::string>{"data"});
}

void TestScenarioLoader::durationsAndDistributions_data()
{
    QTest::addColumn<std::string>("processing");
    QTest::addColumn<Distribution>("expected");

    QTest::newRow("microseconds") << std::string(R"("250us")") << Distribution::constant(250);
    QTest::newRow("milliseconds") << std::string(R"("4ms")")
                                  << Distribution::constant(4 * kMillisecond);
    QTest::newRow("seconds") << std::string(R"("2s")") << Distribution::constant(2 * kSecond);
    QTest::newRow("fractional minutes")
        << std::string(R"("1.5min")") << Distribution::constant(90 * kSecond);
    QTest::newRow("hours") << std::string(R"("1h")") << Distribution::constant(kHour);
    QTest::newRow("number is milliseconds") << std::string("1.5") << Distribution::constant(1500);
    QTest::newRow("zero") << std::string("0") << Distribution::constant(0);
    QTest::newRow("constant object") << std::string(R"({"dist": "constant", "value": "3ms"})")
                                     << Distribution::constant(3 * kMillisecond);
    QTest::newRow("uniform") << std::string(R"({"dist": "uniform", "min": 0, "max": "1s"})")
                             << Distribution::uniform(0, kSecond);
    QTest::newRow("uniform min == max") << std::string(R"({"dist": "uniform", "min": 2, "max": 2})")
                                        << Distribution::uniform(2000, 2000);
    QTest::newRow("exponential") << std::string(R"({"dist": "exponential", "mean": "4ms"})")
                                 << Distribution::exponential(4 * kMillisecond);
    QTest::newRow("normal") << std::string(R"({"mean": "5ms", "stddev": 0, "dist": "normal"})")
                            << Distribution::normal(5 * kMillisecond, 0);
    QTest::newRow("lognormal") << std::string(
                                      R"({"dist": "lognormal", "median": "5ms", "p99": "5ms"})")
                               << Distribution::lognormal(5 * kMillisecond, 5 * kMillisecond);
}

void TestScenarioLoader::durationsAndDistributions()
{
    QFETCH(std::string, processing);
    QFETCH(Distribution, expected);
    const LoadResult result =
        loadText(baseText("[{\"name\": \"a\", \"processing\": " + processing + "}]"));
    QVERIFY2(result.ok(), qPrintable(messages(result).join('\n')));
    QCOMPARE(result.scenario->services[0].processing, expected);
}

void TestScenarioLoader::seedRange()
{
    auto seedOf = [](const std::string &seed) {
        return loadText(baseText(R"([{"name": "a"}])", R"([{"operation": "place_order"}])",
                                 ",\n  \"seed\": " + seed));
    };
    QCOMPARE(seedOf("18446744073709551615").scenario->seed, UINT64_MAX);
    QCOMPARE(seedOf("0").scenario->seed, std::uint64_t(0));
    QCOMPARE(seedOf("1e3").scenario->seed, std::uint64_t(1000));
    QCOMPARE(messages(seedOf("18446744073709551616")),
             QStringList{"gen.json:7:11: seed: expected an integer between 0 and "
                         "18446744073709551615, got 1.8446744073709552e+19"});
    QCOMPARE(messages(seedOf("0.5")),
             QStringList{"gen.json:7:11: seed: expected an integer between 0 and "
                         "18446744073709551615, got 0.5"});
}

void TestScenarioLoader::loadFileNamesThePath()
{
    const std::string path = DPLAB_TEST_DATA "/bad/cqrs.json";
    const LoadResult result = ScenarioLoader(catalog()).loadFile(path);
    QCOMPARE(messages(result),
             QStringList{QString::fromStdString(
                 path + ":14:22: services[2].workers: expected a positive integer, got -1")});
}

void TestScenarioLoader::loadFileReportsUnreadableFiles()
{
    const std::string missing = DPLAB_TEST_DATA "/bad/no-such-file.json";
    QCOMPARE(messages(ScenarioLoader(catalog()).loadFile(missing)),
             QStringList{QString::fromStdString(
                 missing + ": cannot open the file: No such file or directory")});
    const std::string folder = DPLAB_TEST_DATA "/bad";
    QCOMPARE(
        messages(ScenarioLoader(catalog()).loadFile(folder)),
        QStringList{QString::fromStdString(folder + ": cannot read the file: Is a directory")});
}

void TestScenarioLoader::errorFormat()
{
    QCOMPARE(LoadError({"a.json", 14, 22, "services[2].workers", "bad"}).toString(),
             "a.json:14:22: services[2].workers: bad");
    QCOMPARE(LoadError({"a.json", 3, 1, "", "bad"}).toString(), "a.json:3:1: bad");
    QCOMPARE(LoadError({"a.json", 0, 0, "seed", "bad"}).toString(), "a.json: seed: bad");
    QCOMPARE(LoadError({"a.json", 0, 0, "", "bad"}).toString(), "a.json: bad");
    // Long values are shortened in "got ...".
    const LoadResult result =
        loadText(baseText("[{\"name\": \"a\", \"workers\": \"" + std::string(100, 'w') + "\"}]"));
    QCOMPARE(messages(result),
             QStringList{"gen.json:5:41: services[0].workers: expected a positive integer, got "
                         "\"wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww..."});
}

void TestScenarioLoader::repositoryScenariosLoad()
{
    const QDir dir(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios"));
    QStringList files = dir.entryList({"*.json"}, QDir::Files, QDir::Name);
    files.removeAll("schema.json");
    if (files.isEmpty())
        QSKIP("no scenario files in scenarios/ yet");
    for (const QString &file : files) {
        const LoadResult result =
            ScenarioLoader(catalog()).loadFile(dir.filePath(file).toStdString());
        QVERIFY2(result.ok(), qPrintable(messages(result).join('\n')));
    }
}

void TestScenarioLoader::schemaMatchesLoader()
{
    const std::string text = readFile(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/schema.json"));
    QVERIFY(!text.empty());
    const JsonDocument doc = JsonDocument::parse(text);
    QVERIFY2(doc.ok(), doc.issues().empty() ? "" : doc.issues().front().message.c_str());
    const auto &schema = doc.root();
    QCOMPARE(schema.value("$schema", ""), "https://json-schema.org/draft/2020-12/schema");
    QCOMPARE(propertyNames(schema), keySet(loader::KnownKeys::root));
    QVERIFY(schema["additionalProperties"] == false);

    const std::vector<std::pair<const char *, const loader::KeyList *>> sections = {
        {"service", &loader::KnownKeys::service},
        {"network", &loader::KnownKeys::network},
        {"link", &loader::KnownKeys::link},
        {"bus", &loader::KnownKeys::bus},
        {"domain", &loader::KnownKeys::domain},
        {"workload", &loader::KnownKeys::workload},
        {"keys", &loader::KnownKeys::keys},
        {"fault", &loader::KnownKeys::fault},
        {"narrative", &loader::KnownKeys::narrative},
        {"expect", &loader::KnownKeys::expect},
        {"run", &loader::KnownKeys::run},
        {"intervention", &loader::KnownKeys::intervention},
        {"bookmark", &loader::KnownKeys::bookmark},
    };
    for (const auto &[name, keys] : sections) {
        QVERIFY2(schema["$defs"].contains(name), name);
        const auto &def = schema["$defs"][name];
        QCOMPARE(propertyNames(def), keySet(*keys));
        QVERIFY2(def.value("additionalProperties", true) == false, name);
    }
    // "patterns" and each pattern's settings come from the pattern modules.
    const std::vector<std::string> patternKeys = catalog().patternKeys();
    QCOMPARE(propertyNames(schema["$defs"]["patterns"]),
             keySet(loader::KeyList(patternKeys.begin(), patternKeys.end())));
    int settings = 0;
    for (const auto &module : catalog().modules()) {
        for (const auto &[name, keys] : module->settingKeys()) {
            QVERIFY2(schema["$defs"].contains(name), name.c_str());
            const auto &def = schema["$defs"][name];
            QCOMPARE(propertyNames(def), keySet(loader::KeyList(keys.begin(), keys.end())));
            QVERIFY2(def.value("additionalProperties", true) == false, name.c_str());
            ++settings;
        }
    }
    QCOMPARE(settings, 6); // composition, its breaker, outbox, event sourcing, saga, 2PC
}

void TestScenarioLoader::durationUnitsMatchSchemaAndReadme()
{
    std::set<std::string> units;
    for (const DurationUnit &u : kDurationUnits) {
        units.insert(std::string(u.suffix));
        // The loader reads each with the length the list gives.
        QCOMPARE(parseDuration("2" + std::string(u.suffix)).value_or(-1), 2 * u.length);
    }
    QCOMPARE(parseDuration("1m").value_or(-1), kMinute);

    const JsonDocument doc =
        JsonDocument::parse(readFile(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/schema.json")));
    QVERIFY(doc.ok());
    // Every duration pattern of the schema ends in the same group of units, and matches
    // "2<unit>" for each of them.
    const std::regex unitGroup(R"(\(([^()]*)\)\? \*\$$)");
    int patterns = 0;
    for (const char *def : {"duration", "positiveDuration"}) {
        for (const auto &alt : doc.root()["$defs"][def]["anyOf"]) {
            if (!alt.contains("pattern"))
                continue;
            const std::string pattern = alt["pattern"].get<std::string>();
            std::smatch m;
            QVERIFY2(std::regex_search(pattern, m, unitGroup), pattern.c_str());
            std::set<std::string> inSchema;
            std::stringstream list(m[1].str());
            for (std::string u; std::getline(list, u, '|');)
                inSchema.insert(u);
            QCOMPARE(inSchema, units);
            const std::regex whole(pattern, std::regex::ECMAScript);
            for (const std::string &u : units)
                QVERIFY2(std::regex_match("2" + u, whole), (pattern + " rejects 2" + u).c_str());
            ++patterns;
        }
    }
    QCOMPARE(patterns, 2);

    // scenarios/README.md's table of durations shows each unit ("2s", or "m" alone).
    const std::string readme = readFile(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/README.md"));
    const auto from = readme.find("**Durations**");
    QVERIFY(from != std::string::npos);
    const std::string section =
        readme.substr(from, readme.find("\n\n", readme.find("|", from)) - from);
    for (const std::string &u : units)
        QVERIFY2(std::regex_search(section, std::regex("\"[0-9.]*" + u + "\"")), u.c_str());
}

QTEST_APPLESS_MAIN(TestScenarioLoader)

#include "tst_scenarioloader.moc"
