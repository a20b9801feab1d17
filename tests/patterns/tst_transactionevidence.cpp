// Evidence for the failed checks of the saga, two-phase commit and event sourcing (issue 21):
// every held-out variant that breaks one of their checks gets evidence of the right class;
// every event of a chain exists in the trace, the chain is in causal order, and the rows it
// names are what the databases hold at the end. Random fault schedules on the saga without its
// outbox: each stuck saga they cause comes with its crash or loss. And --window evidence
// centres the sequence diagram on the first chain.
#include "tests/support/clitestsupport.h"
#include "tests/support/patternstestsupport.h"
#include "tests/support/randomschedulesupport.h"

#include "patterns/checks.h"
#include "patterns/module/patterncatalog.h"
#include "simulation/observe/sequencediagram.h"
#include "simulation/world/world.h"

#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <set>

using namespace dplab;
using namespace dplab::test;

namespace {

using Kind = FaultSpec::Kind;
using Style = SagaSettings::Style;

/// The key column of each table evidence may name (independent of the code under test).
const std::map<std::string, std::string> kKeyColumn = {{"sagas", "id"},
                                                       {"orders", "id"},
                                                       {"reservations", "saga_id"},
                                                       {"saga_payments", "saga_id"},
                                                       {"saga_shipments", "saga_id"},
                                                       {"inventory", "product_id"},
                                                       {"accounts", "customer_id"},
                                                       {"payments", "id"},
                                                       {"shipments", "id"},
                                                       {"tpc_prepared", "txid"},
                                                       {"tpc_log", "txid"},
                                                       {"event_store", "position"},
                                                       {"snapshots", "rowid"}};

nlohmann::ordered_json rowNow(const World &world, const EvidenceRow &r)
{
    const std::int16_t s = world.serviceIndex(r.service);
    const auto column = kKeyColumn.find(r.table);
    if (s < 0 || column == kKeyColumn.end())
        throw std::runtime_error("unknown row " + r.service + "." + r.table);
    const SqlValue key =
        r.table == "snapshots" || r.key.find_first_not_of("0123456789") == std::string::npos
            ? SqlValue(static_cast<std::int64_t>(std::stoll(r.key)))
            : SqlValue(r.key);
    const QueryResult q = world.service(s).database().query(
        "SELECT * FROM " + r.table + " WHERE " + column->second + " = ?1", {key});
    if (q.rows.empty())
        return nullptr;
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < q.columns.size(); ++i) {
        const SqlValue &v = q.rows[0][i];
        if (const auto *n = std::get_if<std::int64_t>(&v))
            out[q.columns[i]] = *n;
        else if (const auto *d = std::get_if<double>(&v))
            out[q.columns[i]] = *d;
        else if (const auto *t = std::get_if<std::string>(&v))
            out[q.columns[i]] = *t;
        else
            out[q.columns[i]] = nullptr;
    }
    return out;
}

/// True when following `id`'s causes in the trace reaches `ancestor`.
bool reaches(const TraceLog &trace, std::uint64_t id, std::uint64_t ancestor)
{
    for (const TraceEvent *e = trace.byId(id); e; e = trace.byId(e->cause)) {
        if (e->id == ancestor)
            return true;
        if (e->cause >= e->id)
            return false;
    }
    return false;
}

/// Why the evidence of one check breaks the rules, or "".
std::string evidenceProblem(const World &world, const TraceLog &trace, const CheckResult &c,
                            const std::string &cls)
{
    if (c.evidence.empty())
        return c.id + " failed without evidence: " + c.detail;
    if (c.evidence.size() > kMaxEvidencePerCheck)
        return c.id + ": too much evidence";
    for (const Evidence &ev : c.evidence) {
        const std::string where = c.id + " / " + ev.entity + ": ";
        if (ev.cls != cls)
            return where + "class \"" + ev.cls + "\", expected \"" + cls + "\"";
        if (ev.entity.empty() || ev.explanation.empty())
            return where + "no entity or explanation";
        if (ev.steps.empty() && ev.rows.empty())
            return where + "neither steps nor rows";
        for (std::size_t i = 0; i < ev.steps.size(); ++i) {
            const EvidenceStep &s = ev.steps[i];
            const TraceEvent *e = trace.byId(s.event);
            if (!e)
                return where + "event " + std::to_string(s.event) + " is not in the trace";
            if (s.says.empty())
                return where + "a step says nothing";
            if (i == 0)
                continue;
            if (s.event <= ev.steps[i - 1].event)
                return where + "steps out of order";
            bool follows = false;
            for (std::size_t j = 0; j < i && !follows; ++j)
                follows = reaches(trace, s.event, ev.steps[j].event);
            if (!follows)
                return where + "event " + std::to_string(s.event) + " follows from no earlier step";
        }
        for (const EvidenceRow &r : ev.rows) {
            if (r.asOfEvent != 0)
                return where + "a row as of an event (these modules show rows at the end)";
            if (r.says.empty())
                return where + "a row says nothing";
            const auto now = rowNow(world, r);
            if (now != r.values)
                return where + r.service + "." + r.table + " " + r.key + " is " + now.dump() +
                       ", the evidence says " + r.values.dump();
        }
    }
    return {};
}

/// Checks every failed check among `classes` (id -> class); returns the failed ones.
std::set<std::string> verifyEvidence(Run &run, const std::vector<CheckResult> &checks,
                                     const std::map<std::string, std::string> &classes)
{
    std::set<std::string> failed;
    for (const CheckResult &c : checks) {
        const auto cls = classes.find(c.id);
        if (c.ok || cls == classes.end())
            continue;
        failed.insert(c.id);
        const std::string why = evidenceProblem(run.world(), run.trace()->events(), c, cls->second);
        if (!why.empty())
            QTest::qFail(why.c_str(), __FILE__, __LINE__);
    }
    return failed;
}

const std::map<std::string, std::string> kSagaClasses = {
    {"saga.none_stuck", "stuck saga"},
    {"saga.stock_conserved", "money or stock out of balance"},
    {"saga.money_conserved", "money or stock out of balance"},
    {"saga.effects_match_outcome", "money or stock out of balance"},
    {"saga.compensations_idempotent", "money or stock out of balance"}};

const std::map<std::string, std::string> kTwoPhaseClasses = {
    {"two_phase_commit.none_in_doubt", "in doubt"}, {"two_phase_commit.atomic", "in doubt"}};

const std::map<std::string, std::string> kStoreClasses = {
    {"event_sourcing.append_only", "event removed"},
    {"event_sourcing.snapshot_matches_replay", "snapshot differs from replay"},
    {"event_sourcing.replay_matches_projection", "stale projection"}};

/// As tst_saga's shop: orders, products and the three participants.
Scenario sagaShop(Style style, double rate, SimTime stop, SimTime duration)
{
    Scenario sc;
    sc.name = "saga shop";
    sc.seed = 3;
    sc.duration = duration;
    sc.sampleInterval = 500 * kMillisecond;
    sc.domain.customers = 400;
    sc.domain.products = 40;
    sc.domain.stock = 1000000;
    sc.network.latency = Distribution::constant(kMillisecond);
    sc.services.push_back(shopService("orders", 16, Distribution::exponential(500)));
    sc.services.push_back(shopService("products", 8, Distribution::constant(200)));
    sc.services.push_back(shopService("inventory", 8, Distribution::constant(200)));
    sc.services.push_back(shopService("payments", 8, Distribution::constant(300)));
    sc.services.push_back(shopService("shipping", 8, Distribution::constant(300)));
    sc.bus.latency = Distribution::exponential(5 * kMillisecond);
    sc.bus.redeliveryAfter = 300 * kMillisecond;
    SagaSettings saga;
    saga.style = style;
    saga.stepTimeout = 500 * kMillisecond;
    turnOn(sc.patterns, saga);
    sc.workload = {shopOp("place_order", rate, stop, 400)};
    return sc;
}

/// As tst_twophasecommit's shop: constant 1 ms links, no processing time.
Scenario tpcShop(SimTime duration)
{
    Scenario sc;
    sc.name = "two-phase shop";
    sc.seed = 3;
    sc.duration = duration;
    sc.sampleInterval = 500 * kMillisecond;
    sc.domain.customers = 400;
    sc.domain.products = 40;
    sc.domain.stock = 1000000;
    sc.network.latency = Distribution::constant(kMillisecond);
    sc.network.timeout = 2 * kSecond;
    for (const char *role : {"orders", "products", "inventory", "payments"})
        sc.services.push_back(shopService(role, 8, Distribution::constant(0)));
    turnOn(sc.patterns, TwoPhaseCommitSettings{});
    return sc;
}

/// The events of chains, by kind.
std::multiset<TraceKind> kindsIn(const TraceLog &trace, const std::vector<Evidence> &chains)
{
    std::multiset<TraceKind> out;
    for (const Evidence &ev : chains)
        for (const EvidenceStep &s : ev.steps)
            out.insert(trace.byId(s.event)->kind);
    return out;
}

} // namespace

class TestTransactionEvidence : public QObject
{
    Q_OBJECT

private slots:
    void stuckSagaShowsTheCrashAfterCommit()
    {
        // tst_saga's choreography without the outbox: inventory crashes right after 5% of its
        // commits; the event it was to publish is lost and the saga waits for ever.
        Scenario sc = sagaShop(Style::Choreography, 100, 3 * kSecond, 6 * kSecond);
        withIdempotentConsumers(sc);
        sc.faults.push_back(crashAfter(Kind::CrashAfterCommit, "inventory", 0.05, 0, 3 * kSecond));
        auto run = makeRun(sc, true);
        run->runToEnd();
        const auto checks = run->checks();
        const auto failed = verifyEvidence(*run, checks, kSagaClasses);
        QVERIFY(failed.count("saga.none_stuck"));
        const CheckResult *stuck = checkById(checks, "saga.none_stuck");
        const TraceLog &trace = run->trace()->events();
        for (const Evidence &ev : stuck->evidence) {
            // The chain: inventory's commit, its crash right after, the event never published.
            std::vector<TraceKind> kinds;
            for (const EvidenceStep &s : ev.steps)
                kinds.push_back(trace.byId(s.event)->kind);
            const auto crash = std::find(kinds.begin(), kinds.end(), TraceKind::Crash);
            QVERIFY2(crash != kinds.end(), ev.explanation.c_str());
            const std::size_t at = static_cast<std::size_t>(crash - kinds.begin());
            QVERIFY(at > 0 && kinds[at - 1] == TraceKind::Commit);
            QCOMPARE(trace.byId(ev.steps[at].event)->cause, ev.steps[at - 1].event);
            QCOMPARE(kinds.back(), TraceKind::Drop);
            QVERIFY2(ev.explanation.find("waiting for") != std::string::npos,
                     ev.explanation.c_str());
            // The saga's row: still pending at the end.
            QCOMPARE(ev.rows.front().table, std::string("orders"));
            QCOMPARE(ev.rows.front().values.at("status").get<std::string>(),
                     std::string("pending"));
        }
    }

    void doubledCompensationsAreShown_data()
    {
        QTest::addColumn<int>("style");
        QTest::newRow("orchestration") << int(Style::Orchestration);
        QTest::newRow("choreography") << int(Style::Choreography);
    }

    void doubledCompensationsAreShown()
    {
        // tst_saga's participants without an inbox under 20% duplicates: compensations are
        // applied twice; stock and money no longer add up.
        QFETCH(int, style);
        Scenario sc = sagaShop(Style(style), 100, 4 * kSecond, 6 * kSecond);
        for (auto &s : sc.services)
            if (s.role == "payments" || s.role == "shipping")
                s.failureRate = 0.2;
        sc.bus.duplicate = 0.2;
        auto run = makeRun(sc, true);
        run->runToEnd();
        const auto checks = run->checks();
        const auto failed = verifyEvidence(*run, checks, kSagaClasses);
        QVERIFY(failed.count("saga.compensations_idempotent"));
        QVERIFY(failed.count("saga.money_conserved"));
        const TraceLog &trace = run->trace()->events();
        for (const char *id : {"saga.compensations_idempotent", "saga.money_conserved"}) {
            const CheckResult *c = checkById(checks, id);
            for (const Evidence &ev : c->evidence) {
                // Two commits of the same compensation at the same service.
                std::map<std::pair<std::int16_t, std::uint32_t>, int> commits;
                for (const EvidenceStep &s : ev.steps)
                    if (const TraceEvent *e = trace.byId(s.event); e->kind == TraceKind::Commit)
                        ++commits[{e->from, e->label}];
                bool twice = false;
                for (const auto &[k, n] : commits)
                    twice = twice || n == 2;
                QVERIFY2(twice, ev.explanation.c_str());
            }
        }
        // Money: the chains show refunds, with the customer's account among the rows.
        for (const Evidence &ev : checkById(checks, "saga.money_conserved")->evidence) {
            QVERIFY2(ev.explanation.find("refund") != std::string::npos, ev.explanation.c_str());
            bool account = false;
            for (const EvidenceRow &r : ev.rows)
                account = account || r.table == "accounts";
            QVERIFY(account);
        }
        // The copies come from the bus: a duplicate or a redelivery is part of some chain.
        const auto kinds =
            kindsIn(trace, checkById(checks, "saga.compensations_idempotent")->evidence);
        QVERIFY(kinds.count(TraceKind::Duplicate) + kinds.count(TraceKind::Redeliver) > 0);
    }

    void coordinatorDownLeavesParticipantsInDoubt()
    {
        // One order; the coordinator crashes with both yes votes in hand and stays down past the
        // end of the run: both participants hold their promise.
        Scenario sc = tpcShop(4 * kSecond);
        WorkloadSpec w = shopOp("place_order", 1, kSecond + 500 * kMillisecond, 400);
        w.arrival = WorkloadSpec::Arrival::Constant;
        w.start = kSecond;
        sc.workload = {w};
        FaultSpec f = crashAfter(Kind::CrashAfterPrepare, "orders", 1.0, 0, 1500 * kMillisecond);
        f.restartAfter = 10 * kSecond;
        sc.faults = {f};
        auto run = makeRun(sc, true);
        run->runToEnd();
        const auto checks = run->checks();
        const auto failed = verifyEvidence(*run, checks, kTwoPhaseClasses);
        QVERIFY(failed.count("two_phase_commit.none_in_doubt"));
        QVERIFY(!failed.count("two_phase_commit.atomic"));
        const CheckResult *doubt = checkById(checks, "two_phase_commit.none_in_doubt");
        QCOMPARE(doubt->evidence.size(), std::size_t{2}); // inventory and payments
        const TraceLog &trace = run->trace()->events();
        for (const Evidence &ev : doubt->evidence) {
            const auto kinds = kindsIn(trace, {ev});
            QCOMPARE(kinds.count(TraceKind::Crash), std::size_t{1});
            QVERIFY(kinds.count(TraceKind::Commit) >= 2); // begin, prepare
            QCOMPARE(ev.rows.front().values.at("state").get<std::string>(),
                     std::string("prepared"));
            QVERIFY2(ev.explanation.find("still down") != std::string::npos,
                     ev.explanation.c_str());
            QVERIFY2(ev.explanation.find("asked") != std::string::npos, ev.explanation.c_str());
        }
    }

    void brokenOutcomeIsShown()
    {
        // tst_twophasecommit's tampered outcome: payments' row says aborted what it committed.
        Scenario sc = tpcShop(3 * kSecond);
        sc.workload = {shopOp("place_order", 50, 2 * kSecond, 400)};
        auto run = makeRun(sc, true);
        run->runToEnd();
        World &w = run->world();
        Database &pay = w.service(w.serviceIndex("payments")).database();
        const auto txid = std::get<std::int64_t>(
            pay.query("SELECT min(txid) FROM tpc_prepared WHERE state = 'committed'")
                .rows.at(0)
                .at(0));
        pay.prepare("UPDATE tpc_prepared SET state = 'aborted' WHERE txid = ?1")
            .bind(1, txid)
            .run();
        pay.prepare("UPDATE tpc_prepared SET state = 'prepared' WHERE txid = ?1")
            .bind(1, txid + 1)
            .run();
        const auto checks = runInvariantChecks(run->catalog(), w, &run->trace()->events());
        const auto failed = verifyEvidence(*run, checks, kTwoPhaseClasses);
        QCOMPARE(failed.size(), std::size_t{2});
        const CheckResult *atomic = checkById(checks, "two_phase_commit.atomic");
        QCOMPARE(atomic->evidence.size(), std::size_t{1});
        const Evidence &ev = atomic->evidence.front();
        QCOMPARE(ev.entity, "transaction " + std::to_string(txid));
        QVERIFY2(ev.explanation.find("payments's row says aborted, but no commit of payments") !=
                     std::string::npos,
                 ev.explanation.c_str());
        // The decision and both participants' commits are in the chain.
        std::set<std::string> commits;
        for (const EvidenceStep &s : ev.steps)
            if (const TraceEvent *e = run->trace()->events().byId(s.event);
                e->kind == TraceKind::Commit)
                commits.insert(w.names().labelName(e->label));
        QVERIFY(commits.count("tx:2pc decide commit tx " + std::to_string(txid)));
        QCOMPARE(commits.count("tx:2pc commit tx " + std::to_string(txid)), std::size_t{1});
    }

    void removedEventAndWrongSnapshotAreShown()
    {
        Scenario sc = eventShop(kSecond, 2 * kSecond);
        sc.services.pop_back(); // no read side
        sc.patterns.erase(CqrsSettings::kKey);
        EventSourcingSettings es;
        es.snapshotEvery = 2;
        turnOn(sc.patterns, es);
        auto run = makeRun(sc, true);
        run->runToEnd();
        World &w = run->world();
        Database &db = w.service(w.serviceIndex("orders")).database();
        const auto last = std::get<std::int64_t>(
            db.query("SELECT max(position) FROM event_store").rows.at(0).at(0));
        db.exec("DROP TRIGGER event_store_no_delete");
        db.exec("DELETE FROM event_store WHERE position = (SELECT MAX(position) FROM event_store)");
        db.exec("UPDATE snapshots SET state = '{}' WHERE rowid = (SELECT min(rowid) FROM "
                "snapshots)");
        const auto checks = run->checks();
        const auto failed = verifyEvidence(*run, checks, kStoreClasses);
        QVERIFY(failed.count("event_sourcing.append_only"));
        QVERIFY(failed.count("event_sourcing.snapshot_matches_replay"));
        const Evidence &removed = checkById(checks, "event_sourcing.append_only")->evidence.at(0);
        QCOMPARE(removed.entity, "position " + std::to_string(last));
        QVERIFY(removed.rows.at(0).values.is_null());
        QCOMPARE(removed.steps.size(), std::size_t{1});
        QVERIFY(w.names()
                    .labelName(run->trace()->events().byId(removed.steps[0].event)->label)
                    .find(" (append ") != std::string::npos);
        QVERIFY2(removed.explanation.find("triggers") != std::string::npos,
                 removed.explanation.c_str());
        const Evidence &snap =
            checkById(checks, "event_sourcing.snapshot_matches_replay")->evidence.at(0);
        QCOMPARE(snap.rows.at(0).values.at("state").get<std::string>(), std::string("{}"));
        QCOMPARE(snap.steps.size(), std::size_t{1});
    }

    void projectionBehindAtTheEndIsShown()
    {
        // Writes until the last moment and a relay that polls every 2 s: the run ends with the
        // projection behind the store.
        Scenario sc = eventShop(2 * kSecond, 2 * kSecond);
        sc.services.pop_back();
        sc.patterns.erase(CqrsSettings::kKey);
        EventSourcingSettings es;
        es.poll = 2 * kSecond;
        turnOn(sc.patterns, es);
        auto run = makeRun(sc, true);
        run->runToEnd();
        const auto checks = run->checks();
        const auto failed = verifyEvidence(*run, checks, kStoreClasses);
        QVERIFY(failed.count("event_sourcing.replay_matches_projection"));
        for (const Evidence &ev :
             checkById(checks, "event_sourcing.replay_matches_projection")->evidence) {
            QVERIFY2(ev.explanation.find("behind the store") != std::string::npos,
                     ev.explanation.c_str());
            QCOMPARE(ev.steps.size(), std::size_t{1});
        }
    }

    void dualWriteSchedulesComeWithTheirCrash()
    {
        // The choreography lesson without its outbox under random schedules with crashes after
        // commits drawn often: every stuck saga the check catches comes with a chain whose
        // crash (or loss) is in the trace.
        ScheduleFuzzer fuzzer(lessonScenario("saga-choreography", {"patterns.outbox=false"}), kStop,
                              kSettle);
        for (int i = 0; i < 3; ++i)
            fuzzer.space().kinds.push_back(Kind::CrashAfterCommit);
        int caught = 0;
        for (std::uint64_t seed = 1; seed <= 12; ++seed) {
            auto run = makeRun(fuzzer.scenarioFor(seed), true);
            run->runToEnd();
            const auto checks = run->checks();
            verifyEvidence(*run, checks, kSagaClasses);
            const CheckResult *stuck = checkById(checks, "saga.none_stuck");
            if (!stuck || stuck->ok)
                continue;
            ++caught;
            const TraceLog &trace = run->trace()->events();
            for (const Evidence &ev : stuck->evidence) {
                bool fault = false;
                for (const EvidenceStep &s : ev.steps) {
                    const TraceKind k = trace.byId(s.event)->kind;
                    fault = fault || k == TraceKind::Crash || k == TraceKind::Drop;
                }
                QVERIFY2(fault || ev.explanation.find("crashed") != std::string::npos,
                         (std::to_string(seed) + ": " + ev.explanation).c_str());
            }
        }
        QVERIFY2(caught > 0, "no schedule stranded a saga");
    }

    void mermaidWindowOnTheFirstChain()
    {
        QTemporaryDir dir;
        const std::string out = dir.path().toStdString();
        const std::string lesson = DPLAB_SOURCE_DIR "/scenarios/saga-choreography.json";
        const CliResult r = cli({"run", lesson, "--set", "patterns.outbox=false", "--export",
                                 "mermaid", "--window", "evidence", "--out", out, "--quiet"});
        QCOMPARE(r.code, int(ExitChecksFailed));
        const auto summary = nlohmann::json::parse(readFile(out + "/summary.json"));
        const std::string mmd = readFile(out + "/sequence.mmd");
        nlohmann::json chain;
        for (const auto &c : summary["checks"])
            if (!c["ok"].get<bool>() && c.contains("evidence")) {
                chain = c["evidence"][0];
                QVERIFY2(mmd.find("%% evidence window: the first chain of " +
                                  c["id"].get<std::string>()) != std::string::npos,
                         mmd.c_str());
                break;
            }
        QVERIFY(!chain.is_null());
        const auto &steps = chain["steps"];
        for (std::size_t i = 0; i < steps.size(); ++i) {
            const std::string note = "evidence " + std::to_string(i + 1) + " of " +
                                     std::to_string(steps.size()) + " (event " +
                                     std::to_string(steps[i]["event"].get<std::uint64_t>());
            QVERIFY2(mmd.find(note) != std::string::npos, (note + "\n" + mmd).c_str());
        }
        // Each step in a highlighted rect, each rect closed.
        auto count = [&](const std::string &what) {
            std::size_t n = 0;
            for (auto at = mmd.find(what); at != std::string::npos; at = mmd.find(what, at + 1))
                ++n;
            return n;
        };
        QVERIFY(count("    rect rgb(255, 236, 179)\n") >= steps.size());
        QCOMPARE(count("    rect rgb(255, 236, 179)\n"), count("\n    end\n"));
        // A check without evidence, and a video, are told apart.
        const CliResult none =
            cli({"run", lesson, "--set", "patterns.outbox=false", "--export", "mermaid", "--window",
                 "evidence:saga.money_conserved", "--out", out, "--quiet"});
        QCOMPARE(none.code, int(ExitChecksFailed));
        QVERIFY(readFile(out + "/sequence.mmd")
                    .find("%% evidence window: no failed check saga.money_conserved has "
                          "evidence") != std::string::npos);
        QCOMPARE(cli({"run", lesson, "--export", "video", "--window", "evidence"}).code,
                 int(ExitUsage));
    }

    void highlightsInTheDiagram()
    {
        // A send and a commit highlighted: the send's arrow and its delivery's message are in a
        // rect with its note; the commit, not drawn by itself, gets a note where it happened.
        Scenario sc = sagaShop(Style::Orchestration, 20, 300 * kMillisecond, 400 * kMillisecond);
        auto run = makeRun(sc, true);
        run->runToEnd();
        const TraceLog &trace = run->trace()->events();
        const TraceEvent *publish = nullptr, *commit = nullptr;
        for (const TraceEvent &e : trace) {
            if (!publish && e.kind == TraceKind::Publish)
                publish = &e;
            if (publish && !commit && e.kind == TraceKind::Commit && e.id > publish->id)
                commit = &e;
        }
        QVERIFY(publish && commit);
        SequenceHighlights h;
        h.steps = {{publish->id, "orders asks inventory to reserve"},
                   {commit->id, "somebody commits"}};
        h.title = "test";
        const std::string mmd = mermaidSequence(trace, run->world().names(), SequenceWindow{}, h);
        QVERIFY(mmd.find("%% evidence: test (2 steps, highlighted)") != std::string::npos);
        const std::string first = "evidence 1 of 2 (event " + std::to_string(publish->id);
        const auto at = mmd.find(first);
        QVERIFY2(at != std::string::npos, mmd.c_str());
        // rect, the arrow, the note, end.
        const auto rect = mmd.rfind("    rect rgb(255, 236, 179)\n", at);
        QVERIFY(rect != std::string::npos);
        QVERIFY(mmd.find("publish", rect) < at);
        QVERIFY(mmd.find("    end\n", at) != std::string::npos);
        QVERIFY(mmd.find("evidence 2 of 2 (event " + std::to_string(commit->id)) !=
                std::string::npos);
        // Without highlights, the diagram is what it was.
        const std::string plain = mermaidSequence(trace, run->world().names(), SequenceWindow{});
        QVERIFY(plain.find("rect") == std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestTransactionEvidence)
#include "tst_transactionevidence.moc"
