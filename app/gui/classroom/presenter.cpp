#include "app/gui/classroom/presenter.h"

#include "app/gui/canvas/canvasview.h"
#include "app/gui/classroom/captionbar.h"
#include "app/gui/playback.h"
#include "app/gui/simulationdocument.h"

#include <QDockWidget>
#include <QMainWindow>
#include <QStatusBar>
#include <QToolBar>

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
    connect(m_playback, &Playback::pausedAtMark, this, [this] {
        m_waiting = true;
        m_index = -2; // redraw with the pause note
        updateCaption();
    });
    connect(m_playback, &Playback::playingChanged, this, [this](bool playing) {
        if (playing && m_waiting) {
            m_waiting = false;
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
    // A lesson that opens on a "predict" caption waits on it (playback starts paused).
    const auto &narrative = m_document->scenario().narrative;
    m_waiting = m_document->hasRun() && !narrative.empty() && narrative.front().pause &&
                narrative.front().at <= m_document->now();
    m_index = -2;
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
    if (latest == m_index)
        return;
    m_index = latest;
    m_captions->setCaption(caption(), latest, static_cast<int>(narrative.size()), m_waiting);
}

void Presenter::next()
{
    if (!m_document->hasRun())
        return;
    if (m_waiting) {
        // The reveal: play on from the pause.
        m_waiting = false;
        m_index = -2;
        m_playback->play();
        updateCaption();
        return;
    }
    const auto &narrative = m_document->scenario().narrative;
    const SimTime now = m_document->now();
    const auto it = std::find_if(narrative.begin(), narrative.end(),
                                 [now](const NarrativeSpec &n) { return n.at > now; });
    if (it == narrative.end())
        return;
    if (it->at <= m_document->frontierTime()) {
        // Recorded already (the class stepped back): jump there.
        m_playback->pause();
        m_document->seekTime(it->at);
        return;
    }
    m_document->goToPresent();
    m_playback->runUntil(it->at);
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
        // Big icons with their names under them, so nobody reads Slower and Faster as rewind
        // and fast-forward; the bar still fits 1280 pixels.
        for (QToolBar *bar : m_window->findChildren<QToolBar *>()) {
            bar->setIconSize(QSize(30, 30));
            bar->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
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

void Presenter::setFullScreen(bool on)
{
    if (on)
        m_window->showFullScreen();
    else
        m_window->showNormal();
}

} // namespace dplab
