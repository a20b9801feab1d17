#include "patterns/scenarioinput.h"

#include "patterns/narrativecheck.h"

namespace dplab {

ScenarioInput::ScenarioInput()
    : m_catalog(std::make_shared<const PatternCatalog>(PatternCatalog::builtins()))
{}

ScenarioInput::ScenarioInput(std::shared_ptr<const PatternCatalog> catalog)
    : m_catalog(std::move(catalog))
{}

LoadResult ScenarioInput::loadFile(const std::string &path,
                                   const std::vector<ScenarioOverride> &overrides) const
{
    return checked(ScenarioLoader(*m_catalog).loadFile(path, overrides));
}

LoadResult ScenarioInput::loadText(std::string_view text, const std::string &sourceName,
                                   const std::vector<ScenarioOverride> &overrides) const
{
    return checked(ScenarioLoader(*m_catalog).loadText(text, sourceName, overrides));
}

LoadResult ScenarioInput::checked(LoadResult loaded) const
{
    if (!loaded.ok())
        return loaded;
    std::vector<LoadError> errors = WorldBuilder(*m_catalog).check(*loaded.scenario);
    if (errors.empty())
        return loaded;
    LoadResult refused;
    refused.errors = std::move(errors);
    return refused;
}

RunResult ScenarioInput::build(const Scenario &scenario, const RunOptions &options) const
{
    RunResult r;
    try {
        r.run = Run::create(m_catalog, scenario, options, &r.errors);
        if (r.run && options.checkNarrative) {
            r.errors = checkNarrativeNames(*r.run);
            if (!r.errors.empty())
                r.run.reset();
        }
    } catch (const std::exception &e) {
        LoadError error;
        error.file = scenario.sourceName;
        error.message = e.what();
        r.errors.push_back(error);
    }
    return r;
}

} // namespace dplab
