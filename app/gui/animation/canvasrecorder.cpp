#include "app/gui/animation/canvasrecorder.h"

#include "app/export/videoencoder.h"
#include "app/gui/canvas/canvasscene.h"
#include "app/gui/canvas/canvasview.h"
#include "app/gui/simulationdocument.h"

#include <QFont>
#include <QPainter>
#include <QSignalBlocker>
#include <QTextOption>

#include <cmath>

namespace dplab {

namespace {

// Past this an animation is a film, not a slide (and a GIF of it would not fit in memory).
constexpr int kMaxAnimationFrames = 20000;

} // namespace

int AnimationSpec::frameCount() const
{
    if (speed <= 0 || fps <= 0 || to <= from)
        return 0;
    const double frames = double(to - from) / kSecond / speed * fps;
    return frames > kMaxAnimationFrames ? kMaxAnimationFrames + 1 : int(std::llround(frames));
}

SimTime AnimationSpec::frameTime(int k) const
{
    return from + static_cast<SimTime>(std::llround(double(k) * speed * kSecond / fps));
}

std::string AnimationSpec::check() const
{
    if (to <= from)
        return "the window is empty: give FROM..TO with TO after FROM";
    if (!(speed > 0) || speed > 1000)
        return "the speed must be above 0 and at most 1000 (virtual seconds per second)";
    if (fps < 1 || fps > 100)
        return "the frame rate must be from 1 to 100";
    if (size.width() < 16 || size.height() < 16 || size.width() > 7680 || size.height() > 4320 ||
        size.width() % 2 || size.height() % 2)
        return "the size must be even, from 16x16 to 7680x4320";
    const int n = frameCount();
    if (n < 1)
        return "the window is shorter than one frame at this speed";
    if (n > kMaxAnimationFrames)
        return "the animation would have more than " + std::to_string(kMaxAnimationFrames) +
               " frames: choose a shorter window or a higher speed";
    return {};
}

CanvasRecorder::CanvasRecorder(SimulationDocument *document, const AnimationSpec &spec)
    : m_document(document)
    , m_spec(spec)
    , m_scene(std::make_unique<CanvasScene>(document))
{
    m_scene->rebuild();
}

CanvasRecorder::~CanvasRecorder() = default;

void CanvasRecorder::setLayout(const QHash<QString, QPointF> &positions)
{
    m_scene->applyLayout(positions);
}

void CanvasRecorder::setTheme(const CanvasTheme &theme)
{
    m_scene->setTheme(theme);
}

void CanvasRecorder::moveTo(SimTime t)
{
    if (t < m_document->now()) {
        m_document->seekTime(t);
        return;
    }
    // In slices (advanceTo stops after a bounded number of events) until the playhead is at t.
    while (m_document->now() < t && m_document->now() < m_document->endTime())
        if (m_document->advanceTo(t) == 0 && m_document->now() < t)
            break;
}

QString CanvasRecorder::captionAt(SimTime t) const
{
    QString text;
    for (const NarrativeSpec &n : m_document->scenario().narrative)
        if (n.at <= t)
            text = QString::fromStdString(n.text);
    return text;
}

QImage CanvasRecorder::renderFrame(int k)
{
    const SimTime t = m_spec.frameTime(k);
    moveTo(t);
    // The effects last as long as they would on screen at this speed; the boxes' numbers, the
    // databases and the steps are read at every frame (the live canvas throttles them by the
    // wall clock, which an animation must not depend on).
    m_scene->refresh(t, CanvasView::effectSpanAt(m_spec.speed));
    m_scene->updateDatabaseCounts();
    m_scene->updateSteps();

    QImage image(m_spec.size, QImage::Format_RGB32);
    QPainter painter(&image);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing |
                           QPainter::SmoothPixmapTransform);
    const QString caption = m_spec.caption ? captionAt(t) : QString();
    const double w = m_spec.size.width(), h = m_spec.size.height();
    // A bar of fixed height, as in the app: the canvas does not jump when a caption appears.
    const double bar = m_spec.caption ? std::round(std::max(24.0, h * 0.14)) : 0;
    CanvasView::renderScene(m_scene.get(), &painter, QRectF(0, 0, w, h - bar));
    if (bar > 0) {
        const QRectF strip(0, h - bar, w, bar);
        painter.fillRect(strip, QColor(0x26, 0x32, 0x38));
        QFont font = CanvasTheme::bodyFont();
        font.setPixelSize(std::max(9, int(bar / 3.6)));
        painter.setFont(font);
        painter.setPen(Qt::white);
        const double margin = std::max(4.0, bar * 0.12);
        QTextOption option(Qt::AlignLeft | Qt::AlignVCenter);
        option.setWrapMode(QTextOption::WordWrap);
        painter.drawText(strip.adjusted(margin, 2, -margin, -2), caption, option);
    }
    // The time, so a paused slide still says where it is.
    QFont clock = CanvasTheme::smallFont();
    clock.setPixelSize(std::max(9, int(h / 40)));
    painter.setFont(clock);
    painter.setPen(m_scene->theme().background().lightness() < 128 ? Qt::white : Qt::black);
    painter.drawText(QRectF(0, 4, w - 8, h / 20), Qt::AlignRight | Qt::AlignTop,
                     QStringLiteral("t = %1 s").arg(double(t) / kSecond, 0, 'f', 3));
    painter.end();
    return image;
}

std::string CanvasRecorder::record(const std::vector<std::string> &paths,
                                   const std::function<bool(int, int)> &progress, bool *cancelled)
{
    if (cancelled)
        *cancelled = false;
    if (std::string why = m_spec.check(); !why.empty())
        return why;
    if (!m_document->hasRun())
        return "no scenario is open";
    std::vector<std::unique_ptr<VideoEncoder>> encoders;
    for (const std::string &path : paths) {
        VideoEncoder::Options o;
        if (!VideoEncoder::formatForPath(path, &o.format))
            return path + ": an animation is written as .mp4 or .gif";
        o.path = path;
        o.width = m_spec.size.width();
        o.height = m_spec.size.height();
        o.fps = m_spec.fps;
        encoders.push_back(std::make_unique<VideoEncoder>(o));
        if (std::string why = encoders.back()->open(); !why.empty())
            return path + ": " + why;
        if (!encoders.back()->encoderName().empty())
            m_encoderName = encoders.back()->encoderName();
    }
    // The other views of the document need not follow every frame: they catch up after.
    const QSignalBlocker quiet(m_document);
    const int n = m_spec.frameCount();
    for (int k = 0; k < n; ++k) {
        const QImage frame = renderFrame(k);
        for (std::size_t i = 0; i < encoders.size(); ++i)
            if (std::string why =
                    encoders[i]->addFrame(frame.constBits(), int(frame.bytesPerLine()));
                !why.empty())
                return paths[i] + ": " + why;
        if (progress && !progress(k + 1, n)) {
            if (cancelled)
                *cancelled = true;
            return {}; // the encoders remove their unfinished files
        }
    }
    for (std::size_t i = 0; i < encoders.size(); ++i)
        if (std::string why = encoders[i]->finish(); !why.empty())
            return paths[i] + ": " + why;
    return {};
}

} // namespace dplab
