#pragma once

#include <QByteArray>
#include <QObject>
#include <QSet>
#include <QString>

class QDockWidget;
class QMainWindow;

namespace dplab {

class CanvasView;
class CaptionBar;
class Playback;
class SimulationDocument;

/**
 * Running a lesson in front of a class: the caption bar follows the playhead; Next (Page Down,
 * what a clicker sends) plays at the chosen speed to the next caption's moment and stops there,
 * or reveals a "predict" pause's answer and plays on; Back (Page Up) returns to the previous
 * caption's moment; a caption's "Try it" makes its change through the document (undoable);
 * presentation mode (F5) hides the side panels, enlarges type and fits the canvas
 * for a 1280x720 projector, and F11 toggles full screen.
 */
class Presenter : public QObject
{
    Q_OBJECT

public:
    /// The share of the window (percent) a dock raised while presenting takes.
    static constexpr int kDockShare = 30;

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
    /// Back to the moment of the caption before the playhead's (that caption shown again,
    /// paused; a "predict" pause waits again).
    void previous();
    void setPresenting(bool on);
    void setFullScreen(bool on);
    /// Shows the caption of the playhead's moment (called as time moves).
    void updateCaption();
    /// A new scenario or a run rebuilt (Reset): the caption of the playhead's moment, waiting
    /// when it is a "predict" pause that appears right there (a lesson opening on one).
    void reset();
    /// Makes the change the caption shown offers ("Try it"): a pattern switch or a fault at the
    /// playhead. Returns why it was not made ("" when it was).
    QString tryIt();
    /// The caption shown points at a check's evidence ("evidence"): asks for it to be walked
    /// (evidenceRequested). Returns why not ("" when asked).
    QString showWhy();
    /// Shows a dock a caption asks for. Presenting, it comes up alone, kDockShare percent of
    /// the window, on the side where the diagram keeps the larger scale: on the right of a
    /// tall diagram, under a wide one (its place before presentation mode comes back with the
    /// rest of the layout when it ends).
    void raiseDock(QDockWidget *dock);

signals:
    /// A "Try it" change was refused (why).
    void refused(const QString &why);
    /// "Show why": walk the evidence of check `checkId` (of `entity` when given).
    void evidenceRequested(const QString &checkId, const QString &entity);

    void presentingChanged(bool on);

private:
    /// Shows caption `index` again from its start: choices not yet chosen, waiting at a pause.
    void rearm();

    QMainWindow *m_window;
    SimulationDocument *m_document;
    Playback *m_playback;
    CanvasView *m_canvas;
    CaptionBar *m_captions;
    QByteArray m_savedState;
    bool m_presenting = false;
    bool m_waiting = false;
    int m_index = -2;
    int m_choicesFor = -2;    ///< the caption whose choices the bar shows
    int m_choicesLesson = -1; ///< ...of the file of this load generation
    bool m_revealed = false;  ///< Next (or Play) revealed the answer of the pause shown
    /// The patterns (as the catalog writes them) that "Try it" made, of this load generation:
    /// the captions still speak of those.
    QSet<QString> m_tried;
    int m_triedLesson = -1;
};

} // namespace dplab
