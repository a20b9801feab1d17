#include "app/gui/mainwindow.h"

#include "app/gui/backgroundrunbar.h"
#include "app/gui/exportactions.h"
#include "app/gui/timeline/sequenceview.h"
#include "app/gui/timeline/timelinedock.h"
#include "app/gui/timeline/timelinepanels.h"
#include "app/gui/timeline/traceviewer.h"

#include "app/gui/canvas/canvasview.h"
#include "app/gui/charts/chartspanel.h"
#include "app/gui/classroom/captionbar.h"
#include "app/gui/classroom/captiondirector.h"
#include "app/gui/classroom/lessonbrowser.h"
#include "app/gui/classroom/presenter.h"
#include "app/gui/compare/comparedialog.h"
#include "app/gui/evidence/evidencewalk.h"
#include "app/gui/follow/followcontroller.h"
#include "app/gui/inspector/inspectorpanel.h"
#include "app/gui/panels/checkspanel.h"
#include "app/gui/panels/explainerpane.h"
#include "app/gui/panels/faultpanel.h"
#include "app/gui/panels/patternspanel.h"
#include "app/gui/panels/runsummarypanel.h"
#include "app/gui/playback.h"
#include "app/gui/recentfiles.h"
#include "app/gui/simulationdocument.h"
#include "app/gui/study/studydialog.h"
#include "app/gui/windowplacement.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

#include <cmath>

namespace dplab {

namespace {

QString formatSeconds(SimTime t, int decimals)
{
    return QString::number(static_cast<double>(t) / static_cast<double>(kSecond), 'f', decimals);
}

/// The local .json files of a drag, if any.
QStringList jsonFiles(const QMimeData *mime)
{
    QStringList out;
    if (!mime || !mime->hasUrls())
        return out;
    for (const QUrl &url : mime->urls())
        if (url.isLocalFile() && (url.toLocalFile().endsWith(".json", Qt::CaseInsensitive) ||
                                  url.toLocalFile().endsWith(".jsonl", Qt::CaseInsensitive)))
            out << url.toLocalFile();
    return out;
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : MainWindow(nullptr, parent)
{}

MainWindow::MainWindow(std::shared_ptr<const PatternCatalog> catalog, QWidget *parent)
    : QMainWindow(parent)
    , m_document(catalog ? new SimulationDocument(std::move(catalog), this)
                         : new SimulationDocument(this))
    , m_playback(new Playback(m_document, this))
    , m_canvas(new CanvasView(m_document, this))
    , m_recent(new RecentFiles(this))
{
    setWindowIcon(QIcon(QStringLiteral(":/icons/dplab.svg")));
    setAcceptDrops(true);
    // The caption bar above the canvas: the lesson's narration, large enough for a room.
    auto *centre = new QWidget(this);
    auto *column = new QVBoxLayout(centre);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    m_captions = new CaptionBar(centre);
    column->addWidget(m_captions);
    m_follow = new FollowController(m_document, m_playback, m_canvas, this);
    column->addWidget(m_follow->banner());
    column->addWidget(m_canvas, 1);
    setCentralWidget(centre);
    m_presenter = new Presenter(this, m_document, m_playback, m_canvas, m_captions);
    connect(m_presenter, &Presenter::refused, this, [this](const QString &why) {
        statusBar()->showMessage(tr("Not tried: %1").arg(why), 8000);
    });
    setDockOptions(AnimatedDocks | AllowTabbedDocks);
    createActions();
    createDocks();
    createStatusBar();
    createEvidenceWalk(column);

    connect(m_document, &SimulationDocument::scenarioChanged, this, &MainWindow::onScenarioChanged);
    // The canvas listens to the document itself; the window only keeps its status current.
    connect(m_document, &SimulationDocument::worldReset, this, &MainWindow::updateStatus);
    // Reset (Home) brings back the lesson's opening: a "predict" caption at 0 s waits again.
    connect(m_document, &SimulationDocument::worldReset, m_presenter, &Presenter::reset);
    connect(m_playback, &Playback::frameDone, this, &MainWindow::updateStatus);
    // Also when time moves without playback (a step, an injected fault, a test driving it).
    connect(m_document, &SimulationDocument::advanced, this, &MainWindow::updateStatus);
    connect(m_playback, &Playback::playingChanged, this, &MainWindow::updatePlayAction);
    // A change simulated in the background: the old run stays, paused, until it is ready.
    connect(m_document, &SimulationDocument::backgroundStarted, m_playback, &Playback::pause);
    m_document->setOpensInBackground(true);
    connect(m_document, &SimulationDocument::changeRefused, this,
            [this](const QString &why) { statusBar()->showMessage(why, 6000); });
    connect(m_playback, &Playback::effectiveSpeedChanged, this, [this](double speed) {
        m_canvas->setSpeedHint(speed == Playback::kMaxSpeed ? 100.0 : speed);
    });
    connect(m_canvas, &CanvasView::serviceSelected, m_inspector, &InspectorPanel::selectService);
    // After the inspector, which is part of the fault panel's notion of "selected".
    connect(m_canvas, &CanvasView::serviceSelected, m_faults, &FaultPanel::selectionChanged);
    connect(m_inspector->serviceCombo(), &QComboBox::currentIndexChanged, m_faults,
            &FaultPanel::selectionChanged);
    connect(m_recent, &RecentFiles::changed, this, &MainWindow::rebuildRecentMenu);
    m_faults->setSelectionProvider([this] {
        QList<int> selected = m_canvas->selectedServices();
        if (selected.isEmpty() && m_inspector->currentService() >= 0)
            selected << m_inspector->currentService();
        return selected;
    });
    m_faults->selectionChanged();

    restoreSettings();
    m_canvas->setSpeedHint(m_playback->speed() == Playback::kMaxSpeed ? 100.0
                                                                      : m_playback->speed());
    rebuildRecentMenu();
    updateStatus();
}

MainWindow::~MainWindow() = default;

QDockWidget *MainWindow::addDock(QWidget *panel, const QString &title, const QString &name,
                                 Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(name);
    dock->setWidget(panel);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                      QDockWidget::DockWidgetClosable);
    addDockWidget(area, dock);
    m_viewMenu->addAction(dock->toggleViewAction());
    return dock;
}

void MainWindow::createDocks()
{
    m_patterns = new PatternsPanel(m_document, this);
    m_faults = new FaultPanel(m_document, this);
    m_inspector = new InspectorPanel(m_document, this);
    m_summary = new RunSummaryPanel(m_document, this);
    QDockWidget *patterns =
        addDock(m_patterns, tr("Patterns"), "patternsDock", Qt::LeftDockWidgetArea);
    QDockWidget *faults = addDock(m_faults, tr("Faults"), "faultsDock", Qt::LeftDockWidgetArea);
    splitDockWidget(patterns, faults, Qt::Vertical);
    QDockWidget *inspector =
        addDock(m_inspector, tr("Inspector"), "inspectorDock", Qt::RightDockWidgetArea);
    // The "?" beside each pattern opens its explainer, a tab beside the inspector.
    auto *explainer = new ExplainerPane(this);
    m_explainer = explainer;
    QDockWidget *explainDock =
        addDock(explainer, tr("Pattern explainer"), "explainerDock", Qt::RightDockWidgetArea);
    tabifyDockWidget(inspector, explainDock);
    inspector->raise();
    connect(inspector, &QDockWidget::visibilityChanged, m_inspector, [this](bool visible) {
        if (visible)
            m_inspector->catchUp();
    });
    connect(m_patterns, &PatternsPanel::explainRequested, this,
            [explainer, explainDock](const QString &key) {
                explainer->showPattern(key);
                explainDock->show();
                explainDock->raise();
            });
    // The bottom area: the timeline (event list, scrubber), the charts, the run summary and the
    // sequence diagram as tabs, so the window fits a 1600-pixel screen (drag a tab out to see
    // two side by side on a wider one).
    m_timeline = new TimelinePanels(m_document, m_playback, this);
    QDockWidget *timeline =
        addDock(m_timeline->dock(), tr("Timeline"), "timelineDock", Qt::BottomDockWidgetArea);
    QDockWidget *summary =
        addDock(m_summary, tr("Run summary"), "summaryDock", Qt::BottomDockWidgetArea);
    m_charts = new ChartsPanel(m_document, this);
    QDockWidget *charts = addDock(m_charts, tr("Charts"), "chartsDock", Qt::BottomDockWidgetArea);
    tabifyDockWidget(timeline, charts);
    tabifyDockWidget(charts, summary);
    // The checks and the patterns' figures: a caption that names a figure raises it.
    m_checks = new ChecksPanel(m_document, this);
    QDockWidget *checks =
        addDock(m_checks, tr("Checks and figures"), "checksDock", Qt::BottomDockWidgetArea);
    tabifyDockWidget(summary, checks);
    QDockWidget *sequence =
        addDock(m_timeline->sequence(), tr("Sequence"), "sequenceDock", Qt::BottomDockWidgetArea);
    tabifyDockWidget(checks, sequence);
    CaptionDirector::Views views;
    views.charts = m_charts;
    views.chartsDock = charts;
    views.inspector = m_inspector;
    views.inspectorDock = inspector;
    views.checks = m_checks;
    views.checksDock = checks;
    views.explainer = explainer;
    views.explainerDock = explainDock;
    views.follow = m_follow;
    views.setSpeed = [this](double speed) { setSpeed(speed); };
    views.raise = [this](QDockWidget *dock) { m_presenter->raiseDock(dock); };
    m_director = new CaptionDirector(m_document, std::move(views), this);
    connect(summary, &QDockWidget::visibilityChanged, m_summary, [this](bool visible) {
        if (visible)
            m_summary->catchUp();
    });
    connect(sequence, &QDockWidget::visibilityChanged, m_timeline, [this](bool visible) {
        if (visible)
            m_timeline->sync();
    });
    timeline->raise();
    connect(m_timeline, &TimelinePanels::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 6000); });
    auto *exports = new ExportActions(m_document, m_canvas, m_timeline->sequence(), this);
    exports->addTo(m_exportMenu);
    connect(exports, &ExportActions::error, this, &MainWindow::showError);
    connect(exports, &ExportActions::written, this, [this](const QString &path) {
        statusBar()->showMessage(tr("Wrote %1").arg(QDir::toNativeSeparators(path)), 6000);
    });
    // The bottom area belongs to the timeline and the charts: keep the corners on the sides.
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    resizeDocks({patterns, inspector}, {300, 380}, Qt::Horizontal);
    resizeDocks({patterns, faults}, {440, 420}, Qt::Vertical);
    resizeDocks({summary}, {300}, Qt::Vertical);
}

void MainWindow::createEvidenceWalk(QVBoxLayout *column)
{
    EvidenceWalk::Views views;
    views.playback = m_playback;
    views.canvas = m_canvas;
    views.follow = m_follow;
    views.inspector = m_inspector;
    views.inspectorDock = qobject_cast<QDockWidget *>(m_inspector->parentWidget());
    views.checks = m_checks;
    views.timeline = m_timeline->dock();
    views.sequence = m_timeline->sequence();
    views.raise = [this](QDockWidget *dock) { m_presenter->raiseDock(dock); };
    m_walk = new EvidenceWalk(m_document, views, this);
    // Under the follow banner, over the canvas.
    column->insertWidget(column->indexOf(m_canvas), m_walk->banner());
    connect(
        m_checks, &ChecksPanel::chainRequested, m_walk,
        [this](const QString &check, int chain, int step) { m_walk->walk(check, chain, step); });
    connect(m_checks, &ChecksPanel::rowRequested, m_walk,
            [this](const QString &check, int chain, int row) {
                if (!m_walk->active() || m_walk->checkId() != check || m_walk->chain() != chain)
                    m_walk->walk(check, chain, 0);
                m_walk->showRow(row);
            });
    connect(m_stopWalkAction, &QAction::triggered, m_walk, &EvidenceWalk::stop);
    connect(m_walk, &EvidenceWalk::walkingChanged, m_stopWalkAction, &QAction::setEnabled);
    connect(m_presenter, &Presenter::presentingChanged, m_walk, &EvidenceWalk::setPresentation);
    connect(m_presenter, &Presenter::evidenceRequested, this,
            [this](const QString &check, const QString &entity) {
                const QString why = m_walk->showWhy(check, entity);
                if (!why.isEmpty())
                    statusBar()->showMessage(why, 8000);
                else if (m_walk->waitingForEnd())
                    statusBar()->showMessage(
                        tr("Playing to the end of the run, where the checks are judged..."), 6000);
            });
}

void MainWindow::createStatusBar()
{
    m_timeLabel = new QLabel(this);
    m_timeLabel->setToolTip(tr("Simulated time / duration of the scenario"));
    m_lagLabel = new QLabel(this);
    m_lagLabel->setObjectName("currentLag");
    m_lagLabel->setTextFormat(Qt::PlainText);
    m_lagLabel->setAlignment(Qt::AlignCenter);
    m_rateLabel = new QLabel(this);
    m_rateLabel->setToolTip(tr("Simulation events per wall-clock second"));
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(m_timeLabel->font().pointSizeF());
    m_timeLabel->setFont(mono);
    m_rateLabel->setFont(mono);
    // Fixed sizes, so the caption does not jump while the numbers change, and a new number
    // costs a repaint of the label only: a label that may change size makes the window lay
    // out all its docks again, every frame.
    const QFontMetrics fm(mono);
    const int rowHeight = fm.height() + 6;
    m_timeLabel->setFixedSize(
        fm.horizontalAdvance(QStringLiteral("t = 00000.000 s / 00000 s")) + 12, rowHeight);
    QFont lagFont = mono;
    lagFont.setBold(true);
    m_lagLabel->setFont(lagFont);
    // The longest text it shows.
    m_lagLabel->setFixedSize(
        QFontMetrics(lagFont).horizontalAdvance(QStringLiteral("current lag: up to date")) + 16,
        rowHeight);
    m_lagLabel->setContentsMargins(6, 0, 6, 0);
    m_rateLabel->setFixedSize(fm.horizontalAdvance(QStringLiteral("0000000 events/s")) + 12,
                              rowHeight);
    m_timeLabel->setContentsMargins(6, 0, 6, 0);
    m_rateLabel->setContentsMargins(6, 0, 6, 0);
    statusBar()->addWidget(m_timeLabel);
    statusBar()->addWidget(m_lagLabel);
    statusBar()->addWidget(m_rateLabel);
    m_backgroundBar = new BackgroundRunBar(m_document, this);
    statusBar()->addPermanentWidget(m_backgroundBar);
}

void MainWindow::showError(const QString &title, const QString &text)
{
    m_lastError = text;
    if (m_errorHandler) {
        m_errorHandler(title, text);
        return;
    }
    const QStringList lines = text.split('\n', Qt::SkipEmptyParts);
    QMessageBox box(QMessageBox::Warning, title, lines.value(0), QMessageBox::Ok, this);
    if (lines.size() > 3) {
        box.setInformativeText(tr("%1 problems in total; see the details.").arg(lines.size()));
        box.setDetailedText(text);
    } else if (lines.size() > 1) {
        box.setInformativeText(lines.mid(1).join('\n'));
    }
    box.exec();
}

bool MainWindow::openFile(const QString &path)
{
    m_playback->pause();
    QString error;
    if (path.endsWith(QStringLiteral(".jsonl"), Qt::CaseInsensitive)) {
        // A trace written by dplab-cli: read-only, in its own window; the scenario stays.
        TraceViewer *viewer = TraceViewer::open(path, &error, this);
        if (!viewer) {
            showError(tr("Cannot open %1").arg(QFileInfo(path).fileName()), error);
            return false;
        }
        viewer->setWindowFlag(Qt::Window);
        viewer->show();
        m_lastError.clear();
        m_recent->add(path);
        return true;
    }
    if (!m_document->loadFile(path, &error)) {
        if (!QFileInfo::exists(path))
            m_recent->remove(path);
        showError(tr("Cannot open %1").arg(QFileInfo(path).fileName()), error);
        return false;
    }
    m_lastError.clear();
    m_recent->add(path);
    return true;
}

bool MainWindow::openDefaultLesson()
{
    return openFile(QString::fromLatin1(kDefaultLesson));
}

void MainWindow::reload()
{
    m_playback->pause();
    QString error;
    if (!m_document->reload(&error))
        showError(tr("Cannot reload"), error);
}

void MainWindow::openDialog()
{
    QSettings settings;
    const QString dir = settings.value("lastDirectory").toString();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open a scenario"), dir,
        tr("Scenarios, runs and traces (*.json *.jsonl);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue("lastDirectory", QFileInfo(path).absolutePath());
    openFile(path);
}

LessonBrowser *MainWindow::showLessons()
{
    auto *browser = new LessonBrowser(this);
    browser->setAttribute(Qt::WA_DeleteOnClose);
    connect(browser, &LessonBrowser::lessonChosen, this,
            [this](const QString &path) { openFile(path); });
    browser->open();
    return browser;
}

void MainWindow::saveRunDialog()
{
    m_playback->pause();
    QSettings settings;
    QString suggestion = m_document->filePath();
    suggestion = suggestion.isEmpty()
                     ? settings.value("lastDirectory").toString() + "/scenario.run.json"
                     : QFileInfo(suggestion).absolutePath() + "/" +
                           QFileInfo(suggestion).completeBaseName() + ".run.json";
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the run as"), suggestion,
                                                      tr("Runs (*.run.json);;Scenarios (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    const QHash<QString, QPointF> layout = m_canvas->layoutPositions();
    if (!m_document->saveRun(path, &error, m_canvas->userArranged() ? &layout : nullptr)) {
        showError(tr("Cannot save the run"), error);
        return;
    }
    m_recent->add(path);
}

void MainWindow::saveAsDialog()
{
    QSettings settings;
    QString suggestion = m_document->filePath();
    if (suggestion.isEmpty())
        suggestion = settings.value("lastDirectory").toString() + "/scenario.json";
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the scenario as"), suggestion,
                                                      tr("Scenarios (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    const QHash<QString, QPointF> layout = m_canvas->layoutPositions();
    if (!m_document->saveAs(path, &error, m_canvas->userArranged() ? &layout : nullptr)) {
        showError(tr("Cannot save"), error);
        return;
    }
    m_recent->add(path);
    onScenarioChanged(); // the title and Reload follow the new file
}

void MainWindow::runUntilDialog()
{
    if (!m_document->hasRun())
        return;
    const double now = static_cast<double>(m_document->now()) / static_cast<double>(kSecond);
    const double end = static_cast<double>(m_document->endTime()) / static_cast<double>(kSecond);
    bool ok = false;
    const double t = QInputDialog::getDouble(
        this, tr("Run until"), tr("Run as fast as possible until (seconds of simulated time):"),
        std::min(end, std::floor(now) + 10.0), now, end, 3, &ok);
    if (ok)
        m_playback->runUntil(static_cast<SimTime>(std::llround(t * static_cast<double>(kSecond))));
}

void MainWindow::resetRun()
{
    m_playback->pause();
    m_document->reset();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = m_recent->files();
    for (int i = 0; i < files.size(); ++i) {
        const QString &f = files[i];
        QAction *a = m_recentMenu->addAction(
            QStringLiteral("&%1  %2").arg(i + 1 == 10 ? 0 : i + 1).arg(QFileInfo(f).fileName()));
        a->setToolTip(f);
        a->setStatusTip(f);
        connect(a, &QAction::triggered, this, [this, f] { openFile(f); });
    }
    if (files.isEmpty()) {
        m_recentMenu->addAction(tr("(none)"))->setEnabled(false);
        return;
    }
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("Clear the list"), m_recent, &RecentFiles::clear);
}

void MainWindow::onScenarioChanged()
{
    const QString name = m_document->displayName();
    setWindowTitle(name.isEmpty() ? tr("Data Patterns Lab")
                                  : tr("%1 — Data Patterns Lab").arg(name));
    setWindowFilePath(m_document->filePath());
    m_reloadAction->setEnabled(!m_document->filePath().isEmpty());
    std::vector<SimTime> marks;
    for (const auto &n : m_document->scenario().narrative)
        if (n.pause)
            marks.push_back(n.at);
    m_playback->setPauseMarks(marks);
    m_presenter->reset();
    m_director->reset();
    updateStatus();
}

QString MainWindow::narration() const
{
    return m_presenter->caption();
}

QString MainWindow::timeText() const
{
    return m_timeLabel->text();
}

QString MainWindow::lagText() const
{
    return m_lagLabel->isHidden() ? QString() : m_lagLabel->text();
}

void MainWindow::updateLag()
{
    // The largest staleness of the read sides, from the same samples as the canvas badges.
    const QList<ReadSideLag> lags =
        m_document->hasRun() ? m_document->readSideLags(m_document->now()) : QList<ReadSideLag>();
    if (lags.isEmpty()) {
        m_lagLabel->clear();
        m_lagLabel->hide();
        return;
    }
    const ReadSideLag *worst = &lags.front();
    for (const ReadSideLag &l : lags)
        if (l.stalenessMs > worst->stalenessMs)
            worst = &l;
    const ReadSideLag::Level level = worst->level();
    m_lagLabel->setText(level == ReadSideLag::Level::Unknown ? tr("current lag –")
                        : level == ReadSideLag::Level::UpToDate
                            ? tr("current lag: up to date")
                            : tr("current lag %1").arg(ReadSideLag::formatMs(worst->stalenessMs)));
    // A style sheet costs a re-polish: set it only when the colour band changes.
    if (int(level) != m_lagLevel) {
        m_lagLevel = int(level);
        m_lagLabel->setStyleSheet(
            level == ReadSideLag::Level::Unknown
                ? QString()
                : QStringLiteral("QLabel { color: %1; background: %2; border-radius: 3px; }")
                      .arg(ReadSideLag::ink(level).name(), ReadSideLag::fill(level).name()));
    }
    m_lagLabel->setToolTip(
        tr("How far %1 (the read side) is behind the writes now: the age of the oldest change "
           "it does not show yet, sampled every %2 ms.%3")
            .arg(worst->name)
            .arg(m_document->scenario().sampleInterval / kMillisecond)
            .arg(lags.size() > 1 ? tr(" The largest of %1 read sides.").arg(lags.size())
                                 : QString()));
    m_lagLabel->show();
}

void MainWindow::updateNarration()
{
    m_presenter->updateCaption();
    // A walk through a chain of evidence drives the docks itself: the captions it passes on
    // its way back and forth do not raise their charts over the inspector and the checks.
    if (!m_walk || !m_walk->active())
        m_director->show(m_presenter->captionIndex());
}

void MainWindow::updateStatus()
{
    updateLag();
    if (!m_document->hasRun()) {
        m_timeLabel->setText(tr("no scenario"));
        return;
    }
    m_timeLabel->setText(tr("t = %1 s / %2 s")
                             .arg(formatSeconds(m_document->now(), 3))
                             .arg(formatSeconds(m_document->endTime(), 0)));
    // Behind the present the run is a recording: say so, and how far it has got.
    const bool present = m_document->atPresent();
    // A style sheet costs a re-polish: set it only when the mode changes.
    if (int(present) != m_timePresent) {
        m_timePresent = int(present);
        m_timeLabel->setStyleSheet(present ? QString()
                                           : QStringLiteral("color: #1f5f99; font-weight: bold;"));
    }
    m_timeLabel->setToolTip(
        present ? tr("Simulated time / duration of the scenario")
                : tr("Replaying the recorded run: event %1 of %2, recorded up to %3 s. "
                     "A fault or a toggle here forks the run (Ctrl+Z undoes it).")
                      .arg(m_document->playhead())
                      .arg(m_document->frontier())
                      .arg(formatSeconds(m_document->frontierTime(), 3)));
    m_stepBackAction->setEnabled(m_document->canStepBack());
    m_presentAction->setEnabled(!present);
    const double rate = m_playback->eventsPerSecond();
    m_rateLabel->setText(m_playback->isPlaying()
                             ? tr("%1 events/s")
                                   .arg(rate >= 1e6 ? QString::number(rate / 1e6, 'f', 2) + "M"
                                                    : QString::number(std::lround(rate)))
                             : tr("paused"));
    updateNarration();
}

void MainWindow::updatePlayAction(bool playing)
{
    m_playAction->setText(playing ? tr("Pause") : tr("Play"));
    m_playAction->setIcon(QIcon(playing ? ":/icons/pause.svg" : ":/icons/play.svg"));
    m_playAction->setToolTip(tr("%1 (%2)").arg(
        m_playAction->text(), m_playAction->shortcut().toString(QKeySequence::NativeText)));
    updateStatus();
}

void MainWindow::setSpeed(double speed)
{
    int best = 0;
    for (int i = 1; i < m_speed->count(); ++i)
        if (std::abs(m_speed->itemData(i).toDouble() - speed) <
            std::abs(m_speed->itemData(best).toDouble() - speed))
            best = i;
    m_speed->setCurrentIndex(best);
}

void MainWindow::inspectService(const QString &name)
{
    if (m_document->hasRun()) {
        const int i = m_document->world().serviceIndex(name.toStdString());
        if (i >= 0)
            m_inspector->selectService(i);
    }
}

void MainWindow::changeSpeed(int delta)
{
    const int i = std::clamp(m_speed->currentIndex() + delta, 0, m_speed->count() - 1);
    m_speed->setCurrentIndex(i);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    // First start: most of a large screen (the canvas wants the room), or all of a small one.
    const QRect area = availableArea(this);
    const QSize preferred(std::max(1500, area.width() * 9 / 10),
                          std::max(920, area.height() * 9 / 10));
    restoreOnScreen(this, settings.value("window/geometry").toByteArray(), preferred);
    if (!restoreState(settings.value("window/state").toByteArray()))
        arrangeDocksForScreen();
    m_canvas->highContrastAction()->setChecked(settings.value("view/highContrast").toBool());
    bool ok = false;
    const double speed = settings.value("playback/speed").toDouble(&ok);
    if (ok) {
        const int i = m_speed->findData(speed);
        if (i >= 0)
            m_speed->setCurrentIndex(i);
    }
}

void MainWindow::arrangeDocksForScreen()
{
    // Below 1600 pixels (a 1280x720 or 1280x800 projector) three columns leave the canvas a
    // postage stamp: the Patterns and Faults panels become tabs beside the Inspector, and the
    // bottom tabs keep to the height they need.
    if (availableArea(this).width() >= 1600)
        return;
    auto *inspector = findChild<QDockWidget *>(QStringLiteral("inspectorDock"));
    auto *patterns = findChild<QDockWidget *>(QStringLiteral("patternsDock"));
    auto *faults = findChild<QDockWidget *>(QStringLiteral("faultsDock"));
    auto *timeline = findChild<QDockWidget *>(QStringLiteral("timelineDock"));
    if (!inspector || !patterns || !faults || !timeline)
        return;
    addDockWidget(Qt::RightDockWidgetArea, patterns);
    addDockWidget(Qt::RightDockWidgetArea, faults);
    tabifyDockWidget(inspector, patterns);
    tabifyDockWidget(patterns, faults);
    inspector->raise();
    m_compactDocks = true; // sized once the window is shown (see showEvent)
}

void MainWindow::saveSettings()
{
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    settings.setValue("playback/speed", m_playback->speed());
    settings.setValue("view/highContrast", m_canvas->highContrastAction()->isChecked());
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (!m_shownOnce) {
        m_shownOnce = true;
        // After the first layout: the docks may have grown the window past a small screen.
        QTimer::singleShot(0, this, [this] {
            keepOnScreen(this);
            if (m_compactDocks) {
                // The side column as narrow as its panels allow, the bottom tabs as low as
                // theirs: the rest is the canvas.
                auto *inspector = findChild<QDockWidget *>(QStringLiteral("inspectorDock"));
                auto *timeline = findChild<QDockWidget *>(QStringLiteral("timelineDock"));
                resizeDocks({inspector}, {inspector->minimumSizeHint().width()}, Qt::Horizontal);
                resizeDocks({timeline}, {timeline->minimumSizeHint().height()}, Qt::Vertical);
            }
        });
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_playback->pause();
    saveSettings();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!jsonFiles(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QStringList files = jsonFiles(event->mimeData());
    if (files.isEmpty())
        return;
    event->acceptProposedAction();
    openFile(files.front());
}

CompareDialog *MainWindow::showCompare()
{
    if (!m_document->hasRun())
        return nullptr;
    m_playback->pause();
    auto *dialog = new CompareDialog(*m_document, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

StudyDialog *MainWindow::showStudy()
{
    if (!m_document->hasRun())
        return nullptr;
    if (!m_study) {
        m_study = new StudyDialog(*m_document, this);
        connect(m_study, &StudyDialog::aboutToOpenRun, m_playback, &Playback::pause);
    }
    m_study->show();
    m_study->raise();
    m_study->activateWindow();
    return m_study;
}

} // namespace dplab
