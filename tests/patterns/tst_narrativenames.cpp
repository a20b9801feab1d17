// The names captions use to drive the view, checked when a lesson is built; and the failures
// of each operation by reason in summary.json.
#include "patterns/narrativecheck.h"
#include "patterns/scenarioinput.h"

#include <QtTest>

#include <fstream>
#include <sstream>

using namespace dplab;

namespace {

std::string lessonText(const char *name)
{
    std::ifstream in(std::string(DPLAB_SOURCE_DIR "/scenarios/") + name + ".json");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string replaced(std::string text, const std::string &from, const std::string &to)
{
    const std::size_t at = text.find(from);
    if (at == std::string::npos)
        qFatal("no \"%s\" in the lesson", from.c_str());
    return text.replace(at, from.size(), to);
}

QStringList messagesOf(const std::vector<LoadError> &errors)
{
    QStringList out;
    for (const LoadError &e : errors)
        out << QString::fromStdString(e.toString());
    return out;
}

/// The errors of `text` loaded and built as dplab-cli validate does (caption names checked);
/// none when it builds. A file the loader refuses gives its loader errors.
QStringList validationErrors(const ScenarioInput &input, const std::string &text, const char *file)
{
    const LoadResult loaded = input.loadText(text, file);
    if (!loaded.ok())
        return messagesOf(loaded.errors);
    RunOptions options;
    options.recordTrace = false;
    options.checkNarrative = true;
    return messagesOf(input.build(*loaded.scenario, options).errors);
}

} // namespace

/** Caption names against what a run offers; failures_by_reason. */
class TestNarrativeNames : public QObject
{
    Q_OBJECT

private slots:
    void unknownNamesAreErrorsNamingTheCaption()
    {
        const ScenarioInput input;
        std::string text = lessonText("cqrs-lag");
        text = replaced(text, R"("chart": "order-view.staleness_ms")",
                        R"("chart": "order-view.stalenes_ms")");
        text =
            replaced(text, R"("figure": "cqrs.read_model_matches")",
                     R"("figure": "read_model.stale_read", "select": "orders", "table": "order")");
        const LoadResult loaded = input.loadText(text, "cqrs.json");
        QVERIFY(loaded.ok()); // the loader knows the services, not what a run offers
        RunOptions options;
        options.recordTrace = false;
        // Switched on as dplab-cli validate does: three errors, each naming its caption.
        options.checkNarrative = true;
        const RunResult refused = input.build(*loaded.scenario, options);
        QVERIFY(!refused.run);
        const QStringList got = messagesOf(refused.errors);
        QCOMPARE(got.size(), 3);
        QVERIFY2(got[0].startsWith(QStringLiteral("cqrs.json:36:5: narrative[3].chart: unknown "
                                                  "chart \"order-view.stalenes_ms\"")),
                 qPrintable(got[0]));
        QVERIFY2(got[0].endsWith(QStringLiteral("did you mean \"order-view.staleness_ms\"?")),
                 qPrintable(got[0]));
        QVERIFY2(got[1].contains(QStringLiteral("narrative[7].table: unknown table \"order\" in "
                                                "the database of orders; did you mean "
                                                "\"orders\"?")),
                 qPrintable(got[1]));
        QVERIFY2(got[2].contains(QStringLiteral("narrative[7].figure: unknown figure "
                                                "\"read_model.stale_read\"")) &&
                     got[2].endsWith(QStringLiteral("did you mean \"read_model.stale_reads\"?")),
                 qPrintable(got[2]));
        // A run builds without the check (the app, dplab-cli run): the same scenario runs.
        options.checkNarrative = false;
        QVERIFY(input.build(*loaded.scenario, options).run);
    }

    void explainFollowAndTryAreChecked()
    {
        const ScenarioInput input;
        std::string text = lessonText("outbox-vs-dual-write");
        text = replaced(text, R"("explain": "outbox")", R"("explain": "outbx")");
        text = replaced(text, R"("patterns": {"outbox": true})",
                        R"("patterns": {"outbox": true, "saga": true})");
        // The second caption follows an operation the workload does not have.
        text =
            replaced(text, R"("text": "From now on)", R"("follow": "pay", "text": "From now on)");
        const QStringList got = validationErrors(input, text, "outbox.json");
        QVERIFY2(got.size() >= 3, qPrintable(got.join('\n')));
        QVERIFY2(got[0].contains(QStringLiteral("narrative[0].explain: unknown pattern \"outbx\": "
                                                "name the key of a pattern switch; did you mean "
                                                "\"outbox\"?")),
                 qPrintable(got[0]));
        QVERIFY2(got[1].contains(QStringLiteral("narrative[1].follow: expected \"next\", an "
                                                "operation of the workload or a service to "
                                                "follow, got \"pay\"")),
                 qPrintable(got[1]));
        // A saga beside the lesson's CQRS read side: the patterns refuse the change, as the
        // Patterns panel would.
        QVERIFY2(got[2].contains(QStringLiteral("narrative[4].try.patterns: the \"Try it\" change "
                                                "would be refused: patterns.")),
                 qPrintable(got[2]));
    }

    /// "evidence" names a check of the run (a string, or {"check", "entity"}); an unknown id
    /// is an error naming the caption, a malformed value a loader error.
    void evidenceNamesACheck()
    {
        const ScenarioInput input;
        const std::string lesson = lessonText("outbox-vs-dual-write");
        const LoadResult good = input.loadText(lesson, "outbox.json");
        QVERIFY(good.ok());
        const NarrativeSpec &last = good.scenario->narrative.back();
        QCOMPARE(last.evidence, std::string("cqrs.read_model_matches"));
        QVERIFY(last.evidenceEntity.empty());
        QVERIFY2(validationErrors(input, lesson, "outbox.json").isEmpty(),
                 qPrintable(validationErrors(input, lesson, "outbox.json").join('\n')));

        const std::string typo = replaced(lesson, R"("evidence": "cqrs.read_model_matches")",
                                          R"("evidence": "cqrs.read_model_match")");
        QStringList got = validationErrors(input, typo, "outbox.json");
        QCOMPARE(got.size(), 1);
        QVERIFY2(got[0].contains(QStringLiteral("narrative[5].evidence: unknown check "
                                                "\"cqrs.read_model_match\": name the id of a "
                                                "check of this run; did you mean "
                                                "\"cqrs.read_model_matches\"?")),
                 qPrintable(got[0]));

        const std::string entity =
            replaced(lesson, R"("evidence": "cqrs.read_model_matches")",
                     R"("evidence": {"check": "cqrs.read_model_matches", "entity": "order 3"})");
        const LoadResult withEntity = input.loadText(entity, "outbox.json");
        QVERIFY(withEntity.ok());
        QCOMPARE(withEntity.scenario->narrative.back().evidenceEntity, std::string("order 3"));
        QVERIFY(validationErrors(input, entity, "outbox.json").isEmpty());

        const std::string unknownCheck =
            replaced(lesson, R"("evidence": "cqrs.read_model_matches")",
                     R"("evidence": {"check": "no.such_check", "entity": "order 3"})");
        got = validationErrors(input, unknownCheck, "outbox.json");
        QCOMPARE(got.size(), 1);
        QVERIFY2(got[0].contains(QStringLiteral("narrative[5].evidence: unknown check "
                                                "\"no.such_check\"")),
                 qPrintable(got[0]));

        const std::string wrongKey = replaced(lesson, R"("evidence": "cqrs.read_model_matches")",
                                              R"("evidence": {"chek": "cqrs.read_model_matches"})");
        got = validationErrors(input, wrongKey, "outbox.json");
        QVERIFY2(got.join('\n').contains(QStringLiteral("narrative[5].evidence.chek")),
                 qPrintable(got.join('\n')));
        QVERIFY2(got.join('\n').contains(QStringLiteral("narrative[5].evidence")) &&
                     got.join('\n').contains(QStringLiteral("check")),
                 qPrintable(got.join('\n')));
        got = validationErrors(
            input, replaced(lesson, R"("evidence": "cqrs.read_model_matches")", R"("evidence": 3)"),
            "outbox.json");
        QCOMPARE(got.size(), 1);
        QVERIFY2(got[0].contains(QStringLiteral("narrative[5].evidence: expected the id of a "
                                                "check")),
                 qPrintable(got[0]));
    }

    /// A "Try it" change replaces the switches it names and leaves the others.
    void tryReplacesTheSwitchesItNames()
    {
        const ScenarioInput input;
        const LoadResult loaded =
            input.loadText(lessonText("two-phase-commit-vs-saga"), "two-phase.json");
        QVERIFY(loaded.ok());
        const NarrativeSpec &n = loaded.scenario->narrative[8];
        QVERIFY(n.tryIt.has_value());
        QCOMPARE(QString::fromStdString(n.tryIt->label),
                 QStringLiteral("Saga instead of two-phase commit"));
        QCOMPARE(n.tryIt->keys, (std::vector<std::string>{"two_phase_commit", "saga"}));
        PatternSwitches patterns = loaded.scenario->patterns;
        QVERIFY(patterns.isOn("two_phase_commit"));
        patterns.replace(n.tryIt->keys, n.tryIt->patterns);
        QVERIFY(!patterns.isOn("two_phase_commit"));
        QVERIFY(patterns.isOn("saga"));
        QCOMPARE(QString::fromStdString(input.catalog().writePatterns(patterns).dump()),
                 QString::fromLatin1(R"({"data":"per-service","saga":{"style":"orchestration",)"
                                     R"("step_timeout":"1s","step_retries":0}})"));
        // A fault to try carries no time: it starts when clicked.
        const LoadResult api = input.loadText(lessonText("api-composition"), "api.json");
        QVERIFY(api.ok());
        const auto &fault = api.scenario->narrative[6].tryIt->fault;
        QVERIFY(fault.has_value());
        QCOMPARE(fault->service, std::string("products"));
        QCOMPARE(fault->duration.value_or(0), 3 * kSecond);
    }

    void everyLessonNamesWhatItsRunOffers()
    {
        const ScenarioInput input;
        for (const char *lesson :
             {"api-composition", "cqrs-lag", "duplicates-and-idempotency", "event-sourcing",
              "hockey-stick", "outbox-poll", "outbox-vs-dual-write", "queue-lab", "replication",
              "saga-choreography", "saga-orchestration", "schema-change-coupling",
              "shared-vs-per-service", "two-phase-commit-vs-saga"}) {
            const QStringList errors = validationErrors(input, lessonText(lesson), lesson);
            QVERIFY2(errors.isEmpty(), qPrintable(errors.join('\n')));
        }
    }

    /// The reasons add up to the failures, and name what the failing service said.
    void failuresByReasonAddUp()
    {
        const ScenarioInput input;
        const LoadResult loaded = input.loadText(lessonText("cqrs-lag"), "cqrs.json");
        QVERIFY(loaded.ok());
        RunResult built = input.build(*loaded.scenario, RunOptions{});
        QVERIFY(built.run);
        built.run->runToEnd();
        const nlohmann::ordered_json summary = built.run->summary();
        const auto &pay = summary["operations"]["pay_order"];
        QVERIFY(pay["failed"].get<std::uint64_t>() > 0);
        std::uint64_t sum = 0;
        std::uint64_t previous = ~std::uint64_t(0);
        for (const auto &[reason, n] : pay["failures_by_reason"].items()) {
            sum += n.get<std::uint64_t>();
            QVERIFY2(n.get<std::uint64_t>() <= previous, "most frequent first");
            previous = n.get<std::uint64_t>();
        }
        QCOMPARE(sum, pay["failed"].get<std::uint64_t>());
        QVERIFY(pay["failures_by_reason"].contains("no order awaiting payment"));
        // An operation that never failed has no such object.
        for (const auto &[name, op] : summary["operations"].items())
            QCOMPARE(op.contains("failures_by_reason"), op["failed"].get<std::uint64_t>() > 0);
    }
};

QTEST_APPLESS_MAIN(TestNarrativeNames)
#include "tst_narrativenames.moc"
