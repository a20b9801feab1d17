// Trace exports: the Mermaid sequence diagram, the Chrome Trace Event Format file, reading
// trace.jsonl back, and `dplab-cli run --export mermaid,chrome`.
#include "patterns/run.h"
#include "patterns/scenarioinput.h"
#include "simulation/observe/chrometrace.h"
#include "simulation/observe/sequencediagram.h"
#include "simulation/observe/tracereader.h"
#include "simulation/observe/tracerecorder.h"
#include "simulation/scenario/scenarioloader.h"
#include "tests/support/clitestsupport.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <set>
#include <sstream>

using namespace dplab;
using namespace dplab::test;

namespace {

// front calls back, publishes "done" for audit; back crashes for a while in the crash variant.
const std::string kTiny = R"({
  "dplab": 1,
  "name": "tiny",
  "seed": 5,
  "duration": "1s",
  "services": [
    {"name": "front", "workers": 2, "processing": "2ms", "calls": ["back"], "publishes": "done"},
    {"name": "back", "workers": 1, "processing": {"dist": "exponential", "mean": "3ms"}},
    {"name": "audit", "subscribes": ["done"]}
  ],
  "network": {"latency": "1ms"},
  "workload": [{"operation": "request", "target": "front", "rate": 200}]
})";

const std::string kCrash = R"(,
  "faults": [{"kind": "crash", "service": "back", "at": "300ms", "for": "100ms"}]
})";

std::unique_ptr<Run> runOf(const std::string &text)
{
    LoadResult loaded = ScenarioInput().loadText(text, "tiny.json");
    if (!loaded.ok())
        throw std::runtime_error(loaded.errors.front().toString());
    RunOptions o;
    std::vector<LoadError> errors;
    auto run = Run::create(*loaded.scenario, o, &errors);
    if (!run)
        throw std::runtime_error(errors.front().toString());
    run->runToEnd();
    return run;
}

std::vector<std::string> linesOf(const std::string &text)
{
    std::vector<std::string> lines;
    std::stringstream s(text);
    for (std::string l; std::getline(s, l);)
        lines.push_back(l);
    return lines;
}

TraceEvent ev(std::uint64_t id, SimTime t, TraceKind kind, std::int16_t from, std::int16_t to,
              std::uint64_t msg = 0, MessageKind mk = MessageKind::None, std::uint32_t label = 0,
              std::uint64_t cause = 0)
{
    TraceEvent e;
    e.id = id;
    e.time = t;
    e.kind = kind;
    e.from = from;
    e.to = to;
    e.msg = msg;
    e.msgKind = mk;
    e.label = label;
    e.cause = cause;
    return e;
}

/// A hand-made trace: a request to orders, a lost call, a published event, the reply, a
/// crash and a fault.
void handTrace(TraceLog *log, NameTable *n)
{
    n->services = {"orders", "inventory"};
    const std::uint32_t place = n->label("op:place_order"), reserve = n->label("op:reserve"),
                        topic = n->label("topic:order-events");
    std::vector<TraceEvent> es = {
        ev(1, 1000, TraceKind::Request, kClientEndpoint, 0, 0, MessageKind::Request, place),
        ev(2, 1000, TraceKind::Send, kClientEndpoint, 0, 1, MessageKind::Request, place, 1),
        ev(3, 2000, TraceKind::Deliver, kClientEndpoint, 0, 1, MessageKind::Request, place, 2),
        ev(4, 2000, TraceKind::Start, kClientEndpoint, 0, 1, MessageKind::Request, place, 3),
        ev(5, 3000, TraceKind::Process, kClientEndpoint, 0, 1, MessageKind::Request, place, 4),
        ev(6, 3000, TraceKind::Send, 0, 1, 2, MessageKind::Request, reserve, 5),
        ev(7, 3500, TraceKind::Drop, 0, 1, 2, MessageKind::Request, reserve, 6),
        ev(8, 4000, TraceKind::Publish, 0, kBusEndpoint, 3, MessageKind::Event, topic, 5),
        ev(9, 4000, TraceKind::Send, kBusEndpoint, 1, 3, MessageKind::Event, topic, 8),
        ev(10, 5000, TraceKind::Deliver, kBusEndpoint, 1, 3, MessageKind::Event, topic, 9),
        ev(11, 5000, TraceKind::Reply, 0, kClientEndpoint, 4, MessageKind::Reply, place, 5),
        ev(12, 6000, TraceKind::Deliver, 0, kClientEndpoint, 4, MessageKind::Reply, place, 11),
        ev(13, 7000, TraceKind::Crash, 1, kNoEndpoint),
        ev(14, 8000, TraceKind::FaultStart, kNoEndpoint, kNoEndpoint),
    };
    es[1].key = es[5].key = es[6].key = es[7].key = es[8].key = 7;
    es[6].text = n->addText("partition");
    es[12].text = n->addText("crash fault");
    es[13].text = n->addText("partition orders/inventory");
    for (const auto &e : es)
        log->push_back(e);
}

std::string jsonlOf(const TraceLog &log, const NameTable &names)
{
    std::ostringstream out;
    writeTraceJsonl(out, log, names);
    return out.str();
}

} // namespace

class TestTraceExports : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::string path(const std::string &name) const
    {
        return (m_dir.path() + "/").toStdString() + name;
    }

private slots:
    void mermaidParticipantsAndArrows()
    {
        TraceLog log;
        NameTable names;
        handTrace(&log, &names);
        const std::vector<std::string> expected = {
            "sequenceDiagram",
            "    %% dplab trace window 0.0 ms .. end",
            "    participant client as client",
            "    participant orders as orders",
            "    participant inventory as inventory",
            "    participant bus as bus",
            "    client->>orders: 1.0 ms place_order request key 7",
            "    orders-xinventory: 3.0 ms reserve request key 7 lost#58; partition",
            "    orders-)bus: 4.0 ms publish order-events event key 7",
            "    bus-)inventory: 4.0 ms order-events event key 7",
            "    orders-->>client: 5.0 ms place_order reply ok",
            "    Note over inventory: 7.0 ms crash#58; crash fault",
            "    Note over client,bus: 8.0 ms fault starts#58; partition orders/inventory",
        };
        const auto lines = linesOf(mermaidSequence(log, names));
        QCOMPARE(lines.size(), expected.size());
        for (std::size_t i = 0; i < lines.size(); ++i)
            QCOMPARE(QString::fromStdString(lines[i]), QString::fromStdString(expected[i]));
    }

    void mermaidWindowAndCap()
    {
        TraceLog log;
        NameTable names;
        handTrace(&log, &names);
        // Two arrows, then the rest is counted in a closing note.
        auto lines = linesOf(mermaidSequence(log, names, SequenceWindow{0, kSimTimeMax, 2}));
        QCOMPARE(lines.size(), std::size_t(8));
        QCOMPARE(lines[4], std::string("    participant inventory as inventory"));
        QCOMPARE(
            lines[6],
            std::string("    orders-xinventory: 3.0 ms reserve request key 7 lost#58; partition"));
        QCOMPARE(lines[7],
                 std::string(
                     "    Note over client,inventory: 3 more messages and 2 notes from 4.0 ms on "
                     "left out (limit 2 arrows#59; narrow the window to see them)"));
        // A window that starts after the call was sent: its loss is drawn on its own.
        lines = linesOf(mermaidSequence(log, names, SequenceWindow{3200, 4000, 200}));
        const std::vector<std::string> expected = {
            "sequenceDiagram",
            "    %% dplab trace window 3.2 ms .. 4.0 ms",
            "    participant orders as orders",
            "    participant inventory as inventory",
            "    participant bus as bus",
            "    orders-xinventory: 3.5 ms reserve request key 7 lost#58; partition",
            "    orders-)bus: 4.0 ms publish order-events event key 7",
            "    bus-)inventory: 4.0 ms order-events event key 7",
        };
        for (std::size_t i = 0; i < std::min(lines.size(), expected.size()); ++i)
            QCOMPARE(QString::fromStdString(lines[i]), QString::fromStdString(expected[i]));
        QCOMPARE(lines.size(), expected.size());
    }

    void mermaidBusFatesAndNotes()
    {
        NameTable n;
        n.services = {"orders", "inventory"};
        const std::uint32_t topic = n.label("topic:order-events"), reserve = n.label("op:reserve");
        const auto Ev = MessageKind::Event;
        std::vector<TraceEvent> es = {
            ev(1, 1000, TraceKind::Publish, 0, kBusEndpoint, 5, Ev, topic),
            ev(2, 1000, TraceKind::Send, kBusEndpoint, 1, 5, Ev, topic, 1),
            ev(3, 1000, TraceKind::Duplicate, kBusEndpoint, 1, 5, Ev, topic, 1),
            ev(4, 1000, TraceKind::Send, kBusEndpoint, 1, 5, Ev, topic, 1),
            ev(5, 2000, TraceKind::Hold, kBusEndpoint, 1, 5, Ev, topic, 2),
            ev(6, 2500, TraceKind::Deliver, kBusEndpoint, 1, 5, Ev, topic, 4),
            ev(7, 3000, TraceKind::Redeliver, kBusEndpoint, 1, 5, Ev, topic),
            ev(8, 3000, TraceKind::Send, kBusEndpoint, 1, 5, Ev, topic, 7),
            ev(9, 3500, TraceKind::Deliver, kBusEndpoint, 1, 5, Ev, topic, 8),
            ev(10, 4000, TraceKind::Timeout, 0, 1, 0, MessageKind::Request, reserve),
            ev(11, 5000, TraceKind::Reply, 1, 0, 9, MessageKind::Reply, reserve),
            ev(12, 6000, TraceKind::Deliver, 1, 0, 9, MessageKind::Reply, reserve, 11),
            ev(13, 6000, TraceKind::Drop, 1, 0, 9, MessageKind::Reply, reserve, 12),
        };
        for (std::size_t i = 0; i < 9; ++i)
            es[i].key = 1;
        es[7].attempt = 1;
        es[4].text = n.addText("bus is down");
        es[12].text = n.addText("late reply ignored: the caller gave up");
        TraceLog log;
        for (const auto &e : es)
            log.push_back(e);
        const std::vector<std::string> expected = {
            "sequenceDiagram",
            "    %% dplab trace window 0.0 ms .. end",
            "    participant orders as orders",
            "    participant inventory as inventory",
            "    participant bus as bus",
            "    orders-)bus: 1.0 ms publish order-events event key 1",
            "    bus-)inventory: 1.0 ms order-events event key 1 held#58; bus is down",
            "    bus-)inventory: 1.0 ms order-events event key 1 duplicate",
            "    bus-)inventory: 3.0 ms order-events event key 1 redelivery",
            "    Note over orders: 4.0 ms timeout waiting for inventory reserve request",
            "    inventory-->>orders: 5.0 ms reserve reply ok",
            "    Note over orders: 6.0 ms reserve reply ignored#58; late reply ignored#58; the "
            "caller gave up",
        };
        QCOMPARE(linesOf(mermaidSequence(log, n)), expected);
    }

    void mermaidEscapesHostileNames()
    {
        NameTable n;
        n.services = {"client", "end", "a;b#c:d\nx", "1st", "%%x-->y", ""};
        const std::uint32_t op = n.label("op:x;y:z");
        TraceLog log;
        for (std::int16_t s = 0; s < 6; ++s)
            log.push_back(ev(static_cast<std::uint64_t>(s) + 1, 1000 * s, TraceKind::Send,
                             kClientEndpoint, s, static_cast<std::uint64_t>(s) + 1,
                             MessageKind::Request, op));
        const auto lines = linesOf(mermaidSequence(log, n));
        const std::vector<std::string> expected = {
            "sequenceDiagram",
            "    %% dplab trace window 0.0 ms .. end",
            "    participant client as client",
            "    participant s0_client as client",
            "    participant s1_end as end",
            "    participant a_b_c_d_x as a#59;b#35;c#58;d x",
            "    participant s3_1st as 1st",
            "    participant __x___y as #37;#37;x--#gt;y",
            "    participant s5_ as (no name)",
            "    client->>s0_client: 0.0 ms x#59;y#58;z request (still in flight at the end of the "
            "trace)",
            "    client->>s1_end: 1.0 ms x#59;y#58;z request (still in flight at the end of the "
            "trace)",
            "    client->>a_b_c_d_x: 2.0 ms x#59;y#58;z request (still in flight at the end of the "
            "trace)",
            "    client->>s3_1st: 3.0 ms x#59;y#58;z request (still in flight at the end of the "
            "trace)",
            "    client->>__x___y: 4.0 ms x#59;y#58;z request (still in flight at the end of the "
            "trace)",
            "    client->>s5_: 5.0 ms x#59;y#58;z request (still in flight at the end of the "
            "trace)",
        };
        QCOMPARE(lines, expected);
    }

    void mermaidIdsNeverMeetKeywords()
    {
        // Every word of Mermaid's sequence grammar (sequenceDiagram.jison's lexer, which is
        // case insensitive and matches a word at the start of a longer one).
        const std::vector<std::string> grammar = {"sequenceDiagram",
                                                  "participant",
                                                  "actor",
                                                  "create",
                                                  "destroy",
                                                  "box",
                                                  "as",
                                                  "loop",
                                                  "rect",
                                                  "opt",
                                                  "alt",
                                                  "else",
                                                  "par",
                                                  "par_over",
                                                  "and",
                                                  "critical",
                                                  "option",
                                                  "break",
                                                  "end",
                                                  "left",
                                                  "right",
                                                  "links",
                                                  "link",
                                                  "properties",
                                                  "details",
                                                  "over",
                                                  "note",
                                                  "activate",
                                                  "deactivate",
                                                  "title",
                                                  "accTitle",
                                                  "accDescr",
                                                  "autonumber",
                                                  "off"};
        NameTable n;
        for (const std::string &k : grammar) {
            std::string upper = k, capital = k;
            for (char &c : upper)
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            capital[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(k[0])));
            for (const std::string &name : {k, upper, capital, k + "x", upper + "-2"})
                n.services.push_back(name);
        }
        const std::uint32_t op = n.label("op:call");
        TraceLog log;
        for (std::size_t s = 0; s < n.services.size(); ++s)
            log.push_back(ev(s + 1, static_cast<SimTime>(1000 * s), TraceKind::Send,
                             kClientEndpoint, static_cast<std::int16_t>(s), s + 1,
                             MessageKind::Request, op));
        const auto lines = linesOf(mermaidSequence(log, n));
        auto lower = [](std::string t) {
            for (char &c : t)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            return t;
        };
        std::set<std::string> ids;
        for (const std::string &l : lines) {
            if (l.rfind("    participant ", 0) != 0)
                continue;
            const std::string id = l.substr(16, l.find(" as ") - 16);
            QVERIFY2(ids.insert(id).second, id.c_str());
            for (char c : id)
                QVERIFY2(std::isalnum(static_cast<unsigned char>(c)) || c == '_', id.c_str());
            QVERIFY2(!std::isdigit(static_cast<unsigned char>(id[0])), id.c_str());
            for (const std::string &k : grammar)
                QVERIFY2(lower(id).rfind(lower(k), 0) != 0, (id + " begins with " + k).c_str());
        }
        QCOMPARE(ids.size(), n.services.size() + 1); // and the client
        // The labels keep the names as they are.
        QVERIFY(std::find(lines.begin(), lines.end(),
                          "    participant s0_sequenceDiagram as "
                          "sequenceDiagram") != lines.end());
        QVERIFY(std::find(lines.begin(), lines.end(), "    participant s169_OFF_2 as OFF-2") !=
                lines.end());
    }

    void mermaidOfARealRun()
    {
        auto run = runOf(kTiny);
        const TraceLog &log = run->trace()->events();
        const std::string text =
            mermaidSequence(log, run->world().names(), SequenceWindow{0, kSimTimeMax, 50});
        const auto lines = linesOf(text);
        QCOMPARE(lines[2], std::string("    participant client as client"));
        QCOMPARE(lines[3], std::string("    participant front as front"));
        QCOMPARE(lines[4], std::string("    participant back as back"));
        QCOMPARE(lines[5], std::string("    participant audit as audit"));
        QCOMPARE(lines[6], std::string("    participant bus as bus"));
        std::size_t arrows = 0;
        for (const auto &l : lines)
            if (l.find("->>") != std::string::npos || l.find("-)") != std::string::npos ||
                l.find("-x") != std::string::npos)
                ++arrows;
        QCOMPARE(arrows, std::size_t(50));
        QVERIFY(lines.back().find("more messages") != std::string::npos);
        // The first request comes first; front's calls to back and back's replies follow.
        QVERIFY(lines[7].rfind("    client->>front: ", 0) == 0);
        QVERIFY(text.find("    front->>back: ") != std::string::npos);
        QVERIFY(text.find("    back-->>front: ") != std::string::npos);
        QVERIFY(text.find("    front-)bus: ") != std::string::npos);
        QVERIFY(text.find("    bus-)audit: ") != std::string::npos);
    }

    void chromeTraceIsWellFormed_data()
    {
        QTest::addColumn<bool>("crash");
        QTest::newRow("no crash") << false;
        QTest::newRow("crash") << true;
    }

    void chromeTraceIsWellFormed()
    {
        QFETCH(bool, crash);
        auto run = runOf(crash ? kTiny.substr(0, kTiny.rfind('}')) + kCrash : kTiny);
        const TraceLog &log = run->trace()->events();
        std::ostringstream out;
        const ChromeTraceStats stats =
            writeChromeTrace(out, log, run->world().names(), {{"scenario", "tiny"}});
        const nlohmann::json j = nlohmann::json::parse(out.str());
        QCOMPARE(j["displayTimeUnit"].get<std::string>(), std::string("ms"));
        QCOMPARE(j["otherData"]["scenario"].get<std::string>(), std::string("tiny"));
        const auto &events = j["traceEvents"];
        QCOMPARE(events.size(), stats.events);

        std::size_t processes = 0, crashes = 0, completes = 0, requests = 0;
        for (const auto &e : log) {
            processes += e.kind == TraceKind::Process;
            completes += e.kind == TraceKind::Complete;
            requests += e.kind == TraceKind::Request && e.from == kClientEndpoint;
            crashes += e.kind == TraceKind::Crash;
        }
        QCOMPARE(crashes, std::size_t(crash ? 1 : 0));
        std::map<std::uint64_t, int> starts, finishes;
        std::set<int> usedTids, namedTids;
        std::map<int, std::vector<std::pair<std::int64_t, std::int64_t>>> slices;
        std::set<int> workerTids, clientTids;
        std::size_t clientSlices = 0;
        std::size_t xCount = 0, lostSlices = 0, unfinishedWork = 0, unfinishedClient = 0,
                    instants = 0, messageSlices = 0;
        std::set<int> messageTids;
        for (const auto &e : events) {
            for (const char *k : {"ph", "ts", "pid", "tid", "name"})
                QVERIFY2(e.contains(k), e.dump().c_str());
            QCOMPARE(e["pid"].get<int>(), 1);
            const std::string ph = e["ph"].get<std::string>();
            const int tid = e["tid"].get<int>();
            if (ph == "M") {
                if (e["name"] == "thread_name")
                    namedTids.insert(tid);
                continue;
            }
            usedTids.insert(tid);
            if (ph == "X") {
                ++xCount;
                QVERIFY(e["dur"].get<std::int64_t>() >= 0);
                slices[tid].emplace_back(e["ts"].get<std::int64_t>(),
                                         e["ts"].get<std::int64_t>() +
                                             e["dur"].get<std::int64_t>());
                if (e["args"].value("lost_in_crash", false))
                    ++lostSlices;
                if (e["cat"] == "client")
                    ++clientSlices, clientTids.insert(tid);
                else if (e["cat"] == "message")
                    ++messageSlices, messageTids.insert(tid);
                else
                    workerTids.insert(tid);
                if (e["args"].value("unfinished", false)) {
                    ++(e["cat"] == "client" ? unfinishedClient : unfinishedWork);
                    QCOMPARE(e["ts"].get<std::int64_t>() + e["dur"].get<std::int64_t>(),
                             log.back().time);
                }
            } else if (ph == "s") {
                ++starts[e["id"].get<std::uint64_t>()];
                QCOMPARE(e["cat"].get<std::string>(), std::string("message"));
            } else if (ph == "f") {
                ++finishes[e["id"].get<std::uint64_t>()];
                QCOMPARE(e["bp"].get<std::string>(), std::string("e"));
            } else if (ph == "i") {
                ++instants;
                QVERIFY(e["s"] == "t" || e["s"] == "g");
            } else {
                QFAIL(("unexpected phase " + ph).c_str());
            }
        }
        // Every slice is one processed message, one that a crash cut short, one still under
        // way when the trace ends, a client request from its start to its answer, or what an
        // endpoint sent and received at one instant (its "messages" row).
        QCOMPARE(xCount, processes + lostSlices + unfinishedWork + clientSlices + messageSlices);
        QCOMPARE(clientSlices, completes + unfinishedClient);
        QCOMPARE(unfinishedClient, requests - completes);
        QVERIFY(unfinishedWork <= 4); // at most every worker busy at the end
        QCOMPARE(lostSlices > 0, crash);
        QCOMPARE(stats.slices, xCount);
        QVERIFY(xCount > 300);
        // Flows pair up, one start and one finish per id.
        QCOMPARE(starts.size(), finishes.size());
        QCOMPARE(starts.size(), stats.flows);
        for (const auto &[id, n] : starts) {
            QCOMPARE(n, 1);
            QCOMPARE(finishes[id], 1);
        }
        QVERIFY(stats.flows > 500);
        // The arrows attach to the messages rows: each flow event sits at the start of a
        // slice of its own thread there (Perfetto binds it to the slice that encloses it,
        // DevTools to the one with its timestamp), and ends later than it starts.
        auto inSlice = [&](int tid, std::int64_t ts) {
            for (const auto &[a, b] : slices[tid])
                if (a == ts && ts < b)
                    return true;
            return false;
        };
        std::map<std::uint64_t, std::int64_t> startTs;
        std::size_t bound = 0;
        for (const auto &e : events) {
            const std::string ph = e["ph"].get<std::string>();
            if (ph != "s" && ph != "f")
                continue;
            const auto ts = e["ts"].get<std::int64_t>();
            if (ph == "s")
                startTs[e["id"].get<std::uint64_t>()] = ts;
            else
                QVERIFY(startTs.at(e["id"].get<std::uint64_t>()) < ts);
            QVERIFY2(messageTids.count(e["tid"].get<int>()), e.dump().c_str());
            QVERIFY2(inSlice(e["tid"].get<int>(), ts), e.dump().c_str());
            ++bound;
        }
        QCOMPARE(bound, 2 * stats.flows);
        // client, front, back and audit send or receive; the bus's deliveries leave as front
        // publishes, so their arrows start on front's row and the bus has none.
        QCOMPARE(messageTids.size(), std::size_t(4));
        // Worker lanes: slices on one thread never overlap.
        for (auto &[tid, spans] : slices) {
            std::sort(spans.begin(), spans.end());
            for (std::size_t i = 1; i < spans.size(); ++i)
                QVERIFY2(spans[i].first >= spans[i - 1].second, std::to_string(tid).c_str());
        }
        // front has two workers: two lanes; back and audit one each.
        QCOMPARE(workerTids.size(), std::size_t(4));
        for (int tid : usedTids)
            QVERIFY2(namedTids.count(tid), std::to_string(tid).c_str());
        QCOMPARE(instants > 0, crash);
    }

    void readerRoundTrip()
    {
        auto run = runOf(kTiny.substr(0, kTiny.rfind('}')) + kCrash);
        const std::string first = jsonlOf(run->trace()->events(), run->world().names());
        std::istringstream in(first);
        TraceLog log;
        NameTable names;
        readTraceJsonl(in, "trace.jsonl", &log, &names);
        QCOMPARE(log.size(), run->trace()->events().size());
        // Services in order of first appearance: audit gets its first event before back.
        QCOMPARE(names.services, (std::vector<std::string>{"front", "audit", "back"}));
        const std::string second = jsonlOf(log, names);
        QVERIFY(first == second);
        // The diagram of what was read is the run's, but for the order of the participants.
        auto arrowsOnly = [](const std::string &text) {
            std::vector<std::string> kept;
            for (auto &l : linesOf(text))
                if (l.rfind("    participant ", 0) != 0)
                    kept.push_back(l);
            return kept;
        };
        const auto read = arrowsOnly(mermaidSequence(log, names));
        QCOMPARE(read, arrowsOnly(mermaidSequence(run->trace()->events(), run->world().names())));
        QCOMPARE(read.size(), std::size_t(2 + 200 + 1));
    }

    void readerRejectsBadLines_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        const QString ok =
            R"({"id":1,"t_us":0,"kind":"send","from":"client","to":"a","value":5,"summary":"s"})"
            "\n";
        QTest::newRow("not json") << ok + R"({"id":2,"t_us":3,"kind":"send",x})"
                                  << R"(t.jsonl:2:32: not JSON: )";
        QTest::newRow("unknown kind")
            << ok + "\n" + R"({"id":2,"t_us":3,"kind":"teleport","value":0})"
            << R"(t.jsonl:3:1: "kind": unknown event kind "teleport")";
        QTest::newRow("unknown key") << R"({"id":2,"t_us":3,"kind":"send","value":0,"colour":1})"
                                     << R"(t.jsonl:1:1: unknown key "colour")";
        QTest::newRow("missing value") << R"({"id":2,"t_us":3,"kind":"send"})"
                                       << R"(t.jsonl:1:1: missing "value")";
        QTest::newRow("negative id") << R"({"id":-2,"t_us":3,"kind":"send","value":0})"
                                     << R"(t.jsonl:1:1: "id": expected a non-negative integer)";
        QTest::newRow("backwards") << ok + R"({"id":2,"t_us":-1,"kind":"send","value":0})"
                                   << R"(t.jsonl:2:1: "t_us": time goes backwards (-1 after 0))";
        QTest::newRow("ids") << ok + ok << R"(t.jsonl:2:1: "id": 1 does not follow 1)";
        QTest::newRow("array") << "[1,2]"
                               << R"(t.jsonl:1:1: expected one JSON object per line)";
        QTest::newRow("msg kind")
            << R"({"id":2,"t_us":3,"kind":"send","value":0,"msg_kind":"gossip"})"
            << R"(t.jsonl:1:1: "msg_kind": unknown message kind "gossip")";
        QTest::newRow("long line") << ok + QString(200, ' ') + "{}"
                                   << "t.jsonl:2:129: line longer than 128 bytes";
        QTest::newRow("too many") << ok +
                                         R"({"id":2,"t_us":3,"kind":"send","value":0})"
                                         "\n" +
                                         R"({"id":3,"t_us":3,"kind":"send","value":0})"
                                  << "t.jsonl:3:1: more than 2 events";
    }

    void readerRejectsBadLines()
    {
        QFETCH(QString, text);
        QFETCH(QString, error);
        std::istringstream in(text.toStdString());
        TraceLog log;
        NameTable names;
        TraceReadLimits limits;
        limits.maxLineBytes = 128;
        limits.maxEvents = 2;
        try {
            readTraceJsonl(in, "t.jsonl", &log, &names, limits);
            QFAIL("no error");
        } catch (const TraceReadError &e) {
            QVERIFY2(QString(e.what()).startsWith(error), e.what());
        }
    }

    void readerLimitsServices()
    {
        std::string text;
        for (int i = 1; i <= 4; ++i)
            text += "{\"id\":" + std::to_string(i) + ",\"t_us\":0,\"kind\":\"crash\",\"from\":\"s" +
                    std::to_string(i) + "\",\"value\":0}\n";
        std::istringstream in(text);
        TraceLog log;
        NameTable names;
        TraceReadLimits limits;
        limits.maxServices = 3;
        QVERIFY_THROWS_EXCEPTION(TraceReadError,
                                 readTraceJsonl(in, "t.jsonl", &log, &names, limits));
    }

    void cliExportsMermaidAndChrome()
    {
        const std::string file = path("tiny.json");
        std::ofstream(file) << kTiny;
        const std::string out = path("out");
        CliResult r = cli({"run", file, "--out", out, "--quiet", "--export", "mermaid,chrome",
                           "--window", "100ms..200ms"});
        QCOMPARE(r.code, 0);
        const std::string mmd = readFile(out + "/sequence.mmd");
        QVERIFY(mmd.rfind("sequenceDiagram\n    %% dplab trace window 100.0 ms .. 200.0 ms\n", 0) ==
                0);
        QVERIFY(mmd.find("\n    client->>front: 1") != std::string::npos);
        QVERIFY(mmd.find(" ms request#58;front request key ") != std::string::npos);
        std::size_t drawn = 0;
        for (const auto &l : linesOf(mmd)) {
            const auto colon = l.find(": ");
            if (l.rfind("    participant", 0) == 0 || l.find("%%") != std::string::npos ||
                colon == std::string::npos)
                continue;
            const double ms = std::stod(l.substr(colon + 2));
            QVERIFY2(ms >= 100 && ms <= 200, l.c_str());
            ++drawn;
        }
        QVERIFY(drawn > 20);
        // Not *.chrome.json: speedscope takes any such name for a DevTools CPU profile.
        QVERIFY(!QFileInfo::exists(QString::fromStdString(out + "/trace.chrome.json")));
        const auto chrome = nlohmann::json::parse(readFile(out + "/trace.perfetto.json"));
        QVERIFY(chrome["traceEvents"].size() > 1000);
        QCOMPARE(chrome["otherData"]["scenario"].get<std::string>(), std::string("tiny"));

        r = cli({"run", file, "--out", out, "--no-trace", "--export", "chrome"});
        QCOMPARE(r.code, int(ExitUsage));
        QVERIFY2(r.err.find("--export chrome draws the trace, which --no-trace turns off") !=
                     std::string::npos,
                 r.err.c_str());
        r = cli({"run", file, "--out", out, "--export", "mermaid,pdf"});
        QCOMPARE(r.code, int(ExitUsage));
        QVERIFY(r.err.find("unknown export \"pdf\"") != std::string::npos);
        r = cli({"run", file, "--out", out, "--export", "chrome", "--window", "1s..2s"});
        QCOMPARE(r.code, int(ExitUsage));
        QVERIFY(r.err.find("--window goes with --export mermaid") != std::string::npos);
        r = cli({"run", file, "--out", out, "--export", "mermaid", "--window", "2s..1s"});
        QCOMPARE(r.code, int(ExitUsage));
        QVERIFY(r.err.find("ends (1s) before it starts (2s)") != std::string::npos);
        r = cli({"run", file, "--out", out, "--export", "mermaid", "--window", "soon"});
        QCOMPARE(r.code, int(ExitUsage));
        const CliResult help = cli({"--help"});
        QVERIFY(help.out.find("--window FROM..TO") != std::string::npos);
    }

    void cliDefaultWindowIsAroundTheFirstFault()
    {
        // back crashes at 300 ms: without --window the diagram starts 50 messages before the
        // first failure or fault, and a comment says which window was drawn.
        const std::string file = path("tiny-crash.json");
        std::ofstream(file) << kTiny.substr(0, kTiny.rfind('}')) + kCrash;
        const std::string out = path("out-crash");
        const CliResult r = cli({"run", file, "--out", out, "--quiet", "--export", "mermaid"});
        QCOMPARE(r.code, 0);
        const auto lines = linesOf(readFile(out + "/sequence.mmd"));
        QVERIFY(lines.size() > 3);
        QVERIFY2(lines[2].rfind("    %% default window: 50 messages before the first failure or "
                                "fault of the run (",
                                0) == 0,
                 lines[2].c_str());
        QVERIFY(lines[2].find("--window FROM..TO draws another") != std::string::npos);
        // The first arrow is a little before 300 ms (50 messages at ~600 per second).
        double first = -1;
        for (const auto &l : lines) {
            const auto colon = l.find(": ");
            if (l.rfind("    participant", 0) == 0 || l.find("%%") != std::string::npos ||
                l.find("Note") != std::string::npos || colon == std::string::npos)
                continue;
            first = std::stod(l.substr(colon + 2));
            break;
        }
        QVERIFY2(first > 150 && first < 300, std::to_string(first).c_str());
        // Without any fault, from the start, and the note says so.
        const std::string calm = path("tiny-calm.json");
        std::ofstream(calm) << kTiny;
        QCOMPARE(cli({"run", calm, "--out", out, "--quiet", "--export", "mermaid"}).code, 0);
        QVERIFY(readFile(out + "/sequence.mmd").find("    %% default window: from the start") !=
                std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestTraceExports)
#include "tst_traceexports.moc"
