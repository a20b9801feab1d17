#pragma once

#include "app/gui/readsidelag.h"
#include "app/gui/runbuilder.h"
#include "patterns/run.h"
#include "patterns/scenarioinput.h"
#include "simulation/scenario/overrides.h"
#include "simulation/scenario/scenario.h"
#include "simulation/timeline/timeline.h"
#include "simulation/timeline/tracestate.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QString>

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class QUndoStack;

namespace dplab {

class RunCommand;

/**
 * The open scenario and its run: the only way the GUI changes the simulation (Tiled's Document
 * role). Views read it through const access and listen to its signals; every change of the run
 * (a fault injected or ended, a pattern switched, a fork) is a command on its undo stack.
 */
class SimulationDocument : public QObject
{
    Q_OBJECT

public:
    /// With every pattern module of this build.
    explicit SimulationDocument(QObject *parent = nullptr);
    /// With the pattern modules of `catalog` (a test's own, for instance).
    explicit SimulationDocument(std::shared_ptr<const PatternCatalog> catalog,
                                QObject *parent = nullptr);
    ~SimulationDocument() override;

    /// Loads a scenario; on failure the current one stays open and *error holds every message
    /// ("file:line:col: path: message", one per line).
    bool loadFile(const QString &path, QString *error);
    /// `overrides` ("--set PATH=VALUE", as dplab-cli takes them) change the text before it is
    /// validated; the document keeps the text as given.
    bool loadText(const QByteArray &text, const QString &sourceName, QString *error,
                  const std::vector<ScenarioOverride> &overrides = {});
    /// Reloads the current file from disk (same rules as loadFile).
    bool reload(QString *error);
    /// Saves the scenario atomically (QSaveFile): the file as loaded, with the patterns as they
    /// are now when they were changed in the app, and the canvas positions under "layout"
    /// when `layout` is given. An unchanged scenario is written byte for byte as loaded.
    bool saveAs(const QString &path, QString *error,
                const QHash<QString, QPointF> *layout = nullptr);
    /// The text saveAs() writes (empty, with *error, if the loaded text cannot be rewritten).
    /// With `run`, a run file: the scenario plus its "run" section (see saveRun()).
    QByteArray textToSave(const QHash<QString, QPointF> *layout, QString *error,
                          const RunSpec *run = nullptr) const;
    /// Saves a run file atomically: the scenario as it runs, every intervention made so far,
    /// the playhead and the bookmarks. Opened again (here or by dplab-cli run), it replays
    /// the same run. The document's own file stays what it was.
    bool saveRun(const QString &path, QString *error,
                 const QHash<QString, QPointF> *layout = nullptr);
    /// What saveRun() writes in the "run" section.
    RunSpec runSpec() const;
    /// Bookmarks of this run (the timeline dock edits them; run files keep them).
    const std::vector<BookmarkSpec> &bookmarks() const { return m_bookmarks; }
    void setBookmarks(std::vector<BookmarkSpec> bookmarks) { m_bookmarks = std::move(bookmarks); }
    /// True when the running patterns differ from the file's.
    bool patternsEdited() const;
    /// Counts files and texts loaded; a change of the running scenario (setScenario) keeps it.
    int loadGeneration() const { return m_loadGeneration; }

    bool hasRun() const { return m_run != nullptr; }
    const Scenario &scenario() const { return m_scenario; }
    QString filePath() const { return m_filePath; }
    QString displayName() const;
    QByteArray sourceText() const { return m_text; }

    const Run &run() const { return *m_run; }
    const World &world() const { return m_run->world(); }
    /// A read-only query on a service's database as it is at the playhead (Database::query: a
    /// statement that would write is refused). Throws DatabaseError, as SQLite's errors do.
    QueryResult queryDatabase(int service, std::string_view sql, std::size_t maxRows = 100000,
                              std::uint64_t maxSteps = 0) const;
    /// The same with bound parameters (?1, ?2...).
    QueryResult queryDatabase(int service, std::string_view sql,
                              const std::vector<SqlValue> &params) const;
    /// The user tables of a service's database, sorted by name.
    std::vector<std::string> databaseTables(int service) const;
    /// Every trace event so far, in order.
    const TraceLog &trace() const { return m_run->trace()->events(); }

    /// The time at the playhead: the world's present, unless the class stepped back.
    SimTime now() const { return m_timeline ? m_timeline->time() : 0; }
    /// How far the run has gone (the world's own clock).
    SimTime frontierTime() const { return m_run ? m_run->world().now() : 0; }
    /// When the world's next event is due (the scheduler's answer; 0 without a run).
    SimTime nextEventTime() const { return m_run ? m_run->world().scheduler().nextTime() : 0; }

    // The timeline (docs/architecture.md): the playhead moves back and forth over the recorded run;
    // the databases follow it (inverted changesets, checkpoints), the views draw the trace
    // up to it. Intervening away from the present forks the run.
    /// Trace events at or before the playhead.
    std::size_t playhead() const { return m_timeline ? m_timeline->position() : 0; }
    /// Trace events recorded so far.
    std::size_t frontier() const { return m_timeline ? m_timeline->frontier() : 0; }
    /// The playhead is at the world's present (the simulation can run on).
    bool atPresent() const { return !m_timeline || m_timeline->live(); }
    bool canStepBack() const { return m_timeline && m_timeline->canRewind() && playhead() > 0; }
    const Timeline *timeline() const { return m_timeline.get(); }
    /// Moves the playhead one event back / to a trace position / to a time. Emit advanced().
    bool stepBack();
    bool seek(std::size_t position);
    bool seekTime(SimTime t);
    /// The playhead back to the present.
    void goToPresent();
    /// Services, faults and outstanding requests at the playhead, from the trace.
    const TraceState &traceState() const;
    /// The faults in force at the playhead (the world's own list when at the present).
    std::vector<ActiveFault> faultsAtPlayhead() const;
    /// Every change of the run, as commands named for Edit > Undo/Redo ("crash payments").
    /// Undo brings back the run as it was before the change, redo the run as it was when it
    /// was undone: the same trace, byte for byte, and the same playhead. Opening a file clears it.
    QUndoStack *undoStack() const { return m_undoStack.get(); }
    /// How many replaced runs are kept in memory for an instant undo or redo (most recent
    /// first; default kKeptRuns); the others are simulated again from their scenario and
    /// interventions when needed.
    void setKeptRuns(std::size_t n);
    std::size_t keptRuns() const { return m_kept.size(); }
    static constexpr std::size_t kKeptRuns = 3;
    /// Kept runs beyond the most recent one are dropped past this much recorded run.
    static constexpr std::size_t kKeptBytes = std::size_t(256) << 20;
    /// Commands kept on the stack (each holds a scenario, not a run).
    static constexpr int kUndoLimit = 200;
    /// Every read side the patterns measure (their Staleness decorations) with its staleness
    /// and consumer lag at `t`, from the latest metrics sample at or before `t`.
    QList<ReadSideLag> readSideLags(SimTime t) const;
    /// What the pattern modules ask the canvas to draw beside the services of this scenario.
    const std::vector<Decoration> &decorations() const { return m_decorations; }
    /// The figures of a decoration at the playhead, as its pattern module reads them (from the
    /// tables, so right at a past playhead too; what only memory holds is left out there).
    /// Some read a few tables, so callers throttle them.
    std::optional<Probe> probe(const Decoration &decoration) const;
    /// The pattern modules this app was built with.
    const PatternCatalog &catalog() const { return m_input.catalog(); }
    /// The latest sample at or before `t` of a metrics column, or nullopt (no such column, or
    /// no sample yet); *sampledAt receives the sample's time.
    std::optional<double> sampleAt(const std::string &column, SimTime t,
                                   SimTime *sampledAt = nullptr) const;
    /// The run's checks judged at its end (its invariants, failed ones with their evidence,
    /// then the expectations, as Run::checks()), once the run has been at its end at the
    /// present; empty before. They stay while the playhead goes back (walking a chain of
    /// evidence), until the run is replaced.
    const std::vector<CheckResult> &judgedChecks();
    /// judgedChecks() has the checks of the current run.
    bool checksJudged() const { return m_run && m_judgedRun == m_run.get(); }
    SimTime endTime() const { return m_scenario.duration; }
    bool atEnd() const { return now() >= endTime(); }

    /// Runs the world until `t` but at most `maxEvents` events (so a frame stays short); returns
    /// the events run. Emits advanced().
    std::uint64_t advanceTo(SimTime t, std::uint64_t maxEvents = 200000);
    /// Runs exactly one event. Emits advanced().
    bool step();
    /// Rebuilds the world from the scenario at t = 0 with the same seed, without the
    /// interventions (a command: "reset the run"). Emits worldReset().
    void reset();
    /// How setScenario() starts the new run.
    enum ScenarioStart {
        AtPlayhead, ///< simulated again up to the playhead with the interventions before it
        FromStart,  ///< at t = 0 as the scenario says (a parameter study's run opened)
    };
    /// Replaces the scenario (e.g. a pattern toggled): the new world is simulated again up to
    /// the playhead with the interventions made before it (a fork), or starts at t = 0; one
    /// command named `name` ("switch saga to choreography"). False + *error if this build
    /// cannot run it (the old scenario stays, nothing is pushed).
    bool setScenario(const Scenario &scenario, QString *error, const QString &name = {},
                     ScenarioStart start = AtPlayhead);
    /// One intervention at the playhead, one command named `name`: ends the faults `end` that
    /// are in force there, then injects `inject` (forking the run first when the playhead is in
    /// the past). Returns an empty string or why an injection was refused (a refusal is traced
    /// and stays part of the run). *injected (if given) receives the new faults' ids (0 for a
    /// refused one), for endFault().
    QString intervene(const QString &name, const std::vector<std::uint64_t> &end,
                      const std::vector<FaultSpec> &inject,
                      std::vector<std::uint64_t> *injected = nullptr);
    /// intervene() with one fault to inject; the name defaults to "inject <kind>".
    QString injectFault(const FaultSpec &fault, std::uint64_t *faultId = nullptr,
                        const QString &name = {});
    /// intervene() with one fault to end; false (and no command) if it is not in force at the
    /// playhead. The name defaults to "end fault <id>".
    bool endFault(std::uint64_t faultId, const QString &name = {});
    /// Ends every fault in force at the playhead (one command, "heal all"); returns how many.
    std::size_t healAll();

    // A long re-simulation (a fork or an undo at a late playhead) runs on a worker thread with
    // a World of its own: the current run stays on screen and the window live, and the change
    // is made (its command pushed, its signals emitted) when the new run is ready. Until then
    // every other change, and the playhead, are refused (changeRefused()).
    /// A change is being simulated in the background.
    bool busy() const { return m_builder != nullptr; }
    /// Its name ("crash payments", "undo crash payments"); empty when not busy.
    QString busyWith() const { return m_busyName; }
    /// How much of it is done, 0 to 1.
    double busyProgress() const;
    /// Drops it: the run, the playhead and the undo stack stay as they were before it.
    void cancelBackground();
    /// Re-simulations of at least this many kernel events go to the background (0: all of
    /// them; the largest value: none). Shorter ones are made at once, as before; the run is
    /// the same either way.
    void setBackgroundFrom(std::uint64_t events) { m_backgroundFrom = events; }
    std::uint64_t backgroundFrom() const { return m_backgroundFrom; }
    /// Whether a long run file opens in the background (the window's document): loadFile()
    /// and loadText() return at once, and the open run stays until the new one is ready.
    void setOpensInBackground(bool on) { m_opensInBackground = on; }
    /// About 50 ms of simulation on a slow machine.
    static constexpr std::uint64_t kBackgroundFromEvents = 20000;

signals:
    /// A different scenario is open (new file, reload, setScenario).
    void scenarioChanged();
    /// The world was rebuilt at t = 0 (also after scenarioChanged).
    void worldReset();
    /// Simulated time moved (forward, or the playhead moved anywhere).
    void advanced();
    /// The run was replaced by a fork of itself, or by another run through undo or redo.
    void forked();
    /// A change went to the background (busy()).
    void backgroundStarted(const QString &name);
    void backgroundProgress(double fraction);
    /// The background change was made (`applied`), or cancelled or failed.
    void backgroundFinished(bool applied);
    /// A change or a move of the playhead was refused, and why (another change is running).
    void changeRefused(const QString &why);
    /// A background intervention was made, but an injection in it was refused (what
    /// intervene() returns when it is made at once).
    void interventionRefused(const QString &why);

private:
    friend class RunCommand;

    /** A run as it can be brought back exactly: the scenario with every intervention made in
     *  it, how far it ran and where its playhead was. */
    struct RunState
    {
        std::uint64_t id = 0;       ///< names the run object while it is kept (KeptRun)
        Scenario scenario;          ///< run.interventions: all of the run's, in order
        std::uint64_t executed = 0; ///< kernel events run
        SimTime time = 0;           ///< the world's clock
        bool finished = false;
        std::size_t playhead = 0;
        SimTime playheadTime = 0;
        bool live = true;
    };
    /** A replaced run kept whole for an instant undo or redo. */
    struct KeptRun
    {
        std::uint64_t state = 0;
        std::unique_ptr<Run> run;
        std::unique_ptr<Timeline> timeline;
    };

    bool load(const QByteArray &text, const QString &sourceName, QString *error,
              const std::vector<ScenarioOverride> &overrides, const QString &filePath);
    /// What a new file changes beside the run, and its signals.
    void loaded(const Scenario &scenario, const QByteArray &text, const QString &filePath);
    bool build(const Scenario &scenario, QString *error);
    /// Makes `built`, a run of `scenario`, the document's run (the current one goes).
    void install(const Scenario &scenario, RunBuilder::Built built);
    /// install() that keeps the current run as the run of `before`.
    void adoptRun(const Scenario &scenario, RunBuilder::Built built, const RunState &before);
    /// The run's world, for the document's own changes and probes.
    World &mutableWorld() { return m_run->world(); }
    /// Builds `scenario` in place of the current run, which is kept as the run of `before`;
    /// on failure the current run stays.
    bool replaceRun(const Scenario &scenario, const RunState &before, QString *error);
    /// QSaveFile: the old file stays whole if anything fails.
    static bool writeFileAtomically(const QString &path, const QByteArray &text, QString *error);
    /// Replaces the run by `scenario` simulated again to the playhead's time, keeping the
    /// interventions made up to the playhead; the old run is kept as `before`.
    bool fork(Scenario scenario, const RunState &before, QString *error);
    /// `scenario` with the interventions made up to the playhead, as a fork runs it.
    Scenario forkScenario(Scenario scenario) const;
    /// About how many kernel events a fork at the playhead simulates again.
    std::uint64_t eventsToPlayhead() const;
    /// A re-simulation of `events` kernel events goes to the background.
    bool inBackground(std::uint64_t events) const { return events >= m_backgroundFrom; }
    using BuiltHandler = std::function<void(RunBuilder::Built)>;
    /// Simulates `scenario` to `target` on a worker; `done` makes the change with the new
    /// run, `cancelled` undoes what was done already (the undo stack's move).
    void startBackground(const QString &name, Scenario scenario, RunBuilder::Target target,
                         BuiltHandler done, std::function<void()> cancelled = {});
    void backgroundDone();
    /// Forgets the background change without making it or undoing anything.
    void dropBackground();
    /// True (and changeRefused(), *why) while busy.
    bool refuseWhileBusy(QString *why = nullptr);
    /// Moves the undo stack to `index` without swapping runs (a refused or cancelled undo).
    void restoreUndoIndex(int index);
    /// The stack back where a refused undo or redo found it (before anything else moves it).
    void applyPendingUndoIndex();
    /// Ends the faults `ending`, injects `inject` at the present; returns the first refusal.
    QString applyIntervention(const std::vector<std::uint64_t> &ending,
                              const std::vector<FaultSpec> &inject,
                              std::vector<std::uint64_t> *injected);
    void afterRun();
    void emitMoved();
    /// judgedChecks() forgets its checks when the run is replaced.
    void forgetJudgedOnNewRun();
    /// The current run as a RunState with a new id.
    RunState captureState();
    /// Puts `state` in place of the current run (kept, or simulated again), and the current
    /// run's state into `state`: undo and redo are the same swap.
    /// The stack goes from `fromIndex` to `toIndex` with it (`what`: "undo crash payments").
    bool swapState(RunState &state, int fromIndex, int toIndex, const QString &what);
    /// Builds `state` and runs it to where it was.
    bool simulateState(const RunState &state, QString *error);
    /// Where `state` was simulated to.
    static RunBuilder::Target targetOf(const RunState &state);
    /// The playhead where it was in `state` (the run simulated again to it).
    void restorePlayhead(const RunState &state);
    /// Keeps the replaced run `run` of state `id`, dropping the oldest beyond the limits.
    void keepRun(std::uint64_t id, std::unique_ptr<Run> run, std::unique_ptr<Timeline> timeline);
    /// Drops the kept run of state `id` (its command is gone).
    void forgetRun(std::uint64_t id);
    /// Pushes the command for a change already made (the run before it is `before`).
    void pushChange(const QString &name, RunState before);
    /// Emits what views need after the run was replaced by another of `oldPatterns`.
    void announceReplacedRun(const PatternSwitches &oldPatterns);

    ScenarioInput m_input;
    Scenario m_scenario;
    std::vector<Decoration> m_decorations;
    QByteArray m_text;
    std::string m_loadedPatterns; // the file's patterns, as the catalog writes them
    int m_loadGeneration = 0;
    QString m_filePath;
    std::unique_ptr<Run> m_run;
    std::unique_ptr<Timeline> m_timeline;
    mutable TraceState m_traceState;
    std::vector<BookmarkSpec> m_bookmarks;
    std::vector<CheckResult> m_judged;
    const Run *m_judgedRun = nullptr; ///< the run m_judged belongs to
    bool m_textHasRun = false;        ///< the loaded text has a "run" section
    std::uint64_t m_lastStateId = 0;
    std::size_t m_keptLimit = kKeptRuns;
    std::deque<KeptRun> m_kept;            ///< oldest first
    std::unique_ptr<RunBuilder> m_builder; ///< the background change
    QString m_busyName;
    BuiltHandler m_builtHandler;
    std::function<void()> m_cancelHandler;
    std::uint64_t m_swapStateId = 0; ///< the state a background undo or redo brings back
    int m_swapToIndex = -1;          ///< where the undo stack is when it is done
    bool m_suppressSwaps = false;
    bool m_opensInBackground = false;
    int m_pendingUndoIndex = -1; ///< see applyPendingUndoIndex()
    std::uint64_t m_backgroundFrom = kBackgroundFromEvents;
    // Last, so its commands are deleted (and forget their kept runs) before the runs go.
    std::unique_ptr<QUndoStack> m_undoStack;
};

} // namespace dplab
