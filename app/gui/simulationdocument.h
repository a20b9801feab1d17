#pragma once

#include "readsidelag.h"
#include "run.h"
#include "scenario/overrides.h"
#include "scenario/scenario.h"
#include "scenarioinput.h"
#include "timeline/timeline.h"
#include "timeline/tracestate.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QString>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dplab {

/**
 * The open scenario and its run: the only way the GUI changes the simulation (Tiled's Document
 * role). Views read from it and listen to its signals; they never touch the World directly for
 * writing.
 */
class SimulationDocument : public QObject
{
    Q_OBJECT

public:
    explicit SimulationDocument(QObject *parent = nullptr);
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

    Run &run() { return *m_run; }
    const Run &run() const { return *m_run; }
    World &world() { return m_run->world(); }
    const World &world() const { return m_run->world(); }
    /// Every trace event so far, in order.
    const TraceLog &trace() const { return m_run->trace()->events(); }

    /// The time at the playhead: the world's present, unless the class stepped back.
    SimTime now() const { return m_timeline ? m_timeline->time() : 0; }
    /// How far the run has gone (the world's own clock).
    SimTime frontierTime() const { return m_run ? m_run->world().now() : 0; }

    // The timeline (DESIGN.md §6): the playhead moves back and forth over the recorded run;
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
    /// Ctrl+Z after a fork: the run as it was before it, with its playhead.
    bool canUndoFork() const { return !m_undo.empty(); }
    void undoFork();
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
    SimTime endTime() const { return m_scenario.duration; }
    bool atEnd() const { return now() >= endTime(); }

    /// Runs the world until `t` but at most `maxEvents` events (so a frame stays short); returns
    /// the events run. Emits advanced().
    std::uint64_t advanceTo(SimTime t, std::uint64_t maxEvents = 200000);
    /// Runs exactly one event. Emits advanced().
    bool step();
    /// Rebuilds the world from the scenario at t = 0 with the same seed. Emits reset().
    void reset();
    /// Replaces the scenario (e.g. a pattern toggled): the new world is simulated again up to
    /// the playhead with the interventions made before it (a fork, undone by undoFork());
    /// false + *error if this build cannot run it (the old scenario stays).
    bool setScenario(const Scenario &scenario, QString *error);
    /// Injects a fault at the playhead (forking the run when it is in the past); returns an
    /// empty string or the reason it was refused. *faultId (if given) receives the fault's id,
    /// for endFault().
    QString injectFault(const FaultSpec &fault, std::uint64_t *faultId = nullptr);
    /// Ends an active fault at the playhead (traced as an intervention, forking the run when
    /// the playhead is in the past); false if it is not in force.
    bool endFault(std::uint64_t faultId);

signals:
    /// A different scenario is open (new file, reload, setScenario).
    void scenarioChanged();
    /// The world was rebuilt at t = 0 (also after scenarioChanged).
    void worldReset();
    /// Simulated time moved (forward, or the playhead moved anywhere).
    void advanced();
    /// The run was replaced by a fork of itself or by the run a fork replaced (undo).
    void forked();

private:
    bool build(const Scenario &scenario, QString *error);
    /// QSaveFile: the old file stays whole if anything fails.
    static bool writeFileAtomically(const QString &path, const QByteArray &text, QString *error);
    /// Replaces the run by `scenario` simulated again to the playhead's time, keeping the
    /// interventions made up to the playhead; the old run goes on the undo stack.
    bool fork(Scenario scenario, QString *error);
    void afterRun();
    void emitMoved();

    struct Undo
    {
        Scenario scenario;
        std::unique_ptr<Run> run;
        std::unique_ptr<Timeline> timeline;
        std::size_t playhead = 0;
    };
    static constexpr std::size_t kUndoDepth = 4;

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
    std::vector<Undo> m_undo;
    std::vector<BookmarkSpec> m_bookmarks;
    bool m_textHasRun = false; ///< the loaded text has a "run" section
};

} // namespace dplab
