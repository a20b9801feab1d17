#pragma once

#include <QMainWindow>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;
class QVBoxLayout;

namespace dplab {

class BackgroundRunBar;
class CanvasView;
class CaptionBar;
class CaptionDirector;
class ChecksPanel;
class CompareDialog;
class LessonBrowser;
class EvidenceWalk;
class ExplainerPane;
class PatternCatalog;
class FollowController;
class Presenter;
class PresenterKeys;
class ChartsPanel;
class FaultPanel;
class InspectorPanel;
class PatternsPanel;
class Playback;
class RecentFiles;
class RunSummaryPanel;
class SimulationDocument;
class StudyDialog;
class TimelinePanels;

/**
 * The application window (docs/desktop-app.md): toolbar and menus, the canvas in the middle, the
 * patterns and fault panels on the left, the inspector on the right, the run summary at the
 * bottom and a status bar with time, the read side's current lag, speed of the simulation and
 * the lesson's narration.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    /// Shows an error to the user; tests replace it to capture the text.
    using ErrorHandler = std::function<void(const QString &title, const QString &text)>;
    static constexpr const char *kDefaultLesson = ":/lessons/default.json";

    explicit MainWindow(QWidget *parent = nullptr);
    /// With the pattern modules of `catalog` (a test's own, for instance).
    explicit MainWindow(std::shared_ptr<const PatternCatalog> catalog, QWidget *parent = nullptr);
    ~MainWindow() override;

    SimulationDocument *document() const { return m_document; }
    Playback *playback() const { return m_playback; }
    CanvasView *canvas() const { return m_canvas; }
    PatternsPanel *patternsPanel() const { return m_patterns; }
    FaultPanel *faultPanel() const { return m_faults; }
    InspectorPanel *inspectorPanel() const { return m_inspector; }
    RunSummaryPanel *runSummaryPanel() const { return m_summary; }
    ChartsPanel *chartsPanel() const { return m_charts; }
    ChecksPanel *checksPanel() const { return m_checks; }
    ExplainerPane *explainerPane() const { return m_explainer; }
    TimelinePanels *timelinePanels() const { return m_timeline; }
    RecentFiles *recentFiles() const { return m_recent; }
    QAction *playAction() const { return m_playAction; }
    /// Edit > Undo and Redo: their text names the command ("Undo crash payments").
    QAction *undoAction() const { return m_undoAction; }
    QAction *redoAction() const { return m_redoAction; }
    QString narration() const;
    Presenter *presenter() const { return m_presenter; }
    FollowController *follow() const { return m_follow; }
    /// Walking a chain of evidence (a failed check's, from the Checks and figures dock).
    EvidenceWalk *evidenceWalk() const { return m_walk; }
    CaptionBar *captionBar() const { return m_captions; }
    QString timeText() const;
    /// "current lag 412 ms": the largest staleness of the read sides; empty without one.
    QString lagText() const;

    void setErrorHandler(ErrorHandler handler) { m_errorHandler = std::move(handler); }
    QString lastError() const { return m_lastError; }

public slots:
    /// Opens a scenario file; on failure shows the loader's messages and keeps the current one.
    bool openFile(const QString &path);
    bool openDefaultLesson();
    void reload();
    void openDialog();
    void saveAsDialog();
    void saveRunDialog();
    /// File > Lessons: the lesson browser (window-modal; opening a lesson closes it).
    LessonBrowser *showLessons();
    /// File > Compare...: the dialog that defines variant B (window-modal; Compare opens the
    /// comparison window).
    CompareDialog *showCompare();
    /// Run > Parameter study...: the study dialog (modeless, one per window: the window stays
    /// live while the study runs, and a point clicked there opens here).
    StudyDialog *showStudy();
    void runUntilDialog();
    void resetRun();
    /// Selects a playback speed (one of Playback::speeds(); 0 = as fast as possible).
    void setSpeed(double speed);
    /// Shows a service in the inspector by name.
    void inspectService(const QString &name);

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createDocks();
    void createStatusBar();
    /// The walk through chains of evidence, its banner placed over the canvas in `column`.
    void createEvidenceWalk(QVBoxLayout *column);
    void rebuildRecentMenu();
    void onScenarioChanged();
    void updateStatus();
    void updateNarration();
    void updateLag();
    void updatePlayAction(bool playing);
    void changeSpeed(int delta);
    void showError(const QString &title, const QString &text);
    void restoreSettings();
    /// The docks for a small screen when no layout was saved (see the definition).
    void arrangeDocksForScreen();
    void saveSettings();
    QDockWidget *addDock(QWidget *panel, const QString &title, const QString &name,
                         Qt::DockWidgetArea area);

    SimulationDocument *m_document;
    Playback *m_playback;
    CanvasView *m_canvas;
    PatternsPanel *m_patterns = nullptr;
    FaultPanel *m_faults = nullptr;
    InspectorPanel *m_inspector = nullptr;
    RunSummaryPanel *m_summary = nullptr;
    ChartsPanel *m_charts = nullptr;
    ChecksPanel *m_checks = nullptr;
    CaptionDirector *m_director = nullptr;
    TimelinePanels *m_timeline = nullptr;
    QMenu *m_exportMenu = nullptr;
    RecentFiles *m_recent;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QAction *m_playAction = nullptr;
    QAction *m_reloadAction = nullptr;
    QAction *m_stepBackAction = nullptr;
    QAction *m_presentAction = nullptr;
    QAction *m_undoAction = nullptr;
    QAction *m_redoAction = nullptr;
    QComboBox *m_speed = nullptr;
    QLabel *m_timeLabel = nullptr;
    QLabel *m_lagLabel = nullptr;
    QLabel *m_rateLabel = nullptr;
    BackgroundRunBar *m_backgroundBar = nullptr;
    CaptionBar *m_captions = nullptr;
    Presenter *m_presenter = nullptr;
    PresenterKeys *m_presenterKeys = nullptr;
    FollowController *m_follow = nullptr;
    EvidenceWalk *m_walk = nullptr;
    QAction *m_stopWalkAction = nullptr;
    ExplainerPane *m_explainer = nullptr;
    QPointer<StudyDialog> m_study;
    ErrorHandler m_errorHandler;
    QString m_lastError;
    int m_lagLevel = -1;
    int m_timePresent = -1; ///< the time label's style: 1 at the present, 0 replaying
    bool m_shownOnce = false;
    bool m_compactDocks = false;
};

} // namespace dplab
