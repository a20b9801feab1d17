#include "simulation/scenario/scenarioloader.h"

#include "simulation/scenario/loadercontext.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>

namespace dplab {

using loader::DurationRule;
using loader::Json;
using loader::KeyList;
using loader::LoaderContext;
using loader::ObjectReader;

namespace {

constexpr std::int64_t kMaxSamples = 100000;

LoadResult fileError(const std::string &file, std::string message)
{
    LoadResult result;
    result.errors.push_back({file, 0, 0, {}, std::move(message)});
    return result;
}

std::string tooLargeMessage(std::size_t size)
{
    return "the file is too large: " + std::to_string(size) + " bytes (the limit is " +
           std::to_string(ScenarioLimits::maxFileBytes) + ")";
}

void readSeed(LoaderContext &ctx, const Json &v, Scenario &scenario)
{
    if (v.is_number_unsigned()) {
        scenario.seed = v.get<std::uint64_t>();
        return;
    }
    if (v.is_number_float()) {
        const double d = v.get<double>();
        // 2^64 is exactly representable; every smaller integral double fits.
        if (d >= 0 && d < 18446744073709551616.0 && std::floor(d) == d) {
            scenario.seed = static_cast<std::uint64_t>(d);
            return;
        }
    }
    ctx.error("seed",
              "expected an integer between 0 and 18446744073709551615, got " + compactJson(v));
}

void readSample(LoaderContext &ctx, ObjectReader &r, Scenario &scenario)
{
    const bool given = r.has("sample");
    if (given && !r.readDuration("sample", scenario.sampleInterval, DurationRule::Positive))
        return;
    if (!ctx.runDuration())
        return;
    const SimTime duration = *ctx.runDuration();
    const std::int64_t samples = duration / scenario.sampleInterval;
    if (samples <= kMaxSamples)
        return;
    const SimTime minimum = (duration + kMaxSamples - 1) / kMaxSamples;
    ctx.error(given ? "sample" : "duration",
              "too many metric samples: " + loader::durationText(duration) + " sampled every " +
                  loader::durationText(scenario.sampleInterval) + " gives " +
                  std::to_string(samples) + " rows (the limit is " + std::to_string(kMaxSamples) +
                  "); set \"sample\" to " + loader::durationText(minimum) + " or more");
}

bool isMetricPath(const std::string &metric)
{
    if (metric.empty() || metric.size() > 256 || metric.front() == '.' || metric.back() == '.' ||
        metric.find("..") != std::string::npos)
        return false;
    return std::all_of(metric.begin(), metric.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-' || c == ':' || c == '.';
    });
}

bool isCheckId(const std::string &id)
{
    return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
    });
}

/// {"check": "replication.converged", "ok": false}: the outcome an invariant check must have.
void readCheckExpectation(LoaderContext &ctx, ObjectReader &r, ExpectSpec &e)
{
    r.allowOnly({"check", "ok"}, loader::KnownKeys::expect, "a \"check\" entry");
    if (r.readString("check", e.check) && !isCheckId(e.check))
        ctx.error(r.pathOf("check"),
                  "expected the id of a check, made of lowercase letters, digits, \"_\" and "
                  "\".\", such as \"replication.converged\", got " +
                      loader::quoteText(e.check));
    if (r.require("ok", "true when the check must pass, false when it must fail"))
        r.readBool("ok", e.checkOk);
}

/// {"metric": "bus.dropped", "op": ">", "value": 0}: a figure of summary.json compared.
void readMetricExpectation(LoaderContext &ctx, ObjectReader &r, ExpectSpec &e)
{
    r.allowOnly({"metric", "op", "value", "tolerance"}, loader::KnownKeys::expect,
                "a \"metric\" entry");
    if (r.require("metric", "or \"check\"") && r.readString("metric", e.metric) &&
        !isMetricPath(e.metric))
        ctx.error(r.pathOf("metric"),
                  "expected a dotted metric path such as \"consistency.divergent_entities\", got " +
                      loader::quoteText(e.metric));
    static const KeyList ops = {"==", "!=", "<", "<=", ">", ">="};
    if (r.require("op")) {
        if (const auto op = ctx.choice(*r.get("op"), r.pathOf("op"), "operator", ops))
            e.op = std::string(ops[*op]);
    }
    if (r.require("value"))
        r.readNumber("value", e.value);
    if (const Json *t = r.get("tolerance")) {
        if (!t->is_number() || !(t->get<double>() >= 0))
            ctx.error(r.pathOf("tolerance"), "expected a number >= 0, got " + compactJson(*t));
        else
            e.tolerance = t->get<double>();
    }
}

void readExpectations(LoaderContext &ctx, const Json &value, Scenario &scenario)
{
    const Json *list = ctx.array(value, "expect", ScenarioLimits::maxExpect, "checks");
    if (!list)
        return;
    for (std::size_t i = 0; i < list->size(); ++i) {
        ExpectSpec e;
        const std::string path = JsonDocument::elementPath("expect", i);
        e.pos = ctx.pos(path);
        ObjectReader r(ctx, (*list)[i], path);
        if (!r.valid())
            continue;
        if (r.has("check") && r.has("metric"))
            ctx.error(path, "an entry has either \"metric\" (a figure of the summary) or "
                            "\"check\" (the outcome of a check), not both");
        else if (r.has("check"))
            readCheckExpectation(ctx, r, e);
        else
            readMetricExpectation(ctx, r, e);
        scenario.expect.push_back(std::move(e));
    }
}

void readRoot(LoaderContext &ctx, const Json &root, Scenario &scenario)
{
    ObjectReader r(ctx, root, "");
    if (!r.valid())
        return;
    r.allowOnly(loader::KnownKeys::root);

    if (r.require("dplab", "the version of the file format, 1")) {
        const Json &v = *r.get("dplab");
        if (v.is_number_integer() && v.get<std::int64_t>() == 1)
            scenario.version = 1;
        else
            ctx.error("dplab",
                      "expected 1 (the only version of the format so far), got " + compactJson(v));
    }
    if (r.require("name"))
        r.readNonEmptyString("name", scenario.name);
    r.readString("description", scenario.description);
    if (const Json *v = r.get("seed"))
        readSeed(ctx, *v, scenario);
    std::string schema;
    r.readString("$schema", schema);
    if (const Json *v = r.get("layout"); v && !v->is_object())
        ctx.error("layout", "expected an object, got " + compactJson(*v));

    if (r.require("duration") &&
        r.readDuration("duration", scenario.duration, DurationRule::Positive)) {
        if (scenario.duration > ScenarioLimits::maxDuration)
            ctx.error("duration", "expected a duration <= " +
                                      loader::durationText(ScenarioLimits::maxDuration) + ", got " +
                                      compactJson(*r.get("duration")));
        else
            ctx.setRunDuration(scenario.duration);
    }
    readSample(ctx, r, scenario);

    // Services first: everything after refers to them by name.
    if (r.require("services"))
        loader::readServices(ctx, *r.get("services"), scenario);
    if (const Json *v = r.get("network"))
        loader::readNetwork(ctx, *v, scenario);
    if (const Json *v = r.get("bus"))
        loader::readBus(ctx, *v, scenario);
    if (const Json *v = r.get("patterns"))
        ctx.vocabulary().readPatterns(ctx, *v, scenario, "patterns");
    if (const Json *v = r.get("domain"))
        loader::readDomain(ctx, *v, scenario);
    if (r.require("workload"))
        loader::readWorkload(ctx, *r.get("workload"), scenario);
    if (const Json *v = r.get("faults"))
        loader::readFaults(ctx, *v, scenario);
    if (const Json *v = r.get("narrative"))
        loader::readNarrative(ctx, *v, scenario);
    if (const Json *v = r.get("expect"))
        readExpectations(ctx, *v, scenario);
    if (const Json *v = r.get("run"))
        loader::readRun(ctx, *v, scenario);
}

} // namespace

bool isSummaryMetricPath(const std::string &metric)
{
    return isMetricPath(metric);
}

std::string LoadError::toString() const
{
    std::string out = file;
    if (line > 0)
        out += ":" + std::to_string(line) + ":" + std::to_string(column);
    out += ": ";
    if (!path.empty())
        out += path + ": ";
    return out + message;
}

LoadResult ScenarioLoader::loadFile(const std::string &path,
                                    const std::vector<ScenarioOverride> &overrides) const
{
    std::FILE *f = std::fopen(path.c_str(), "rb");
    if (!f)
        return fileError(path, std::string("cannot open the file: ") + std::strerror(errno));
    std::string text;
    char buffer[65536];
    std::size_t n = 0;
    // Read one byte past the limit at most, so a huge file costs no more than the limit.
    while (text.size() <= ScenarioLimits::maxFileBytes &&
           (n = std::fread(buffer, 1, sizeof buffer, f)) > 0)
        text.append(buffer, n);
    const bool failed = std::ferror(f) != 0;
    const int readErrno = errno;
    std::fclose(f);
    if (failed)
        return fileError(path, std::string("cannot read the file: ") + std::strerror(readErrno));
    if (text.size() > ScenarioLimits::maxFileBytes)
        return fileError(path, "the file is too large: more than " +
                                   std::to_string(ScenarioLimits::maxFileBytes) + " bytes");
    return loadText(text, path, overrides);
}

LoadResult ScenarioLoader::loadText(std::string_view text, const std::string &sourceName,
                                    const std::vector<ScenarioOverride> &overrides) const
{
    if (text.size() > ScenarioLimits::maxFileBytes)
        return fileError(sourceName, tooLargeMessage(text.size()));

    const JsonDocument doc = JsonDocument::parse(
        text, JsonParseLimits{ScenarioLimits::maxDepth, ScenarioLimits::maxStringBytes});
    LoaderContext ctx(doc, sourceName, m_vocabulary);
    for (const JsonIssue &issue : doc.issues())
        ctx.report(issue.pos, issue.path, issue.message);

    Scenario scenario;
    scenario.sourceName = sourceName;
    if (doc.parsed() && overrides.empty()) {
        readRoot(ctx, doc.root(), scenario);
    } else if (doc.parsed()) {
        // The file's positions stay valid for everything the overrides leave alone: they only
        // replace values or add object members, never shift array elements.
        Json root = doc.root();
        bool applied = true;
        for (const ScenarioOverride &o : overrides) {
            std::string changed = o.jsonPath();
            const std::string why = o.applyTo(root, &changed);
            ctx.addOverride(o, changed);
            if (!why.empty()) {
                ctx.error(o.jsonPath(), why);
                applied = false;
            }
            scenario.overrides.push_back(o.text());
        }
        if (applied)
            readRoot(ctx, root, scenario);
    }

    LoadResult result;
    result.errors = ctx.takeErrors();
    if (result.errors.empty())
        result.scenario = std::move(scenario);
    return result;
}

namespace loader {

namespace {

bool isDatabaseFileName(const std::string &name)
{
    if (name == ":memory:")
        return true;
    if (name.find("..") != std::string::npos)
        return false;
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
        if (!ok)
            return false;
    }
    auto endsWith = [&](std::string_view ext) {
        return name.size() > ext.size() &&
               name.compare(name.size() - ext.size(), ext.size(), ext) == 0;
    };
    return endsWith(".db") || endsWith(".sqlite");
}

/// Reads an array of topic names (no duplicates) into out.
void readTopics(LoaderContext &ctx, const Json &v, const std::string &path,
                std::vector<std::string> &out)
{
    const Json *topics = ctx.array(v, path, ScenarioLimits::maxTopics, "topics");
    if (!topics)
        return;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < topics->size(); ++i) {
        const std::string itemPath = JsonDocument::elementPath(path, i);
        const auto topic = ctx.string((*topics)[i], itemPath);
        if (!topic)
            continue;
        if (!isTopicName(*topic))
            ctx.error(itemPath, kTopicRule + std::string(", got ") + quoteText(*topic));
        else if (!seen.insert(*topic).second)
            ctx.error(itemPath, "duplicate topic " + quoteText(*topic));
        else
            out.push_back(*topic);
    }
}

/// JSON index of each accepted call, to point cycle errors at the right element.
using CallIndex = std::vector<std::pair<std::string, std::size_t>>;

ServiceSpec readService(LoaderContext &ctx, const Json &v, const std::string &path,
                        CallIndex &callIndex)
{
    ServiceSpec spec;
    spec.pos = ctx.pos(path);
    ObjectReader r(ctx, v, path);
    if (!r.valid())
        return spec;
    r.allowOnly(KnownKeys::service);
    if (r.require("name"))
        r.readString("name", spec.name); // checked as an identifier in readServices
    if (const Json *role = r.get("role")) {
        const KeyList roles = ctx.vocabulary().roles();
        if (const auto i = ctx.choice(*role, r.pathOf("role"), "role", roles))
            spec.role = std::string(roles[*i]);
    }
    r.readInteger("workers", spec.workers, 1, ScenarioLimits::maxWorkers);
    r.readDistribution("processing", spec.processing);
    r.readProbability("failure_rate", spec.failureRate);
    r.readEnum("fanout", spec.fanout, "fanout",
               {{"parallel", ServiceSpec::Fanout::Parallel},
                {"sequential", ServiceSpec::Fanout::Sequential}});
    if (const Json *calls = r.get("calls")) {
        const std::string callsPath = r.pathOf("calls");
        if (const Json *list = ctx.array(*calls, callsPath, ScenarioLimits::maxCalls, "calls")) {
            std::set<std::string> seen;
            for (std::size_t i = 0; i < list->size(); ++i) {
                const std::string itemPath = JsonDocument::elementPath(callsPath, i);
                const auto callee = ctx.string((*list)[i], itemPath);
                if (!callee)
                    continue;
                if (*callee == spec.name)
                    ctx.error(itemPath, "a service cannot call itself");
                else if (!seen.insert(*callee).second)
                    ctx.error(itemPath, "duplicate call to " + quoteText(*callee));
                else if (ctx.checkServiceRef(*callee, itemPath)) {
                    spec.calls.push_back(*callee);
                    callIndex.emplace_back(*callee, i);
                }
            }
        }
    }
    if (r.readString("publishes", spec.publishes) && !isTopicName(spec.publishes))
        ctx.error(r.pathOf("publishes"),
                  kTopicRule + std::string(", got ") + quoteText(spec.publishes));
    if (const Json *subscribes = r.get("subscribes"))
        readTopics(ctx, *subscribes, r.pathOf("subscribes"), spec.subscribes);
    if (r.readString("database", spec.database) && !isDatabaseFileName(spec.database))
        ctx.error(r.pathOf("database"),
                  "expected \":memory:\" or a plain file name ending in .db or .sqlite (letters, "
                  "digits, \"_\", \".\" and \"-\"; no folders), got " +
                      quoteText(spec.database));
    return spec;
}

/// Reports each cycle of "calls" once, at the call that closes it.
void checkCallCycles(LoaderContext &ctx, const std::vector<ServiceSpec> &services,
                     const std::vector<CallIndex> &calls)
{
    std::map<std::string, std::size_t> indexOf;
    for (std::size_t i = 0; i < services.size(); ++i)
        indexOf.emplace(services[i].name, i);
    enum class Mark { New, OnStack, Done };
    std::vector<Mark> mark(services.size(), Mark::New);
    std::vector<std::size_t> stack;
    // Depth is bounded by maxServices, so recursion is safe.
    auto visit = [&](auto &self, std::size_t u) -> void {
        mark[u] = Mark::OnStack;
        stack.push_back(u);
        for (const auto &[callee, jsonIndex] : calls[u]) {
            const auto it = indexOf.find(callee);
            if (it == indexOf.end())
                continue;
            const std::size_t v = it->second;
            if (mark[v] == Mark::OnStack) {
                std::string cycle;
                auto from = std::find(stack.begin(), stack.end(), v);
                for (auto s = from; s != stack.end(); ++s)
                    cycle += services[*s].name + " -> ";
                cycle += services[v].name;
                ctx.error("services[" + std::to_string(u) + "].calls[" + std::to_string(jsonIndex) +
                              "]",
                          "call cycle " + cycle + ": a request would never finish");
            } else if (mark[v] == Mark::New) {
                self(self, v);
            }
        }
        stack.pop_back();
        mark[u] = Mark::Done;
    };
    for (std::size_t i = 0; i < services.size(); ++i)
        if (mark[i] == Mark::New)
            visit(visit, i);
}

} // namespace

void readServices(LoaderContext &ctx, const Json &value, Scenario &scenario)
{
    const Json *list = ctx.array(value, "services", ScenarioLimits::maxServices, "services");
    if (!list)
        return;
    if (list->empty())
        ctx.error("services", "expected at least one service");

    // Names first, so that calls may refer to services defined further down.
    std::vector<std::string> valid;
    std::set<std::string> declared;
    std::map<std::string, std::size_t> firstIndex;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const Json &item = (*list)[i];
        if (!item.is_object() || !item.contains("name") || !item["name"].is_string())
            continue;
        const std::string name = item["name"].get<std::string>();
        const std::string path = "services[" + std::to_string(i) + "].name";
        declared.insert(name);
        if (!isServiceName(name)) {
            ctx.error(path, "expected a service name: a letter, then up to 63 letters, digits, "
                            "\"_\" or \"-\", got " +
                                quoteText(name));
        } else if (name == "bus" || name == "client") {
            ctx.error(path, quoteText(name) + " is a reserved name; choose another service name");
        } else if (const auto [it, inserted] = firstIndex.emplace(name, i); !inserted) {
            ctx.error(path, "duplicate service name " + quoteText(name) + " (services[" +
                                std::to_string(it->second) + "] has it already)");
        } else {
            valid.push_back(name);
        }
    }
    ctx.setServiceNames(valid, declared);

    std::vector<CallIndex> calls(list->size());
    for (std::size_t i = 0; i < list->size(); ++i)
        scenario.services.push_back(
            readService(ctx, (*list)[i], "services[" + std::to_string(i) + "]", calls[i]));
    checkCallCycles(ctx, scenario.services, calls);
}

void readNetwork(LoaderContext &ctx, const Json &value, Scenario &scenario)
{
    NetworkSpec &net = scenario.network;
    ObjectReader r(ctx, value, "network");
    r.allowOnly(KnownKeys::network);
    r.readDistribution("latency", net.latency);
    r.readProbability("drop", net.drop);
    r.readDuration("timeout", net.timeout, DurationRule::Positive);
    r.readInteger("retries", net.retries, 0, 10);
    const Json *links = r.get("links");
    if (!links || !(links = ctx.array(*links, "network.links", ScenarioLimits::maxLinks, "links")))
        return;
    std::map<std::pair<std::string, std::string>, std::size_t> seen;
    for (std::size_t i = 0; i < links->size(); ++i) {
        const std::string path = "network.links[" + std::to_string(i) + "]";
        LinkSpec link;
        link.pos = ctx.pos(path);
        ObjectReader l(ctx, (*links)[i], path);
        if (!l.valid())
            continue;
        l.allowOnly(KnownKeys::link);
        // Both ends are checked even when the first is wrong, to report both at once.
        const bool hasFrom = l.require("from") && l.readString("from", link.from) &&
                             ctx.checkServiceRef(link.from, l.pathOf("from"));
        const bool hasTo = l.require("to") && l.readString("to", link.to) &&
                           ctx.checkServiceRef(link.to, l.pathOf("to"));
        const bool ends = hasFrom && hasTo;
        if (ends && link.from == link.to) {
            ctx.error(l.pathOf("to"),
                      "a link needs two different services, got " + quoteText(link.to) + " twice");
        } else if (ends) {
            const auto [it, inserted] = seen.emplace(std::pair(link.from, link.to), i);
            if (!inserted)
                ctx.error(path, "duplicate link " + link.from + "->" + link.to +
                                    " (network.links[" + std::to_string(it->second) +
                                    "] has it already)");
        }
        Distribution latency;
        if (l.readDistribution("latency", latency))
            link.latency = latency;
        double drop = 0;
        if (l.readProbability("drop", drop))
            link.drop = drop;
        net.links.push_back(std::move(link));
    }
}

void readBus(LoaderContext &ctx, const Json &value, Scenario &scenario)
{
    BusSpec &bus = scenario.bus;
    ObjectReader r(ctx, value, "bus");
    r.allowOnly(KnownKeys::bus);
    r.readDistribution("latency", bus.latency);
    r.readProbability("drop", bus.drop);
    r.readProbability("duplicate", bus.duplicate);
    r.readProbability("reorder", bus.reorder);
    r.readDistribution("reorder_delay", bus.reorderDelay);
    r.readEnum("delivery", bus.delivery, "delivery",
               {{"at-most-once", BusSpec::Delivery::AtMostOnce},
                {"at-least-once", BusSpec::Delivery::AtLeastOnce}});
    r.readDuration("redelivery_after", bus.redeliveryAfter, DurationRule::Positive);
    r.readEnum("ordering", bus.ordering, "ordering",
               {{"per-key", BusSpec::Ordering::PerKey}, {"none", BusSpec::Ordering::None}});
    r.readEnum("when_down", bus.whenDown, "when_down",
               {{"hold", BusSpec::WhenDown::Hold}, {"lose", BusSpec::WhenDown::Lose}});
}

} // namespace loader

} // namespace dplab
