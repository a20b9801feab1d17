#pragma once

// Checks every chain of evidence of a finished run against its trace and, through the
// Timeline, against the real databases at the events the chain names (issue 21).

#include "patterns/evidence/evidencechain.h"
#include "patterns/evidence/evidencecontext.h"
#include "patterns/run.h"
#include "simulation/timeline/timeline.h"
#include "simulation/world/world.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dplab::test {

/// The row as the database holds it now (null when absent), found by its primary key.
inline nlohmann::ordered_json evidenceRowNow(World &world, const EvidenceRow &r)
{
    std::int16_t service = -1;
    for (std::size_t s = 0; s < world.serviceCount(); ++s)
        if (world.service(static_cast<std::int16_t>(s)).name() == r.service)
            service = static_cast<std::int16_t>(s);
    if (service < 0)
        throw std::runtime_error("no service " + r.service);
    const Database &db = world.service(service).database();
    const auto pk =
        db.query("SELECT name FROM pragma_table_info(?1) WHERE pk = 1", {std::string(r.table)});
    if (pk.rows.empty())
        throw std::runtime_error("no table " + r.table + " at " + r.service);
    const std::string key = std::get<std::string>(pk.rows[0][0]);
    const auto got = db.query("SELECT * FROM " + r.table + " WHERE " + key + " = ?1",
                              {static_cast<std::int64_t>(std::stoll(r.key))});
    if (got.rows.empty())
        return nullptr;
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < got.columns.size(); ++i) {
        const SqlValue &v = got.rows[0][i];
        if (const auto *n = std::get_if<std::int64_t>(&v))
            out[got.columns[i]] = *n;
        else if (const auto *d = std::get_if<double>(&v))
            out[got.columns[i]] = *d;
        else if (const auto *s = std::get_if<std::string>(&v))
            out[got.columns[i]] = *s;
        else
            out[got.columns[i]] = nullptr;
    }
    return out;
}

/// "" when the evidence of `checks` (from run.checks()) is sound, else the first problem:
/// every failed check has evidence; every id is in the trace; each chain is in causal order;
/// the timeline replayed to each row's as_of_event (the end for 0) shows the row's values in
/// the database, and replayed to the chain's first event shows each later row as it was before
/// the chain changed it. Leaves the databases at the end again.
inline std::string evidenceProblems(Run &run, const std::vector<CheckResult> &checks)
{
    const TraceLog &trace = run.trace()->events();
    World &world = run.world();
    const EvidenceContext context(world, trace);
    Timeline timeline(world, trace);
    for (const CheckResult &c : checks) {
        if (c.ok)
            continue;
        if (c.evidence.empty())
            return c.id + " failed without evidence";
        for (const Evidence &e : c.evidence) {
            const std::string where = c.id + " / " + e.cls + " / " + e.entity;
            if (e.steps.empty() || e.explanation.empty() || e.rows.empty())
                return where + ": no steps, rows or explanation";
            for (const EvidenceStep &s : e.steps) {
                const TraceEvent *ev = context.event(s.event);
                if (!ev)
                    return where + ": event " + std::to_string(s.event) + " is not in the trace";
                if (ev->time != s.time || s.says.empty())
                    return where + ": step " + std::to_string(s.event) + " has a wrong time";
            }
            if (!inCausalOrder(context, e))
                return where + ": not in causal order";
            const std::uint64_t first = e.steps.front().event;
            for (const EvidenceRow &r : e.rows) {
                timeline.seek(r.asOfEvent ? r.asOfEvent : trace.size());
                const auto shown = evidenceRowNow(world, r);
                if (shown != r.values)
                    return where + ": " + r.service + "." + r.table + " " + r.key +
                           " after event " + std::to_string(r.asOfEvent) + " is " + shown.dump() +
                           ", evidence says " + r.values.dump();
                if (r.asOfEvent > first) {
                    timeline.seek(first);
                    if (evidenceRowNow(world, r) == r.values)
                        return where + ": " + r.table + " " + r.key +
                               " was already so at the chain's first event";
                }
            }
        }
    }
    timeline.goLive();
    return {};
}

/// The chains of check `id` (empty when it passed or is missing).
inline std::vector<Evidence> evidenceOf(const std::vector<CheckResult> &checks,
                                        const std::string &id)
{
    for (const CheckResult &c : checks)
        if (c.id == id)
            return c.evidence;
    return {};
}

} // namespace dplab::test
