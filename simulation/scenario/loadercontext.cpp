#include "simulation/scenario/loadercontext.h"

#include "simulation/scenario/didyoumean.h"
#include "simulation/scenario/overrides.h"

#include <algorithm>
#include <cmath>

namespace dplab::loader {

namespace {

// A broken file can produce an error per value; past these, more messages only bury the first.
constexpr std::size_t kMaxCollected = 250;
constexpr std::size_t kMaxReported = 100;

std::string got(const Json &v)
{
    return ", got " + compactJson(v);
}

std::string joined(const KeyList &names)
{
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0)
            out += i + 1 == names.size() ? " or " : ", ";
        out += names[i];
    }
    return out;
}

bool isAsciiLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool isAsciiDigit(char c)
{
    return c >= '0' && c <= '9';
}

} // namespace

const KeyList KnownKeys::root = {"$schema",  "dplab",  "name",     "description", "seed",
                                 "duration", "sample", "services", "network",     "bus",
                                 "patterns", "domain", "workload", "faults",      "narrative",
                                 "expect",   "layout", "run"};
const KeyList KnownKeys::run = {"interventions", "playhead", "bookmarks"};
const KeyList KnownKeys::intervention = {"step", "at", "fault", "end_fault"};
const KeyList KnownKeys::bookmark = {"event", "name"};
const KeyList KnownKeys::service = {"name",  "role",   "workers",   "processing", "failure_rate",
                                    "calls", "fanout", "publishes", "subscribes", "database"};
const KeyList KnownKeys::network = {"latency", "drop", "timeout", "retries", "links"};
const KeyList KnownKeys::link = {"from", "to", "latency", "drop"};
const KeyList KnownKeys::bus = {"latency",  "drop",          "duplicate",
                                "reorder",  "reorder_delay", "delivery",
                                "ordering", "when_down",     "redelivery_after"};
const KeyList KnownKeys::domain = {"customers", "products", "stock"};
const KeyList KnownKeys::workload = {"operation", "rate",    "arrival", "keys", "start",
                                     "stop",      "timeout", "target",  "topic"};
const KeyList KnownKeys::keys = {"dist", "n", "s"};
const KeyList KnownKeys::fault = {"kind",          "at",     "for",     "between",
                                  "service",       "target", "latency", "probability",
                                  "restart_after", "table",  "column",  "rename_to"};
const KeyList KnownKeys::narrative = {"at",      "text",   "pause", "choices", "answer",
                                      "chart",   "select", "table", "figure",  "speed",
                                      "explain", "follow", "try",   "evidence"};
const KeyList KnownKeys::narrativeTry = {"label", "patterns", "fault"};
const KeyList KnownKeys::narrativeEvidence = {"check", "entity"};
const KeyList KnownKeys::expect = {"metric", "op", "value", "tolerance", "check", "ok"};
const KeyList KnownKeys::distribution = {"dist", "value",  "min",    "max",
                                         "mean", "stddev", "median", "p99"};

std::string quoteText(std::string_view text)
{
    return compactJson(Json(std::string(text)), 60);
}

std::string durationText(SimTime t)
{
    if (t > 0 && t % kHour == 0)
        return std::to_string(t / kHour) + "h";
    return formatDuration(t);
}

bool isServiceName(std::string_view name)
{
    if (name.empty() || name.size() > 64 || !isAsciiLetter(name.front()))
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return isAsciiLetter(c) || isAsciiDigit(c) || c == '_' || c == '-';
    });
}

bool isTopicName(std::string_view name)
{
    if (name.empty() || name.size() > 64 || !(name.front() >= 'a' && name.front() <= 'z'))
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || isAsciiDigit(c) || c == '_' || c == '.' || c == '-';
    });
}

bool isSqlIdentifier(std::string_view name)
{
    if (name.empty() || name.size() > 64 || !(isAsciiLetter(name.front()) || name.front() == '_'))
        return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return isAsciiLetter(c) || isAsciiDigit(c) || c == '_'; });
}

LoaderContext::LoaderContext(const JsonDocument &doc, std::string file,
                             const ScenarioVocabulary &vocabulary)
    : m_doc(doc)
    , m_file(std::move(file))
    , m_vocabulary(vocabulary)
{}

void LoaderContext::error(const std::string &path, std::string message)
{
    if (m_errors.size() >= kMaxCollected)
        return;
    m_errors.push_back(located(path, m_doc.valuePos(path), std::move(message)));
}

void LoaderContext::errorAtKey(const std::string &path, std::string message)
{
    if (m_errors.size() >= kMaxCollected)
        return;
    m_errors.push_back(located(path, m_doc.keyPos(path), std::move(message)));
}

SourcePos LoaderContext::pos(const std::string &path) const
{
    return overrideAt(path) ? SourcePos{} : m_doc.valuePos(path);
}

void LoaderContext::addOverride(const ScenarioOverride &o, std::string path)
{
    m_overrides.push_back({std::move(path), o.jsonPath(), o.path()});
}

const LoaderContext::Override *LoaderContext::overrideAt(const std::string &path) const
{
    for (auto it = m_overrides.rbegin(); it != m_overrides.rend(); ++it)
        if (jsonPathWithin(path, it->path))
            return &*it;
    return nullptr;
}

LoadError LoaderContext::located(const std::string &path, SourcePos filePos,
                                 std::string message) const
{
    // A value given on the command line has no line in the file; name the --set instead.
    if (const Override *o = overrideAt(path))
        return {m_file, 0, 0, "--set " + o->shownAs + (path == o->setPath ? "" : ": " + path),
                std::move(message)};
    return {m_file, filePos.line, filePos.column, path, std::move(message)};
}

bool LoaderContext::full() const
{
    return m_errors.size() >= kMaxCollected;
}

void LoaderContext::report(SourcePos pos, const std::string &path, std::string message)
{
    if (m_errors.size() >= kMaxCollected)
        return;
    m_errors.push_back({m_file, pos.line, pos.column, path, std::move(message)});
}

std::vector<LoadError> LoaderContext::takeErrors()
{
    // Reading order differs from file order (services are read first for the references);
    // users read messages top to bottom, so sort them by position.
    std::stable_sort(m_errors.begin(), m_errors.end(), [](const LoadError &a, const LoadError &b) {
        const bool aPlaced = a.line > 0, bPlaced = b.line > 0;
        if (aPlaced != bPlaced)
            return aPlaced;
        return std::pair(a.line, a.column) < std::pair(b.line, b.column);
    });
    if (m_errors.size() > kMaxReported) {
        m_errors.resize(kMaxReported);
        m_errors.push_back(
            {m_file,
             0,
             0,
             {},
             "too many errors; only the first " + std::to_string(kMaxReported) + " are shown"});
    }
    return std::move(m_errors);
}

void LoaderContext::setServiceNames(std::vector<std::string> valid, std::set<std::string> declared)
{
    m_servicesKnown = true;
    m_validServices = std::move(valid);
    m_declaredServices = std::move(declared);
}

bool LoaderContext::checkServiceRef(const std::string &name, const std::string &path,
                                    std::string_view what)
{
    if (!m_servicesKnown || m_declaredServices.count(name))
        return true;
    KeyList candidates(m_validServices.begin(), m_validServices.end());
    error(path, "unknown service " + quoteText(name) +
                    (what.empty() ? "" : " " + std::string(what)) + didYouMean(name, candidates));
    return false;
}

std::optional<std::string> LoaderContext::string(const Json &v, const std::string &path)
{
    if (!v.is_string()) {
        error(path, "expected a string" + got(v));
        return std::nullopt;
    }
    return v.get<std::string>();
}

std::optional<std::string> LoaderContext::nonEmptyString(const Json &v, const std::string &path)
{
    if (!v.is_string() || v.get_ref<const std::string &>().empty()) {
        error(path, "expected a non-empty string" + got(v));
        return std::nullopt;
    }
    return v.get<std::string>();
}

std::optional<bool> LoaderContext::boolean(const Json &v, const std::string &path)
{
    if (!v.is_boolean()) {
        error(path, "expected true or false" + got(v));
        return std::nullopt;
    }
    return v.get<bool>();
}

std::optional<double> LoaderContext::number(const Json &v, const std::string &path)
{
    if (!v.is_number()) {
        error(path, "expected a number" + got(v));
        return std::nullopt;
    }
    return v.get<double>();
}

std::optional<std::int64_t> LoaderContext::integer(const Json &v, const std::string &path,
                                                   std::int64_t min, std::int64_t max)
{
    const std::string expected = min == 1 ? "expected a positive integer" : "expected an integer";
    if (!v.is_number()) {
        error(path, expected + got(v));
        return std::nullopt;
    }
    const double d = v.get<double>();
    if (v.is_number_float() && std::floor(d) != d) {
        error(path, expected + got(v));
        return std::nullopt;
    }
    bool inRange = d >= static_cast<double>(min) && d <= static_cast<double>(max);
    std::int64_t n = 0;
    if (inRange) {
        if (v.is_number_unsigned())
            n = static_cast<std::int64_t>(v.get<std::uint64_t>());
        else if (v.is_number_integer())
            n = v.get<std::int64_t>();
        else
            n = static_cast<std::int64_t>(std::llround(d));
        // The double comparison can round at the extremes; check the exact value too.
        inRange = n >= min && n <= max;
    }
    if (!inRange) {
        if (d < static_cast<double>(min) && min == 1)
            error(path, "expected a positive integer" + got(v));
        else if (max == INT64_MAX)
            error(path, "expected an integer >= " + std::to_string(min) + got(v));
        else
            error(path, "expected an integer between " + std::to_string(min) + " and " +
                            std::to_string(max) + got(v));
        return std::nullopt;
    }
    return n;
}

std::optional<double> LoaderContext::probability(const Json &v, const std::string &path)
{
    if (!v.is_number() || !(v.get<double>() >= 0.0 && v.get<double>() <= 1.0)) {
        error(path, "expected a probability between 0 and 1" + got(v));
        return std::nullopt;
    }
    return v.get<double>();
}

std::optional<SimTime> LoaderContext::duration(const Json &v, const std::string &path,
                                               DurationRule rule)
{
    std::optional<SimTime> t;
    std::string why;
    if (v.is_string()) {
        const std::string &text = v.get_ref<const std::string &>();
        const auto first = text.find_first_not_of(' ');
        if (first != std::string::npos && text[first] == '-') {
            error(path, "expected a duration >= 0" + got(v));
            return std::nullopt;
        }
        t = parseDuration(text, &why);
        if (!t) {
            // parseDuration's message quotes the whole text; keep long values short.
            if (text.size() > 40)
                why =
                    "expected a duration such as \"250us\", \"4ms\", \"2s\" or \"1.5min\"" + got(v);
            error(path, why);
            return std::nullopt;
        }
    } else if (v.is_number()) {
        if (v.get<double>() < 0) {
            error(path, "expected a duration >= 0" + got(v));
            return std::nullopt;
        }
        t = durationFromMilliseconds(v.get<double>(), &why);
        if (!t) {
            error(path, why + got(v));
            return std::nullopt;
        }
    } else {
        error(path, "expected a duration such as \"4ms\" or a number of milliseconds" + got(v));
        return std::nullopt;
    }
    if (rule == DurationRule::Positive && *t <= 0) {
        error(path, "expected a duration > 0" + got(v));
        return std::nullopt;
    }
    return t;
}

std::optional<Distribution> LoaderContext::distribution(const Json &v, const std::string &path)
{
    if (v.is_string() || v.is_number()) {
        const auto t = duration(v, path, DurationRule::NonNegative);
        return t ? std::optional(Distribution::constant(*t)) : std::nullopt;
    }
    if (!v.is_object()) {
        error(path, "expected a duration or a distribution object such as {\"dist\": "
                    "\"exponential\", \"mean\": \"4ms\"}" +
                        got(v));
        return std::nullopt;
    }
    static const KeyList kinds = {"constant", "uniform", "exponential", "normal", "lognormal"};
    static const std::vector<KeyList> params = {
        {"value"}, {"min", "max"}, {"mean"}, {"mean", "stddev"}, {"median", "p99"}};
    const KeyList &allKeys = KnownKeys::distribution;

    ObjectReader r(*this, v, path);
    std::optional<std::size_t> kind;
    if (const Json *d = r.get("dist"))
        kind = choice(*d, r.pathOf("dist"), "distribution", kinds);
    else
        r.require("dist", "one of constant, uniform, exponential, normal or lognormal");
    if (!kind) {
        r.allowOnly(allKeys);
        return std::nullopt;
    }
    KeyList allowed = {"dist"};
    for (std::string_view p : params[*kind])
        allowed.push_back(p);
    r.allowOnly(allowed, allKeys, "a " + std::string(kinds[*kind]) + " distribution");

    bool ok = true;
    auto param = [&](std::string_view key, DurationRule rule) -> SimTime {
        SimTime t = 0;
        if (!r.require(key) || !r.readDuration(key, t, rule))
            ok = false;
        return t;
    };
    auto order = [&](std::string_view low, SimTime lowValue, std::string_view high,
                     SimTime highValue) {
        if (ok && highValue < lowValue) {
            error(r.pathOf(high), "expected \"" + std::string(high) + "\" >= \"" +
                                      std::string(low) + "\" (" + durationText(lowValue) + ")" +
                                      got(*r.get(high)));
            ok = false;
        }
    };
    Distribution dist;
    switch (*kind) {
    case 0:
        dist = Distribution::constant(param("value", DurationRule::NonNegative));
        break;
    case 1: {
        const SimTime lo = param("min", DurationRule::NonNegative);
        const SimTime hi = param("max", DurationRule::NonNegative);
        order("min", lo, "max", hi);
        dist = Distribution::uniform(lo, hi);
        break;
    }
    case 2:
        dist = Distribution::exponential(param("mean", DurationRule::Positive));
        break;
    case 3: {
        const SimTime mean = param("mean", DurationRule::NonNegative);
        dist = Distribution::normal(mean, param("stddev", DurationRule::NonNegative));
        break;
    }
    default: {
        const SimTime median = param("median", DurationRule::Positive);
        const SimTime p99 = param("p99", DurationRule::Positive);
        order("median", median, "p99", p99);
        dist = Distribution::lognormal(median, p99);
        break;
    }
    }
    return ok ? std::optional(dist) : std::nullopt;
}

std::optional<std::size_t> LoaderContext::choice(const Json &v, const std::string &path,
                                                 std::string_view noun, const KeyList &names)
{
    if (!v.is_string()) {
        error(path, "expected one of " + joined(names) + got(v));
        return std::nullopt;
    }
    const std::string &s = v.get_ref<const std::string &>();
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == s)
            return i;
    std::string hint = didYouMean(s, names);
    if (hint.empty())
        hint = "; expected " + joined(names);
    error(path, "unknown " + std::string(noun) + " " + quoteText(s) + hint);
    return std::nullopt;
}

const Json *LoaderContext::array(const Json &v, const std::string &path, std::size_t limit,
                                 std::string_view itemNoun)
{
    if (!v.is_array()) {
        error(path, "expected an array" + got(v));
        return nullptr;
    }
    if (v.size() > limit) {
        error(path, "too many " + std::string(itemNoun) + ": " + std::to_string(v.size()) +
                        " (the limit is " + std::to_string(limit) + ")");
        return nullptr;
    }
    return &v;
}

ObjectReader::ObjectReader(LoaderContext &ctx, const Json &value, std::string path)
    : m_ctx(ctx)
    , m_path(std::move(path))
{
    if (value.is_object())
        m_object = &value;
    else
        ctx.error(m_path, "expected an object" + got(value));
}

const Json *ObjectReader::get(std::string_view key) const
{
    if (!m_object)
        return nullptr;
    const auto it = m_object->find(std::string(key));
    return it == m_object->end() ? nullptr : &*it;
}

std::string ObjectReader::pathOf(std::string_view key) const
{
    return JsonDocument::memberPath(m_path, key);
}

void ObjectReader::allowOnly(const KeyList &allowed, const KeyList &otherKnown,
                             const std::string &context)
{
    if (!m_object)
        return;
    for (auto it = m_object->begin(); it != m_object->end() && !m_ctx.full(); ++it) {
        const std::string &key = it.key();
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end())
            continue;
        if (std::find(otherKnown.begin(), otherKnown.end(), key) != otherKnown.end())
            m_ctx.errorAtKey(pathOf(key),
                             "key " + quoteText(key) + " does not apply to " + context);
        else
            m_ctx.errorAtKey(pathOf(key),
                             "unknown key " + quoteText(key) + didYouMean(key, allowed));
    }
}

bool ObjectReader::require(std::string_view key, const std::string &reason)
{
    if (!m_object)
        return false;
    if (has(key))
        return true;
    m_ctx.error(m_path, "missing required key " + quoteText(key) +
                            (reason.empty() ? std::string() : " (" + reason + ")"));
    return false;
}

bool ObjectReader::readString(std::string_view key, std::string &out)
{
    const Json *v = get(key);
    const auto s = v ? m_ctx.string(*v, pathOf(key)) : std::nullopt;
    if (s)
        out = *s;
    return s.has_value();
}

bool ObjectReader::readNonEmptyString(std::string_view key, std::string &out)
{
    const Json *v = get(key);
    const auto s = v ? m_ctx.nonEmptyString(*v, pathOf(key)) : std::nullopt;
    if (s)
        out = *s;
    return s.has_value();
}

bool ObjectReader::readBool(std::string_view key, bool &out)
{
    const Json *v = get(key);
    const auto b = v ? m_ctx.boolean(*v, pathOf(key)) : std::nullopt;
    if (b)
        out = *b;
    return b.has_value();
}

bool ObjectReader::readNumber(std::string_view key, double &out)
{
    const Json *v = get(key);
    const auto n = v ? m_ctx.number(*v, pathOf(key)) : std::nullopt;
    if (n)
        out = *n;
    return n.has_value();
}

bool ObjectReader::readProbability(std::string_view key, double &out)
{
    const Json *v = get(key);
    const auto p = v ? m_ctx.probability(*v, pathOf(key)) : std::nullopt;
    if (p)
        out = *p;
    return p.has_value();
}

bool ObjectReader::readDuration(std::string_view key, SimTime &out, DurationRule rule)
{
    const Json *v = get(key);
    const auto t = v ? m_ctx.duration(*v, pathOf(key), rule) : std::nullopt;
    if (t)
        out = *t;
    return t.has_value();
}

bool ObjectReader::readDistribution(std::string_view key, Distribution &out)
{
    const Json *v = get(key);
    const auto d = v ? m_ctx.distribution(*v, pathOf(key)) : std::nullopt;
    if (d)
        out = *d;
    return d.has_value();
}

} // namespace dplab::loader
