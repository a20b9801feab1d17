#include "patterns/twophase/twophasechecks.h"

#include "patterns/twophase/twophasecoordinator.h"
#include "patterns/twophase/twophasemetrics.h"
#include "patterns/twophase/twophaseparticipant.h"
#include "simulation/world/world.h"

#include <map>
#include <string>

namespace dplab {

namespace {

struct Outcomes
{
    std::string name;
    std::map<std::int64_t, std::string> byTx;
};

// All or nothing: for every transaction, no participant committed while another aborted,
// and nobody committed what the coordinator did not decide to commit.
CheckResult atomic(const std::map<std::int64_t, std::string> &decisions,
                   const std::vector<Outcomes> &parts)
{
    CheckResult c;
    c.id = "two_phase_commit.atomic";
    c.name = "two-phase commit: every transaction committed everywhere or nowhere";
    std::map<std::int64_t, bool> txs;
    for (const auto &[txid, d] : decisions)
        txs[txid] = true;
    for (const auto &p : parts)
        for (const auto &[txid, state] : p.byTx)
            txs[txid] = true;
    std::uint64_t committed = 0, aborted = 0, open = 0, mixed = 0;
    std::string example;
    for (const auto &[txid, unused] : txs) {
        const auto d = decisions.find(txid);
        const std::string decision = d == decisions.end() ? std::string() : d->second;
        int commits = 0, aborts = 0, prepared = 0;
        std::string states;
        for (const auto &p : parts) {
            const auto it = p.byTx.find(txid);
            const std::string state = it == p.byTx.end() ? std::string("nothing") : it->second;
            commits += state == "committed";
            aborts += state == "aborted";
            prepared += state == "prepared";
            states += (states.empty() ? "" : ", ") + p.name + " " + state;
        }
        const bool bad = (commits > 0 && aborts > 0) || (commits > 0 && decision != "commit") ||
                         (decision == "abort" && commits > 0);
        if (bad) {
            ++mixed;
            if (example.empty())
                example = "transaction " + std::to_string(txid) + ": decision " +
                          (decision.empty() ? std::string("none") : decision) + ", " + states;
        } else if (prepared > 0) {
            ++open;
        } else if (commits > 0) {
            ++committed;
        } else {
            ++aborted;
        }
    }
    c.ok = mixed == 0;
    c.detail = std::to_string(txs.size()) + " transactions: " + std::to_string(committed) +
               " committed everywhere, " + std::to_string(aborted) + " aborted, " +
               std::to_string(open) + " still in doubt, " + std::to_string(mixed) + " mixed";
    if (!example.empty())
        c.detail += " (e.g. " + example + ")";
    return c;
}

} // namespace

void TwoPhaseChecks::append(const World &world, std::vector<CheckResult> &out)
{
    if (!TwoPhaseMetrics::coordinator(world))
        return;
    const Service &orders = world.service(world.serviceWithRole("orders"));
    std::vector<Outcomes> parts;
    for (const char *role : {"inventory", "payments"}) {
        if (!TwoPhaseMetrics::participant(world, role))
            continue;
        const Service &svc = world.service(world.serviceWithRole(role));
        parts.push_back({svc.name(), TwoPhaseParticipant::outcomes(svc)});
    }
    out.push_back(atomic(TwoPhaseCoordinator::decisions(orders), parts));

    // Blocking is temporary as long as the coordinator comes back: once the faults are over
    // and the messages have settled, no participant may still hold a promise.
    CheckResult c;
    c.id = "two_phase_commit.none_in_doubt";
    c.name = "two-phase commit: no participant left prepared after quiescence";
    std::int64_t inDoubt = 0;
    std::string example;
    for (const auto &p : parts)
        for (const auto &[txid, state] : p.byTx)
            if (state == "prepared") {
                ++inDoubt;
                if (example.empty())
                    example = "transaction " + std::to_string(txid) + " at " + p.name;
            }
    c.ok = inDoubt == 0;
    c.detail = std::to_string(inDoubt) + " prepared transactions waiting for a decision, " +
               std::to_string(TwoPhaseCoordinator::unfinished(orders)) +
               " unfinished in the coordinator's log";
    if (!example.empty())
        c.detail += " (e.g. " + example + "; is the coordinator down at the end?)";
    out.push_back(c);
}

} // namespace dplab
