#include "patterns/sweep/sweepspec.h"

namespace dplab {

std::size_t SweepSpec::pointCount() const
{
    std::size_t n = 1;
    for (const SweepParameter &p : parameters)
        n *= p.values.size();
    return n;
}

std::vector<std::size_t> SweepSpec::valueIndices(std::size_t point) const
{
    std::vector<std::size_t> out(parameters.size());
    for (std::size_t i = parameters.size(); i-- > 0;) {
        out[i] = point % parameters[i].values.size();
        point /= parameters[i].values.size();
    }
    return out;
}

std::vector<std::string> SweepSpec::pointOverrides(std::size_t point) const
{
    const std::vector<std::size_t> at = valueIndices(point);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < parameters.size(); ++i)
        out.push_back(parameters[i].path + "=" + parameters[i].values[at[i]]);
    return out;
}

nlohmann::ordered_json SweepSpec::toJson() const
{
    nlohmann::ordered_json j;
    j["dplab_sweep"] = 1;
    j["file"] = file;
    j["scenario"] = scenarioName;
    j["set"] = overrides;
    j["vary"] = nlohmann::ordered_json::array();
    for (const SweepParameter &p : parameters)
        j["vary"].push_back({{"path", p.path}, {"values", p.values}});
    j["seed"] = baseSeed;
    j["seeds"] = seeds;
    j["metrics"] = metrics;
    j["points"] = pointCount();
    j["runs"] = runCount();
    return j;
}

std::optional<SweepSpec> SweepSpec::fromJson(const nlohmann::ordered_json &j, std::string *why)
{
    try {
        if (j.value("dplab_sweep", 0) != 1) {
            *why = "not a sweep.json of this version (\"dplab_sweep\": 1)";
            return std::nullopt;
        }
        SweepSpec s;
        s.file = j.at("file").get<std::string>();
        s.scenarioName = j.at("scenario").get<std::string>();
        s.overrides = j.at("set").get<std::vector<std::string>>();
        for (const auto &v : j.at("vary")) {
            SweepParameter p;
            p.path = v.at("path").get<std::string>();
            p.values = v.at("values").get<std::vector<std::string>>();
            if (p.values.empty()) {
                *why = "vary " + p.path + " has no values";
                return std::nullopt;
            }
            s.parameters.push_back(std::move(p));
        }
        s.baseSeed = j.at("seed").get<std::uint64_t>();
        s.seeds = j.at("seeds").get<std::size_t>();
        s.metrics = j.at("metrics").get<std::vector<std::string>>();
        if (s.seeds == 0 || s.parameters.empty() || s.metrics.empty()) {
            *why = "sweep.json needs seeds > 0, a varied parameter and a metric";
            return std::nullopt;
        }
        return s;
    } catch (const nlohmann::json::exception &e) {
        *why = std::string("sweep.json: ") + e.what();
        return std::nullopt;
    }
}

} // namespace dplab
