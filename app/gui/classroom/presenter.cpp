#include "app/gui/classroom/presenter.h"

#include "app/gui/canvas/canvasscene.h"
#include "app/gui/canvas/canvasview.h"
#include "app/gui/canvas/legenditem.h"
#include "app/gui/classroom/captionbar.h"
#include "app/gui/playback.h"
#include "app/gui/simulationdocument.h"

#include <QDockWidget>
#include <QMainWindow>
#include <QStatusBar>
#include <QStringList>
#include <QToolBar>

#include <algorithm>

namespace dplab {

Presenter::Presenter(QMainWindow *window, SimulationDocument *document, Playback *playback,
                     CanvasView *canvas, CaptionBar *captions)
    : QObject(window)
    , m_window(window)
    , m_document(document)
    , m_playback(playback)
    , m_canvas(canvas)
    , m_captions(captions)
{
    connect(m_captions, &CaptionBar::nextRequested, this, &Presenter::next);
    connect(m_captions, &CaptionBar::tryRequested, this, [this] {
        const QString why = tryIt();
        if (!why.isEmpty())
            emit refused(why);
    });
    connect(m_captions, &CaptionBar::whyRequested, this, [this] {
        const QString why = showWhy();
        if (!why.isEmpty())
            emit refused(why);
    });
    connect(m_playback, &Playback::pausedAtMark, this, [this] {
        m_waiting = true;
        m_index = -2; // redraw with the pause note
        updateCaption();
    });
    connect(m_playback, &Playback::playingChanged, this, [this](bool playing) {
        if (playing && m_waiting) {
            // Playing on from a pause (Space as well as Next) reveals its answer.
            m_waiting = false;
            m_revealed = true;
            m_index = -2;
            updateCaption();
        }
    });
}

QString Presenter::caption() const
{
    const auto &narrative = m_document->scenario().narrative;
    return m_index >= 0 && m_index < static_cast<int>(narrative.size())
               ? QString::fromStdString(narrative[static_cast<std::size_t>(m_index)].text)
               : QString();
}

void Presenter::reset()
{
    // A lesson that opens on a "predict" caption waits on it (playback starts paused), after
    // Reset (Home) too.
    const auto &narrative = m_document->scenario().narrative;
    const SimTime now = m_document->hasRun() ? m_document->now() : 0;
    m_waiting = false;
    for (const NarrativeSpec &n : narrative)
        if (n.at <= now)
            m_waiting = n.pause && n.at == now;
    // The class's choice stays (a fork at a pause keeps it); the answer hides again.
    m_index = -2;
    if (m_document->loadGeneration() != m_triedLesson) {
        m_triedLesson = m_document->loadGeneration();
        m_tried.clear();
    }
    if (m_document->hasRun()) {
        const QString patterns = QString::fromStdString(
            m_document->catalog().writePatterns(m_document->scenario().patterns).dump());
        m_captions->setOffLesson(m_document->patternsEdited() && !m_tried.contains(patterns));
    }
    if (m_waiting)
        m_revealed = false;
    updateCaption();
}

void Presenter::rearm()
{
    m_index = -2;
    m_choicesFor = -2;
    m_revealed = false;
    updateCaption();
}

void Presenter::updateCaption()
{
    if (!m_document->hasRun())
        return;
    const auto &narrative = m_document->scenario().narrative;
    const SimTime now = m_document->now();
    int latest = -1;
    for (int i = 0; i < static_cast<int>(narrative.size()); ++i)
        if (narrative[static_cast<std::size_t>(i)].at <= now)
            latest = i;
    // A pause holds only while the playhead stays on its caption.
    if (m_waiting && latest >= 0 && narrative[static_cast<std::size_t>(latest)].at != now)
        m_waiting = false;
    if (latest != m_choicesFor || m_document->loadGeneration() != m_choicesLesson) {
        m_choicesFor = latest;
        m_choicesLesson = m_document->loadGeneration();
        m_revealed = false;
        QStringList choices;
        int answer = -1;
        if (latest >= 0) {
            const NarrativeSpec &n = narrative[static_cast<std::size_t>(latest)];
            for (const std::string &c : n.choices)
                choices << QString::fromStdString(c);
            answer = n.answer;
        }
        m_captions->setChoices(choices, answer);
    }
    // The answer stays hidden while the class predicts: at the pause's moment until Next (or
    // Play), so a frame that reaches the pause never shows it before the pause note does.
    const bool atPause = latest >= 0 && narrative[static_cast<std::size_t>(latest)].pause &&
                         narrative[static_cast<std::size_t>(latest)].at == now;
    m_captions->setRevealed(!m_waiting && (!atPause || m_revealed));
    if (latest == m_index)
        return;
    m_index = latest;
    const NarrativeSpec *shown =
        latest >= 0 ? &narrative[static_cast<std::size_t>(latest)] : nullptr;
    m_captions->setTryLabel(shown && shown->tryIt ? QString::fromStdString(shown->tryIt->label)
                                                  : QString());
    m_captions->setShowWhy(shown && !shown->evidence.empty());
    m_captions->setCaption(caption(), latest, static_cast<int>(narrative.size()), m_waiting);
}

QString Presenter::tryIt()
{
    const auto &narrative = m_document->scenario().narrative;
    if (!m_document->hasRun() || m_index < 0 || m_index >= static_cast<int>(narrative.size()))
        return tr("No caption is shown.");
    const NarrativeSpec &n = narrative[static_cast<std::size_t>(m_index)];
    if (!n.tryIt)
        return tr("This caption offers nothing to try.");
    const NarrativeTry &t = *n.tryIt;
    const QString name = tr("try: %1").arg(QString::fromStdString(t.label));
    if (t.fault) {
        FaultSpec fault = *t.fault;
        fault.at = m_document->now();
        return m_document->injectFault(fault, nullptr, name);
    }
    Scenario changed = m_document->scenario();
    changed.patterns.replace(t.keys, t.patterns);
    m_tried.insert(
        QString::fromStdString(m_document->catalog().writePatterns(changed.patterns).dump()));
    QString error;
    if (!m_document->setScenario(changed, &error, name))
        return error;
    return {};
}

QString Presenter::showWhy()
{
    const auto &narrative = m_document->scenario().narrative;
    if (!m_document->hasRun() || m_index < 0 || m_index >= static_cast<int>(narrative.size()))
        return tr("No caption is shown.");
    const NarrativeSpec &n = narrative[static_cast<std::size_t>(m_index)];
    if (n.evidence.empty())
        return tr("This caption points at no evidence.");
    emit evidenceRequested(QString::fromStdString(n.evidence),
                           QString::fromStdString(n.evidenceEntity));
    return {};
}

void Presenter::next()
{
    if (!m_document->hasRun())
        return;
    if (m_waiting) {
        // The reveal (the answer marked, when the caption offers choices), then play on.
        m_waiting = false;
        m_revealed = true;
        m_index = -2;
        updateCaption();
    }
    const auto &narrative = m_document->scenario().narrative;
    const SimTime now = m_document->now();
    const auto it = std::find_if(narrative.begin(), narrative.end(),
                                 [now](const NarrativeSpec &n) { return n.at > now; });
    // Played, never jumped (in the recording too): the class sees every moment up to the next
    // caption's, the one that caption talks about included. After the last one, to the end.
    m_playback->playTo(it == narrative.end() ? m_document->endTime() : it->at);
}

void Presenter::previous()
{
    if (!m_document->hasRun())
        return;
    const auto &narrative = m_document->scenario().narrative;
    const SimTime now = m_document->now();
    const NarrativeSpec *before = nullptr;
    for (const NarrativeSpec &n : narrative)
        if (n.at < now)
            before = &n;
    m_playback->pause();
    if (!before) {
        // Before the first caption (or on it): its moment again, waiting if it is a pause.
        if (narrative.empty() || narrative.front().at > now)
            return;
        before = &narrative.front();
    }
    m_waiting = before->pause;
    if (before->at != now && !m_document->seekTime(before->at)) {
        m_waiting = false;
        return;
    }
    rearm();
}

void Presenter::setPresenting(bool on)
{
    if (on == m_presenting)
        return;
    m_presenting = on;
    if (on) {
        m_savedState = m_window->saveState();
        for (QDockWidget *dock : m_window->findChildren<QDockWidget *>())
            dock->hide();
        // Big icons with their names beside them, so nobody reads Slower and Faster as rewind
        // and fast-forward; one row of buttons leaves the diagram the height.
        for (QToolBar *bar : m_window->findChildren<QToolBar *>()) {
            bar->setIconSize(QSize(26, 26));
            bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        }
        // High contrast, large type: black on white, bold toolbar labels.
        m_window->setStyleSheet(
            QStringLiteral("QToolBar { font-size: 11pt; font-weight: bold; background: #ffffff; }"
                           " QStatusBar { font-size: 14pt; }"));
    } else {
        m_window->setStyleSheet(QString());
        for (QToolBar *bar : m_window->findChildren<QToolBar *>()) {
            bar->setIconSize(QSize(22, 22));
            bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        }
        m_window->restoreState(m_savedState);
    }
    m_captions->setPresentation(on);
    m_canvas->fitAll();
    emit presentingChanged(on);
}

void Presenter::raiseDock(QDockWidget *dock)
{
    if (!dock)
        return;
    if (!m_presenting) {
        dock->show();
        dock->raise();
        return;
    }
    for (QDockWidget *other : m_window->findChildren<QDockWidget *>())
        if (other != dock)
            other->hide();
    // The side where the diagram loses least: a wide diagram keeps the width (the dock goes
    // under it), a tall one keeps the height (the dock goes to the right).
    const QRectF content = m_canvas->canvasScene()->contentRect().adjusted(-30, -30, 30, 30);
    QSize room = m_canvas->viewport()->size();
    // The legend's band at the top is not the diagram's (CanvasView::fitAll).
    if (const LegendItem *legend = m_canvas->canvasScene()->legendItem())
        room.rheight() -= static_cast<int>(legend->height()) + 8;
    const int side = m_window->width() * kDockShare / 100;
    const int below = m_window->height() * kDockShare / 100;
    bool right = true;
    if (!content.isEmpty() && room.width() > side && room.height() > below) {
        const double w = content.width(), h = content.height();
        const double rightScale = std::min((room.width() - side) / w, room.height() / h);
        const double belowScale = std::min(room.width() / w, (room.height() - below) / h);
        right = rightScale >= belowScale;
    }
    const Qt::DockWidgetArea area = right ? Qt::RightDockWidgetArea : Qt::BottomDockWidgetArea;
    if (m_window->dockWidgetArea(dock) != area)
        m_window->addDockWidget(area, dock);
    dock->show();
    dock->raise();
    m_window->resizeDocks({dock}, {right ? side : below}, right ? Qt::Horizontal : Qt::Vertical);
}

void Presenter::setFullScreen(bool on)
{
    if (on)
        m_window->showFullScreen();
    else
        m_window->showNormal();
}

} // namespace dplab
