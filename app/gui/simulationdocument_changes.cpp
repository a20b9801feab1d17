// SimulationDocument: every change of the run (interventions, pattern switches, forks, reset) as
// a command on the undo stack, and the replaced runs kept to undo them at once.

#include "app/gui/simulationdocument.h"

#include "app/gui/runcommand.h"

#include <QUndoStack>

#include <algorithm>

namespace dplab {

void SimulationDocument::reset()
{
    if (!m_run || refuseWhileBusy())
        return;
    if (frontier() == 0 && m_scenario.run.interventions.empty())
        return; // nothing ran yet: the run is as a reset would make it
    Scenario scenario = m_scenario;
    scenario.run.interventions.clear();
    scenario.run.playhead.reset();
    RunState before = captureState();
    QString error;
    if (!replaceRun(scenario, before, &error))
        return;
    pushChange(tr("reset the run"), std::move(before));
    emit worldReset();
    emit advanced();
}

bool SimulationDocument::setScenario(const Scenario &scenario, QString *error, const QString &name,
                                     ScenarioStart start)
{
    if (!m_run) {
        if (!build(scenario, error))
            return false;
        emit scenarioChanged();
        emit worldReset();
        return true;
    }
    if (refuseWhileBusy(error))
        return false;
    RunState before = captureState();
    // At t = 0 there is nothing to simulate again; elsewhere the new run is a fork.
    const bool forking = start == AtPlayhead && playhead() > 0;
    const QString change = name.isEmpty() ? tr("change the patterns") : name;
    if (forking && inBackground(eventsToPlayhead())) {
        // A scenario this build cannot run fails on the worker: changeRefused() says why.
        Scenario branch = forkScenario(scenario);
        startBackground(change, branch, RunBuilder::Target{now()},
                        [this, branch, before, change](RunBuilder::Built built) mutable {
                            adoptRun(branch, std::move(built), before);
                            pushChange(change, std::move(before));
                            emit scenarioChanged();
                            emit worldReset();
                            emit forked();
                            emit advanced();
                        });
        return true;
    }
    if (!(forking ? fork(scenario, before, error) : replaceRun(scenario, before, error)))
        return false;
    pushChange(change, std::move(before));
    emit scenarioChanged();
    emit worldReset();
    if (forking)
        emit forked();
    emit advanced();
    return true;
}

QString SimulationDocument::intervene(const QString &name, const std::vector<std::uint64_t> &end,
                                      const std::vector<FaultSpec> &inject,
                                      std::vector<std::uint64_t> *injected)
{
    if (injected)
        injected->clear();
    if (!m_run)
        return tr("No scenario is open.");
    // Only a fault in force at the playhead can end there.
    const std::vector<ActiveFault> active = faultsAtPlayhead();
    std::vector<std::uint64_t> ending;
    for (std::uint64_t id : end)
        if (std::any_of(active.begin(), active.end(),
                        [id](const ActiveFault &f) { return f.id == id; }) &&
            std::find(ending.begin(), ending.end(), id) == ending.end())
            ending.push_back(id);
    if (ending.empty() && inject.empty())
        return {};
    QString busyWhy;
    if (refuseWhileBusy(&busyWhy))
        return busyWhy;
    RunState before = captureState();
    const bool forking = !m_timeline->live();
    if (forking && inBackground(eventsToPlayhead())) {
        Scenario branch = forkScenario(m_scenario);
        startBackground(
            name, branch, RunBuilder::Target{now()},
            [this, branch, before, name, ending, inject](RunBuilder::Built built) mutable {
                adoptRun(branch, std::move(built), before);
                const QString refusal = applyIntervention(ending, inject, nullptr);
                afterRun();
                pushChange(name, std::move(before));
                announceReplacedRun(m_scenario.patterns);
                if (!refusal.isEmpty())
                    emit interventionRefused(refusal);
            });
        return {};
    }
    if (forking) {
        QString error;
        if (!fork(m_scenario, before, &error))
            return error;
    }
    const QString refusal = applyIntervention(ending, inject, injected);
    afterRun();
    pushChange(name, std::move(before));
    if (forking)
        announceReplacedRun(m_scenario.patterns);
    else
        emit advanced();
    return refusal;
}

QString SimulationDocument::applyIntervention(const std::vector<std::uint64_t> &ending,
                                              const std::vector<FaultSpec> &inject,
                                              std::vector<std::uint64_t> *injected)
{
    World &w = mutableWorld();
    for (std::uint64_t id : ending)
        w.endFault(id);
    QString refusal;
    for (const FaultSpec &spec : inject) {
        const std::string why = w.injectFault(spec);
        if (injected)
            injected->push_back(
                why.empty() && !w.faults().all().empty() ? w.faults().all().back().id : 0);
        // A refused fault is traced too, and replays as refused: it stays part of the change.
        if (!why.empty() && refusal.isEmpty())
            refusal = QString::fromStdString(why);
    }
    return refusal;
}

QString SimulationDocument::injectFault(const FaultSpec &fault, std::uint64_t *faultId,
                                        const QString &name)
{
    std::vector<std::uint64_t> ids;
    const QString why = intervene(
        name.isEmpty() ? tr("inject %1").arg(QString::fromLatin1(faultKindName(fault.kind))) : name,
        {}, {fault}, &ids);
    if (faultId && !ids.empty() && ids.front() != 0)
        *faultId = ids.front();
    return why;
}

bool SimulationDocument::endFault(std::uint64_t faultId, const QString &name)
{
    const std::vector<ActiveFault> active = faultsAtPlayhead();
    if (std::none_of(active.begin(), active.end(),
                     [faultId](const ActiveFault &f) { return f.id == faultId; }))
        return false;
    intervene(name.isEmpty() ? tr("end fault %1").arg(faultId) : name, {faultId}, {});
    return true;
}

std::size_t SimulationDocument::healAll()
{
    // The faults in force at the playhead, not at the present: healing in the past ends what
    // was wrong then (and forks), and leaves alone a fault that only came later.
    std::vector<std::uint64_t> ids;
    for (const ActiveFault &f : faultsAtPlayhead())
        ids.push_back(f.id);
    if (!ids.empty())
        intervene(tr("heal all"), ids, {});
    return ids.size();
}

Scenario SimulationDocument::forkScenario(Scenario scenario) const
{
    // The interventions made up to the playhead stay; the later ones belonged to the future
    // that the fork discards.
    const std::size_t position = playhead();
    const std::uint64_t lastId = position ? trace()[position - 1].id : 0;
    scenario.run.interventions.clear();
    for (const InterventionSpec &iv : world().interventions())
        if (iv.traceId <= lastId)
            scenario.run.interventions.push_back(iv);
    scenario.run.playhead.reset();
    return scenario;
}

std::uint64_t SimulationDocument::eventsToPlayhead() const
{
    // The kernel's events, in proportion to the trace's up to the playhead.
    const std::size_t all = frontier();
    if (!m_run || all == 0)
        return 0;
    return m_run->world().scheduler().executed() * playhead() / all;
}

bool SimulationDocument::fork(Scenario scenario, const RunState &before, QString *error)
{
    const SimTime at = now();
    if (!replaceRun(forkScenario(std::move(scenario)), before, error))
        return false;
    mutableWorld().runUntil(at);
    afterRun();
    return true;
}

bool SimulationDocument::replaceRun(const Scenario &scenario, const RunState &before,
                                    QString *error)
{
    RunBuilder::Built built = RunBuilder::build(m_input, scenario, error);
    if (!built.run)
        return false;
    adoptRun(scenario, std::move(built), before);
    return true;
}

void SimulationDocument::adoptRun(const Scenario &scenario, RunBuilder::Built built,
                                  const RunState &before)
{
    std::unique_ptr<Run> oldRun = std::move(m_run);
    std::unique_ptr<Timeline> oldTimeline = std::move(m_timeline);
    install(scenario, std::move(built));
    keepRun(before.id, std::move(oldRun), std::move(oldTimeline));
}

SimulationDocument::RunState SimulationDocument::captureState()
{
    RunState s;
    s.id = ++m_lastStateId;
    s.scenario = m_scenario;
    s.scenario.run.interventions = world().interventions();
    s.scenario.run.playhead.reset();
    s.executed = mutableWorld().scheduler().executed();
    s.time = world().now();
    s.finished = world().finished();
    s.playhead = playhead();
    s.playheadTime = now();
    s.live = atPresent();
    return s;
}

RunBuilder::Target SimulationDocument::targetOf(const RunState &state)
{
    RunBuilder::Target target;
    target.time = state.time;
    target.executed = state.executed;
    target.finish = state.finished;
    return target;
}

bool SimulationDocument::simulateState(const RunState &state, QString *error)
{
    RunBuilder::Built built = RunBuilder::build(m_input, state.scenario, error);
    if (!built.run)
        return false;
    RunBuilder::simulate(built, targetOf(state));
    install(state.scenario, std::move(built));
    restorePlayhead(state);
    return true;
}

void SimulationDocument::restorePlayhead(const RunState &state)
{
    if (state.live)
        return;
    // Seeked by time or by event: whichever gives both back.
    if (m_timeline->positionAtTime(state.playheadTime) == state.playhead)
        m_timeline->seekTime(state.playheadTime);
    else
        m_timeline->seek(state.playhead);
}

bool SimulationDocument::swapState(RunState &state, int fromIndex, int toIndex, const QString &what)
{
    if (m_suppressSwaps)
        return true; // the stack is put back where the document's run already is
    if (!m_run)
        return false;
    if (refuseWhileBusy()) {
        // The stack moves when this returns: put it back where the running change leaves it.
        if (m_pendingUndoIndex < 0) {
            m_pendingUndoIndex = m_swapStateId != 0 ? m_swapToIndex : fromIndex;
            QMetaObject::invokeMethod(
                this, [this] { applyPendingUndoIndex(); }, Qt::QueuedConnection);
        }
        return false;
    }
    const auto kept = std::find_if(m_kept.begin(), m_kept.end(),
                                   [&state](const KeptRun &k) { return k.state == state.id; });
    if (kept == m_kept.end() && inBackground(state.executed)) {
        RunState *other = &state;
        m_swapStateId = state.id;
        m_swapToIndex = toIndex;
        startBackground(
            what, state.scenario, targetOf(state),
            [this, other](RunBuilder::Built built) {
                RunState displaced = captureState();
                const PatternSwitches oldPatterns = m_scenario.patterns;
                std::unique_ptr<Run> oldRun = std::move(m_run);
                std::unique_ptr<Timeline> oldTimeline = std::move(m_timeline);
                install(other->scenario, std::move(built));
                restorePlayhead(*other);
                keepRun(displaced.id, std::move(oldRun), std::move(oldTimeline));
                *other = std::move(displaced);
                announceReplacedRun(oldPatterns);
            },
            [this, fromIndex] { restoreUndoIndex(fromIndex); });
        return true;
    }
    RunState displaced = captureState();
    const PatternSwitches oldPatterns = m_scenario.patterns;
    const Scenario oldScenario = m_scenario;
    std::unique_ptr<Run> oldRun = std::move(m_run);
    std::unique_ptr<Timeline> oldTimeline = std::move(m_timeline);
    if (kept != m_kept.end()) {
        m_run = std::move(kept->run);
        m_timeline = std::move(kept->timeline);
        m_kept.erase(kept);
        m_scenario = state.scenario;
        m_traceState.reset(m_run->world().serviceCount(), m_run->world().sharedLock() != nullptr);
    } else {
        QString error;
        bool ok = false;
        try {
            ok = simulateState(state, &error);
        } catch (const std::exception &e) {
            error = QString::fromUtf8(e.what());
        }
        if (!ok) {
            // It ran before, so this cannot happen short of running out of memory: the
            // current run stays.
            qWarning("cannot simulate the run again: %s", qPrintable(error));
            m_timeline.reset();
            m_run = std::move(oldRun);
            m_timeline = std::move(oldTimeline);
            m_scenario = oldScenario;
            m_traceState.reset(m_run->world().serviceCount(),
                               m_run->world().sharedLock() != nullptr);
            return false;
        }
    }
    keepRun(displaced.id, std::move(oldRun), std::move(oldTimeline));
    state = std::move(displaced);
    announceReplacedRun(oldPatterns);
    return true;
}

void SimulationDocument::keepRun(std::uint64_t id, std::unique_ptr<Run> run,
                                 std::unique_ptr<Timeline> timeline)
{
    m_kept.push_back({id, std::move(run), std::move(timeline)});
    // The most recent runs; past the newest, not more than kKeptBytes of recording.
    std::size_t keep = 0;
    std::size_t bytes = 0;
    for (auto it = m_kept.rbegin(); it != m_kept.rend(); ++it) {
        bytes += it->timeline ? it->timeline->memory().total() : 0;
        if (keep >= m_keptLimit || (keep > 0 && bytes > kKeptBytes))
            break;
        ++keep;
    }
    while (m_kept.size() > keep)
        m_kept.pop_front();
}

void SimulationDocument::forgetRun(std::uint64_t id)
{
    if (id == m_swapStateId)
        dropBackground(); // its command is gone: nothing to bring back

    const auto it = std::find_if(m_kept.begin(), m_kept.end(),
                                 [id](const KeptRun &k) { return k.state == id; });
    if (it != m_kept.end())
        m_kept.erase(it);
}

void SimulationDocument::setKeptRuns(std::size_t n)
{
    m_keptLimit = n;
    while (m_kept.size() > n)
        m_kept.pop_front();
}

void SimulationDocument::pushChange(const QString &name, RunState before)
{
    m_undoStack->push(new RunCommand(this, name, std::move(before)));
}

void SimulationDocument::announceReplacedRun(const PatternSwitches &oldPatterns)
{
    if (catalog().writePatterns(oldPatterns) != catalog().writePatterns(m_scenario.patterns))
        emit scenarioChanged();
    emit worldReset();
    emit forked();
    emit advanced();
}

} // namespace dplab
