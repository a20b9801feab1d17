// The strict JSON reader with positions, and the "did you mean" hints of the loader.
#include "simulation/scenario/didyoumean.h"
#include "simulation/scenario/jsondocument.h"
#include "simulation/scenario/loadercontext.h"

#include <QString>
#include <QTest>

#include <string>
#include <utility>
#include <vector>

using namespace dplab;

namespace QTest {
template <> inline char *toString(const std::string &s)
{
    return qstrdup(s.c_str());
}
} // namespace QTest

/** Tests of JsonDocument (positions, values, every syntax error, limits) and didYouMean. */
class TestJsonDocument : public QObject
{
    Q_OBJECT
private slots:
    void jsonPositions();
    void jsonValues();
    void jsonLimits();
    void didYouMean_data();
    void didYouMean();
};

void TestJsonDocument::jsonPositions()
{
    const std::string text =
        "{\n  \"caf\xC3\xA9\": [1, {\"x y\": true}],\n\t\"b\": \"\xE2\x82\xAC\", \"c\": null\n}";
    const JsonDocument doc = JsonDocument::parse(text);
    QVERIFY(doc.ok());
    auto pos = [](SourcePos p) { return std::pair(p.line, p.column); };
    QCOMPARE(pos(doc.valuePos("")), std::pair(1, 1));
    QCOMPARE(pos(doc.keyPos("caf\xC3\xA9")), std::pair(2, 3));
    QCOMPARE(pos(doc.valuePos("caf\xC3\xA9")), std::pair(2, 12)); // columns count bytes
    QCOMPARE(pos(doc.valuePos("caf\xC3\xA9[0]")), std::pair(2, 13));
    QCOMPARE(pos(doc.valuePos("caf\xC3\xA9[1]")), std::pair(2, 16));
    QCOMPARE(JsonDocument::memberPath("caf\xC3\xA9[1]", "x y"), "caf\xC3\xA9[1][\"x y\"]");
    QCOMPARE(pos(doc.keyPos("caf\xC3\xA9[1][\"x y\"]")), std::pair(2, 17));
    QCOMPARE(pos(doc.valuePos("caf\xC3\xA9[1][\"x y\"]")), std::pair(2, 24));
    QCOMPARE(pos(doc.valuePos("b")), std::pair(3, 7));
    QCOMPARE(pos(doc.valuePos("c")), std::pair(3, 19));
    QCOMPARE(pos(doc.valuePos("missing")), std::pair(0, 0));
    QCOMPARE(pos(doc.valuePos("caf\xC3\xA9[2]")), std::pair(0, 0));

    const JsonDocument dup = JsonDocument::parse("{\"a\": {\"b\": 1,\n \"b\": 2}}");
    QVERIFY(dup.parsed());
    QVERIFY(!dup.ok());
    QCOMPARE(dup.issues().size(), std::size_t(1));
    QCOMPARE(dup.issues()[0].path, "a.b");
    QCOMPARE(dup.issues()[0].message, "duplicate key \"b\"");
    QCOMPARE(pos(dup.issues()[0].pos), std::pair(2, 2));
    QVERIFY(dup.root()["a"]["b"] == 1); // the first value wins
}

void TestJsonDocument::jsonValues()
{
    const JsonDocument doc = JsonDocument::parse(
        R"({"s": "\ud83d\ude00 \u00e9 \" \\ \/ \b\f\n\r\t", "big": 18446744073709551615,)"
        R"( "neg": -9223372036854775808, "f": -0.5e+2, "z": -0, "o": {"k2": 1, "k1": 2}})");
    QVERIFY(doc.ok());
    const auto &root = doc.root();
    QCOMPARE(root["s"].get<std::string>(), "\xF0\x9F\x98\x80 \xC3\xA9 \" \\ / \b\f\n\r\t");
    QCOMPARE(root["big"].get<std::uint64_t>(), UINT64_MAX);
    QCOMPARE(root["neg"].get<std::int64_t>(), INT64_MIN);
    QCOMPARE(root["f"].get<double>(), -50.0);
    QCOMPARE(root["z"].get<std::int64_t>(), std::int64_t(0));
    QCOMPARE(root["o"].begin().key(), "k2"); // key order is kept

    const std::vector<std::pair<std::string, std::string>> bad = {
        {"[1, 2,]", "1:6: trailing comma before ']'"},
        {"{\"a\": 1,}", "1:8: trailing comma before '}'"},
        {"[1] /* c */", "1:5: comments are not allowed in JSON"},
        {"[Infinity]", "1:2: NaN and Infinity are not JSON numbers"},
        {"[-Infinity]", "1:2: NaN and Infinity are not JSON numbers"},
        {"[True]", "1:2: unexpected word \"True\" (strings need double quotes; the literals are "
                   "true, false and null)"},
        {"[+1]", "1:2: a number must start with a digit or '-'"},
        {"[.5]", "1:2: a number must start with a digit or '-'"},
        {"[1.]", "1:4: expected a digit after '.'"},
        {"[1e]", "1:4: expected a digit in the exponent"},
        {"[-]", "1:3: expected a digit after '-'"},
        {"[1e999]", "1:2: number out of range"},
        {"[\"\\u12G4\"]", "1:7: expected 4 hex digits after \\u"},
        {"[\"\\udc00\"]", "1:3: unpaired surrogate in a \\u escape"},
        {"[\"\xC0\xAF\"]", "1:3: invalid UTF-8 in a string"},
        {"[\"\xED\xA0\x80\"]", "1:3: invalid UTF-8 in a string"},
        {"[\"\x01\"]", "1:3: control character U+0001 inside a string"},
        {"{\"a\" 1}", "1:6: expected ':' after the key \"a\", got '1'"},
        {"{1: 2}", "1:2: expected a key in double quotes, got '1'"},
        {"[1 2]", "1:4: expected ',' or ']' after an element of an array, got '2'"},
        {"[1,\n", "2:1: expected a JSON value, got end of text"},
        {"\"abc", "1:1: unterminated string"},
        {"\xEF\xBB\xBF[1] x", "1:5: expected nothing after the end of the JSON value, got 'x'"},
        {"[\x80]", "1:2: expected a JSON value, got byte 0x80"},
    };
    for (const auto &[text, expected] : bad) {
        const JsonDocument d = JsonDocument::parse(text);
        QVERIFY2(!d.parsed(), text.c_str());
        const JsonIssue &issue = d.issues().at(0);
        QCOMPARE(std::to_string(issue.pos.line) + ":" + std::to_string(issue.pos.column) + ": " +
                     issue.message,
                 expected);
    }
}

void TestJsonDocument::jsonLimits()
{
    const JsonParseLimits limits{3, 4};
    QVERIFY(JsonDocument::parse("[[[1]]]", limits).ok());
    QCOMPARE(JsonDocument::parse("[[[[1]]]]", limits).issues().at(0).message,
             "nested deeper than 3 levels");
    QVERIFY(JsonDocument::parse("[\"abcd\"]", limits).ok());
    QVERIFY(JsonDocument::parse("[\"\\u00e9\\u00e9\"]", limits).ok()); // 4 bytes of UTF-8
    QCOMPARE(JsonDocument::parse("[\"abcde\"]", limits).issues().at(0).message,
             "string longer than 4 bytes");
    QVERIFY(JsonDocument::parse(std::string(ScenarioLimits::maxDepth, '[') +
                                std::string(ScenarioLimits::maxDepth, ']'))
                .ok());
    QCOMPARE(compactJson(nlohmann::ordered_json("x\xC3\xA9y"), 5), "\"x...");
    QCOMPARE(compactJson(nlohmann::ordered_json::parse("[1, 2]")), "[1,2]");
}

void TestJsonDocument::didYouMean_data()
{
    QTest::addColumn<QString>("word");
    QTest::addColumn<QString>("expected");

    QTest::newRow("one deletion") << "wokers"
                                  << "workers";
    QTest::newRow("transposition") << "ordres"
                                   << "orders";
    QTest::newRow("two edits") << "procesing_"
                               << "processing";
    QTest::newRow("case differs") << "Workers"
                                  << "workers";
    QTest::newRow("prefix") << "proc"
                            << "processing";
    QTest::newRow("longer word") << "failure_rate_percent"
                                 << "failure_rate";
    QTest::newRow("short word, one edit") << "rle"
                                          << "role";
    QTest::newRow("nothing close") << "colour"
                                   << "";
    QTest::newRow("single letter") << "x"
                                   << "";
}

void TestJsonDocument::didYouMean()
{
    QFETCH(QString, word);
    QFETCH(QString, expected);
    const loader::KeyList candidates = {"name",       "role",         "workers",
                                        "processing", "failure_rate", "orders"};
    const auto match = closestMatch(word.toStdString(), candidates);
    QCOMPARE(QString::fromStdString(match.value_or("")), expected);
    QCOMPARE(editDistance("abc", "acb"), std::size_t(1));
    QCOMPARE(editDistance("", "abc"), std::size_t(3));
    QCOMPARE(dplab::didYouMean("wokers", candidates), "; did you mean \"workers\"?");
}

QTEST_APPLESS_MAIN(TestJsonDocument)

#include "tst_jsondocument.moc"
