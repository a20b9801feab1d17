#include "patterns/module/patterncatalog.h"

#include "simulation/observe/metrics.h"
#include "simulation/world/world.h"

#include <algorithm>

namespace dplab {

namespace {

/** metrics.csv columns, each a function of the world at the sample time. */
class ColumnSeries : public SeriesSource
{
public:
    using Value = std::function<double(SimTime, const World &)>;

    void add(std::string name, Value value)
    {
        m_columns.emplace_back(std::move(name), std::move(value));
    }
    bool empty() const { return m_columns.empty(); }

    std::vector<std::string> columns() const override
    {
        std::vector<std::string> out;
        for (const auto &column : m_columns)
            out.push_back(column.first);
        return out;
    }
    void sample(SimTime now, const World &world, std::vector<double> &row) override
    {
        for (auto &column : m_columns)
            row.push_back(column.second(now, world));
    }

private:
    std::vector<std::pair<std::string, Value>> m_columns;
};

} // namespace

std::vector<std::string> PatternModule::keys() const
{
    std::string k = key();
    return k.empty() ? std::vector<std::string>{} : std::vector<std::string>{k};
}

void PatternModule::read(loader::LoaderContext &, loader::ObjectReader &, PatternSwitches &) const
{}

void PatternModule::write(const PatternSwitches &, nlohmann::ordered_json &) const {}

PatternCatalog PatternCatalog::builtins()
{
    PatternCatalog catalog;
    registerBuiltins(catalog);
    return catalog;
}

void PatternCatalog::add(std::unique_ptr<PatternModule> module)
{
    for (RoleInfo &role : module->roles())
        m_roles.push_back(std::move(role));
    for (std::string &op : module->operations())
        m_operations.push_back(std::move(op));
    m_modules.push_back(std::move(module));
}

void PatternCatalog::addOperation(std::string operation)
{
    m_operations.push_back(std::move(operation));
}

const PatternModule *PatternCatalog::module(std::string_view key) const
{
    for (const auto &m : m_modules)
        if (!key.empty() && m->key() == key)
            return m.get();
    return nullptr;
}

const RoleInfo *PatternCatalog::role(std::string_view name) const
{
    for (const RoleInfo &r : m_roles)
        if (r.name == name)
            return &r;
    return nullptr;
}

bool PatternCatalog::hasOperation(std::string_view operation) const
{
    return std::find(m_operations.begin(), m_operations.end(), operation) != m_operations.end();
}

std::vector<std::string> PatternCatalog::patternKeys() const
{
    // Each module's own switch first, then the other keys it reads: the order "did you mean"
    // hints and the schema list them in.
    std::vector<std::string> out;
    for (const auto &m : m_modules)
        if (!m->key().empty())
            out.push_back(m->key());
    for (const auto &m : m_modules)
        for (const std::string &k : m->keys())
            if (std::find(out.begin(), out.end(), k) == out.end())
                out.push_back(k);
    return out;
}

std::vector<std::string_view> PatternCatalog::roles() const
{
    std::vector<std::string_view> out;
    for (const RoleInfo &r : m_roles)
        out.push_back(r.name);
    return out;
}

void PatternCatalog::readPatterns(loader::LoaderContext &ctx, const nlohmann::ordered_json &value,
                                  Scenario &scenario, const std::string &path) const
{
    loader::ObjectReader r(ctx, value, path);
    if (!r.valid())
        return;
    const std::vector<std::string> keys = patternKeys();
    r.allowOnly(loader::KeyList(keys.begin(), keys.end()));
    for (const auto &m : m_modules)
        m->read(ctx, r, scenario.patterns);
    std::vector<std::string> fileOrder;
    for (auto it = value.begin(); it != value.end(); ++it)
        fileOrder.push_back(it.key());
    scenario.patterns.orderAs(fileOrder);
}

nlohmann::ordered_json PatternCatalog::writePatterns(const PatternSwitches &patterns) const
{
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const auto &m : m_modules)
        m->write(patterns, out);
    return out;
}

template <class Rank> std::vector<const PatternModule *> PatternCatalog::ranked(Rank rank) const
{
    std::vector<const PatternModule *> out;
    for (const auto &m : m_modules)
        out.push_back(m.get());
    std::stable_sort(
        out.begin(), out.end(),
        [&rank](const PatternModule *a, const PatternModule *b) { return rank(a) < rank(b); });
    return out;
}

void PatternCatalog::checkScenario(const Scenario &scenario, std::vector<LoadError> &errors) const
{
    for (const auto &m : m_modules)
        m->checkScenario(scenario, errors);
}

void PatternCatalog::configureWorld(const Scenario &scenario, WorldOptions &options) const
{
    for (const auto &m : m_modules)
        m->configureWorld(scenario, options);
}

void PatternCatalog::install(World &world) const
{
    for (const auto &m : m_modules)
        m->install(world);
}

bool PatternCatalog::rebuilds(const Scenario &scenario, const ServiceSpec &service) const
{
    for (const auto &m : m_modules)
        if (m->rebuilds(scenario, service))
            return true;
    return false;
}

void PatternCatalog::addChecks(const World &world, std::vector<CheckResult> &out) const
{
    for (const PatternModule *m : ranked([](const PatternModule *p) { return p->checksRank(); }))
        m->addChecks(world, out);
}

void PatternCatalog::addLiveChecks(const World &world, std::vector<CheckResult> &out) const
{
    for (const PatternModule *m : ranked([](const PatternModule *p) { return p->checksRank(); }))
        m->addLiveChecks(world, out);
}

void PatternCatalog::addEvidence(const EvidenceContext &context,
                                 std::vector<CheckResult> &checks) const
{
    for (CheckResult &c : checks) {
        if (c.ok)
            continue;
        for (const PatternModule *m :
             ranked([](const PatternModule *p) { return p->checksRank(); })) {
            if (c.evidence.size() >= kMaxEvidencePerCheck)
                break;
            m->addEvidence(context, c);
        }
        if (c.evidence.size() > kMaxEvidencePerCheck)
            c.evidence.resize(kMaxEvidencePerCheck);
    }
}

nlohmann::ordered_json PatternCatalog::summarySections(const World &world) const
{
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const PatternModule *m : ranked([](const PatternModule *p) { return p->summaryRank(); }))
        m->addSummary(world, out);
    return out;
}

std::unique_ptr<SeriesSource> PatternCatalog::series(const World &world) const
{
    auto series = std::make_unique<ColumnSeries>();
    const SeriesColumn add = [&series](std::string name, ColumnSeries::Value value) {
        series->add(std::move(name), std::move(value));
    };
    for (const PatternModule *m : ranked([](const PatternModule *p) { return p->seriesRank(); }))
        m->addSeries(world, add);
    if (series->empty())
        return nullptr;
    return series;
}

std::vector<Decoration> PatternCatalog::decorations(const Scenario &scenario) const
{
    std::vector<Decoration> out;
    for (const auto &m : m_modules) {
        for (Decoration &d : m->decorations(scenario)) {
            d.module = m->key();
            out.push_back(std::move(d));
        }
    }
    return out;
}

std::optional<Probe> PatternCatalog::probe(const World &world, const Decoration &decoration,
                                           bool present) const
{
    const PatternModule *m = module(decoration.module);
    return m ? m->probe(world, decoration, present) : std::nullopt;
}

bool PatternCatalog::announcesRolledBackChange(std::string_view failureText) const
{
    return std::any_of(m_modules.begin(), m_modules.end(), [failureText](const auto &m) {
        return m->announcesRolledBackChange(failureText);
    });
}

} // namespace dplab
