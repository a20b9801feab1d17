// Evidence for failed checks (issue 21): the lessons that break a pattern on purpose, and the
// held-out variants, get chains of trace events and rows that prove each failure; every id is
// in the trace, each chain is in causal order, and the timeline replayed to the events the
// chain names shows the rows it names in the real databases.
#include "tests/support/evidencetestsupport.h"
#include "tests/support/randomschedulesupport.h"
#include "tests/support/testsupport.h"

#include "patterns/scenarioinput.h"
#include "simulation/scenario/overrides.h"

#include <QtTest>

#include <set>

using namespace dplab;
using namespace dplab::test;

namespace {

/// A lesson with --set changes, without its captions.
Scenario evidenceLesson(const std::string &name, const std::vector<std::string> &sets = {})
{
    Scenario sc = lessonScenario(name, sets);
    sc.narrative.clear();
    return sc;
}

/// The step of a chain whose event has this kind (and, unless -1, comes from this service).
const EvidenceStep *stepOfKind(const Run &run, const Evidence &e, TraceKind kind,
                               std::int16_t from = -1)
{
    for (const EvidenceStep &s : e.steps) {
        const TraceEvent *ev = run.trace()->events().byId(s.event);
        if (ev && ev->kind == kind && (from < 0 || ev->from == from))
            return &s;
    }
    return nullptr;
}

std::set<std::string> classesOf(const std::vector<Evidence> &chains)
{
    std::set<std::string> out;
    for (const auto &e : chains)
        out.insert(e.cls);
    return out;
}

} // namespace

class TestEvidence : public QObject
{
    Q_OBJECT
private slots:
    void dualWriteLosesEventsAndTheChainsShowHow()
    {
        auto run = makeRun(evidenceLesson("outbox-vs-dual-write"));
        run->runToEnd();
        const auto checks = run->checks();
        QCOMPARE(evidenceProblems(*run, checks), std::string());
        const auto chains = evidenceOf(checks, "cqrs.read_model_matches");
        QCOMPARE(chains.size(), kMaxEvidencePerCheck);
        const std::int16_t orders = run->world().serviceWithRole("orders");
        int lost = 0;
        for (const Evidence &e : chains) {
            if (e.cls != "lost event")
                continue;
            ++lost;
            // The crash of orders right after the commit that changed the entity's order.
            const EvidenceStep *crash = stepOfKind(*run, e, TraceKind::Crash, orders);
            QVERIFY2(crash, e.entity.c_str());
            const EvidenceStep *commit = stepOfKind(*run, e, TraceKind::Commit, orders);
            QVERIFY(commit && commit->event < crash->event);
            QCOMPARE(run->trace()->events().byId(crash->event)->cause, commit->event);
            QCOMPARE(stepOfKind(*run, e, TraceKind::Request)->event, e.steps.front().event);
            // No publish of the order by orders follows the commit.
            const auto &orderRow = e.rows.front();
            QCOMPARE(orderRow.service, std::string("orders"));
            QCOMPARE(orderRow.asOfEvent, commit->event);
        }
        QVERIFY(lost >= 3);
        // The first example: order 235 paid, the commit, the crash right after it, and the
        // publisher's record that the event never left; the view still shows it confirmed.
        const Evidence &first = chains.front();
        QCOMPARE(first.cls, std::string("lost event"));
        QCOMPARE(first.entity, std::string("order 235"));
        std::vector<std::uint64_t> ids;
        for (const auto &s : first.steps)
            ids.push_back(s.event);
        QCOMPARE(ids, (std::vector<std::uint64_t>{47729, 47755, 47756, 47757}));
        QCOMPARE(first.rows[0].values.at("status").get<std::string>(), std::string("paid"));
        QCOMPARE(first.rows[1].values.at("status").get<std::string>(), std::string("confirmed"));
    }

    void duplicatesAreAppliedTwiceAndTheChainsShowBothCopies()
    {
        auto run = makeRun(evidenceLesson("duplicates-and-idempotency"));
        run->runToEnd();
        const auto checks = run->checks();
        QCOMPARE(evidenceProblems(*run, checks), std::string());
        const auto twice = evidenceOf(checks, "consumers.no_effect_applied_twice");
        QCOMPARE(twice.size(), kMaxEvidencePerCheck);
        std::set<std::string> consumers;
        for (const Evidence &e : twice) {
            QCOMPARE(e.cls, std::string("duplicate effect"));
            // Two deliveries, two applications (commits of the consumer), the row after each.
            int delivers = 0, commits = 0;
            std::int16_t consumer = -1;
            for (const EvidenceStep &s : e.steps) {
                const TraceEvent &ev = *run->trace()->events().byId(s.event);
                if (ev.kind == TraceKind::Deliver) {
                    ++delivers;
                    consumer = ev.to;
                }
            }
            for (const EvidenceStep &s : e.steps) {
                const TraceEvent &ev = *run->trace()->events().byId(s.event);
                commits += ev.kind == TraceKind::Commit && ev.from == consumer;
            }
            QCOMPARE(delivers, 2);
            QCOMPARE(commits, 2);
            QVERIFY(stepOfKind(*run, e, TraceKind::Duplicate) ||
                    stepOfKind(*run, e, TraceKind::Redeliver) ||
                    stepOfKind(*run, e, TraceKind::Crash)); // the relay published it again
            QCOMPARE(e.rows.size(), std::size_t{2});
            QVERIFY(e.rows[0].values != e.rows[1].values); // the second copy changed it again
            consumers.insert(run->world().service(consumer).name());
        }
        // Both consumers count events: both appear among the examples.
        QCOMPARE(consumers, (std::set<std::string>{"inventory", "order-view"}));
        const auto totals = evidenceOf(checks, "cqrs.read_model_matches");
        QVERIFY(!totals.empty());
        QCOMPARE(classesOf(totals), std::set<std::string>{"duplicate effect"});
    }

    void atMostOnceReplicationShowsTheDroppedDelivery()
    {
        auto run =
            makeRun(evidenceLesson("replication", {"bus.delivery=at-most-once", "expect=[]"}));
        run->runToEnd();
        const auto checks = run->checks();
        QCOMPARE(evidenceProblems(*run, checks), std::string());
        const auto chains = evidenceOf(checks, "replication.converged");
        QVERIFY(!chains.empty());
        for (const Evidence &e : chains) {
            QCOMPARE(e.cls, std::string("divergent copy"));
            QCOMPARE(e.rows.size(), std::size_t{2});
            QCOMPARE(e.rows[0].table, std::string("customers"));
            QCOMPARE(e.rows[1].table, std::string("customer_replica"));
            QVERIFY(e.rows[0].values.at("version") != e.rows[1].values.at("version"));
        }
        QVERIFY(stepOfKind(*run, chains.front(), TraceKind::Drop));
    }

    void publishFirstShowsPhantomEvents()
    {
        auto run = makeRun(evidenceLesson("outbox-vs-dual-write",
                                          {"patterns.dual_write=publish-first",
                                           "faults[0].kind=crash-after-publish", "expect=[]"}));
        run->runToEnd();
        const auto checks = run->checks();
        QCOMPARE(evidenceProblems(*run, checks), std::string());
        const auto chains = evidenceOf(checks, "cqrs.read_model_matches");
        QVERIFY(classesOf(chains).count("phantom event"));
        const std::int16_t orders = run->world().serviceWithRole("orders");
        for (const Evidence &e : chains) {
            if (e.cls != "phantom event")
                continue;
            // The publish, the crash that rolled its change back, and no commit of orders.
            QVERIFY(stepOfKind(*run, e, TraceKind::Publish, orders));
            QVERIFY(stepOfKind(*run, e, TraceKind::Crash, orders));
            QVERIFY(!stepOfKind(*run, e, TraceKind::Commit, orders));
        }
    }

    void outboxRowsLeftUnpublishedShowWhy()
    {
        // The outbox, with orders cut off from the bus for the last 10 s: rows wait unpublished.
        auto run = makeRun(evidenceLesson(
            "outbox-vs-dual-write",
            {"patterns.outbox=true", "expect=[]",
             R"(faults=[{"kind": "partition", "between": [["orders"], ["bus"]], "at": "40s"}])"}));
        run->runToEnd();
        const auto checks = run->checks();
        QCOMPARE(evidenceProblems(*run, checks), std::string());
        const auto rows = evidenceOf(checks, "outbox.all_published");
        QCOMPARE(rows.size(), kMaxEvidencePerCheck);
        const std::int16_t orders = run->world().serviceWithRole("orders");
        int refusedSteps = 0;
        for (const Evidence &e : rows) {
            QCOMPARE(e.cls, std::string("unpublished outbox row"));
            // The commit that wrote the row, the relay's refused publish (of this row, or of an
            // older one it waited behind: then named in the explanation), the row still waiting.
            const EvidenceStep *commit = stepOfKind(*run, e, TraceKind::Commit, orders);
            QVERIFY(commit);
            if (const EvidenceStep *refused = stepOfKind(*run, e, TraceKind::Drop, orders)) {
                QVERIFY(commit->event < refused->event);
                QVERIFY(run->trace()->events().byId(refused->event)->time >= 40 * kSecond);
                ++refusedSteps;
            } else {
                QVERIFY2(e.explanation.find("stops at the first refusal") != std::string::npos,
                         e.explanation.c_str());
            }
            QVERIFY(e.rows[0].values.at("published_us").is_null());
        }
        QVERIFY(refusedSteps >= 1);
        // The read model's chains say the event is in the outbox, not lost.
        const auto view = evidenceOf(checks, "cqrs.read_model_matches");
        QCOMPARE(classesOf(view), std::set<std::string>{"unpublished event"});
    }

    void noEvidenceWithoutTheWholeTrace()
    {
        Scenario sc = evidenceLesson("outbox-vs-dual-write");
        sc.duration = 12 * kSecond;
        RunOptions o;
        o.world.captureChangesets = false; // which rows a commit changed is unknown
        std::vector<LoadError> errors;
        auto run = Run::create(sc, o, &errors);
        QVERIFY(run);
        run->runToEnd();
        bool failed = false;
        for (const CheckResult &c : run->checks()) {
            failed = failed || !c.ok;
            QVERIFY(c.evidence.empty());
        }
        QVERIFY(failed);
    }
};

QTEST_APPLESS_MAIN(TestEvidence)
#include "tst_evidence.moc"
