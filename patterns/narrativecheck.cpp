#include "patterns/narrativecheck.h"

#include "patterns/module/patterncatalog.h"
#include "patterns/module/patternmodule.h"
#include "patterns/run.h"
#include "patterns/scenarioerror.h"
#include "simulation/scenario/didyoumean.h"
#include "simulation/world/client.h"
#include "simulation/world/world.h"

#include <algorithm>

namespace dplab {

namespace {

bool figureIn(const nlohmann::ordered_json &summary, const std::vector<CheckResult> &checks,
              const std::string &figure)
{
    if (std::any_of(checks.begin(), checks.end(),
                    [&](const CheckResult &c) { return c.id == figure; }))
        return true;
    if (findMetric(summary, figure))
        return true;
    // An object still empty when the run starts (lock waits per service) fills as it goes:
    // names inside it are accepted.
    for (std::size_t dot = figure.find('.'); dot != std::string::npos;
         dot = figure.find('.', dot + 1)) {
        const nlohmann::ordered_json *parent = findMetric(summary, figure.substr(0, dot));
        if (!parent)
            break;
        if (parent->is_object() && parent->empty())
            return true;
    }
    const std::string reasons = ".failures_by_reason";
    const std::size_t at = figure.find(reasons);
    if (at == std::string::npos)
        return false;
    // The operation must exist; its reasons are only known once it fails.
    return findMetric(summary, figure.substr(0, at)) != nullptr;
}

std::vector<std::string_view> viewsOf(const std::vector<std::string> &names)
{
    return {names.begin(), names.end()};
}

/// The keys of the patterns that have an explainer (the Patterns panel's switches).
std::vector<std::string> explainerKeys(const PatternCatalog &catalog)
{
    std::vector<std::string> keys;
    for (const auto &m : catalog.modules())
        if (!m->controls().empty())
            keys.push_back(m->key());
    return keys;
}

/// "follow": "next", a service, or an operation of the workload.
void checkFollow(const World &world, const NarrativeSpec &n, const std::string &path,
                 std::vector<LoadError> &errors)
{
    const Scenario &s = world.scenario();
    if (n.follow.empty() || n.follow == "next" || world.serviceIndex(n.follow) >= 0)
        return;
    std::vector<std::string> names = {"next"};
    for (const WorkloadSpec &w : s.workload) {
        names.push_back(operationName(w));
        if (names.back() == n.follow)
            return;
    }
    for (const ServiceSpec &service : s.services)
        names.push_back(service.name);
    errors.push_back(scenarioError(s, n.pos, path + ".follow",
                                   "expected \"next\", an operation of the workload or a service "
                                   "to follow, got \"" +
                                       n.follow + "\"" + didYouMean(n.follow, viewsOf(names))));
}

/// A "Try it" pattern change must give a scenario the patterns accept, as the Patterns panel
/// would refuse it otherwise.
void checkTry(const Run &run, const NarrativeSpec &n, const std::string &path,
              std::vector<LoadError> &errors)
{
    if (!n.tryIt || n.tryIt->keys.empty())
        return;
    Scenario tried = run.world().scenario();
    tried.patterns.replace(n.tryIt->keys, n.tryIt->patterns);
    std::vector<LoadError> refused;
    run.catalog().checkScenario(tried, refused);
    for (LoadError &e : refused) {
        e.message = "the \"Try it\" change would be refused: " + e.path + ": " + e.message;
        e.path = path + ".try.patterns";
        e.line = n.tryIt->pos.line;
        e.column = n.tryIt->pos.column;
        errors.push_back(std::move(e));
    }
}

} // namespace

std::vector<LoadError> checkNarrativeNames(Run &run)
{
    std::vector<LoadError> errors;
    World &world = run.world();
    const Scenario &s = world.scenario();
    const bool anyFigure =
        std::any_of(s.narrative.begin(), s.narrative.end(), [](const NarrativeSpec &n) {
            return !n.figure.empty() || !n.evidence.empty();
        });
    nlohmann::ordered_json summary;
    std::vector<CheckResult> checks;
    if (anyFigure) {
        checks = run.checks();
        summary = run.summary();
    }
    const std::vector<std::string> &columns = run.metrics().columns();
    const std::vector<std::string> explained = explainerKeys(run.catalog());
    for (std::size_t i = 0; i < s.narrative.size(); ++i) {
        const NarrativeSpec &n = s.narrative[i];
        const std::string path = "narrative[" + std::to_string(i) + "]";
        if (!n.chart.empty() && std::find(columns.begin(), columns.end(), n.chart) == columns.end())
            errors.push_back(
                scenarioError(s, n.pos, path + ".chart",
                              "unknown chart \"" + n.chart +
                                  "\": name a series of this run (\"service.metric\")" +
                                  didYouMean(n.chart, viewsOf(columns))));
        if (!n.table.empty()) {
            std::vector<std::string> tables;
            const std::int16_t selected = n.select.empty() ? -1 : world.serviceIndex(n.select);
            for (std::size_t k = 0; k < world.serviceCount(); ++k) {
                const auto index = static_cast<std::int16_t>(k);
                if (selected >= 0 && index != selected)
                    continue;
                for (std::string &t : world.service(index).database().tables())
                    tables.push_back(std::move(t));
            }
            if (std::find(tables.begin(), tables.end(), n.table) == tables.end())
                errors.push_back(
                    scenarioError(s, n.pos, path + ".table",
                                  "unknown table \"" + n.table + "\"" +
                                      (n.select.empty() ? std::string(" in any service")
                                                        : " in the database of " + n.select) +
                                      didYouMean(n.table, viewsOf(tables))));
        }
        if (!n.explain.empty() &&
            std::find(explained.begin(), explained.end(), n.explain) == explained.end())
            errors.push_back(scenarioError(s, n.pos, path + ".explain",
                                           "unknown pattern \"" + n.explain +
                                               "\": name the key of a pattern switch" +
                                               didYouMean(n.explain, viewsOf(explained))));
        checkFollow(world, n, path, errors);
        checkTry(run, n, path, errors);
        if (!n.evidence.empty() && std::none_of(checks.begin(), checks.end(), [&](const auto &c) {
                return c.id == n.evidence;
            })) {
            std::vector<std::string> ids;
            for (const CheckResult &c : checks)
                ids.push_back(c.id);
            errors.push_back(scenarioError(s, n.pos, path + ".evidence",
                                           "unknown check \"" + n.evidence +
                                               "\": name the id of a check of this run" +
                                               didYouMean(n.evidence, viewsOf(ids))));
        }
        if (!n.figure.empty() && !figureIn(summary, checks, n.figure)) {
            std::vector<std::string> ids;
            for (const CheckResult &c : checks)
                ids.push_back(c.id);
            for (const auto &[key, value] : summary.items())
                if (value.is_object())
                    for (const auto &[inner, unused] : value.items())
                        ids.push_back(key + "." + inner);
            errors.push_back(scenarioError(s, n.pos, path + ".figure",
                                           "unknown figure \"" + n.figure +
                                               "\": name a check's id or a figure of the run "
                                               "(\"section.figure\")" +
                                               didYouMean(n.figure, viewsOf(ids))));
        }
    }
    return errors;
}

} // namespace dplab
