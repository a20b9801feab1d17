#pragma once

#include "simulation/observe/messageflights.h"
#include "simulation/observe/tracelog.h"

#include <QRectF>
#include <QWidget>

#include <cstddef>
#include <cstdint>
#include <unordered_set>
#include <vector>

class QPainter;

namespace dplab {

/**
 * A space-time (Lamport) diagram of a window of virtual time around the playhead: one vertical
 * lane per endpoint (client, services, bus), time flowing down, every message an arrow from its
 * sender at its send time to its receiver at its arrival (send + latency, as the canvas's
 * MessageTracker reads the trace), lost messages ending in a cross, processing as thick bars,
 * crashes as red bands, the playhead as a red line. Events after the playhead (a future the
 * class stepped back from) are faded. What became of each message comes from the trace's
 * MessageFlights, read as the trace grows. Cost: a binary search for the window and a scan of
 * its events; at most kMaxArrows arrows are drawn.
 */
class SequenceView : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kMaxArrows = 600;

    /** A message in the window, in virtual time and lanes. */
    struct Arrow
    {
        std::size_t index = 0; ///< trace index of its Send/Reply/Publish (or send-less Drop)
        SimTime t0 = 0;        ///< sent
        SimTime t1 = 0;        ///< arrived, or lost
        int fromLane = 0;
        int toLane = 0;
        double reach = 1; ///< fraction of the way to the receiver's lane it got
        MessageKind kind = MessageKind::None;
        std::uint32_t label = 0;
        bool lost = false;
    };

    explicit SequenceView(QWidget *parent = nullptr);

    /// Shows `trace` (nullptr: nothing); the caller keeps both alive.
    void setTrace(const TraceLog *trace, const NameTable *names);
    /// Takes in the events appended since the last call.
    void traceGrew();
    /// Number of trace events applied; the window follows the playhead.
    void setPlayhead(std::size_t pos);
    std::size_t playhead() const { return m_playhead; }
    /// Virtual time shown from top to bottom (default 50 ms; Ctrl+wheel zooms).
    void setSpan(SimTime span);
    SimTime span() const { return m_span; }
    SimTime windowStart() const;
    SimTime windowEnd() const { return windowStart() + m_span; }

    /// Messages in the window (sent at or before its end, arrived or lost at or after its start),
    /// up to kMaxArrows; what is drawn.
    int visibleArrows() const;
    /// All messages in the window, drawn or not.
    int arrowsInWindow() const;
    const std::vector<Arrow> &arrows() const;
    /// Lane of an endpoint: client 0, services 1..n, bus n + 1.
    int laneOf(std::int32_t endpoint) const;
    int laneCount() const;
    /// Widget x of a lane's centre, widget y of a virtual time.
    double laneX(int lane) const;
    double timeY(SimTime t) const;

    /// Marks a chain of evidence: its messages drawn bold over the others (faded), its other
    /// events as numbered diamonds on their lanes. Empty: none.
    void setHighlighted(const std::vector<std::uint64_t> &ids);
    const std::vector<std::uint64_t> &highlighted() const { return m_chain; }
    /// True when the arrow belongs to the marked chain (its send, or its message, is in it).
    bool isHighlighted(const Arrow &a) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    /// The user clicked a message: show the moment it was sent.
    void seekRequested(std::size_t position);

protected:
    void paintEvent(QPaintEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    struct Bar
    {
        int lane = 0;
        SimTime start = 0;
        SimTime end = 0;
        bool future = false;
    };
    struct Band
    {
        int lane = 0;
        SimTime start = 0;
        SimTime end = kSimTimeMax;
    };

    void scanNew();
    void layout() const;
    /// The arrow of event `i` (a send, a publish, a loss without a send), false for none.
    bool arrowOf(std::size_t i, std::size_t end, Arrow *a) const;
    /// The processing bar of event `i` (a Process, or a Start unfinished in the window).
    bool barOf(std::size_t i, std::size_t end, Bar *b) const;
    void keepNearestThePlayhead(std::vector<Arrow> *arrows) const;

    // paintEvent, in the order it draws.
    void paintEmpty(QPainter &p);
    SimTime paintTimeGrid(QPainter &p);
    void paintCrashBands(QPainter &p, std::vector<QRectF> *labelBoxes);
    void paintLanes(QPainter &p);
    void paintBars(QPainter &p);
    void paintArrows(QPainter &p, std::vector<QRectF> *labelBoxes);
    void paintArrow(QPainter &p, const Arrow &a, bool labelled, std::vector<QRectF> *labelBoxes);
    void paintChainMarks(QPainter &p);
    void paintPlayhead(QPainter &p, SimTime gridStep);
    void paintLaneHeaders(QPainter &p);
    void paintLegend(QPainter &p);

    void invalidate();
    SimTime playheadTime() const;
    std::size_t firstAtOrAfter(SimTime t) const;
    QRectF plotRect() const;
    QPointF arrowEnd(const Arrow &a) const;
    int headerHeight() const;

    const TraceLog *m_trace = nullptr;
    const NameTable *m_names = nullptr;
    std::size_t m_playhead = 0;
    SimTime m_span = 50 * kMillisecond;
    SimTime m_offset = 0; // scrolled away from the playhead
    // What became of each message; its longest latency says how far before the window a
    // message can leave and still reach into it.
    MessageFlights m_flights;
    std::size_t m_scanned = 0; // events read for the crash bands
    std::vector<Band> m_crashes;
    std::vector<std::uint64_t> m_chain; ///< setHighlighted()'s ids, in the chain's order
    std::unordered_set<std::uint64_t> m_chainIds, m_chainMessages;

    mutable bool m_dirty = true;
    mutable std::vector<Arrow> m_arrows;
    mutable int m_inWindow = 0;
    mutable std::vector<Bar> m_bars;
};

} // namespace dplab
