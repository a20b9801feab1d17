#include "patterns/saga/sagaevidence.h"

#include "patterns/evidence/causalsteps.h"
#include "patterns/evidence/evidencecontext.h"
#include "patterns/evidence/evidencerows.h"
#include "patterns/module/switches.h"
#include "patterns/saga/sagaparticipant.h"
#include "patterns/saga/sagaprotocol.h"
#include "patterns/saga/sagasettings.h"
#include "patterns/saga/sagaview.h"
#include "simulation/world/world.h"

#include <map>
#include <set>
#include <unordered_map>

namespace dplab {

namespace {

constexpr const char *kBalanceClass = "money or stock out of balance";

/// One pass over the trace: the commits, publishes and losses of every saga, and the events of
/// every message.
class SagaTraceIndex
{
public:
    explicit SagaTraceIndex(const EvidenceContext &ctx)
        : m_ctx(ctx)
    {
        const NameTable &names = ctx.names();
        for (std::uint32_t i = 0; i < names.labels.size(); ++i) {
            const std::string &l = names.labels[i];
            if (l == std::string("topic:") + SagaProtocol::kReplies ||
                l == std::string("topic:") + SagaProtocol::kEvents ||
                (l.rfind("topic:", 0) == 0 && l.size() > 15 &&
                 l.compare(l.size() - 9, 9, "-commands") == 0))
                m_topics.insert(i);
        }
        std::unordered_map<std::uint64_t, std::uint64_t> startByCause; // cause -> commit
        const TraceLog &trace = ctx.trace();
        for (std::size_t i = 0; i < trace.size(); ++i) {
            const TraceEvent &e = trace[i];
            switch (e.kind) {
            case TraceKind::Commit:
                if (const std::int64_t saga = sagaOfCommit(e))
                    commits[saga].push_back(e.id);
                else
                    startByCause[e.cause] = e.id;
                break;
            case TraceKind::Publish:
                if (!isSagaTopic(e.label))
                    break;
                publishes[e.key].push_back(e.id);
                byMsg[e.msg].push_back(e.id);
                // A saga's first commit (orders) is followed by its first publish, both caused by
                // what orders was handling.
                if (const auto it = startByCause.find(e.cause); it != startByCause.end()) {
                    addCommit(e.key, it->second);
                    startByCause.erase(it);
                }
                break;
            case TraceKind::Drop:
                if (isSagaTopic(e.label)) {
                    if (e.msg)
                        byMsg[e.msg].push_back(e.id);
                    else
                        lost[e.key].push_back(e.id); // lost before it reached the bus
                    // Committed, crashed, lost: the commit belongs to this saga.
                    const TraceEvent *c = ctx.event(e.cause);
                    for (int depth = 0; c && c->kind != TraceKind::Crash && depth < 6; ++depth)
                        c = c->cause < c->id ? ctx.event(c->cause) : nullptr;
                    if (c && c->kind == TraceKind::Crash)
                        if (const TraceEvent *t = ctx.event(c->cause);
                            t && t->kind == TraceKind::Commit && startByCause.count(t->cause))
                            addCommit(e.key, t->id);
                }
                break;
            case TraceKind::Send:
            case TraceKind::Deliver:
            case TraceKind::Duplicate:
            case TraceKind::Redeliver:
                if (isSagaTopic(e.label))
                    byMsg[e.msg].push_back(e.id);
                break;
            case TraceKind::Crash:
                crashes.push_back(e.id);
                if (const TraceEvent *c = ctx.event(e.cause); c && c->kind == TraceKind::Commit)
                    crashAfter[c->id] = e.id;
                break;
            default:
                break;
            }
        }
    }

    bool isSagaTopic(std::uint32_t label) const { return m_topics.count(label) > 0; }
    /// The first event of `kind` of message `msg`, or null.
    const TraceEvent *ofMsg(std::uint64_t msg, TraceKind kind) const
    {
        const auto it = byMsg.find(msg);
        if (it == byMsg.end())
            return nullptr;
        for (std::uint64_t id : it->second)
            if (const TraceEvent *e = m_ctx.event(id); e && e->kind == kind)
                return e;
        return nullptr;
    }
    std::vector<const TraceEvent *> allOfMsg(std::uint64_t msg, TraceKind kind) const
    {
        std::vector<const TraceEvent *> out;
        if (const auto it = byMsg.find(msg); it != byMsg.end())
            for (std::uint64_t id : it->second)
                if (const TraceEvent *e = m_ctx.event(id); e && e->kind == kind)
                    out.push_back(e);
        return out;
    }
    /// The delivery a commit handled (walking back through its causes at the same instant).
    const TraceEvent *deliveryOf(const TraceEvent &commit) const
    {
        int depth = 0;
        for (const TraceEvent *a = m_ctx.event(commit.cause); a && depth < 6;
             a = m_ctx.event(a->cause), ++depth) {
            if (a->kind == TraceKind::Deliver && a->msg)
                return a;
            if (a->cause >= a->id)
                break;
        }
        return nullptr;
    }

    std::map<std::int64_t, std::vector<std::uint64_t>> commits;
    std::map<std::int64_t, std::vector<std::uint64_t>> publishes;
    std::map<std::int64_t, std::vector<std::uint64_t>> lost;
    std::unordered_map<std::uint64_t, std::vector<std::uint64_t>> byMsg;
    std::unordered_map<std::uint64_t, std::uint64_t> crashAfter; // commit -> the crash it caused
    std::vector<std::uint64_t> crashes;

private:
    void addCommit(std::int64_t saga, std::uint64_t id)
    {
        auto &list = commits[saga];
        list.insert(std::lower_bound(list.begin(), list.end(), id), id);
    }
    /// The saga a commit worked for: the saga message (or saga note) it was handling. Only
    /// causes at the same instant count: a timer's cause is whatever ran last.
    std::int64_t sagaOfCommit(const TraceEvent &commit) const
    {
        int depth = 0;
        for (const TraceEvent *a = m_ctx.event(commit.cause); a && depth < 4;
             a = m_ctx.event(a->cause), ++depth) {
            if (a->time != commit.time)
                return 0;
            if (a->msg && isSagaTopic(a->label) && (a->to == commit.from || a->from == commit.from))
                return a->key;
            if (a->kind == TraceKind::Failure && !a->msg && a->key && a->from == commit.from)
                return a->key;
            if (a->cause >= a->id)
                break;
        }
        return 0;
    }

    const EvidenceContext &m_ctx;
    std::set<std::uint32_t> m_topics;
};

std::string sagaServiceName(const EvidenceContext &ctx, std::int32_t s)
{
    return ctx.names().endpoint(s);
}

std::string sagaCommitWhat(const EvidenceContext &ctx, const TraceEvent &e)
{
    std::string l = ctx.names().labelName(e.label);
    return l.rfind("tx:", 0) == 0 ? l.substr(3) : l;
}

std::string sagaTopicOf(const EvidenceContext &ctx, const TraceEvent &e)
{
    std::string l = ctx.names().labelName(e.label);
    return l.rfind("topic:", 0) == 0 ? l.substr(6) : l;
}

std::string sagaTextOf(const EvidenceContext &ctx, const TraceEvent &e)
{
    return e.text < ctx.names().texts.size() ? ctx.names().texts[e.text] : std::string();
}

std::string sagaTime(SimTime t)
{
    return formatDuration(t);
}

/// The role's saga table row and the rows its step changed.
void addParticipantRows(const World &world, const std::string &role, std::int64_t saga,
                        Evidence &ev, const std::string &says)
{
    const std::int16_t s = world.serviceWithRole(role);
    EvidenceRow row = EvidenceRows::read(
        world, s, SagaParticipant::tableOf(role), "saga_id", saga,
        says.empty() ? role + "'s record of saga " + std::to_string(saga) : says);
    const nlohmann::ordered_json values = row.values;
    ev.rows.push_back(std::move(row));
    if (!values.is_object())
        return;
    auto num = [&](const char *k) {
        return values.contains(k) && values[k].is_number_integer() ? values[k].get<std::int64_t>()
                                                                   : std::int64_t{0};
    };
    if (role == "inventory" && num("product_id"))
        ev.rows.push_back(EvidenceRows::read(world, s, "inventory", "product_id", num("product_id"),
                                             "product " + std::to_string(num("product_id")) +
                                                 "'s stock at the end"));
    if (role == "payments") {
        if (num("payment_id"))
            ev.rows.push_back(
                EvidenceRows::read(world, s, "payments", "id", num("payment_id"),
                                   "the payment saga " + std::to_string(saga) + " made"));
        if (num("customer_id"))
            ev.rows.push_back(EvidenceRows::read(
                world, s, "accounts", "customer_id", num("customer_id"),
                "customer " + std::to_string(num("customer_id")) + "'s balance at the end"));
    }
    if (role == "shipping" && num("shipment_id"))
        ev.rows.push_back(
            EvidenceRows::read(world, s, "shipments", "id", num("shipment_id"),
                               "the shipment saga " + std::to_string(saga) + " booked"));
}

void addSagaRow(const World &world, bool orchestrated, std::int64_t saga, Evidence &ev,
                const std::string &says)
{
    const std::int16_t orders = world.serviceWithRole("orders");
    ev.rows.push_back(orchestrated ? EvidenceRows::read(world, orders, "sagas", "id", saga, says)
                                   : EvidenceRows::read(world, orders, "orders", "id", saga, says));
}

// ---- money or stock out of balance: a compensation applied twice ----

struct DoubledCompensation
{
    std::int64_t saga = 0;
    std::string role;
    std::string compensation;
    std::uint64_t first = 0, second = 0; ///< the two commits
};

std::vector<DoubledCompensation> doubledCompensations(const EvidenceContext &ctx,
                                                      const SagaTraceIndex &index)
{
    std::vector<DoubledCompensation> out;
    const World &world = ctx.world();
    for (const auto &[saga, commits] : index.commits) {
        std::map<std::pair<std::int16_t, std::string>, std::uint64_t> seen;
        for (std::uint64_t id : commits) {
            const TraceEvent *c = ctx.event(id);
            const std::string what = sagaCommitWhat(ctx, *c);
            for (const auto &step : SagaProtocol::kSteps) {
                if (what != std::string("saga ") + step.compensation ||
                    world.serviceWithRole(step.role) != c->from)
                    continue;
                const auto key = std::make_pair(c->from, std::string(step.compensation));
                if (const auto it = seen.find(key); it != seen.end())
                    out.push_back({saga, step.role, step.compensation, it->second, id});
                else
                    seen[key] = id;
            }
        }
    }
    std::sort(out.begin(), out.end(),
              [](const DoubledCompensation &a, const DoubledCompensation &b) {
                  return a.second < b.second;
              });
    return out;
}

std::string compensationEffect(const std::string &compensation)
{
    if (compensation == "release")
        return "gives the reserved quantity back to the stock";
    if (compensation == "refund")
        return "credits the amount back to the customer's account";
    return "cancels the shipment";
}

Evidence doubledCompensationEvidence(const EvidenceContext &ctx, const SagaTraceIndex &index,
                                     const DoubledCompensation &d)
{
    const World &world = ctx.world();
    const bool idempotent = false;
    (void)idempotent;
    Evidence ev;
    ev.cls = kBalanceClass;
    ev.entity = "saga " + std::to_string(d.saga);
    CausalSteps chain(ctx);
    const std::string svc = d.role;
    const std::string sagaName = "saga " + std::to_string(d.saga);
    std::vector<std::uint64_t> msgs;
    const TraceEvent *c1 = ctx.event(d.first);
    const TraceEvent *c2 = ctx.event(d.second);
    const TraceEvent *d1 = index.deliveryOf(*c1);
    const TraceEvent *d2 = index.deliveryOf(*c2);
    std::string how;
    for (const TraceEvent *dv : {d1, d2}) {
        if (!dv || std::find(msgs.begin(), msgs.end(), dv->msg) != msgs.end())
            continue;
        msgs.push_back(dv->msg);
        const TraceEvent *p = index.ofMsg(dv->msg, TraceKind::Publish);
        if (!p)
            continue;
        // What made it: a failed step (orchestrator) or the event before it (choreography).
        int depth = 0;
        for (const TraceEvent *a = ctx.event(p->cause); a && depth < 4 && msgs.size() == 1;
             a = ctx.event(a->cause), ++depth) {
            if (a->kind == TraceKind::Failure && a->key == d.saga && !a->msg) {
                chain.add(a->id, sagaServiceName(ctx, a->from) + ": " + sagaTextOf(ctx, *a));
                break;
            }
            if (a->cause >= a->id)
                break;
        }
        chain.add(p->id, sagaServiceName(ctx, p->from) + " publishes the " + d.compensation +
                             " of " + sagaName + " on " + sagaTopicOf(ctx, *p) +
                             (msgs.size() > 1 ? " again (a second message)" : ""));
        if (const TraceEvent *dup = index.ofMsg(dv->msg, TraceKind::Duplicate)) {
            chain.add(dup->id, "the bus makes a second copy of that message");
            how = "the bus duplicated the message";
        }
        for (const TraceEvent *r : index.allOfMsg(dv->msg, TraceKind::Redeliver)) {
            chain.add(r->id, "no acknowledgement in time: the bus delivers the message again");
            if (how.empty())
                how = "the bus delivered it again (at least once)";
            break;
        }
    }
    if (how.empty() && msgs.size() > 1)
        how = "the " + d.compensation + " was published twice";
    if (how.empty())
        how = "a copy of the message arrived";
    // In the order they arrived (a copy may overtake the original).
    const TraceEvent *early = d1 && d2 && d2->id < d1->id ? d2 : d1;
    const TraceEvent *late = early == d1 ? d2 : d1;
    if (early)
        chain.add(early->id, svc + " receives the " + d.compensation + " of " + sagaName);
    chain.add(c1->id, svc + " commits the " + d.compensation + ": it " +
                          compensationEffect(d.compensation));
    if (late)
        chain.add(late->id, svc + " receives the " + d.compensation + " of " + sagaName + " again");
    chain.add(c2->id, svc + " commits the " + d.compensation +
                          " a second time: nothing recorded "
                          "that it was done, so it " +
                          compensationEffect(d.compensation) + " again");
    ev.steps = chain.steps();
    addParticipantRows(world, d.role, d.saga, ev, "");
    ev.explanation =
        sagaName + " had to be undone, so its " + d.role + " step was compensated (" +
        d.compensation + ", event " + std::to_string(d.first) + "). Then " + how + ", and " +
        d.role + " applied the " + d.compensation + " again at event " + std::to_string(d.second) +
        " (" + sagaTime(c2->time) +
        "). A compensation written as an increment is not idempotent: "
        "without an inbox (idempotent consumers) a copy undoes the step twice, and the " +
        (d.role == "payments" ? std::string("money credited") : std::string("stock given back")) +
        " no longer adds up.";
    return ev;
}

void addDoubledCompensations(const EvidenceContext &ctx, CheckResult &check,
                             const SagaTraceIndex &index, const std::string &onlyRole)
{
    std::vector<DoubledCompensation> doubled = doubledCompensations(ctx, index);
    if (!onlyRole.empty())
        std::erase_if(doubled, [&](const DoubledCompensation &d) { return d.role != onlyRole; });
    // Varied examples: one per role (and saga) first; chains that show both applications
    // (a redelivery's timer breaks the causal link) before those that cannot.
    std::set<std::string> roles;
    std::set<std::int64_t> sagas;
    std::vector<Evidence> partial;
    for (int pass = 0; pass < 2; ++pass)
        for (const DoubledCompensation &d : doubled) {
            if (check.evidence.size() >= kMaxEvidencePerCheck)
                return;
            if (sagas.count(d.saga) || (pass == 0 && roles.count(d.role)))
                continue;
            Evidence ev = doubledCompensationEvidence(ctx, index, d);
            const auto shows = [&](std::uint64_t id) {
                return std::any_of(ev.steps.begin(), ev.steps.end(),
                                   [id](const EvidenceStep &s) { return s.event == id; });
            };
            sagas.insert(d.saga);
            if (!shows(d.first) || !shows(d.second)) {
                partial.push_back(std::move(ev));
                continue;
            }
            roles.insert(d.role);
            check.evidence.push_back(std::move(ev));
        }
    for (Evidence &ev : partial)
        if (check.evidence.size() < kMaxEvidencePerCheck)
            check.evidence.push_back(std::move(ev));
}

// ---- stuck saga ----

/// What a saga at `step` waits for, in words.
std::string sagaWaitsFor(const SagaRecord &r, bool orchestrated)
{
    for (const auto &s : SagaProtocol::kSteps) {
        if (r.step == s.action)
            return orchestrated
                       ? std::string("the reply of ") + s.role + " to " + s.action
                       : std::string(s.role) + " to " + s.action + " and announce the outcome";
        if (r.step == s.compensation)
            return orchestrated
                       ? std::string("the reply of ") + s.role + " to " + s.compensation
                       : std::string(s.role) + " to " + s.compensation + " and announce it";
    }
    return "its next message";
}

std::string sagaRoleOfStep(const std::string &step)
{
    for (const auto &s : SagaProtocol::kSteps)
        if (step == s.action || step == s.compensation)
            return s.role;
    return {};
}

struct StuckFinding
{
    Evidence evidence;
    std::string kind; ///< "dual write", "lost", "receiver crashed", "silence"
};

StuckFinding stuckSagaEvidence(const EvidenceContext &ctx, const SagaTraceIndex &index,
                               const SagaRecord &r, bool orchestrated)
{
    const World &world = ctx.world();
    StuckFinding f;
    Evidence &ev = f.evidence;
    ev.cls = "stuck saga";
    ev.entity = "saga " + std::to_string(r.saga);
    const std::string sagaName = "saga " + std::to_string(r.saga);
    CausalSteps chain(ctx);
    const auto commits =
        index.commits.count(r.saga) ? index.commits.at(r.saga) : std::vector<std::uint64_t>();
    const auto publishes =
        index.publishes.count(r.saga) ? index.publishes.at(r.saga) : std::vector<std::uint64_t>();
    if (!commits.empty())
        if (const TraceEvent *c = ctx.event(commits.front()))
            chain.add(c->id, sagaServiceName(ctx, c->from) + " commits the start of " + sagaName +
                                 " (" + sagaCommitWhat(ctx, *c) + ")");
    const std::string waiting = sagaWaitsFor(r, orchestrated);
    std::string why;
    const auto lostIt = index.lost.find(r.saga);
    const TraceEvent *lastPublish = publishes.empty() ? nullptr : ctx.event(publishes.back());
    const std::vector<std::uint64_t> noLost;
    const std::vector<std::uint64_t> &lostList =
        lostIt != index.lost.end() ? lostIt->second : noLost;
    const TraceEvent *lostEvent = lostList.empty() ? nullptr : ctx.event(lostList.back());
    if (lostEvent && (!lastPublish || lostEvent->id > lastPublish->id)) {
        // Committed, then lost before the bus: a dual write cut by a crash (or a refused publish).
        f.kind = "dual write";
        // Its cause is the last event recorded: the crash, or what the crash recorded after it.
        const TraceEvent *crash = ctx.event(lostEvent->cause);
        for (int depth = 0; crash && crash->kind != TraceKind::Crash && depth < 6; ++depth)
            crash = crash->cause < crash->id ? ctx.event(crash->cause) : nullptr;
        const TraceEvent *commit =
            crash && crash->kind == TraceKind::Crash ? ctx.event(crash->cause) : nullptr;
        if (commit && commit->kind == TraceKind::Commit) {
            chain.add(commit->id, sagaServiceName(ctx, commit->from) + " commits " +
                                      sagaCommitWhat(ctx, *commit) + " for " + sagaName);
            chain.add(crash->id,
                      sagaServiceName(ctx, crash->from) + " crashes right after that commit");
        }
        chain.add(lostEvent->id, "the " + sagaTopicOf(ctx, *lostEvent) + " message of " + sagaName +
                                     " is never published: " + sagaTextOf(ctx, *lostEvent));
        why = sagaServiceName(ctx, lostEvent->from) +
              " committed its step and was to publish the "
              "message the saga needed next, but " +
              sagaTextOf(ctx, *lostEvent) +
              ". Nothing else holds that message (no outbox) and nobody resends it.";
    } else if (lastPublish) {
        const std::string what = sagaServiceName(ctx, lastPublish->from) + " publishes " +
                                 messageKindName(lastPublish->msgKind) + " on " +
                                 sagaTopicOf(ctx, *lastPublish) + " for " + sagaName;
        chain.add(lastPublish->id, what);
        const auto drops = index.allOfMsg(lastPublish->msg, TraceKind::Drop);
        const auto delivered = index.allOfMsg(lastPublish->msg, TraceKind::Deliver);
        if (!drops.empty() && delivered.empty()) {
            f.kind = "lost";
            chain.add(drops.front()->id, "the bus loses it: " + sagaTextOf(ctx, *drops.front()));
            why = "the last message of the saga (event " + std::to_string(lastPublish->id) +
                  ") was lost on the way (" + sagaTextOf(ctx, *drops.front()) +
                  ") and nothing sent it again.";
        } else if (!delivered.empty()) {
            const TraceEvent *d = delivered.back();
            chain.add(d->id, sagaServiceName(ctx, d->to) + " receives it");
            // Did the receiver go down with it, before handling it?
            const TraceEvent *crash = nullptr;
            for (std::uint64_t id : index.crashes)
                if (const TraceEvent *c = ctx.event(id); c && id > d->id && c->from == d->to) {
                    crash = c;
                    break;
                }
            const bool handled = std::any_of(commits.begin(), commits.end(), [&](std::uint64_t id) {
                const TraceEvent *c = ctx.event(id);
                return id > d->id && c && c->from == d->to;
            });
            if (crash && !handled) {
                f.kind = "receiver crashed";
                why = sagaServiceName(ctx, d->to) + " received it but crashed at " +
                      sagaTime(crash->time) + " (event " + std::to_string(crash->id) + ": " +
                      sagaTextOf(ctx, *crash) +
                      ") before its handling was committed; nothing delivered it again.";
            } else {
                f.kind = "silence";
                why = "it was delivered (event " + std::to_string(d->id) +
                      "), and no later message of the saga appears in the trace.";
            }
        } else {
            f.kind = "in flight";
            why = "the message never reached its receiver before the run ended (still held or in "
                  "flight).";
        }
    } else {
        f.kind = "silence";
        why = "no message of the saga appears in the trace.";
    }
    // A crash right after the saga's last commit explains the silence too.
    if (!commits.empty() && f.kind == "silence")
        if (const auto it = index.crashAfter.find(commits.back()); it != index.crashAfter.end()) {
            const TraceEvent *c = ctx.event(commits.back());
            chain.add(c->id, sagaServiceName(ctx, c->from) + " commits " + sagaCommitWhat(ctx, *c) +
                                 " for " + sagaName);
            chain.add(it->second,
                      sagaServiceName(ctx, c->from) + " crashes right after that commit");
            f.kind = "crash after commit";
            why = sagaServiceName(ctx, c->from) +
                  " crashed right after its last commit for the saga "
                  "(event " +
                  std::to_string(it->second) + "), before sending what came next.";
        }
    ev.steps = chain.steps();
    addSagaRow(world, orchestrated, r.saga, ev,
               sagaName + " is still " + r.status + " at " + r.step + " at the end");
    const std::string role = sagaRoleOfStep(r.step);
    if (!role.empty())
        addParticipantRows(world, role, r.saga, ev,
                           role + "'s record of " + sagaName + " (none: the step never ran there)");
    ev.explanation = sagaName + " never finished: at the end it is " + r.status + " at step " +
                     r.step + ", waiting for " + waiting + ". That never came: " + why;
    return f;
}

void addStuckSagas(const EvidenceContext &ctx, CheckResult &check, const SagaTraceIndex &index,
                   bool orchestrated)
{
    std::vector<SagaRecord> stuck;
    for (const SagaRecord &r : SagaView::all(ctx.world()))
        if (r.status == "running" || r.status == "compensating")
            stuck.push_back(r);
    std::vector<StuckFinding> found;
    for (std::size_t i = 0; i < stuck.size() && i < 64; ++i)
        found.push_back(stuckSagaEvidence(ctx, index, stuck[i], orchestrated));
    std::set<std::string> kinds;
    std::vector<bool> used(found.size(), false);
    for (int pass = 0; pass < 2; ++pass)
        for (std::size_t i = 0; i < found.size(); ++i) {
            if (check.evidence.size() >= kMaxEvidencePerCheck)
                return;
            if (used[i] || (pass == 0 && kinds.count(found[i].kind)))
                continue;
            used[i] = true;
            kinds.insert(found[i].kind);
            check.evidence.push_back(found[i].evidence);
        }
}

// ---- effects that do not match the outcome ----

void addMismatchedSagas(const EvidenceContext &ctx, CheckResult &check, const SagaTraceIndex &index,
                        bool orchestrated)
{
    const World &world = ctx.world();
    for (const SagaRecord &r : SagaView::all(world)) {
        if (check.evidence.size() >= kMaxEvidencePerCheck)
            return;
        const bool completed = r.status == "completed";
        if (!completed && r.status != "compensated")
            continue;
        const std::string states[] = {r.reservation, r.payment, r.shipment};
        std::vector<std::string> wrong;
        for (std::size_t i = 0; i < SagaProtocol::kSteps.size(); ++i) {
            const std::string &role = SagaProtocol::kSteps[i].role;
            const bool done = states[i] == SagaParticipant::doneStatus(role);
            if (done != completed)
                wrong.push_back(role);
        }
        if (wrong.empty())
            continue;
        Evidence ev;
        ev.cls = kBalanceClass;
        ev.entity = "saga " + std::to_string(r.saga);
        CausalSteps chain(ctx);
        const auto it = index.commits.find(r.saga);
        if (it != index.commits.end()) {
            const std::int16_t orders = world.serviceWithRole("orders");
            for (std::uint64_t id : it->second) {
                const TraceEvent *c = ctx.event(id);
                const bool last = id == it->second.back();
                (void)last;
                if (c->from == orders &&
                    (sagaCommitWhat(ctx, *c).find("completed") != std::string::npos ||
                     sagaCommitWhat(ctx, *c).find("compensated") != std::string::npos))
                    chain.add(id, "orders records the outcome: " + sagaCommitWhat(ctx, *c));
                for (const std::string &role : wrong)
                    if (c->from == world.serviceWithRole(role))
                        chain.add(id, role + " commits " + sagaCommitWhat(ctx, *c) + " for saga " +
                                          std::to_string(r.saga));
            }
        }
        ev.steps = chain.steps();
        addSagaRow(world, orchestrated, r.saga, ev,
                   "saga " + std::to_string(r.saga) + " is " + r.status);
        std::string list;
        for (const std::string &role : wrong) {
            list += (list.empty() ? "" : ", ") + role;
            addParticipantRows(world, role, r.saga, ev, "");
        }
        ev.explanation =
            "saga " + std::to_string(r.saga) + " ended " + r.status + ", yet " + list +
            (completed ? " did not keep its step done (reservation '" + r.reservation +
                             "', payment '" + r.payment + "', shipment '" + r.shipment + "')"
                       : " still holds an effect of a step that should have been "
                         "undone (reservation '" +
                             r.reservation + "', payment '" + r.payment + "', shipment '" +
                             r.shipment + "')") +
            ": the rows and the outcome disagree.";
        check.evidence.push_back(std::move(ev));
    }
}

} // namespace

void SagaEvidence::add(const EvidenceContext &context, CheckResult &check)
{
    if (check.ok || check.id.rfind("saga.", 0) != 0)
        return;
    const SagaSettings *settings = settingsOf<SagaSettings>(context.world().scenario());
    if (!settings)
        return;
    const bool orchestrated = settings->style == SagaSettings::Style::Orchestration;
    const SagaTraceIndex index(context);
    try {
        if (check.id == "saga.none_stuck")
            addStuckSagas(context, check, index, orchestrated);
        else if (check.id == "saga.compensations_idempotent")
            addDoubledCompensations(context, check, index, "");
        else if (check.id == "saga.stock_conserved")
            addDoubledCompensations(context, check, index, "inventory");
        else if (check.id == "saga.money_conserved")
            addDoubledCompensations(context, check, index, "payments");
        else if (check.id == "saga.effects_match_outcome")
            addMismatchedSagas(context, check, index, orchestrated);
    } catch (const DatabaseError &) {
        // a table renamed by a schema-change fault: the check says so, no rows to show
    }
}

} // namespace dplab
