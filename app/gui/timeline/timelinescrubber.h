#pragma once

#include "simulation/kernel/simtime.h"

#include <QString>
#include <QWidget>

#include <vector>

namespace dplab {

/**
 * The timeline's slider over virtual time 0..end: the part simulated so far (the frontier)
 * shaded darker than the rest, fault intervals as orange bands, bookmarks as blue ticks, the
 * events of a chain of evidence being walked as diamonds, and the playhead as a red line with a
 * handle. Pressing or dragging asks for a time; the owner moves the playhead (the scrubber shows
 * only what it is told).
 */
class TimelineScrubber : public QWidget
{
    Q_OBJECT

public:
    /** A span of virtual time drawn as a band (a fault, a crash). */
    struct Interval
    {
        SimTime start = 0;
        SimTime end = 0; ///< kSimTimeMax: still going on
        QString label;
    };
    /** A named moment. */
    struct Tick
    {
        SimTime time = 0;
        QString label;
    };

    explicit TimelineScrubber(QWidget *parent = nullptr);

    void setEndTime(SimTime end);
    void setPlayheadTime(SimTime t);
    void setFrontierTime(SimTime t);
    void setIntervals(std::vector<Interval> intervals);
    void setTicks(std::vector<Tick> ticks);
    /// The moments of a chain of evidence being walked: dark blue diamonds on the track.
    void setEvidenceTimes(std::vector<SimTime> times);
    const std::vector<SimTime> &evidenceTimes() const { return m_evidence; }

    SimTime endTime() const { return m_end; }
    SimTime playheadTime() const { return m_playhead; }
    SimTime frontierTime() const { return m_frontier; }
    /// The time under widget x (clamped to 0..end), and back.
    SimTime timeAt(double x) const;
    double xOf(SimTime t) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    /// The user pressed or dragged the handle to `t` (clamped to 0..frontier).
    void timeRequested(SimTime t);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    QRectF trackRect() const;
    void request(double x);

    SimTime m_end = kSecond;
    SimTime m_playhead = 0;
    SimTime m_frontier = 0;
    SimTime m_lastRequest = -1;
    bool m_dragging = false;
    std::vector<Interval> m_intervals;
    std::vector<Tick> m_ticks;
    std::vector<SimTime> m_evidence;
};

} // namespace dplab
