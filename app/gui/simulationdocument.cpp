#include "app/gui/simulationdocument.h"

#include "app/export/savefile.h"
#include "simulation/scenario/faultwriter.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QUndoStack>

#include <algorithm>
#include <cmath>

namespace dplab {

SimulationDocument::SimulationDocument(QObject *parent)
    : QObject(parent)
    , m_undoStack(std::make_unique<QUndoStack>())
{
    m_undoStack->setUndoLimit(kUndoLimit);
    forgetJudgedOnNewRun();
}

SimulationDocument::SimulationDocument(std::shared_ptr<const PatternCatalog> catalog,
                                       QObject *parent)
    : QObject(parent)
    , m_input(std::move(catalog))
    , m_undoStack(std::make_unique<QUndoStack>())
{
    m_undoStack->setUndoLimit(kUndoLimit);
    forgetJudgedOnNewRun();
}

void SimulationDocument::forgetJudgedOnNewRun()
{
    // A run in the same memory as the judged one must not inherit its verdicts.
    auto forget = [this] {
        m_judged.clear();
        m_judgedRun = nullptr;
    };
    connect(this, &SimulationDocument::worldReset, this, forget);
    connect(this, &SimulationDocument::forked, this, forget);
}

SimulationDocument::~SimulationDocument()
{
    // First: the worker's run goes before the commands that could name it.
    dropBackground();
}

QString SimulationDocument::displayName() const
{
    if (!m_scenario.name.empty())
        return QString::fromStdString(m_scenario.name);
    return QFileInfo(m_filePath).fileName();
}

bool SimulationDocument::loadFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = path + ": " + file.errorString();
        return false;
    }
    if (file.size() > static_cast<qint64>(ScenarioLimits::maxFileBytes)) {
        if (error)
            *error = path + ": the file is larger than 4 MiB";
        return false;
    }
    const QByteArray text = file.readAll();
    // Resource paths (":/lessons/...") are shown by file name.
    const QString source = path.startsWith(":/") ? QFileInfo(path).fileName() : path;
    return load(text, source, error, {},
                path.startsWith(":/") ? QString() : QFileInfo(path).absoluteFilePath());
}

bool SimulationDocument::loadText(const QByteArray &text, const QString &sourceName, QString *error,
                                  const std::vector<ScenarioOverride> &overrides)
{
    return load(text, sourceName, error, overrides, {});
}

bool SimulationDocument::load(const QByteArray &text, const QString &sourceName, QString *error,
                              const std::vector<ScenarioOverride> &overrides,
                              const QString &filePath)
{
    LoadResult r =
        m_input.loadText(std::string_view(text.constData(), static_cast<std::size_t>(text.size())),
                         sourceName.toStdString(), overrides);
    if (!r.ok()) {
        if (error) {
            QStringList lines;
            for (const auto &e : r.errors)
                lines << QString::fromStdString(e.toString());
            *error = lines.join('\n');
        }
        return false;
    }
    // Another file supersedes a change still being simulated for this one.
    cancelBackground();
    const std::optional<std::uint64_t> target = r.scenario->run.playhead;
    if (m_opensInBackground && m_run && target && inBackground(*target)) {
        // A long run file: simulated to its playhead on a worker, the open run staying meanwhile.
        RunBuilder::Target to;
        to.traceEvents = static_cast<std::size_t>(*target);
        startBackground(
            tr("open %1").arg(QFileInfo(sourceName).fileName()), *r.scenario, to,
            [this, scenario = *r.scenario, text, filePath, to](RunBuilder::Built built) {
                install(scenario, std::move(built));
                loaded(scenario, text, filePath);
                seek(to.traceEvents);
            });
        return true;
    }
    if (!build(*r.scenario, error))
        return false;
    loaded(*r.scenario, text, filePath);
    if (target) {
        // A run file: simulate up to the saved playhead and show it there.
        RunBuilder::Built built{std::move(m_run), std::move(m_timeline)};
        RunBuilder::Target to;
        to.traceEvents = static_cast<std::size_t>(*target);
        RunBuilder::simulate(built, to);
        m_run = std::move(built.run);
        m_timeline = std::move(built.timeline);
        seek(to.traceEvents);
    }
    return true;
}

void SimulationDocument::loaded(const Scenario &scenario, const QByteArray &text,
                                const QString &filePath)
{
    // Another file: the commands were changes of the old one.
    m_undoStack->clear();
    m_kept.clear();
    m_textHasRun = scenario.run.playhead || !scenario.run.interventions.empty() ||
                   !scenario.run.bookmarks.empty();
    m_bookmarks = scenario.run.bookmarks;
    m_text = text;
    m_loadedPatterns = m_input.catalog().writePatterns(scenario.patterns).dump();
    ++m_loadGeneration;
    m_filePath = filePath;
    emit scenarioChanged();
    emit worldReset();
}

bool SimulationDocument::reload(QString *error)
{
    if (m_filePath.isEmpty()) {
        if (error)
            *error = tr("The open scenario has no file to reload from.");
        return false;
    }
    return loadFile(m_filePath, error);
}

bool SimulationDocument::patternsEdited() const
{
    return m_run && m_input.catalog().writePatterns(m_scenario.patterns).dump() != m_loadedPatterns;
}

QByteArray SimulationDocument::textToSave(const QHash<QString, QPointF> *layout, QString *error,
                                          const RunSpec *run) const
{
    const bool patterns = patternsEdited();
    if (!patterns && !layout && !run && !m_textHasRun)
        return m_text;
    using OJson = nlohmann::ordered_json;
    OJson root =
        OJson::parse(m_text.constData(), m_text.constData() + m_text.size(), nullptr, false);
    if (!root.is_object()) {
        if (error)
            *error = tr("The scenario's text could not be read back to save it.");
        return {};
    }
    if (patterns)
        root["patterns"] = m_input.catalog().writePatterns(m_scenario.patterns);
    if (layout) {
        // Sorted by name, so saving twice gives the same file.
        QStringList keys = layout->keys();
        keys.sort();
        OJson positions = OJson::object();
        for (const QString &key : keys) {
            const QPointF p = layout->value(key);
            positions[key.toStdString()] = OJson::array({std::lround(p.x()), std::lround(p.y())});
        }
        root["layout"] = positions;
    }
    // A scenario saved from a run file is a scenario again; a run file gets this run's section.
    if (run)
        root["run"] = runToJson(*run);
    else
        root.erase("run");
    const std::string text = root.dump(2) + "\n";
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

bool SimulationDocument::writeFileAtomically(const QString &path, const QByteArray &text,
                                             QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = path + ": " + file.errorString();
        return false;
    }
    file.write(text);
    if (!commitFully(file)) {
        if (error)
            *error = path + ": " + file.errorString();
        return false;
    }
    return true;
}

bool SimulationDocument::saveAs(const QString &path, QString *error,
                                const QHash<QString, QPointF> *layout)
{
    const QByteArray text = textToSave(layout, error);
    if (text.isEmpty())
        return false;
    if (!writeFileAtomically(path, text, error))
        return false;
    // What is on disk now is what the document holds: the saved file reloads as it runs.
    m_text = text;
    m_loadedPatterns = m_input.catalog().writePatterns(m_scenario.patterns).dump();
    m_filePath = QFileInfo(path).absoluteFilePath();
    return true;
}

bool SimulationDocument::build(const Scenario &scenario, QString *error)
{
    RunBuilder::Built built = RunBuilder::build(m_input, scenario, error);
    if (!built.run)
        return false;
    install(scenario, std::move(built));
    return true;
}

void SimulationDocument::install(const Scenario &scenario, RunBuilder::Built built)
{
    m_scenario = scenario;
    m_decorations = m_input.catalog().decorations(m_scenario);
    m_timeline.reset();
    m_run = std::move(built.run);
    m_timeline = std::move(built.timeline);
    m_traceState.reset(m_run->world().serviceCount(), m_run->world().sharedLock() != nullptr);
}

QueryResult SimulationDocument::queryDatabase(int service, std::string_view sql,
                                              std::size_t maxRows, std::uint64_t maxSteps) const
{
    if (!m_run || service < 0 || service >= static_cast<int>(world().serviceCount()))
        throw DatabaseError("no such service", 0);
    // Database::query only reads (it refuses writes); it is non-const for its statement cache.
    return m_run->world()
        .service(static_cast<std::int16_t>(service))
        .database()
        .query(sql, {}, maxRows, maxSteps);
}

QueryResult SimulationDocument::queryDatabase(int service, std::string_view sql,
                                              const std::vector<SqlValue> &params) const
{
    if (!m_run || service < 0 || service >= static_cast<int>(world().serviceCount()))
        throw DatabaseError("no such service", 0);
    return m_run->world().service(static_cast<std::int16_t>(service)).database().query(sql, params);
}

std::vector<std::string> SimulationDocument::databaseTables(int service) const
{
    if (!m_run || service < 0 || service >= static_cast<int>(world().serviceCount()))
        return {};
    return m_run->world().service(static_cast<std::int16_t>(service)).database().tables();
}

std::optional<double> SimulationDocument::sampleAt(const std::string &column, SimTime t,
                                                   SimTime *sampledAt) const
{
    if (!m_run)
        return std::nullopt;
    const Metrics &metrics = m_run->metrics();
    const auto &columns = metrics.columns();
    const auto it = std::find(columns.begin(), columns.end(), column);
    if (it == columns.end())
        return std::nullopt;
    const auto c = static_cast<std::size_t>(it - columns.begin());
    // Rows are in time order and their first column is the sample time in seconds.
    const auto &rows = metrics.rows();
    const auto after = std::upper_bound(rows.begin(), rows.end(), t,
                                        [](SimTime time, const std::vector<double> &row) {
                                            return time < std::llround(row[0] * kSecond);
                                        });
    if (after == rows.begin() || c >= std::prev(after)->size())
        return std::nullopt;
    const std::vector<double> &row = *std::prev(after);
    if (sampledAt)
        *sampledAt = std::llround(row[0] * kSecond);
    return row[c];
}

std::optional<Probe> SimulationDocument::probe(const Decoration &decoration) const
{
    if (!m_run)
        return std::nullopt;
    return m_input.catalog().probe(m_run->world(), decoration, atPresent());
}

QList<ReadSideLag> SimulationDocument::readSideLags(SimTime t) const
{
    QList<ReadSideLag> out;
    if (!m_run)
        return out;
    const auto &columns = m_run->metrics().columns();
    const auto has = [&columns](const std::string &c) {
        return std::find(columns.begin(), columns.end(), c) != columns.end();
    };
    for (const Decoration &d : m_decorations) {
        const std::string &prefix = d.seriesPrefix;
        // A read side the patterns layer does not measure has nothing to show.
        if (d.kind != Decoration::Kind::Staleness || !has(prefix + "staleness_ms"))
            continue;
        ReadSideLag lag;
        lag.service = static_cast<int>(d.service);
        lag.name = QString::fromStdString(m_scenario.services[d.service].name);
        lag.label = QString::fromStdString(d.label);
        if (const auto staleness = sampleAt(prefix + "staleness_ms", t, &lag.sampledAt)) {
            lag.sampled = true;
            lag.stalenessMs = std::max(0.0, *staleness);
            lag.consumerLag = sampleAt(prefix + "consumer_lag", t).value_or(0.0);
        }
        out.append(lag);
    }
    return out;
}

std::uint64_t SimulationDocument::advanceTo(SimTime t, std::uint64_t maxEvents)
{
    if (!m_run || refuseWhileBusy())
        return 0;
    World &w = m_run->world();
    const SimTime target = std::min(t, w.endTime());
    if (!m_timeline->live()) {
        // Behind the present: play the recorded run forward; at its end, go live and run on.
        if (target < w.now()) {
            const std::size_t before = m_timeline->position();
            m_timeline->seekTime(std::max(target, m_timeline->time()));
            emitMoved();
            return m_timeline->position() - before;
        }
        m_timeline->goLive();
    }
    std::uint64_t n = 0;
    while (n < maxEvents && w.scheduler().nextTime() <= target) {
        // Bounded by the target too: a slice must not run past the playhead.
        const std::uint64_t ran = w.runEvents(std::min<std::uint64_t>(maxEvents - n, 4096), target);
        if (ran == 0)
            break;
        n += ran;
    }
    if (n < maxEvents && w.now() < target)
        w.runUntil(target); // nothing left before target: just move the clock
    if (w.now() >= w.endTime())
        w.finish();
    afterRun();
    emit advanced();
    return n;
}

bool SimulationDocument::step()
{
    if (!m_run || refuseWhileBusy())
        return false;
    if (!m_timeline->live()) {
        const bool moved = m_timeline->stepForward();
        emitMoved();
        return moved;
    }
    const bool ran = m_run->world().step();
    afterRun();
    emit advanced();
    return ran;
}

} // namespace dplab
