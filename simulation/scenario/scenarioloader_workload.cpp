// The "workload", "faults", "narrative" and "expect" sections of a scenario file.

#include "simulation/scenario/loadercontext.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

namespace dplab::loader {

namespace {

// The fastest playback the app offers (Playback::speeds(), before "as fast as possible").
constexpr double kMaxNarrativeSpeed = 100.0;
/// A "Try it" button's text fits beside the caption.
constexpr std::size_t kMaxTryLabel = 40;

std::string numberText(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

const KeyList kOperations = {"request",      "publish",   "place_order",  "get_order_details",
                             "list_orders",  "pay_order", "cancel_order", "update_customer",
                             "change_price", "restock"};

void readKeys(LoaderContext &ctx, const Json &v, const std::string &path, KeySpec &keys)
{
    ObjectReader r(ctx, v, path);
    if (!r.valid())
        return;
    r.readEnum("dist", keys.kind, "key distribution",
               {{"uniform", KeySpec::Kind::Uniform}, {"zipf", KeySpec::Kind::Zipf}});
    if (keys.kind == KeySpec::Kind::Zipf)
        r.allowOnly(KnownKeys::keys);
    else
        r.allowOnly({"dist", "n"}, {"s"}, "uniform keys (only \"zipf\" has an exponent)");
    r.readInteger("n", keys.n, 1, ScenarioLimits::maxKeys);
    if (const Json *s = r.get("s"); s && keys.kind == KeySpec::Kind::Zipf) {
        if (!s->is_number() || !(s->get<double>() > 0))
            ctx.error(r.pathOf("s"), "expected a number > 0, got " + compactJson(*s));
        else
            keys.s = s->get<double>();
    }
}

/// "start" and "stop" against each other and against the run's duration.
void checkWindow(LoaderContext &ctx, ObjectReader &r, WorkloadSpec &w)
{
    const bool startOk =
        !r.has("start") || r.readDuration("start", w.start, DurationRule::NonNegative);
    SimTime stop = 0;
    const bool stopOk = r.has("stop") && r.readDuration("stop", stop, DurationRule::NonNegative);
    if (stopOk)
        w.stop = stop;
    const auto run = ctx.runDuration();
    if (!startOk)
        return;
    if (stopOk && stop <= w.start) {
        ctx.error(r.pathOf("stop"), "expected \"stop\" after \"start\" (" + durationText(w.start) +
                                        "), got " + compactJson(*r.get("stop")));
    } else if (stopOk && run && stop > *run) {
        ctx.error(r.pathOf("stop"), "expected \"stop\" within the run (" + durationText(*run) +
                                        "), got " + compactJson(*r.get("stop")));
    } else if (!r.has("stop") && r.has("start") && run && w.start >= *run) {
        ctx.error(r.pathOf("start"), "expected \"start\" before the end of the run (" +
                                         durationText(*run) + "), got " +
                                         compactJson(*r.get("start")));
    }
}

WorkloadSpec readWorkloadItem(LoaderContext &ctx, const Json &v, const std::string &path,
                              double &rate)
{
    WorkloadSpec w;
    w.pos = ctx.pos(path);
    rate = 0;
    ObjectReader r(ctx, v, path);
    if (!r.valid())
        return w;
    std::optional<std::size_t> op;
    if (r.require("operation"))
        op = ctx.choice(*r.get("operation"), r.pathOf("operation"), "operation", kOperations);
    if (!op) {
        r.allowOnly(KnownKeys::workload);
    } else {
        w.operation = std::string(kOperations[*op]);
        KeyList allowed;
        for (std::string_view key : KnownKeys::workload)
            if ((key != "target" || w.operation == "request") &&
                (key != "topic" || w.operation == "publish"))
                allowed.push_back(key);
        r.allowOnly(allowed, KnownKeys::workload, "operation " + quoteText(w.operation));
    }

    if (const Json *rv = r.get("rate")) {
        if (!rv->is_number() || !(rv->get<double>() > 0))
            ctx.error(r.pathOf("rate"),
                      "expected a rate > 0 (operations per second), got " + compactJson(*rv));
        else
            w.rate = rv->get<double>();
    }
    rate = w.rate;
    r.readEnum("arrival", w.arrival, "arrival",
               {{"poisson", WorkloadSpec::Arrival::Poisson},
                {"constant", WorkloadSpec::Arrival::Constant}});
    if (const Json *keys = r.get("keys"))
        readKeys(ctx, *keys, r.pathOf("keys"), w.keys);
    if (w.operation == "request" &&
        r.require("target", "operation \"request\" needs the service to call") &&
        r.readString("target", w.target))
        ctx.checkServiceRef(w.target, r.pathOf("target"));
    if (w.operation == "publish" &&
        r.require("topic", "operation \"publish\" needs the topic to publish to") &&
        r.readString("topic", w.topic) && !isTopicName(w.topic))
        ctx.error(r.pathOf("topic"), kTopicRule + std::string(", got ") + quoteText(w.topic));
    checkWindow(ctx, r, w);
    r.readDuration("timeout", w.timeout, DurationRule::Positive);
    return w;
}

const KeyList kFaultKinds = {"partition",     "crash",
                             "bus-down",      "latency",
                             "drop",          "duplicate",
                             "reorder",       "crash-after-commit",
                             "schema-change", "crash-after-publish",
                             "rebuild",       "crash-after-prepare"};
const std::vector<KeyList> kFaultKeys = {
    {"between"},
    {"service"},
    {},
    {"target", "latency"},
    {"target", "probability"},
    {"target", "probability"},
    {"target", "probability"},
    {"service", "probability", "restart_after"},
    {"service", "table", "column", "rename_to"},
    {"service", "probability", "restart_after"},
    {"service"},
    {"service", "probability", "restart_after"},
};

/// "a->b" (when allowLink), "bus" or "topic:NAME".
void readFaultTarget(LoaderContext &ctx, ObjectReader &r, FaultSpec &f, bool allowLink)
{
    if (!r.require("target") || !r.readString("target", f.target))
        return;
    const std::string path = r.pathOf("target");
    const std::string &t = f.target;
    if (t == "bus")
        return;
    if (t.rfind("topic:", 0) == 0) {
        if (!isTopicName(t.substr(6)))
            ctx.error(path, kTopicRule + std::string(" after \"topic:\", got ") + quoteText(t));
        return;
    }
    const auto arrow = t.find("->");
    if (arrow != std::string::npos && allowLink) {
        const std::string from = t.substr(0, arrow), to = t.substr(arrow + 2);
        const bool fromOk = ctx.checkServiceRef(from, path, "in the target");
        const bool toOk = ctx.checkServiceRef(to, path, "in the target");
        if (fromOk && toOk && from == to)
            ctx.error(path, "a link needs two different services, got " + quoteText(t));
        return;
    }
    const std::string kind(faultKindName(f.kind));
    if (arrow != std::string::npos)
        ctx.error(path,
                  "a " + kind + " fault applies to \"bus\" or \"topic:NAME\", got " + quoteText(t));
    else if (allowLink)
        ctx.error(path, "expected \"from->to\" (two services), \"bus\" or \"topic:NAME\", got " +
                            quoteText(t));
    else
        ctx.error(path, "expected \"bus\" or \"topic:NAME\", got " + quoteText(t));
}

void readPartition(LoaderContext &ctx, ObjectReader &r, FaultSpec &f)
{
    if (!r.require("between"))
        return;
    const std::string path = r.pathOf("between");
    const Json &v = *r.get("between");
    if (!v.is_array() || v.size() < 2) {
        ctx.error(path, "expected at least 2 groups of service names, such as [[\"orders\"], "
                        "[\"inventory\"]], got " +
                            compactJson(v));
        return;
    }
    std::map<std::string, std::size_t> groupOf;
    for (std::size_t g = 0; g < v.size(); ++g) {
        const std::string groupPath = JsonDocument::elementPath(path, g);
        const Json &group = v[g];
        if (!group.is_array() || group.empty()) {
            ctx.error(groupPath,
                      "expected a non-empty array of service names, got " + compactJson(group));
            continue;
        }
        std::vector<std::string> members;
        for (std::size_t i = 0; i < group.size(); ++i) {
            const std::string itemPath = JsonDocument::elementPath(groupPath, i);
            const auto name = ctx.string(group[i], itemPath);
            if (!name || (*name != "bus" && !ctx.checkServiceRef(*name, itemPath)))
                continue;
            const auto [it, inserted] = groupOf.emplace(*name, g);
            if (!inserted)
                ctx.error(itemPath, quoteText(*name) + " is already in group between[" +
                                        std::to_string(it->second) + "]");
            else
                members.push_back(*name);
        }
        f.between.push_back(std::move(members));
    }
}

void readSqlName(LoaderContext &ctx, ObjectReader &r, std::string_view key, std::string &out)
{
    if (!r.require(key) || !r.readString(key, out))
        return;
    if (!isSqlIdentifier(out))
        ctx.error(r.pathOf(key), "expected an SQL name: a letter or \"_\", then up to 63 letters, "
                                 "digits or \"_\", got " +
                                     quoteText(out));
    // The services' SQL uses the new name unquoted: a keyword ("NULL", "select") would change
    // what a statement means instead of naming a column.
    else if (sqlite3_keyword_check(out.data(), static_cast<int>(out.size())))
        ctx.error(r.pathOf(key), "expected an SQL name, got the SQL keyword " + quoteText(out));
}

} // namespace

void readWorkload(LoaderContext &ctx, const Json &value, Scenario &scenario)
{
    const Json *list = ctx.array(value, "workload", ScenarioLimits::maxWorkloads, "workloads");
    if (!list)
        return;
    if (list->empty())
        ctx.error("workload", "expected at least one workload entry");
    double total = 0;
    for (std::size_t i = 0; i < list->size(); ++i) {
        double rate = 0;
        scenario.workload.push_back(
            readWorkloadItem(ctx, (*list)[i], "workload[" + std::to_string(i) + "]", rate));
        total += rate;
    }
    if (total > ScenarioLimits::maxTotalRate) {
        ctx.error("workload", "the rates add up to " + numberText(total) +
                                  " operations per second; the limit is " +
                                  numberText(ScenarioLimits::maxTotalRate));
    } else if (const auto duration = ctx.runDuration()) {
        // Each limit alone still allows 100000/s for 24 h: hours of CPU from a small file.
        const double requests = total * static_cast<double>(*duration) / kSecond;
        if (requests > ScenarioLimits::maxRequests)
            ctx.error("workload", "the rates add up to " + numberText(total) +
                                      " operations per second, " +
                                      std::to_string(std::llround(requests)) +
                                      " over the duration; the limit is " +
                                      std::to_string(std::llround(ScenarioLimits::maxRequests)) +
                                      " (lower a rate or the duration)");
    }
    // Zipf keys keep a table of n probabilities per workload (8 bytes each).
    std::int64_t zipfKeys = 0;
    for (const auto &w : scenario.workload)
        if (w.keys.kind == KeySpec::Kind::Zipf)
            zipfKeys += w.keys.n;
    if (zipfKeys > ScenarioLimits::maxKeys)
        ctx.error("workload", "the zipf key ranges add up to " + std::to_string(zipfKeys) +
                                  " keys; the limit is " + std::to_string(ScenarioLimits::maxKeys) +
                                  " over all workloads");
}

FaultSpec readFault(LoaderContext &ctx, const Json &v, const std::string &path)
{
    FaultSpec f;
    f.pos = ctx.pos(path);
    ObjectReader r(ctx, v, path);
    if (!r.valid())
        return f;
    std::optional<std::size_t> kind;
    if (r.require("kind"))
        kind = ctx.choice(*r.get("kind"), r.pathOf("kind"), "fault kind", kFaultKinds);
    if (!kind) {
        r.allowOnly(KnownKeys::fault);
    } else {
        f.kind = static_cast<FaultSpec::Kind>(*kind);
        KeyList allowed = {"kind", "at", "for"};
        allowed.insert(allowed.end(), kFaultKeys[*kind].begin(), kFaultKeys[*kind].end());
        r.allowOnly(allowed, KnownKeys::fault, "a " + quoteText(kFaultKinds[*kind]) + " fault");
    }

    if (r.readDuration("at", f.at, DurationRule::NonNegative) && ctx.runDuration() &&
        f.at >= *ctx.runDuration())
        ctx.error(r.pathOf("at"), "expected a time before the end of the run (" +
                                      durationText(*ctx.runDuration()) + "), got " +
                                      compactJson(*r.get("at")));
    SimTime length = 0;
    if (r.readDuration("for", length, DurationRule::Positive))
        f.duration = length;
    if (!kind)
        return f;

    auto readService = [&] {
        if (r.require("service") && r.readString("service", f.service))
            ctx.checkServiceRef(f.service, r.pathOf("service"));
    };
    auto readProbability = [&] {
        if (r.require("probability"))
            r.readProbability("probability", f.probability);
    };
    switch (f.kind) {
    case FaultSpec::Kind::Partition:
        readPartition(ctx, r, f);
        break;
    case FaultSpec::Kind::Crash:
        readService();
        break;
    case FaultSpec::Kind::BusDown:
        break;
    case FaultSpec::Kind::Latency: {
        readFaultTarget(ctx, r, f, true);
        Distribution latency;
        if (r.require("latency") && r.readDistribution("latency", latency))
            f.latency = latency;
        break;
    }
    case FaultSpec::Kind::Drop:
    case FaultSpec::Kind::Duplicate:
    case FaultSpec::Kind::Reorder:
        readFaultTarget(ctx, r, f, f.kind == FaultSpec::Kind::Drop);
        readProbability();
        break;
    case FaultSpec::Kind::CrashAfterCommit:
    case FaultSpec::Kind::CrashAfterPublish:
    case FaultSpec::Kind::CrashAfterPrepare:
        readService();
        readProbability();
        r.readDuration("restart_after", f.restartAfter, DurationRule::Positive);
        break;
    case FaultSpec::Kind::SchemaChange:
        readService();
        readSqlName(ctx, r, "table", f.table);
        readSqlName(ctx, r, "column", f.column);
        readSqlName(ctx, r, "rename_to", f.renameTo);
        break;
    case FaultSpec::Kind::Rebuild:
        readService();
        if (f.duration)
            ctx.error(r.pathOf("for"), "a rebuild happens once, at \"at\"; it has no duration");
        break;
    }
    return f;
}

void readFaults(LoaderContext &ctx, const Json &value, Scenario &scenario)
{
    const Json *list = ctx.array(value, "faults", ScenarioLimits::maxFaults, "faults");
    if (!list)
        return;
    for (std::size_t i = 0; i < list->size(); ++i)
        scenario.faults.push_back(readFault(ctx, (*list)[i], "faults[" + std::to_string(i) + "]"));
}

namespace {

/// "choices" and "answer" of a caption: only at a pause, at least two answers, the right one
/// among them.
void readNarrativeChoices(LoaderContext &ctx, ObjectReader &r, NarrativeSpec &n)
{
    const Json *choices = r.get("choices");
    if (!choices) {
        if (r.has("answer"))
            ctx.error(r.pathOf("answer"), "an answer needs \"choices\" to point into");
        return;
    }
    if (!n.pause)
        ctx.errorAtKey(r.pathOf("choices"), "choices are offered at a \"predict\" caption: it "
                                            "needs \"pause\": true");
    const Json *list =
        ctx.array(*choices, r.pathOf("choices"), ScenarioLimits::maxChoices, "choices");
    if (!list)
        return;
    for (std::size_t i = 0; i < list->size(); ++i)
        if (auto text =
                ctx.nonEmptyString((*list)[i], r.pathOf("choices") + "[" + std::to_string(i) + "]"))
            n.choices.push_back(std::move(*text));
    if (list->size() < 2)
        ctx.error(r.pathOf("choices"),
                  "expected at least 2 choices, got " + std::to_string(list->size()));
    if (!r.require("answer", "with \"choices\""))
        return;
    const auto last = static_cast<std::int64_t>(std::max<std::size_t>(list->size(), 1) - 1);
    if (const auto answer = ctx.integer(*r.get("answer"), r.pathOf("answer"), 0,
                                        std::numeric_limits<std::int64_t>::max())) {
        if (*answer > last)
            ctx.error(r.pathOf("answer"), "expected the 0-based index of one of the " +
                                              std::to_string(list->size()) + " choices (0.." +
                                              std::to_string(last) + "), got " +
                                              std::to_string(*answer));
        else
            n.answer = static_cast<int>(*answer);
    }
}

/// A caption's "try": a label and either a pattern change or a fault injected at the playhead.
NarrativeTry readNarrativeTry(LoaderContext &ctx, const Json &value, const std::string &path)
{
    NarrativeTry t;
    t.pos = ctx.pos(path);
    ObjectReader r(ctx, value, path);
    if (!r.valid())
        return t;
    r.allowOnly(KnownKeys::narrativeTry);
    if (r.require("label", "the button's text") && r.readNonEmptyString("label", t.label) &&
        t.label.size() > kMaxTryLabel)
        ctx.error(r.pathOf("label"), "expected a button's text of at most " +
                                         std::to_string(kMaxTryLabel) + " characters, got " +
                                         std::to_string(t.label.size()));
    const Json *patterns = r.get("patterns");
    const Json *fault = r.get("fault");
    if ((patterns != nullptr) == (fault != nullptr)) {
        ctx.error(path, "expected exactly one of \"patterns\" (switches to change) or \"fault\" "
                        "(a fault injected at the playhead)");
        return t;
    }
    if (patterns) {
        if (!patterns->is_object() || patterns->empty()) {
            ctx.error(r.pathOf("patterns"), "expected an object with at least one pattern switch");
            return t;
        }
        for (auto it = patterns->begin(); it != patterns->end(); ++it)
            t.keys.push_back(it.key());
        Scenario changed;
        ctx.vocabulary().readPatterns(ctx, *patterns, changed, r.pathOf("patterns"));
        t.patterns = std::move(changed.patterns);
    } else {
        if (fault->is_object() && fault->contains("at"))
            ctx.error(r.pathOf("fault") + ".at",
                      "a \"Try it\" fault starts when the button is clicked: leave out \"at\"");
        t.fault = readFault(ctx, *fault, r.pathOf("fault"));
    }
    return t;
}

} // namespace

void readNarrative(LoaderContext &ctx, const Json &value, Scenario &scenario)
{
    const Json *list = ctx.array(value, "narrative", ScenarioLimits::maxNarrative, "captions");
    if (!list)
        return;
    for (std::size_t i = 0; i < list->size(); ++i) {
        NarrativeSpec n;
        ObjectReader r(ctx, (*list)[i], "narrative[" + std::to_string(i) + "]");
        if (!r.valid())
            continue;
        n.pos = ctx.pos("narrative[" + std::to_string(i) + "]");
        r.allowOnly(KnownKeys::narrative);
        if (r.readDuration("at", n.at, DurationRule::NonNegative) && ctx.runDuration() &&
            n.at > *ctx.runDuration())
            ctx.error(r.pathOf("at"), "expected a time within the run (" +
                                          durationText(*ctx.runDuration()) + "), got " +
                                          compactJson(*r.get("at")));
        if (r.require("text"))
            r.readNonEmptyString("text", n.text);
        r.readBool("pause", n.pause);
        readNarrativeChoices(ctx, r, n);
        // Which charts, tables and figures a run offers depends on its patterns: the builder
        // checks those names (patterns/); only the services are known here.
        r.readNonEmptyString("chart", n.chart);
        r.readNonEmptyString("figure", n.figure);
        r.readNonEmptyString("table", n.table);
        if (r.readNonEmptyString("select", n.select))
            ctx.checkServiceRef(n.select, r.pathOf("select"), "to select");
        r.readNonEmptyString("explain", n.explain);
        // "next", a service or an operation: checked with the run's names (patterns/).
        r.readNonEmptyString("follow", n.follow);
        // A check's id, or {"check", "entity"}: checked with the run's checks (patterns/).
        if (const Json *e = r.get("evidence")) {
            if (e->is_object()) {
                ObjectReader er(ctx, *e, r.pathOf("evidence"));
                er.allowOnly(KnownKeys::narrativeEvidence);
                if (er.require("check"))
                    er.readNonEmptyString("check", n.evidence);
                er.readNonEmptyString("entity", n.evidenceEntity);
            } else if (!e->is_string()) {
                ctx.error(r.pathOf("evidence"),
                          "expected the id of a check, or {\"check\": id, \"entity\": \"order "
                          "323\"}, got " +
                              compactJson(*e));
            } else {
                r.readNonEmptyString("evidence", n.evidence);
            }
        }
        if (const Json *t = r.get("try"))
            n.tryIt = readNarrativeTry(ctx, *t, r.pathOf("try"));
        if (r.get("speed")) {
            double speed = 0;
            if (r.readNumber("speed", speed)) {
                if (speed > 0 && speed <= kMaxNarrativeSpeed)
                    n.speed = speed;
                else
                    ctx.error(r.pathOf("speed"),
                              "expected a playback speed above 0 and at most " +
                                  std::to_string(static_cast<int>(kMaxNarrativeSpeed)) + ", got " +
                                  compactJson(*r.get("speed")));
            }
        }
        scenario.narrative.push_back(std::move(n));
    }
}

} // namespace dplab::loader
