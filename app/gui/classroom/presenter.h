#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

class QMainWindow;

namespace dplab {

class CanvasView;
class CaptionBar;
class Playback;
class SimulationDocument;

/**
 * Running a lesson in front of a class: the caption bar follows the playhead, Next (Page Down,
 * what a clicker sends) plays on to the next caption or past a "predict, then reveal" pause,
 * presentation mode (F5) hides the side panels, enlarges type and fits the canvas for a
 * 1280x720 projector, and F11 toggles full screen.
 */
class Presenter : public QObject
{
    Q_OBJECT

public:
    Presenter(QMainWindow *window, SimulationDocument *document, Playback *playback,
              CanvasView *canvas, CaptionBar *captions);

    bool presenting() const { return m_presenting; }
    /// The caption shown now (empty before the first one).
    QString caption() const;
    /// 0-based index of the caption shown, -1 before the first.
    int captionIndex() const { return m_index; }
    bool waitingAtPause() const { return m_waiting; }

public slots:
    void next();
    void setPresenting(bool on);
    void setFullScreen(bool on);
    /// Shows the caption of the playhead's moment (called as time moves).
    void updateCaption();
    /// A new scenario: no caption yet, no pause pending.
    void reset();

signals:
    void presentingChanged(bool on);

private:
    QMainWindow *m_window;
    SimulationDocument *m_document;
    Playback *m_playback;
    CanvasView *m_canvas;
    CaptionBar *m_captions;
    QByteArray m_savedState;
    bool m_presenting = false;
    bool m_waiting = false;
    int m_index = -2;
};

} // namespace dplab
