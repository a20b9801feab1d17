#pragma once

#include "simulation/kernel/simtime.h"

#include <QHash>
#include <QImage>
#include <QPointF>
#include <QSize>
#include <QString>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace dplab {

class CanvasScene;
class CanvasTheme;
class SimulationDocument;

/// What an animation of the canvas shows: a window of virtual time played at `speed` (virtual
/// seconds per second of video), `fps` frames a second, each `size` pixels.
struct AnimationSpec
{
    SimTime from = 0;
    SimTime to = 0;
    double speed = 0.1;
    int fps = 25;
    QSize size{1280, 720};
    bool caption = true; ///< the lesson's caption at each frame, in a bar under the canvas

    /// Frames of the window: (to - from) / speed seconds of video, rounded to whole frames.
    int frameCount() const;
    /// The virtual time frame k shows: from + k * speed / fps, to the microsecond.
    SimTime frameTime(int k) const;
    /// Empty, or why this animation cannot be made (bad window, speed, size, too many frames).
    std::string check() const;
};

/**
 * Records the canvas over a window of virtual time frame by frame: moves the document to each
 * frame's time (never the wall clock: the same run gives the same frames), draws the whole
 * diagram on a scene of its own (the window's canvas is left as it is) with the lesson's
 * caption, and hands each frame to one encoder per output file (.mp4, .gif).
 */
class CanvasRecorder
{
public:
    CanvasRecorder(SimulationDocument *document, const AnimationSpec &spec);
    ~CanvasRecorder();

    const AnimationSpec &spec() const { return m_spec; }
    /// The boxes where the user arranged them (the window's canvas), instead of the scenario's.
    void setLayout(const QHash<QString, QPointF> &positions);
    void setTheme(const CanvasTheme &theme);
    /// Moves the document to frame k's time and draws it.
    QImage renderFrame(int k);
    /// Records every frame into each of `paths` (ending in .mp4 or .gif). `progress` is told
    /// (frames done, frames in all) after each frame and cancels by returning false: then
    /// *cancelled is true and no file is written. Returns an empty string or why it failed.
    /// The document is left at the last frame's time.
    std::string record(const std::vector<std::string> &paths,
                       const std::function<bool(int, int)> &progress, bool *cancelled = nullptr);
    /// The H.264 encoder the last record() used (for the report).
    const std::string &encoderName() const { return m_encoderName; }

private:
    void moveTo(SimTime t);
    QString captionAt(SimTime t) const;

    SimulationDocument *m_document;
    AnimationSpec m_spec;
    std::unique_ptr<CanvasScene> m_scene;
    std::string m_encoderName;
};

} // namespace dplab
