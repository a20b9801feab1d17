#pragma once

#include "simulation/scenario/scenario.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dplab {

/// Bounds applied while parsing, so hostile input cannot exhaust the stack or memory.
struct JsonParseLimits
{
    int maxDepth = ScenarioLimits::maxDepth;
    std::size_t maxStringBytes = ScenarioLimits::maxStringBytes;
};

/// A problem found while parsing: a syntax error (path empty, parsing stopped) or a duplicate
/// key (path of the key, parsing went on and kept the first value).
struct JsonIssue
{
    SourcePos pos;
    std::string path;
    std::string message;
};

/**
 * A JSON text parsed strictly (RFC 8259) that remembers where every value and every key starts,
 * addressed by JSON path: "" for the root, "services[2].workers", "layout[\"a b\"]".
 */
class JsonDocument
{
public:
    using Json = nlohmann::ordered_json;

    static JsonDocument parse(std::string_view text, const JsonParseLimits &limits);
    static JsonDocument parse(std::string_view text) { return parse(text, JsonParseLimits{}); }

    /// True when the text was read to the end (possibly with duplicate keys).
    bool parsed() const { return m_parsed; }
    /// True when parsed and without any issue.
    bool ok() const { return m_parsed && m_issues.empty(); }
    const std::vector<JsonIssue> &issues() const { return m_issues; }
    /// The value; null when the text did not parse.
    const Json &root() const { return m_root; }

    /// Start of the value at path (1-based line and byte column); {0, 0} when unknown.
    SourcePos valuePos(const std::string &path) const;
    /// Start of the key (its opening quote) of the member at path; falls back to valuePos.
    SourcePos keyPos(const std::string &path) const;

    /// "a" + "b" -> "a.b"; "" + "b" -> "b"; keys that are not simple words are quoted.
    static std::string memberPath(const std::string &parent, std::string_view key);
    /// "a" + 2 -> "a[2]".
    static std::string elementPath(const std::string &parent, std::size_t index);

private:
    friend class JsonParser;

    // Positions mirror the value tree (children in member or element order), which costs far
    // less than a map keyed by path for large arrays.
    struct PosNode
    {
        SourcePos value;
        SourcePos key;
        std::vector<PosNode> children;
    };

    const PosNode *findNode(const std::string &path) const;

    Json m_root;
    bool m_parsed = false;
    std::vector<JsonIssue> m_issues;
    PosNode m_rootPos;
};

/// The value as compact JSON for messages, cut to about maxBytes ("[1,2,3,...").
std::string compactJson(const nlohmann::ordered_json &value, std::size_t maxBytes = 40);

} // namespace dplab
