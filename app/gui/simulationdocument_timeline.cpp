// SimulationDocument: the playhead and run files.

#include "app/gui/simulationdocument.h"

#include <algorithm>

namespace dplab {

bool SimulationDocument::stepBack()
{
    if (!canStepBack() || refuseWhileBusy())
        return false;
    m_timeline->stepBack();
    emitMoved();
    return true;
}

bool SimulationDocument::seek(std::size_t position)
{
    if (!m_timeline || refuseWhileBusy())
        return false;
    m_timeline->seek(position);
    emitMoved();
    return true;
}

bool SimulationDocument::seekTime(SimTime t)
{
    if (!m_timeline || refuseWhileBusy())
        return false;
    m_timeline->seekTime(t);
    emitMoved();
    return true;
}

void SimulationDocument::goToPresent()
{
    if (!m_timeline || m_timeline->live() || refuseWhileBusy())
        return;
    m_timeline->goLive();
    emitMoved();
}

const std::vector<CheckResult> &SimulationDocument::judgedChecks()
{
    if (m_judgedRun != m_run.get()) {
        m_judged.clear();
        m_judgedRun = nullptr;
    }
    // Judged at the present only: the databases follow the playhead.
    if (m_run && !m_judgedRun && atPresent() && atEnd()) {
        m_judged = m_run->checks();
        m_judgedRun = m_run.get();
    }
    return m_judged;
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
