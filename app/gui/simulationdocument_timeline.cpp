// SimulationDocument: the playhead, forks and their undo, and run files.

#include "simulationdocument.h"

#include <algorithm>

namespace dplab {

bool SimulationDocument::stepBack()
{
    if (!canStepBack())
        return false;
    m_timeline->stepBack();
    emitMoved();
    return true;
}

bool SimulationDocument::seek(std::size_t position)
{
    if (!m_timeline)
        return false;
    m_timeline->seek(position);
    emitMoved();
    return true;
}

bool SimulationDocument::seekTime(SimTime t)
{
    if (!m_timeline)
        return false;
    m_timeline->seekTime(t);
    emitMoved();
    return true;
}

void SimulationDocument::goToPresent()
{
    if (!m_timeline || m_timeline->live())
        return;
    m_timeline->goLive();
    emitMoved();
}

const TraceState &SimulationDocument::traceState() const
{
    if (m_run)
        m_traceState.update(trace(), playhead());
    return m_traceState;
}

std::vector<ActiveFault> SimulationDocument::faultsAtPlayhead() const
{
    if (!m_run)
        return {};
    const FaultManager &faults = m_run->world().faults();
    if (atPresent())
        return faults.active();
    std::vector<ActiveFault> out;
    for (std::uint64_t id : traceState().activeFaults()) {
        const auto &all = faults.all();
        const auto it =
            std::find_if(all.begin(), all.end(), [id](const ActiveFault &f) { return f.id == id; });
        if (it != all.end())
            out.push_back(*it);
    }
    return out;
}

bool SimulationDocument::fork(Scenario scenario, QString *error)
{
    // The interventions made up to the playhead stay; the later ones belonged to the future
    // that the fork discards.
    const std::size_t position = playhead();
    const SimTime at = now();
    const std::uint64_t lastId = position ? trace()[position - 1].id : 0;
    scenario.run.interventions.clear();
    for (const InterventionSpec &iv : m_run->world().interventions())
        if (iv.traceId <= lastId)
            scenario.run.interventions.push_back(iv);
    scenario.run.playhead.reset();

    Undo old{m_scenario, std::move(m_run), std::move(m_timeline), position};
    if (!build(scenario, error)) {
        m_scenario = std::move(old.scenario);
        m_run = std::move(old.run);
        m_timeline = std::move(old.timeline);
        m_traceState.reset(m_run->world().serviceCount(), m_run->world().sharedLock() != nullptr);
        return false;
    }
    m_run->world().runUntil(at);
    afterRun();
    m_undo.push_back(std::move(old));
    if (m_undo.size() > kUndoDepth)
        m_undo.erase(m_undo.begin());
    emit worldReset();
    emit forked();
    emit advanced();
    return true;
}

void SimulationDocument::undoFork()
{
    if (m_undo.empty())
        return;
    Undo old = std::move(m_undo.back());
    m_undo.pop_back();
    const bool patternsChanged = catalog().writePatterns(old.scenario.patterns) !=
                                 catalog().writePatterns(m_scenario.patterns);
    m_timeline.reset();
    m_scenario = std::move(old.scenario);
    m_run = std::move(old.run);
    m_timeline = std::move(old.timeline);
    m_traceState.reset(m_run->world().serviceCount(), m_run->world().sharedLock() != nullptr);
    if (patternsChanged)
        emit scenarioChanged();
    emit worldReset();
    emit forked();
    seek(old.playhead);
}

void SimulationDocument::afterRun()
{
    if (m_timeline)
        m_timeline->sync();
}

void SimulationDocument::emitMoved()
{
    emit advanced();
}

RunSpec SimulationDocument::runSpec() const
{
    RunSpec r;
    if (!m_run)
        return r;
    r.interventions = m_run->world().interventions();
    r.playhead = playhead();
    r.bookmarks = m_bookmarks;
    return r;
}

bool SimulationDocument::saveRun(const QString &path, QString *error,
                                 const QHash<QString, QPointF> *layout)
{
    if (!m_run) {
        if (error)
            *error = tr("No scenario is open.");
        return false;
    }
    const RunSpec run = runSpec();
    const QByteArray text = textToSave(layout, error, &run);
    if (text.isEmpty())
        return false;
    return writeFileAtomically(path, text, error);
}

} // namespace dplab
