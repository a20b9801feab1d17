#include "simulation/observe/summary.h"

#include "simulation/observe/metrics.h"
#include "simulation/world/world.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace dplab {

double round3(double v)
{
    return std::round(v * 1000.0) / 1000.0;
}

nlohmann::ordered_json latencyJson(const LatencyHistogram &h)
{
    // An empty histogram reports zeros, as doubles like every other figure here.
    nlohmann::ordered_json j;
    j["mean"] = round3(h.mean() / 1000.0);
    j["p50"] = round3(h.quantile(0.50) / 1000.0);
    j["p95"] = round3(h.quantile(0.95) / 1000.0);
    j["p99"] = round3(h.quantile(0.99) / 1000.0);
    j["max"] = round3(static_cast<double>(h.max()) / 1000.0);
    return j;
}

nlohmann::ordered_json buildSummary(const World &world, const Metrics &metrics, const RunInfo &info,
                                    const std::vector<CheckResult> &checks,
                                    const nlohmann::ordered_json &extra)
{
    const Scenario &sc = world.scenario();
    const SimTime now = world.now();
    nlohmann::ordered_json j;
    j["scenario"] = sc.name;
    j["file"] = sc.sourceName;
    j["seed"] = sc.seed;
    if (!sc.overrides.empty())
        j["overrides"] = sc.overrides;
    j["simulated_s"] = round3(toSeconds(now));
    j["events"] = metrics.events();
    j["wall_s"] = round3(info.wallSeconds);
    if (info.traceOverflow)
        j["trace_overflow"] = info.traceOverflow;

    nlohmann::ordered_json ops = nlohmann::ordered_json::object();
    for (const auto &op : metrics.operations()) {
        nlohmann::ordered_json o;
        o["count"] = op.count;
        o["ok"] = op.ok;
        o["failed"] = op.failed;
        o["throughput_per_s"] = now > 0 ? round3(static_cast<double>(op.ok) / toSeconds(now)) : 0.0;
        o["latency_ms"] = latencyJson(op.latency);
        if (op.failed > 0) {
            // Most frequent first (then by text), so the first reason is the one to explain.
            std::vector<std::pair<std::string, std::uint64_t>> reasons(op.failuresByReason.begin(),
                                                                       op.failuresByReason.end());
            std::stable_sort(reasons.begin(), reasons.end(),
                             [](const auto &a, const auto &b) { return a.second > b.second; });
            nlohmann::ordered_json why = nlohmann::ordered_json::object();
            for (const auto &[reason, n] : reasons)
                why[reason] = n;
            o["failures_by_reason"] = why;
        }
        ops[op.name] = o;
    }
    j["operations"] = ops;

    const BusCounters &b = world.bus().counters();
    j["bus"] = {{"published", b.published},
                {"delivered", b.delivered},
                {"dropped", b.dropped},
                {"duplicated", b.duplicated},
                {"redelivered", b.redelivered},
                {"held", b.held},
                {"refused", b.refused},
                {"acked", b.acked},
                {"unacked", world.bus().unacked()}};

    nlohmann::ordered_json services = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < world.serviceCount(); ++i) {
        const Service &s = world.service(static_cast<std::int16_t>(i));
        const ServiceStats &st = s.stats();
        services[s.name()] = {{"role", s.role()},
                              {"workers", s.workers()},
                              {"processed", st.processed},
                              {"utilization", round3(s.utilization(now))},
                              {"mean_queue", round3(s.meanQueue(now))},
                              {"max_queue", st.maxQueue},
                              {"commits", st.commits},
                              {"crashes", st.crashes},
                              {"lost_in_crash", st.lostInCrash}};
        if (world.sharedLock()) {
            services[s.name()]["lock_waits"] = st.lockWaits;
            services[s.name()]["lock_wait_ms"] = round3(toMilliseconds(st.lockWaitTime));
        }
    }
    j["services"] = services;

    nlohmann::ordered_json faults = nlohmann::ordered_json::array();
    for (const auto &f : world.faults().all()) {
        nlohmann::ordered_json fj;
        fj["kind"] = faultKindName(f.spec.kind);
        fj["what"] = f.description;
        fj["at_s"] = round3(toSeconds(f.startedAt));
        if (f.endsAt < kSimTimeMax)
            fj["until_s"] = round3(toSeconds(f.endsAt));
        faults.push_back(fj);
    }
    j["faults"] = faults;

    if (extra.is_object())
        for (auto it = extra.begin(); it != extra.end(); ++it)
            j[it.key()] = it.value();

    nlohmann::ordered_json cj = nlohmann::ordered_json::array();
    for (const auto &c : checks) {
        nlohmann::ordered_json entry = {
            {"id", c.id}, {"name", c.name}, {"ok", c.ok}, {"detail", c.detail}};
        if (c.expectedToFail)
            entry["expected_failure"] = true;
        if (!c.evidence.empty()) {
            nlohmann::ordered_json ev = nlohmann::ordered_json::array();
            for (const Evidence &e : c.evidence)
                ev.push_back(e.toJson());
            entry["evidence"] = std::move(ev);
        }
        cj.push_back(std::move(entry));
    }
    j["checks"] = cj;
    return j;
}

nlohmann::ordered_json Evidence::toJson() const
{
    nlohmann::ordered_json events = nlohmann::ordered_json::array();
    nlohmann::ordered_json steps_ = nlohmann::ordered_json::array();
    for (const EvidenceStep &s : steps) {
        events.push_back(s.event);
        steps_.push_back({{"event", s.event}, {"t_us", s.time}, {"says", s.says}});
    }
    nlohmann::ordered_json rows_ = nlohmann::ordered_json::array();
    for (const EvidenceRow &r : rows)
        rows_.push_back({{"service", r.service},
                         {"table", r.table},
                         {"key", r.key},
                         {"values", r.values},
                         {"as_of_event", r.asOfEvent},
                         {"says", r.says}});
    return {{"class", cls},    {"entity", entity}, {"events", events},
            {"steps", steps_}, {"rows", rows_},    {"explanation", explanation}};
}

const nlohmann::ordered_json *findMetric(const nlohmann::ordered_json &summary,
                                         const std::string &path)
{
    const nlohmann::ordered_json *cur = &summary;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t dot = path.find('.', start);
        const std::string part =
            path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (!cur->is_object() || !cur->contains(part))
            return nullptr;
        cur = &(*cur)[part];
        if (dot == std::string::npos)
            break;
        start = dot + 1;
    }
    return cur;
}

namespace {

CheckResult evaluateCheckExpectation(const nlohmann::ordered_json &summary, const ExpectSpec &e)
{
    CheckResult r;
    r.name = "expect check " + e.check + (e.checkOk ? " passes" : " fails");
    std::string ids;
    if (const auto *checks = findMetric(summary, "checks"); checks && checks->is_array()) {
        for (const auto &c : *checks) {
            const std::string id = c.value("id", "");
            if (id != e.check) {
                if (!id.empty())
                    ids += (ids.empty() ? "" : ", ") + id;
                continue;
            }
            const bool actual = c.value("ok", false);
            r.ok = actual == e.checkOk;
            r.detail = (actual ? "it passed: " : "it failed: ") + c.value("detail", "");
            return r;
        }
    }
    r.ok = false;
    r.detail = "no check with id \"" + e.check +
               "\" in this run (checks: " + (ids.empty() ? "none" : ids) + ")";
    return r;
}

} // namespace

void markExpectedFailures(std::vector<CheckResult> &checks, const std::vector<ExpectSpec> &expect)
{
    for (const auto &e : expect)
        if (!e.check.empty() && !e.checkOk)
            for (auto &c : checks)
                if (c.id == e.check)
                    c.expectedToFail = true;
}

std::vector<CheckResult> evaluateExpectations(const nlohmann::ordered_json &summary,
                                              const std::vector<ExpectSpec> &expect)
{
    std::vector<CheckResult> out;
    for (std::size_t i = 0; i < expect.size(); ++i) {
        const ExpectSpec &e = expect[i];
        const std::string id = "expect[" + std::to_string(i) + "]";
        if (!e.check.empty()) {
            out.push_back(evaluateCheckExpectation(summary, e));
            out.back().id = id;
            continue;
        }
        CheckResult r;
        r.id = id;
        char value[64];
        std::snprintf(value, sizeof value, "%g", e.value);
        r.name = "expect " + e.metric + " " + e.op + " " + value;
        const auto *m = findMetric(summary, e.metric);
        if (!m || !(m->is_number() || m->is_boolean())) {
            r.ok = false;
            r.detail = "no numeric metric \"" + e.metric + "\" in the summary";
            out.push_back(r);
            continue;
        }
        const double v = m->is_boolean() ? (m->get<bool>() ? 1.0 : 0.0) : m->get<double>();
        bool ok = false;
        if (e.op == "==")
            ok = std::fabs(v - e.value) <= e.tolerance;
        else if (e.op == "!=")
            ok = std::fabs(v - e.value) > e.tolerance;
        else if (e.op == "<")
            ok = v < e.value;
        else if (e.op == "<=")
            ok = v <= e.value;
        else if (e.op == ">")
            ok = v > e.value;
        else if (e.op == ">=")
            ok = v >= e.value;
        char actual[96];
        std::snprintf(actual, sizeof actual, "actual %g", v);
        r.ok = ok;
        r.detail = actual;
        out.push_back(r);
    }
    return out;
}

} // namespace dplab
