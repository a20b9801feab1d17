#pragma once

#include <nlohmann/json.hpp>

#include <string_view>
#include <vector>

namespace dplab {

struct Scenario;

namespace loader {
class LoaderContext;
}

/**
 * What the layers above teach the scenario loader: the roles a service may take and how to read
 * the "patterns" section. The simulation knows no pattern and no role but "generic"; the
 * pattern catalog (patterns/) implements this.
 */
class ScenarioVocabulary
{
public:
    virtual ~ScenarioVocabulary() = default;

    /// Every role a service may name, in the order "did you mean" hints list them.
    virtual std::vector<std::string_view> roles() const = 0;
    /// Reads and validates a "patterns" object into scenario.patterns, reporting to ctx with
    /// `path` ("patterns", or where a caption's "Try it" writes its change).
    virtual void readPatterns(loader::LoaderContext &ctx, const nlohmann::ordered_json &value,
                              Scenario &scenario, const std::string &path) const = 0;
};

} // namespace dplab
