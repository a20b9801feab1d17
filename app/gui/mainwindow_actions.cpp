// MainWindow: the menus, their actions and the playback toolbar.

#include "app/gui/mainwindow.h"

#include "app/gui/canvas/canvasview.h"
#include "app/gui/charts/chartspanel.h"
#include "app/gui/classroom/presenter.h"
#include "app/gui/classroom/presenterkeys.h"
#include "app/gui/evidence/evidencewalk.h"
#include "app/gui/follow/followcontroller.h"
#include "app/gui/playback.h"
#include "app/gui/simulationdocument.h"

#include <QAction>
#include <QComboBox>
#include <QIcon>
#include <QMenu>
#include <QMenuBar>
#include <QToolBar>
#include <QUndoStack>

namespace dplab {

void MainWindow::createActions()
{
    auto withShortcut = [](QAction *a, const QKeySequence &key) {
        a->setShortcut(key);
        a->setToolTip(QStringLiteral("%1 (%2)").arg(a->text().remove('&').remove("..."),
                                                    key.toString(QKeySequence::NativeText)));
    };
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open =
        file->addAction(QIcon(":/icons/open.svg"), tr("&Open..."), this, &MainWindow::openDialog);
    withShortcut(open, QKeySequence::Open);
    QAction *lessons = file->addAction(tr("&Lessons..."), this, &MainWindow::showLessons);
    withShortcut(lessons, QKeySequence(tr("Ctrl+L")));
    lessons->setStatusTip(
        tr("Every lesson built into the app, with a picture and what it teaches"));
    QAction *compare = file->addAction(tr("&Compare..."), this, &MainWindow::showCompare);
    withShortcut(compare, QKeySequence(tr("Ctrl+Shift+C")));
    compare->setStatusTip(tr("Run this scenario beside a variant of it (a pattern off, a setting "
                             "changed) in lockstep, with the charts overlaid and the figures side "
                             "by side"));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    QAction *saveAs = file->addAction(QIcon(":/icons/saveas.svg"), tr("Save &As..."), this,
                                      &MainWindow::saveAsDialog);
    withShortcut(saveAs, QKeySequence(tr("Ctrl+Shift+S")));
    QAction *saveRun = file->addAction(tr("Save R&un..."), this, &MainWindow::saveRunDialog);
    withShortcut(saveRun, QKeySequence(tr("Ctrl+Alt+S")));
    saveRun->setStatusTip(tr("Save the scenario with what you did to it (faults, toggles), the "
                             "playhead and the bookmarks; opening it replays the same run"));
    m_reloadAction =
        file->addAction(QIcon(":/icons/reload.svg"), tr("Re&load"), this, &MainWindow::reload);
    withShortcut(m_reloadAction, QKeySequence(tr("Ctrl+R")));
    QMenu *exportMenu = file->addMenu(tr("&Export"));
    exportMenu->setObjectName("exportMenu");
    // The charts panel exists only after createDocks(): look it up when triggered.
    exportMenu->addAction(tr("&Charts..."), this, [this] { m_charts->exportAllDialog(); })
        ->setStatusTip(tr("Save every chart as PNG, SVG and CSV into a folder"));
    m_exportMenu = exportMenu;
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    // Every change of the run is a command of the document: Undo and Redo name it.
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    m_undoAction = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    m_undoAction->setShortcut(QKeySequence::Undo);
    m_undoAction->setStatusTip(tr("Bring back the run as it was before the last change (a fault, "
                                  "a pattern switched, a fork), with its future"));
    m_redoAction = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    m_redoAction->setShortcuts({QKeySequence(tr("Ctrl+Shift+Z")), QKeySequence(tr("Ctrl+Y"))});
    m_redoAction->setStatusTip(tr("Make the change that was undone again"));
    // Undo and redo replace the run: the class looks at it before playing on.
    for (QAction *a : {m_undoAction, m_redoAction}) {
        connect(a, &QAction::triggered, m_playback, &Playback::pause);
        edit->addAction(a);
    }

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    m_playAction =
        run->addAction(QIcon(":/icons/play.svg"), tr("Play"), m_playback, &Playback::togglePlay);
    withShortcut(m_playAction, QKeySequence(Qt::Key_Space));
    // While a chain of evidence is walked, the arrows step through its events only.
    QAction *step = run->addAction(QIcon(":/icons/step.svg"), tr("Step"), this, [this] {
        if (m_walk && m_walk->active())
            m_walk->next();
        else
            m_playback->stepOnce();
    });
    withShortcut(step, QKeySequence(Qt::Key_Right));
    step->setToolTip(tr("Step: run the next event (%1)")
                         .arg(QKeySequence(Qt::Key_Right).toString(QKeySequence::NativeText)));
    m_stepBackAction = run->addAction(QIcon(":/icons/stepback.svg"), tr("Step Back"), this, [this] {
        if (m_walk && m_walk->active()) {
            m_walk->previous();
            return;
        }
        m_playback->pause();
        m_document->stepBack();
    });
    withShortcut(m_stepBackAction, QKeySequence(Qt::Key_Left));
    m_stepBackAction->setToolTip(
        tr("Step back: undo the last event, databases included (%1)")
            .arg(QKeySequence(Qt::Key_Left).toString(QKeySequence::NativeText)));
    m_presentAction =
        run->addAction(QIcon(":/icons/present.svg"), tr("Go to &Present"), this, [this] {
            m_playback->pause();
            m_document->goToPresent();
        });
    withShortcut(m_presentAction, QKeySequence(Qt::Key_End));
    m_presentAction->setToolTip(
        tr("Back to where the run has got to (%1)")
            .arg(QKeySequence(Qt::Key_End).toString(QKeySequence::NativeText)));
    // A clicker walks a chain of evidence too; past its last step, Next ends the walk.
    QAction *nextCaption = run->addAction(tr("&Next Caption"), this, [this] {
        if (m_walk && m_walk->active()) {
            if (!m_walk->next())
                m_walk->stop();
            return;
        }
        m_presenter->next();
    });
    withShortcut(nextCaption, QKeySequence(Qt::Key_PageDown));
    nextCaption->setStatusTip(
        tr("Play on to the lesson's next caption and stop there, or reveal "
           "a pause's answer and play on (what a presenter's clicker sends)"));
    QAction *previousCaption = run->addAction(tr("&Previous Caption"), this, [this] {
        if (m_walk && m_walk->active())
            m_walk->previous();
        else
            m_presenter->previous();
    });
    withShortcut(previousCaption, QKeySequence(Qt::Key_PageUp));
    previousCaption->setStatusTip(tr("Back to the previous caption's moment, paused (a clicker's "
                                     "Back)"));
    m_follow->addActions(run);
    // Escape, like Stop Following's: only one of the two is enabled at a time (a walk stops
    // following).
    m_stopWalkAction = run->addAction(tr("Stop &Walking the Chain"));
    m_stopWalkAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_stopWalkAction->setEnabled(false);
    m_stopWalkAction->setStatusTip(tr("End the walk through a chain of evidence (Esc)"));
    QAction *until = run->addAction(QIcon(":/icons/rununtil.svg"), tr("Run &Until..."), this,
                                    &MainWindow::runUntilDialog);
    withShortcut(until, QKeySequence(tr("Ctrl+U")));
    QAction *study = run->addAction(tr("&Parameter Study..."), this, &MainWindow::showStudy);
    withShortcut(study, QKeySequence(tr("Ctrl+Shift+P")));
    study->setStatusTip(tr("Run this scenario over a range of one or two parameters, several "
                           "seeds per point, on every core, and chart each metric with its "
                           "confidence band"));
    QAction *reset =
        run->addAction(QIcon(":/icons/reset.svg"), tr("R&eset"), this, &MainWindow::resetRun);
    withShortcut(reset, QKeySequence(Qt::Key_Home));
    reset->setToolTip(tr("Reset: back to t = 0 with the same seed (%1)")
                          .arg(QKeySequence(Qt::Key_Home).toString(QKeySequence::NativeText)));
    run->addSeparator();
    QAction *slower = run->addAction(QIcon(":/icons/slower.svg"), tr("Slower"), this,
                                     [this] { changeSpeed(-1); });
    withShortcut(slower, QKeySequence(tr("Ctrl+Down")));
    QAction *faster = run->addAction(QIcon(":/icons/faster.svg"), tr("Faster"), this,
                                     [this] { changeSpeed(+1); });
    withShortcut(faster, QKeySequence(tr("Ctrl+Up")));

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    QAction *present = m_viewMenu->addAction(tr("&Presentation Mode"));
    present->setCheckable(true);
    withShortcut(present, QKeySequence(Qt::Key_F5));
    present->setStatusTip(tr("Large type, high contrast, side panels hidden, the canvas fitted: "
                             "for a projector"));
    connect(present, &QAction::toggled, m_presenter, &Presenter::setPresenting);
    connect(m_presenter, &Presenter::presentingChanged, present, &QAction::setChecked);
    QAction *full = m_viewMenu->addAction(tr("&Full Screen"));
    full->setCheckable(true);
    withShortcut(full, QKeySequence(Qt::Key_F11));
    connect(full, &QAction::toggled, m_presenter, &Presenter::setFullScreen);
    QAction *fit = m_viewMenu->addAction(tr("Fit the &Canvas"), m_canvas, &CanvasView::fitToWindow);
    withShortcut(fit, QKeySequence(tr("Ctrl+0")));
    fit->setStatusTip(tr("Show the whole diagram again, and keep it fitted as the window changes"));
    m_viewMenu->addAction(m_canvas->highContrastAction());
    withShortcut(m_canvas->highContrastAction(), QKeySequence(tr("Ctrl+Shift+H")));
    m_viewMenu->addSeparator();

    QToolBar *bar = addToolBar(tr("Playback"));
    bar->setObjectName("playbackToolBar");
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setIconSize(QSize(22, 22));
    bar->addAction(open);
    bar->addAction(m_reloadAction);
    bar->addSeparator();
    bar->addAction(m_stepBackAction);
    bar->addAction(m_playAction);
    bar->addAction(step);
    bar->addAction(m_presentAction);
    bar->addAction(m_follow->followAction());
    bar->addAction(until);
    bar->addAction(reset);
    bar->addSeparator();
    bar->addAction(slower);
    m_speed = new QComboBox(bar);
    for (double s : Playback::speeds())
        m_speed->addItem(Playback::speedLabel(s), s);
    m_speed->setToolTip(tr("Playback speed: virtual seconds per wall second (%1 / %2)")
                            .arg(slower->shortcut().toString(QKeySequence::NativeText),
                                 faster->shortcut().toString(QKeySequence::NativeText)));
    m_speed->setFocusPolicy(Qt::NoFocus);
    m_speed->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    bar->addWidget(m_speed);
    bar->addAction(faster);
    connect(m_speed, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (i >= 0)
            m_playback->setSpeed(m_speed->itemData(i).toDouble());
    });
    m_speed->setCurrentIndex(static_cast<int>(Playback::speeds().indexOf(1.0)));
    m_viewMenu->addAction(bar->toggleViewAction());
    m_viewMenu->addSeparator();

    // The keys a presenter presses work wherever the focus is, but in a text field.
    m_presenterKeys = new PresenterKeys(this, m_canvas);
    m_presenterKeys->setActions({m_playAction, step, m_stepBackAction, m_presentAction, nextCaption,
                                 previousCaption, reset, present, full, slower, faster});
}

} // namespace dplab
