#include "simulation/scenario/overrides.h"

#include "simulation/scenario/jsondocument.h"

#include <algorithm>

namespace dplab {

namespace {

using Json = ScenarioOverride::Json;

constexpr std::size_t kMaxIndexDigits = 9;

std::string kindOf(const Json &v)
{
    switch (v.type()) {
    case Json::value_t::null:
        return "null";
    case Json::value_t::boolean:
        return v.get<bool>() ? "true" : "false";
    case Json::value_t::string:
        return "a string";
    case Json::value_t::array:
        return "an array";
    case Json::value_t::object:
        return "an object";
    default:
        return "a number";
    }
}

std::string shown(const std::string &jsonPath)
{
    return jsonPath.empty() ? "the top level of the file" : jsonPath;
}

} // namespace

std::optional<ScenarioOverride> ScenarioOverride::parse(std::string_view text, std::string *error)
{
    auto fail = [&](std::string why) -> std::optional<ScenarioOverride> {
        if (error)
            *error = std::move(why);
        return std::nullopt;
    };
    const std::size_t eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0)
        return fail("expected PATH=VALUE, such as duration=30s, got " +
                    compactJson(Json(std::string(text)), 60));

    ScenarioOverride o;
    o.m_text = std::string(text);
    o.m_path = std::string(text.substr(0, eq));
    const std::string &p = o.m_path;
    const std::string badPath = "bad path " + compactJson(Json(p), 60) +
                                ": expected keys separated by \".\", each with optional [index], "
                                "such as services[1].workers";
    std::size_t i = 0;
    bool wantKey = true;
    while (i < p.size() || wantKey) {
        if (wantKey) {
            const std::size_t end = std::min(p.find_first_of(".[]", i), p.size());
            if (end == i)
                return fail(badPath);
            const std::string key = p.substr(i, end - i);
            o.m_jsonPath = JsonDocument::memberPath(o.m_jsonPath, key);
            o.m_steps.emplace_back(key);
            i = end;
            wantKey = false;
        } else if (p[i] == '.') {
            ++i;
            wantKey = true;
        } else if (p[i] == '[') {
            const std::size_t close = p.find(']', i);
            const std::size_t digits = close == std::string::npos ? 0 : close - i - 1;
            if (digits == 0 || digits > kMaxIndexDigits ||
                p.find_first_not_of("0123456789", i + 1) != close)
                return fail(badPath);
            const std::size_t index = std::stoul(p.substr(i + 1, digits));
            o.m_jsonPath = JsonDocument::elementPath(o.m_jsonPath, index);
            o.m_steps.emplace_back(index);
            i = close + 1;
        } else {
            return fail(badPath);
        }
    }

    const std::string_view valueText = text.substr(eq + 1);
    const JsonDocument value = JsonDocument::parse(valueText);
    if (!value.parsed()) {
        o.m_value = std::string(valueText); // not JSON: a plain string such as 30s
    } else if (!value.issues().empty()) {
        const JsonIssue &issue = value.issues().front();
        return fail("the value of " + o.m_path + " has a " + issue.message);
    } else {
        o.m_value = value.root();
    }
    return o;
}

std::string ScenarioOverride::applyTo(Json &root, std::string *changed) const
{
    Json *cur = &root;
    std::string at;
    std::string created; // the first member this override adds, if any
    for (std::size_t k = 0; k < m_steps.size(); ++k) {
        const bool last = k + 1 == m_steps.size();
        if (const auto *key = std::get_if<std::string>(&m_steps[k])) {
            if (!cur->is_object())
                return shown(at) + " is " + kindOf(*cur) + ", not an object" +
                       (cur->is_array()
                            ? "; give an index such as " + JsonDocument::elementPath(at, 0)
                            : std::string());
            const std::string here = JsonDocument::memberPath(at, *key);
            const auto it = cur->find(*key);
            if (it != cur->end()) {
                cur = &*it;
            } else if (!last && std::holds_alternative<std::size_t>(m_steps[k + 1])) {
                return here + " does not exist, and --set does not create arrays";
            } else {
                cur = &(*cur)[*key];
                if (!last)
                    *cur = Json::object();
                if (created.empty())
                    created = here;
            }
            at = here;
        } else {
            const std::size_t index = std::get<std::size_t>(m_steps[k]);
            if (!cur->is_array())
                return shown(at) + " is " + kindOf(*cur) + ", not an array";
            const std::string here = JsonDocument::elementPath(at, index);
            if (index >= cur->size())
                return at + " has " + std::to_string(cur->size()) +
                       (cur->size() == 1 ? " element" : " elements") + ", so there is no " + here;
            cur = &(*cur)[index];
            at = here;
        }
    }
    *cur = m_value;
    if (changed)
        *changed = created.empty() ? m_jsonPath : created;
    return {};
}

bool jsonPathWithin(std::string_view path, std::string_view ancestor)
{
    if (ancestor.empty())
        return true;
    if (path.size() < ancestor.size() || path.substr(0, ancestor.size()) != ancestor)
        return false;
    return path.size() == ancestor.size() || path[ancestor.size()] == '.' ||
           path[ancestor.size()] == '[';
}

} // namespace dplab
