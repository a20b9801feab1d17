#include "app/gui/timeline/traceviewer.h"

#include "app/gui/windowplacement.h"

#include "app/gui/timeline/rununtilcondition.h"
#include "app/gui/timeline/sequenceview.h"
#include "app/gui/timeline/timelinedock.h"
#include "simulation/observe/tracereader.h"

#include <QAction>
#include <QFileInfo>
#include <QLabel>
#include <QSplitter>
#include <QStatusBar>
#include <QToolBar>

namespace dplab {

TraceViewer *TraceViewer::open(const QString &path, QString *error, QWidget *parent)
{
    std::unique_ptr<TraceViewer> viewer(new TraceViewer(path, parent));
    try {
        readTraceJsonlFile(path.toStdString(), &viewer->m_trace, &viewer->m_names);
    } catch (const std::exception &e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return nullptr;
    }
    SimTime end = viewer->m_trace.empty() ? 0 : viewer->m_trace.back().time;
    viewer->m_dock->setTrace(&viewer->m_trace, &viewer->m_names, std::max<SimTime>(end, 1));
    viewer->m_dock->setFrontier(viewer->m_trace.size());
    viewer->m_sequence->setTrace(&viewer->m_trace, &viewer->m_names);
    viewer->seek(0);
    return viewer.release();
}

TraceViewer::TraceViewer(const QString &path, QWidget *parent)
    : QMainWindow(parent)
    , m_dock(new TimelineDock)
    , m_sequence(new SequenceView)
{
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("%1 (read-only trace) — Data Patterns Lab").arg(QFileInfo(path).fileName()));
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_dock);
    split->addWidget(m_sequence);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    setCentralWidget(split);

    QToolBar *bar = addToolBar(tr("Trace"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    QAction *back = bar->addAction(QIcon(":/icons/stepback.svg"), tr("Step Back"), this,
                                   &TraceViewer::stepBack);
    back->setShortcut(Qt::Key_Left);
    QAction *forward =
        bar->addAction(QIcon(":/icons/step.svg"), tr("Step"), this, &TraceViewer::stepForward);
    forward->setShortcut(Qt::Key_Right);
    QAction *start = bar->addAction(tr("Start"), this, [this] { seek(0); });
    start->setShortcut(Qt::Key_Home);
    QAction *end = bar->addAction(tr("End"), this, [this] { seek(m_trace.size()); });
    end->setShortcut(Qt::Key_End);
    m_status = new QLabel(this);
    statusBar()->addWidget(m_status, 1);

    connect(m_dock, &TimelineDock::seekRequested, this, &TraceViewer::seek);
    connect(m_sequence, &SequenceView::seekRequested, this, &TraceViewer::seek);
    connect(m_dock, &TimelineDock::seekTimeRequested, this,
            [this](SimTime t) { seek(m_trace.countAtOrBefore(t)); });
    connect(m_dock, &TimelineDock::stepBackRequested, this, &TraceViewer::stepBack);
    connect(m_dock, &TimelineDock::stepForwardRequested, this, &TraceViewer::stepForward);
    connect(m_dock, &TimelineDock::runUntilRequested, this, &TraceViewer::runUntil);
    placeOnScreen(this, QSize(1200, 800));
}

TraceViewer::~TraceViewer() = default;

void TraceViewer::seek(std::size_t position)
{
    m_playhead = std::min(position, m_trace.size());
    m_dock->setPlayhead(m_playhead);
    m_sequence->setPlayhead(m_playhead);
    updateStatus();
}

void TraceViewer::stepBack()
{
    if (m_playhead > 0)
        seek(m_playhead - 1);
}

void TraceViewer::stepForward()
{
    if (m_playhead < m_trace.size())
        seek(m_playhead + 1);
}

void TraceViewer::runUntil(const RunUntilCondition &condition)
{
    if (const auto found = findNext(m_trace, m_playhead, condition)) {
        seek(*found + 1);
        return;
    }
    statusBar()->showMessage(
        tr("%1: not in the rest of this trace").arg(runUntilKindName(condition.kind)), 6000);
}

void TraceViewer::updateStatus()
{
    const SimTime t = m_playhead ? m_trace[m_playhead - 1].time : 0;
    m_status->setText(tr("Read-only: event %1 of %2, t = %3 s")
                          .arg(m_playhead)
                          .arg(m_trace.size())
                          .arg(static_cast<double>(t) / kSecond, 0, 'f', 6));
}

} // namespace dplab
