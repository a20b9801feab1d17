#include "patterns/comparison.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

namespace dplab {

namespace {

using Json = nlohmann::ordered_json;

/// A leaf of a summary section: its path below the section and its value.
using Leaves = std::vector<std::pair<std::string, Json>>;

void flatten(const Json &node, const std::string &prefix, Leaves *out)
{
    if (node.is_object()) {
        for (const auto &[k, v] : node.items())
            flatten(v, prefix.empty() ? k : prefix + "." + k, out);
    } else if (node.is_number() || node.is_boolean() || node.is_string()) {
        out->emplace_back(prefix, node);
    }
    // Arrays (fault lists, rebuild logs) are listings, not figures to compare.
}

ComparisonValue valueOf(const Json *leaf)
{
    ComparisonValue v;
    if (!leaf)
        return v;
    v.present = true;
    if (leaf->is_number()) {
        v.number = leaf->get<double>();
        v.text = formatComparisonNumber(*v.number);
    } else if (leaf->is_boolean()) {
        v.number = leaf->get<bool>() ? 1 : 0;
        v.text = leaf->get<bool>() ? "true" : "false";
    } else {
        v.text = leaf->get<std::string>();
    }
    return v;
}

std::string signedNumber(double v)
{
    return (v > 0 ? "+" : "") + formatComparisonNumber(v);
}

ComparisonRow makeRow(std::string section, std::string key, std::string label, ComparisonValue a,
                      ComparisonValue b, bool isCheck = false)
{
    ComparisonRow r;
    r.section = std::move(section);
    r.key = std::move(key);
    r.label = std::move(label);
    r.a = std::move(a);
    r.b = std::move(b);
    r.notable = isNotableChange(r.a, r.b);
    if (r.a.present != r.b.present) {
        r.change = r.a.present ? "only in A" : "only in B";
    } else if (r.a.number && r.b.number && !isCheck && r.a.text != "true" && r.a.text != "false") {
        r.delta = *r.b.number - *r.a.number;
        if (*r.a.number != 0)
            r.relative = *r.delta / std::fabs(*r.a.number);
        if (*r.delta != 0) {
            r.change = signedNumber(*r.delta);
            if (r.relative) {
                char pct[32];
                std::snprintf(pct, sizeof pct, " (%+.1f%%)", *r.relative * 100);
                r.change += pct;
            }
        }
    } else if (r.a.text != r.b.text) {
        r.change = r.a.text + " → " + r.b.text;
    }
    return r;
}

const Json *member(const Json &parent, const std::string &key)
{
    if (!parent.is_object())
        return nullptr;
    auto it = parent.find(key);
    return it == parent.end() ? nullptr : &*it;
}

const Json *leafAt(const Leaves &leaves, const std::string &path)
{
    for (const auto &[p, v] : leaves)
        if (p == path)
            return &v;
    return nullptr;
}

/// Keys of two objects: A's in order, then those only B has.
std::vector<std::string> unionKeys(const Json *a, const Json *b)
{
    std::vector<std::string> keys;
    for (const Json *o : {a, b}) {
        if (!o || !o->is_object())
            continue;
        for (const auto &[k, v] : o->items())
            if (std::find(keys.begin(), keys.end(), k) == keys.end())
                keys.push_back(k);
    }
    return keys;
}

/// Every leaf of one section of both summaries, flattened.
void addSection(std::vector<ComparisonRow> &rows, const std::string &title, const std::string &key,
                const Json &a, const Json &b)
{
    const Json *sa = member(a, key), *sb = member(b, key);
    if (!sa && !sb)
        return;
    Leaves la, lb;
    if (sa)
        flatten(*sa, "", &la);
    if (sb)
        flatten(*sb, "", &lb);
    std::vector<std::string> paths;
    for (const Leaves *l : {&la, &lb})
        for (const auto &[p, v] : *l)
            if (std::find(paths.begin(), paths.end(), p) == paths.end())
                paths.push_back(p);
    for (const std::string &p : paths)
        rows.push_back(
            makeRow(title, key + "." + p, p, valueOf(leafAt(la, p)), valueOf(leafAt(lb, p))));
}

/// Chosen figures of each member of an object section (operations, services).
void addPerMember(std::vector<ComparisonRow> &rows, const std::string &title,
                  const std::string &key, const Json &a, const Json &b,
                  const std::vector<std::pair<std::string, std::string>> &figures)
{
    const Json *sa = member(a, key), *sb = member(b, key);
    for (const std::string &name : unionKeys(sa, sb)) {
        const Json *ma = sa ? member(*sa, name) : nullptr;
        const Json *mb = sb ? member(*sb, name) : nullptr;
        for (const auto &[path, label] : figures) {
            Leaves la, lb;
            if (ma)
                flatten(*ma, "", &la);
            if (mb)
                flatten(*mb, "", &lb);
            const Json *va = leafAt(la, path), *vb = leafAt(lb, path);
            if (!va && !vb)
                continue;
            rows.push_back(makeRow(title, key + "." + name + "." + path, name + " " + label,
                                   valueOf(va), valueOf(vb)));
        }
    }
}

ComparisonValue checkValue(const Json *check)
{
    ComparisonValue v;
    if (!check)
        return v;
    v.present = true;
    const bool ok = check->value("ok", false);
    v.number = ok ? 1 : 0;
    v.text = ok ? "ok" : "FAIL";
    return v;
}

const Json *checkById(const Json &summary, const std::string &id)
{
    const Json *checks = member(summary, "checks");
    if (!checks || !checks->is_array())
        return nullptr;
    for (const Json &c : *checks)
        if (c.value("id", std::string()) == id)
            return &c;
    return nullptr;
}

void addChecks(std::vector<ComparisonRow> &rows, const Json &a, const Json &b)
{
    std::vector<std::string> ids;
    for (const Json *s : {&a, &b}) {
        const Json *checks = member(*s, "checks");
        if (!checks || !checks->is_array())
            continue;
        for (const Json &c : *checks) {
            const std::string id = c.value("id", std::string());
            // The scenario's expectations judge the file as written, not a variant of it.
            if (id.empty() || id.rfind("expect[", 0) == 0)
                continue;
            if (std::find(ids.begin(), ids.end(), id) == ids.end())
                ids.push_back(id);
        }
    }
    for (const std::string &id : ids) {
        const Json *ca = checkById(a, id), *cb = checkById(b, id);
        const std::string name = (ca ? ca : cb)->value("name", id);
        rows.push_back(
            makeRow("Checks", "checks." + id, name, checkValue(ca), checkValue(cb), true));
    }
}

bool isKnownSection(const std::string &key)
{
    static const char *const kKnown[] = {"scenario",    "file",   "seed",        "simulated_s",
                                         "events",      "wall_s", "operations",  "bus",
                                         "consistency", "sagas",  "composition", "data",
                                         "services",    "faults", "checks",      "overrides"};
    return std::any_of(std::begin(kKnown), std::end(kKnown),
                       [&](const char *k) { return key == k; });
}

} // namespace

std::string formatComparisonNumber(double value)
{
    if (std::isnan(value))
        return "nan";
    if (value == std::floor(value) && std::fabs(value) < 1e15) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0f", value);
        return buf;
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3f", value);
    std::string s = buf;
    while (!s.empty() && s.back() == '0')
        s.pop_back();
    if (!s.empty() && s.back() == '.')
        s.pop_back();
    return s == "-0" ? "0" : s;
}

bool isNotableChange(const ComparisonValue &a, const ComparisonValue &b)
{
    if (a.present != b.present)
        return true;
    if (!a.present)
        return false;
    if (!a.number || !b.number)
        return a.text != b.text;
    const double x = *a.number, y = *b.number;
    if (x == y)
        return false;
    if (x == 0 || y == 0)
        return true;
    return std::fabs(y - x) / std::max(std::fabs(x), std::fabs(y)) > kNotableRelativeChange;
}

std::vector<ComparisonRow> compareSummaries(const Json &a, const Json &b)
{
    std::vector<ComparisonRow> rows;
    const auto top = [&](const char *key, const char *label) {
        const Json *va = member(a, key), *vb = member(b, key);
        if (va || vb)
            rows.push_back(makeRow("Run", key, label, valueOf(va), valueOf(vb)));
    };
    top("seed", "seed");
    top("simulated_s", "simulated (s)");
    top("events", "events");

    addPerMember(rows, "Operations", "operations", a, b,
                 {{"count", "count"},
                  {"ok", "ok"},
                  {"failed", "failed"},
                  {"latency_ms.p50", "p50 (ms)"},
                  {"latency_ms.p99", "p99 (ms)"}});
    addSection(rows, "Bus", "bus", a, b);
    addSection(rows, "Consistency", "consistency", a, b);
    addSection(rows, "Sagas", "sagas", a, b);
    addSection(rows, "Composition", "composition", a, b);
    addSection(rows, "Data access", "data", a, b);
    // Pattern sections (read_model, outbox, replication, consumers...): whatever they report.
    for (const std::string &key : unionKeys(&a, &b)) {
        if (isKnownSection(key))
            continue;
        const Json *va = member(a, key), *vb = member(b, key);
        if ((va && va->is_object()) || (vb && vb->is_object()))
            addSection(rows, key, key, a, b);
    }
    addPerMember(rows, "Services", "services", a, b,
                 {{"processed", "processed"},
                  {"utilization", "utilization"},
                  {"max_queue", "max queue"},
                  {"commits", "commits"},
                  {"crashes", "crashes"},
                  {"lost_in_crash", "lost in crash"}});
    addChecks(rows, a, b);
    return rows;
}

std::vector<const ComparisonRow *> notableRows(const std::vector<ComparisonRow> &rows)
{
    // Flipped checks first, then changes in kind (a figure that leaves or reaches 0, a text
    // that differs), then figures only one variant has, then the others by how far they moved;
    // ties keep the order of the tables.
    auto rank = [](const ComparisonRow &r) {
        if (r.section == "Checks")
            return 0;
        if (r.a.present != r.b.present)
            return 2; // a section only one variant has: its figures come after the real moves
        if (!r.delta || !r.relative || *r.a.number == 0 || *r.b.number == 0)
            return 1;
        return 3;
    };
    auto moved = [](const ComparisonRow &r) {
        const double x = std::fabs(*r.a.number), y = std::fabs(*r.b.number);
        return std::fabs(*r.delta) / std::max(x, y);
    };
    std::vector<const ComparisonRow *> out;
    for (const ComparisonRow &r : rows)
        if (r.notable)
            out.push_back(&r);
    std::stable_sort(out.begin(), out.end(), [&](const ComparisonRow *x, const ComparisonRow *y) {
        const int rx = rank(*x), ry = rank(*y);
        if (rx != ry)
            return rx < ry;
        return rx == 3 && moved(*x) > moved(*y);
    });
    return out;
}

int betterDirection(const ComparisonRow &row)
{
    if (row.section == "Checks")
        return +1; // 1 = ok, 0 = FAIL
    const std::string &key = row.key;
    const std::string last =
        key.substr(key.rfind('.') == std::string::npos ? 0 : key.rfind('.') + 1);
    const auto has = [&key](const char *word) { return key.find(word) != std::string::npos; };
    // The path's own words: the last segment decides first ("operations.x.ok": more is better;
    // "read_model.stale_reads": fewer is).
    static const char *const kMore[] = {"completed", "confirmed", "hit_ratio", "hits",
                                        "matches",   "converged", "succeeded", "throughput"};
    static const char *const kLess[] = {
        "latency",       "p50",     "p95",       "p99",       "failed",      "failure",
        "lost",          "stale",   "lag",       "divergent", "unreflected", "conflict",
        "in_doubt",      "blocked", "compensat", "timeout",   "dropped",     "duplicate",
        "applied_again", "crash",   "lock_wait", "retries",   "rejected",    "error",
        "missing",       "orphan",  "wrong",     "max_queue"};
    if (last == "ok")
        return +1;
    for (const char *w : kMore)
        if (last.find(w) != std::string::npos)
            return +1;
    for (const char *w : kLess)
        if (last.find(w) != std::string::npos)
            return -1;
    for (const char *w : kLess)
        if (has(w))
            return -1;
    return 0;
}

int comparisonVerdict(const ComparisonRow &row)
{
    if (!row.a.number || !row.b.number || *row.a.number == *row.b.number)
        return 0;
    const int direction = betterDirection(row);
    return *row.b.number > *row.a.number ? direction : -direction;
}

} // namespace dplab
