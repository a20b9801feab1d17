// SimulationDocument: long re-simulations (forks, undo and redo of runs no longer kept) on a
// worker thread, the change made when the new run is ready.

#include "app/gui/simulationdocument.h"

#include <QUndoStack>

#include <utility>

namespace dplab {

double SimulationDocument::busyProgress() const
{
    return m_builder ? m_builder->progress() : 0.0;
}

bool SimulationDocument::refuseWhileBusy(QString *why)
{
    if (!m_builder)
        return false;
    const QString text = tr("Busy simulating \"%1\": wait for it or cancel it.").arg(m_busyName);
    if (why)
        *why = text;
    emit changeRefused(text);
    return true;
}

void SimulationDocument::startBackground(const QString &name, Scenario scenario,
                                         RunBuilder::Target target, BuiltHandler done,
                                         std::function<void()> cancelled)
{
    m_busyName = name;
    m_builtHandler = std::move(done);
    m_cancelHandler = std::move(cancelled);
    m_builder = std::make_unique<RunBuilder>(m_input, std::move(scenario), target);
    connect(m_builder.get(), &RunBuilder::progressed, this,
            &SimulationDocument::backgroundProgress);
    connect(m_builder.get(), &RunBuilder::finished, this, &SimulationDocument::backgroundDone);
    m_builder->start();
    emit backgroundStarted(name);
}

void SimulationDocument::backgroundDone()
{
    if (!m_builder)
        return;
    applyPendingUndoIndex();
    RunBuilder::Built built = m_builder->take();
    const QString error = m_builder->error();
    BuiltHandler done = std::move(m_builtHandler);
    std::function<void()> cancelled = std::move(m_cancelHandler);
    // Called from the builder's own signal: it goes once that returns (its thread is over).
    m_builder.release()->deleteLater();
    dropBackground();
    if (!built.run) {
        // It could be built before, so short of running out of memory this does not happen.
        if (cancelled)
            cancelled();
        emit changeRefused(tr("Cannot simulate the run: %1").arg(error));
        emit backgroundFinished(false);
        return;
    }
    done(std::move(built));
    emit backgroundFinished(true);
}

void SimulationDocument::cancelBackground()
{
    if (!m_builder)
        return;
    applyPendingUndoIndex();
    std::function<void()> cancelled = std::move(m_cancelHandler);
    dropBackground();
    if (cancelled)
        cancelled();
    emit backgroundFinished(false);
}

void SimulationDocument::dropBackground()
{
    m_builder.reset(); // stops the worker after its current slice, and waits for it
    m_busyName.clear();
    m_builtHandler = {};
    m_cancelHandler = {};
    m_swapStateId = 0;
    m_swapToIndex = -1;
}

void SimulationDocument::applyPendingUndoIndex()
{
    const int index = std::exchange(m_pendingUndoIndex, -1);
    if (index >= 0)
        restoreUndoIndex(index);
}

void SimulationDocument::restoreUndoIndex(int index)
{
    if (index < 0 || index > m_undoStack->count() || index == m_undoStack->index())
        return;
    m_suppressSwaps = true;
    m_undoStack->setIndex(index);
    m_suppressSwaps = false;
}

} // namespace dplab
