#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace dplab {

/**
 * One "--set PATH=VALUE": a value that replaces or adds a member of a scenario file before the
 * file is validated. PATH is dotted keys with optional [index] ("services[1].workers"); VALUE is
 * JSON ("false", "0.2", "{\"poll\": \"20ms\"}"), or else taken as a string ("30s").
 */
class ScenarioOverride
{
public:
    using Json = nlohmann::ordered_json;
    /// A key of an object or an index into an array.
    using Step = std::variant<std::string, std::size_t>;

    /// Reads "PATH=VALUE"; returns nothing and sets *error when the text is not one.
    static std::optional<ScenarioOverride> parse(std::string_view text, std::string *error);

    /// The whole argument as given: "duration=30s".
    const std::string &text() const { return m_text; }
    /// PATH as given: "services[1].workers".
    const std::string &path() const { return m_path; }
    /// PATH written the way the loader writes JSON paths in its messages.
    const std::string &jsonPath() const { return m_jsonPath; }
    const std::vector<Step> &steps() const { return m_steps; }
    const Json &value() const { return m_value; }

    /// Puts the value into root, creating missing object members on the way. Returns why it
    /// cannot (an index out of range, a path through something that is not an object), or "".
    /// Sets *changed to the path of the outermost value it created or replaced.
    std::string applyTo(Json &root, std::string *changed = nullptr) const;

private:
    ScenarioOverride() = default;

    std::string m_text;
    std::string m_path;
    std::string m_jsonPath;
    std::vector<Step> m_steps;
    Json m_value;
};

/// True when path is ancestor itself or lies inside it: "a.b[2]" is within "a.b" and "a", but
/// "a.bc" is not within "a.b".
bool jsonPathWithin(std::string_view path, std::string_view ancestor);

} // namespace dplab
