#include "app/gui/timeline/timelinescrubber.h"

#include "app/gui/canvas/canvastheme.h"
#include "app/gui/timeline/timelinetheme.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace dplab {

namespace {

constexpr double kSide = 14; // room left and right so the handle fits at 0 and at the end
constexpr double kTrackTop = 8;
constexpr double kTrackHeight = 18;

} // namespace

TimelineScrubber::TimelineScrubber(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(false);
    setFocusPolicy(Qt::NoFocus);
    QFont f = font();
    f.setPointSizeF(std::max(10.0, f.pointSizeF()));
    setFont(f);
    setToolTip(tr("Click or drag to move the playhead. Dark: simulated so far; orange: faults;"
                  " blue ticks: bookmarks."));
}

void TimelineScrubber::setEndTime(SimTime end)
{
    m_end = std::max<SimTime>(end, 1);
    update();
}

void TimelineScrubber::setPlayheadTime(SimTime t)
{
    if (t == m_playhead)
        return;
    m_playhead = t;
    update();
}

void TimelineScrubber::setFrontierTime(SimTime t)
{
    if (t == m_frontier)
        return;
    m_frontier = t;
    update();
}

void TimelineScrubber::setIntervals(std::vector<Interval> intervals)
{
    m_intervals = std::move(intervals);
    update();
}

void TimelineScrubber::setTicks(std::vector<Tick> ticks)
{
    m_ticks = std::move(ticks);
    update();
}

QSize TimelineScrubber::sizeHint() const
{
    return {600, minimumSizeHint().height()};
}

QSize TimelineScrubber::minimumSizeHint() const
{
    return {200, static_cast<int>(kTrackTop + kTrackHeight) + fontMetrics().height() + 8};
}

QRectF TimelineScrubber::trackRect() const
{
    return {kSide, kTrackTop, std::max(1.0, width() - 2 * kSide), kTrackHeight};
}

double TimelineScrubber::xOf(SimTime t) const
{
    const QRectF r = trackRect();
    const double f = std::clamp(static_cast<double>(t) / static_cast<double>(m_end), 0.0, 1.0);
    return r.left() + f * r.width();
}

SimTime TimelineScrubber::timeAt(double x) const
{
    const QRectF r = trackRect();
    const double f = std::clamp((x - r.left()) / r.width(), 0.0, 1.0);
    return static_cast<SimTime>(std::llround(f * static_cast<double>(m_end)));
}

void TimelineScrubber::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF track = trackRect();
    p.fillRect(rect(), palette().window());

    // Not simulated yet, then simulated so far.
    p.setPen(Qt::NoPen);
    p.setBrush(TimelineTheme::notSimulated());
    p.drawRoundedRect(track, 4, 4);
    const double xf = xOf(m_frontier);
    if (xf > track.left()) {
        QRectF done = track;
        done.setRight(xf);
        p.setBrush(TimelineTheme::simulated());
        p.drawRoundedRect(done, 4, 4);
    }

    // Faults: a band over the track's lower half, so the frontier shading stays visible.
    for (const Interval &iv : m_intervals) {
        const double x0 = xOf(iv.start);
        // A fault still going on ends, for now, at the frontier.
        const double x1 = std::max(x0 + 3, xOf(iv.end >= kSimTimeMax ? m_frontier : iv.end));
        p.fillRect(QRectF(x0, track.center().y(), x1 - x0, track.height() / 2),
                   TimelineTheme::fault());
    }

    // Time labels under the track.
    const QFontMetricsF fm(font());
    const SimTime step =
        TimelineTheme::tickStep(m_end, std::max(2, static_cast<int>(track.width() / 110)));
    p.setPen(CanvasTheme().mutedText());
    for (SimTime t = 0; t <= m_end; t += step) {
        const double x = xOf(t);
        p.drawLine(QPointF(x, track.bottom()), QPointF(x, track.bottom() + 3));
        const QString s = QString::fromStdString(formatDuration(t));
        const double w = fm.horizontalAdvance(s);
        const double lx = std::clamp(x - w / 2, 0.0, width() - w);
        p.drawText(QPointF(lx, track.bottom() + 4 + fm.ascent()), s);
    }

    // Bookmarks: a tick with a small flag above the track.
    for (const Tick &tk : m_ticks) {
        const double x = xOf(tk.time);
        p.setPen(QPen(TimelineTheme::bookmark(), 2));
        p.drawLine(QPointF(x, 1), QPointF(x, track.bottom()));
        QPainterPath flag;
        flag.moveTo(x, 1);
        flag.lineTo(x + 7, 4);
        flag.lineTo(x, 7);
        flag.closeSubpath();
        p.fillPath(flag, TimelineTheme::bookmark());
    }

    // A chain of evidence: a diamond on the track at each of its events.
    for (SimTime t : m_evidence) {
        p.fillPath(TimelineTheme::evidenceDiamond(QPointF(xOf(t), track.center().y()), 5),
                   TimelineTheme::evidence());
    }

    // The playhead: a line across the track and a round handle.
    const double xp = xOf(m_playhead);
    p.setPen(QPen(TimelineTheme::playhead(), 2.5));
    p.drawLine(QPointF(xp, track.top() - 4), QPointF(xp, track.bottom() + 2));
    p.setBrush(Qt::white);
    p.drawEllipse(QPointF(xp, track.center().y()), 6, 6);
}

void TimelineScrubber::setEvidenceTimes(std::vector<SimTime> times)
{
    m_evidence = std::move(times);
    update();
}

void TimelineScrubber::request(double x)
{
    // Only simulated time can be shown: the engine runs forward when asked beyond it anyway,
    // but dragging past the frontier would run the simulation by accident.
    const SimTime t = std::min(timeAt(x), m_frontier);
    if (t == m_lastRequest)
        return;
    m_lastRequest = t;
    emit timeRequested(t);
}

void TimelineScrubber::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    m_dragging = true;
    m_lastRequest = -1;
    request(event->position().x());
}

void TimelineScrubber::mouseMoveEvent(QMouseEvent *event)
{
    if (m_dragging)
        request(event->position().x());
}

void TimelineScrubber::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_dragging && event->button() == Qt::LeftButton) {
        request(event->position().x());
        m_dragging = false;
    }
}

} // namespace dplab
