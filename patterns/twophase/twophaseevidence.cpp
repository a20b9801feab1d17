#include "patterns/twophase/twophaseevidence.h"

#include "patterns/evidence/causalsteps.h"
#include "patterns/evidence/evidencecontext.h"
#include "patterns/evidence/evidencerows.h"
#include "patterns/twophase/twophasecoordinator.h"
#include "patterns/twophase/twophasemetrics.h"
#include "patterns/twophase/twophaseops.h"
#include "patterns/twophase/twophaseparticipant.h"
#include "simulation/world/world.h"

#include <map>
#include <vector>

namespace dplab {

namespace {

/** A commit of the protocol, as its label says: "2pc prepare tx 12" -> prepare, 12. */
struct TwoPhaseCommitLabel
{
    std::string step; ///< "begin", "prepare", "decide commit", "decide abort", "commit", "abort"
    std::int64_t txid = 0;
};

/// One pass over the trace: each transaction's commits, the coordinator's crashes and restarts,
/// and the participants' questions to it.
class TwoPhaseTraceIndex
{
public:
    explicit TwoPhaseTraceIndex(const EvidenceContext &ctx)
    {
        const NameTable &names = ctx.names();
        std::vector<TwoPhaseCommitLabel> labels(names.labels.size());
        std::uint32_t ask = 0;
        for (std::uint32_t i = 0; i < names.labels.size(); ++i) {
            const std::string &l = names.labels[i];
            if (l == std::string("op:") + TwoPhaseOps::kAskDecision)
                ask = i;
            const std::string prefix = "tx:2pc ";
            const auto tx = l.find(" tx ");
            if (l.rfind(prefix, 0) != 0 || tx == std::string::npos)
                continue;
            labels[i].step = l.substr(prefix.size(), tx - prefix.size());
            labels[i].txid = std::atoll(l.c_str() + tx + 4);
        }
        orders = ctx.world().serviceWithRole("orders");
        const TraceLog &trace = ctx.trace();
        for (std::size_t i = 0; i < trace.size(); ++i) {
            const TraceEvent &e = trace[i];
            if (e.kind == TraceKind::Commit && e.label < labels.size() && labels[e.label].txid > 0)
                commits[labels[e.label].txid].push_back({e.id, labels[e.label].step});
            else if ((e.kind == TraceKind::Crash || e.kind == TraceKind::Restart) &&
                     e.from == orders)
                coordinatorUpDown.push_back(e.id);
            else if (ask && e.label == ask && e.kind == TraceKind::Send && e.to == orders)
                asks[{e.from, e.key}].push_back(e.id);
        }
    }

    struct Step
    {
        std::uint64_t id;
        std::string step;
    };
    std::int16_t orders = -1;
    std::map<std::int64_t, std::vector<Step>> commits;
    std::vector<std::uint64_t> coordinatorUpDown;
    std::map<std::pair<std::int16_t, std::int64_t>, std::vector<std::uint64_t>> asks;
};

std::string txName(std::int64_t txid)
{
    return "transaction " + std::to_string(txid);
}

void addCoordinatorLogRow(const World &world, std::int16_t orders, std::int64_t txid, Evidence &ev)
{
    ev.rows.push_back(
        EvidenceRows::read(world, orders, "tpc_log", "txid", txid,
                           "the coordinator's log of " + txName(txid) + " at the end"));
}

Evidence inDoubtEvidence(const EvidenceContext &ctx, const TwoPhaseTraceIndex &index,
                         std::int16_t part, std::int64_t txid)
{
    const World &world = ctx.world();
    const std::string p = world.service(part).name();
    const std::string coordinator = world.service(index.orders).name();
    Evidence ev;
    ev.cls = "in doubt";
    ev.entity = txName(txid) + " at " + p;
    CausalSteps chain(ctx);
    std::uint64_t prepared = 0, decided = 0, applied = 0;
    std::string decision;
    if (const auto it = index.commits.find(txid); it != index.commits.end())
        for (const auto &s : it->second) {
            const TraceEvent *e = ctx.event(s.id);
            if (s.step == "begin" && e->from == index.orders)
                chain.add(s.id, coordinator + " logs the start of " + txName(txid));
            if (s.step == "prepare" && e->from == part) {
                prepared = s.id;
                chain.add(s.id, p + " votes yes: it commits its promise (prepared) and locks the "
                                    "key");
            }
            if ((s.step == "commit" || s.step == "abort") && e->from == part) {
                applied = s.id;
                chain.add(s.id, p + " applies the " + s.step + " of " + txName(txid));
            }
            if (s.step.rfind("decide ", 0) == 0 && e->from == index.orders) {
                decided = s.id;
                decision = s.step.substr(7);
                chain.add(s.id, coordinator + " logs the decision: " + decision);
            }
        }
    // The coordinator's crash after the promise, and whether it came back.
    const TraceEvent *crash = nullptr;
    bool restarted = false;
    for (std::uint64_t id : index.coordinatorUpDown) {
        const TraceEvent *e = ctx.event(id);
        if (id < prepared)
            continue;
        if (!crash && e->kind == TraceKind::Crash) {
            crash = e;
            const std::string text =
                e->text < ctx.names().texts.size() ? ctx.names().texts[e->text] : std::string();
            chain.add(id, coordinator + " crashes (" + text + ")");
        } else if (crash && e->kind == TraceKind::Restart) {
            restarted = true;
        }
    }
    // The participant's questions: timer-driven, so they rarely follow causally from the
    // promise; the explanation names them.
    const TraceEvent *prep = ctx.event(prepared);
    std::vector<std::uint64_t> asked;
    if (prep) {
        const auto key = EvidenceRows::read(world, part, "tpc_prepared", "txid", txid, "").values;
        const std::int64_t k = key.is_object() && key.contains("key") && key["key"].is_number()
                                   ? key["key"].get<std::int64_t>()
                                   : 0;
        if (const auto it = index.asks.find({part, k}); it != index.asks.end())
            for (std::uint64_t id : it->second)
                if (id > prepared)
                    asked.push_back(id);
    }
    for (std::uint64_t id : asked)
        chain.add(id, p + " asks " + coordinator + " what was decided");
    ev.steps = chain.steps();
    ev.rows.push_back(
        EvidenceRows::read(world, part, "tpc_prepared", "txid", txid,
                           p + " still holds " + txName(txid) + " prepared at the end"));
    addCoordinatorLogRow(world, index.orders, txid, ev);
    std::string why;
    if (applied)
        why = p + " applied the decision (event " + std::to_string(applied) +
              "), yet its row says prepared again: it was changed outside the protocol";
    else if (crash && !restarted)
        why = coordinator + " crashed at " + formatDuration(crash->time) + " (event " +
              std::to_string(crash->id) +
              ") and was still down when the run ended, so nobody "
              "could answer";
    else if (crash && !decided)
        why = coordinator + " crashed at " + formatDuration(crash->time) + " (event " +
              std::to_string(crash->id) + ") before logging a decision";
    else if (decided)
        why = coordinator + " logged " + decision + " (event " + std::to_string(decided) +
              "), but the decision never reached " + p;
    else
        why = "no decision for it appears in the trace";
    std::string asks;
    if (!asked.empty())
        asks = " " + p + " asked " + std::to_string(asked.size()) + " time" +
               (asked.size() == 1 ? "" : "s") + " (first at event " +
               std::to_string(asked.front()) + ", last at event " + std::to_string(asked.back()) +
               ") and got no decision back.";
    ev.explanation = p + " voted yes for " + txName(txid) +
                     (prepared ? " (event " + std::to_string(prepared) + ")" : std::string()) +
                     ": from then on it may neither commit nor abort alone, and keeps the key "
                     "locked until the coordinator's decision arrives. " +
                     why + "." + asks + " The promise is still open after quiescence: " + p +
                     " is blocked, in doubt.";
    return ev;
}

Evidence mixedOutcome(const EvidenceContext &ctx, const TwoPhaseTraceIndex &index,
                      std::int64_t txid, const std::string &decision,
                      const std::vector<std::pair<std::int16_t, std::string>> &states)
{
    const World &world = ctx.world();
    Evidence ev;
    ev.cls = "in doubt"; // a decision that reached one participant and not the other
    ev.entity = txName(txid);
    CausalSteps chain(ctx);
    std::map<std::int16_t, std::string> lastWritten; // participant -> its last traced outcome
    if (const auto it = index.commits.find(txid); it != index.commits.end())
        for (const auto &s : it->second) {
            const TraceEvent *e = ctx.event(s.id);
            const std::string who = world.service(e->from).name();
            if (s.step == "begin")
                chain.add(s.id, who + " logs the start of " + txName(txid));
            else if (s.step.rfind("decide ", 0) == 0)
                chain.add(s.id, who + " logs the decision: " + s.step.substr(7));
            else if (s.step == "commit" || s.step == "abort") {
                chain.add(s.id, who + " applies the " + s.step + " of " + txName(txid));
                lastWritten[e->from] = s.step == "commit" ? "committed" : "aborted";
            } else if (s.step == "prepare")
                chain.add(s.id, who + " votes yes (prepared)");
        }
    ev.steps = chain.steps();
    addCoordinatorLogRow(world, index.orders, txid, ev);
    std::string parts, outside;
    for (const auto &[svc, state] : states) {
        const std::string name = world.service(svc).name();
        ev.rows.push_back(EvidenceRows::read(world, svc, "tpc_prepared", "txid", txid,
                                             name + " has " + txName(txid) + " " + state));
        parts += (parts.empty() ? "" : ", ") + name + " " + state;
        const auto w = lastWritten.find(svc);
        if (state != "nothing" && state != "prepared" &&
            (w == lastWritten.end() || w->second != state))
            outside += " " + name + "'s row says " + state + ", but no commit of " + name +
                       " in the trace wrote that" +
                       (w == lastWritten.end() ? std::string()
                                               : " (its last one for it wrote " + w->second + ")") +
                       ": the row was changed outside the protocol.";
    }
    ev.explanation = txName(txid) + " was decided " + (decision.empty() ? "nowhere" : decision) +
                     " by the coordinator, yet the participants disagree: " + parts +
                     ". All or nothing means every participant applies the same decision." +
                     outside;
    return ev;
}

} // namespace

void TwoPhaseEvidence::add(const EvidenceContext &context, CheckResult &check)
{
    if (check.ok ||
        (check.id != "two_phase_commit.none_in_doubt" && check.id != "two_phase_commit.atomic"))
        return;
    const World &world = context.world();
    if (!TwoPhaseMetrics::coordinator(world))
        return;
    const TwoPhaseTraceIndex index(context);
    std::vector<std::pair<std::int16_t, std::map<std::int64_t, std::string>>> parts;
    for (const char *role : {"inventory", "payments"})
        if (TwoPhaseMetrics::participant(world, role)) {
            const std::int16_t s = world.serviceWithRole(role);
            parts.push_back({s, TwoPhaseParticipant::outcomes(world.service(s))});
        }
    if (check.id == "two_phase_commit.none_in_doubt") {
        // One example per participant first, then more.
        for (int pass = 0; pass < 2; ++pass)
            for (const auto &[svc, byTx] : parts) {
                int taken = 0;
                for (const auto &[txid, state] : byTx) {
                    if (check.evidence.size() >= kMaxEvidencePerCheck)
                        return;
                    if (state != "prepared")
                        continue;
                    if (taken++ < pass)
                        continue; // taken in the first pass
                    check.evidence.push_back(inDoubtEvidence(context, index, svc, txid));
                    if (pass == 0)
                        break;
                }
            }
        return;
    }
    const auto decisions = TwoPhaseCoordinator::decisions(world.service(index.orders));
    std::map<std::int64_t, bool> txs;
    for (const auto &[txid, d] : decisions)
        txs[txid] = true;
    for (const auto &[svc, byTx] : parts)
        for (const auto &[txid, state] : byTx)
            txs[txid] = true;
    for (const auto &[txid, unused] : txs) {
        if (check.evidence.size() >= kMaxEvidencePerCheck)
            return;
        const auto d = decisions.find(txid);
        const std::string decision = d == decisions.end() ? std::string() : d->second;
        int commits = 0, aborts = 0;
        std::vector<std::pair<std::int16_t, std::string>> states;
        for (const auto &[svc, byTx] : parts) {
            const auto it = byTx.find(txid);
            const std::string state = it == byTx.end() ? std::string("nothing") : it->second;
            commits += state == "committed";
            aborts += state == "aborted";
            states.push_back({svc, state});
        }
        // The check's own rule for a transaction that is not all or nothing.
        if ((commits > 0 && aborts > 0) || (commits > 0 && decision != "commit"))
            check.evidence.push_back(mixedOutcome(context, index, txid, decision, states));
    }
}

} // namespace dplab
