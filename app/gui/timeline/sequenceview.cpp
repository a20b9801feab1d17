#include "app/gui/timeline/sequenceview.h"

#include "app/gui/canvas/canvastheme.h"
#include "app/gui/timeline/timelinetheme.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace dplab {

namespace {

constexpr double kAxisWidth = 84;
constexpr double kRightMargin = 16;
constexpr double kBottomMargin = 30; // the legend line
constexpr SimTime kMinSpan = 100 * kMicrosecond;
constexpr SimTime kMaxSpan = 60 * kSecond;
// Bounds on the events scanned for one window, so a dense trace cannot stall a frame.
constexpr std::size_t kMaxLookbackScan = 100'000;
constexpr std::size_t kMaxWindowScan = 400'000;
// Labels on arrows only when they do not pile up.
constexpr int kMaxLabelledArrows = 80;
// Processing bars drawn at most (nearest the playhead), like the arrows.
constexpr int kMaxBars = 1500;

/// Seconds with as many decimals as the step needs ("3.215 s").
QString timeLabel(SimTime t, SimTime step)
{
    int decimals = 0;
    for (SimTime s = kSecond; s > step && decimals < 6; s /= 10)
        ++decimals;
    return QString::number(toSeconds(t), 'f', decimals) + QStringLiteral(" s");
}

QFont sized(QFont f, double points, bool bold = false)
{
    f.setPointSizeF(points);
    f.setBold(bold);
    return f;
}

} // namespace

SequenceView::SequenceView(QWidget *parent)
    : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::ClickFocus);
    setToolTip(tr("Time flows down. Click a message to jump to its send; wheel scrolls,"
                  " Ctrl+wheel zooms, double-click recentres on the playhead."));
}

void SequenceView::setTrace(const TraceLog *trace, const NameTable *names)
{
    m_trace = trace;
    m_names = names;
    m_flights.clear();
    m_scanned = 0;
    m_crashes.clear();
    m_playhead = 0;
    m_offset = 0;
    scanNew();
    invalidate();
}

void SequenceView::traceGrew()
{
    if (!m_trace)
        return;
    if (m_trace->size() < m_scanned) {
        setTrace(m_trace, m_names);
        return;
    }
    scanNew();
    invalidate();
}

void SequenceView::scanNew()
{
    if (!m_trace)
        return;
    m_flights.update(*m_trace);
    for (; m_scanned < m_trace->size(); ++m_scanned) {
        const TraceEvent &e = (*m_trace)[m_scanned];
        if (e.kind == TraceKind::Crash && e.from >= 0)
            m_crashes.push_back({laneOf(e.from), e.time, kSimTimeMax});
        else if (e.kind == TraceKind::Restart && e.from >= 0) {
            const int lane = laneOf(e.from);
            for (auto it = m_crashes.rbegin(); it != m_crashes.rend(); ++it)
                if (it->lane == lane && it->end == kSimTimeMax) {
                    it->end = e.time;
                    break;
                }
        }
    }
}

void SequenceView::setPlayhead(std::size_t pos)
{
    m_playhead = pos;
    m_offset = 0;
    invalidate();
}

void SequenceView::setSpan(SimTime span)
{
    m_span = std::clamp(span, kMinSpan, kMaxSpan);
    invalidate();
}

void SequenceView::invalidate()
{
    m_dirty = true;
    update();
}

SimTime SequenceView::playheadTime() const
{
    if (!m_trace || m_playhead == 0 || m_trace->empty())
        return 0;
    return (*m_trace)[std::min(m_playhead, m_trace->size()) - 1].time;
}

SimTime SequenceView::windowStart() const
{
    return playheadTime() + m_offset - m_span / 2;
}

std::size_t SequenceView::firstAtOrAfter(SimTime t) const
{
    std::size_t lo = 0, hi = m_trace->size();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if ((*m_trace)[mid].time < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int SequenceView::laneCount() const
{
    return (m_names ? static_cast<int>(m_names->services.size()) : 0) + 2;
}

int SequenceView::laneOf(std::int32_t endpoint) const
{
    if (endpoint == kClientEndpoint)
        return 0;
    if (endpoint == kBusEndpoint || endpoint < 0)
        return laneCount() - 1;
    return std::min(endpoint + 1, laneCount() - 2);
}

int SequenceView::headerHeight() const
{
    return QFontMetrics(sized(font(), 12, true)).height() +
           QFontMetrics(sized(font(), 10)).height() + 14;
}

QRectF SequenceView::plotRect() const
{
    const double top = headerHeight() + 6;
    return {kAxisWidth, top, std::max(10.0, width() - kAxisWidth - kRightMargin),
            std::max(10.0, height() - top - kBottomMargin)};
}

double SequenceView::laneX(int lane) const
{
    const QRectF r = plotRect();
    return r.left() + (lane + 0.5) * r.width() / laneCount();
}

double SequenceView::timeY(SimTime t) const
{
    const QRectF r = plotRect();
    return r.top() +
           static_cast<double>(t - windowStart()) / static_cast<double>(m_span) * r.height();
}

QPointF SequenceView::arrowEnd(const Arrow &a) const
{
    const double x0 = laneX(a.fromLane), x1 = laneX(a.toLane);
    return {x0 + (x1 - x0) * a.reach, timeY(a.t1)};
}

int SequenceView::visibleArrows() const
{
    if (m_dirty)
        layout();
    return static_cast<int>(m_arrows.size());
}

int SequenceView::arrowsInWindow() const
{
    if (m_dirty)
        layout();
    return m_inWindow;
}

const std::vector<SequenceView::Arrow> &SequenceView::arrows() const
{
    if (m_dirty)
        layout();
    return m_arrows;
}

bool SequenceView::arrowOf(std::size_t i, std::size_t end, Arrow *a) const
{
    const TraceEvent &e = (*m_trace)[i];
    a->index = i;
    a->t0 = e.time;
    a->kind = e.msgKind;
    a->label = e.label;
    a->fromLane = laneOf(e.from);
    a->toLane = laneOf(e.to);
    switch (e.kind) {
    case TraceKind::Send:
    case TraceKind::Reply: {
        a->t1 = e.time + e.value;
        // Lost on the way, by an event the window's scan reaches: the arrow ends there.
        const Flight *f = m_flights.sentBy(i);
        if (f && f->fate == FlightFate::Dropped && f->end < end) {
            a->lost = true;
            const SimTime lostAt = (*m_trace)[f->end].time;
            if (lostAt <= e.time) {
                // Lost by the network as it left: drawn halfway along its would-be path.
                a->reach = 0.5;
                a->t1 = e.time + e.value / 2;
            } else {
                a->t1 = lostAt;
            }
        }
        return true;
    }
    case TraceKind::Publish:
        a->t1 = e.time; // appending to the bus takes no virtual time
        return true;
    case TraceKind::Drop:
        if (m_flights.dropKind(*m_trace, i) == DropKind::OnTheWay)
            return false; // drawn as the end of its message
        if (a->fromLane == a->toLane)
            return false;
        // Refused before it was ever sent (bus down, bus drop at send): a short stub.
        a->t1 = e.time;
        a->reach = 0.35;
        a->lost = true;
        return true;
    default:
        return false;
    }
}

bool SequenceView::barOf(std::size_t i, std::size_t end, Bar *b) const
{
    const TraceEvent &e = (*m_trace)[i];
    if (e.kind != TraceKind::Process && e.kind != TraceKind::Start)
        return false;
    const SimTime ws = windowStart(), we = windowEnd();
    b->lane = laneOf(e.to);
    b->future = i >= m_playhead;
    if (e.kind == TraceKind::Process) {
        b->start = e.time - e.value;
        b->end = e.time;
        return e.time >= ws && b->start <= we;
    }
    // Work whose Process the window's scan reaches is drawn from that Process; the rest is
    // still going on at the window's end.
    const std::uint32_t n = m_flights.flightOf(i);
    if (n != kNoFlight && m_flights[n].start == i && m_flights[n].process < end)
        return false;
    b->start = e.time;
    b->end = we;
    return e.time <= we;
}

void SequenceView::keepNearestThePlayhead(std::vector<Arrow> *arrows) const
{
    // Too many to read anyway: keep those nearest the playhead.
    const SimTime now = playheadTime();
    std::nth_element(arrows->begin(), arrows->begin() + kMaxArrows, arrows->end(),
                     [now](const Arrow &x, const Arrow &y) {
                         return std::llabs(x.t0 - now) < std::llabs(y.t0 - now);
                     });
    arrows->resize(kMaxArrows);
    std::sort(arrows->begin(), arrows->end(),
              [](const Arrow &x, const Arrow &y) { return x.index < y.index; });
}

void SequenceView::layout() const
{
    m_dirty = false;
    m_arrows.clear();
    m_bars.clear();
    m_inWindow = 0;
    if (!m_trace || !m_names || m_trace->empty())
        return;
    const SimTime ws = windowStart(), we = windowEnd();
    const std::size_t first = firstAtOrAfter(ws);
    std::size_t lo = firstAtOrAfter(ws - m_flights.maxLatency());
    lo = std::max(lo, first > kMaxLookbackScan ? first - kMaxLookbackScan : std::size_t{0});
    const std::size_t hi = std::min(firstAtOrAfter(we + 1), first + kMaxWindowScan);

    std::vector<Arrow> all;
    for (std::size_t i = lo; i < hi; ++i) {
        Arrow a;
        Bar b;
        if (arrowOf(i, hi, &a)) {
            if (a.t1 >= ws && a.t0 <= we)
                all.push_back(a);
        } else if (barOf(i, hi, &b)) {
            m_bars.push_back(b);
        }
    }
    m_inWindow = static_cast<int>(all.size());
    if (all.size() > static_cast<std::size_t>(kMaxArrows))
        keepNearestThePlayhead(&all);
    m_arrows = std::move(all);
    if (m_bars.size() > static_cast<std::size_t>(kMaxBars)) {
        const SimTime now = playheadTime();
        std::nth_element(m_bars.begin(), m_bars.begin() + kMaxBars, m_bars.end(),
                         [now](const Bar &x, const Bar &y) {
                             return std::llabs(x.start - now) < std::llabs(y.start - now);
                         });
        m_bars.resize(kMaxBars);
    }
}

QSize SequenceView::sizeHint() const
{
    return {720, 520};
}

QSize SequenceView::minimumSizeHint() const
{
    return {320, 240};
}

void SequenceView::paintEvent(QPaintEvent *)
{
    if (m_dirty)
        layout();
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), CanvasTheme().background());
    p.fillRect(plotRect(), Qt::white);
    if (!m_trace || !m_names) {
        paintEmpty(p);
        return;
    }
    const SimTime gridStep = paintTimeGrid(p);
    p.save();
    p.setClipRect(plotRect());
    // Arrow labels never cover another label, nor the "down" of a crash band.
    std::vector<QRectF> labelBoxes;
    paintCrashBands(p, &labelBoxes);
    paintLanes(p);
    paintBars(p);
    paintArrows(p, &labelBoxes);
    paintChainMarks(p);
    p.restore();
    paintPlayhead(p, gridStep);
    paintLaneHeaders(p);
    paintLegend(p);
}

void SequenceView::paintEmpty(QPainter &p)
{
    p.setFont(sized(font(), 12));
    p.setPen(CanvasTheme().mutedText());
    p.drawText(rect(), Qt::AlignCenter, tr("No simulation"));
}

SimTime SequenceView::paintTimeGrid(QPainter &p)
{
    const QRectF plot = plotRect();
    const SimTime ws = windowStart(), we = windowEnd();
    const QFont axisFont = sized(font(), 10);
    p.setFont(axisFont);
    const QFontMetricsF afm(axisFont);
    const SimTime step =
        TimelineTheme::tickStep(m_span, std::max(2, static_cast<int>(plot.height() / 60)));
    for (SimTime t = (ws / step) * step; t <= we; t += step) {
        if (t < ws)
            continue;
        const double y = timeY(t);
        p.setPen(QPen(QColor(0xe3, 0xe6, 0xea), 1));
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        // The playhead's own label takes the place of a grid label it would cover.
        const SimTime nowT = playheadTime();
        if (nowT >= ws && nowT <= we && std::abs(timeY(nowT) - y) < afm.height())
            continue;
        p.setPen(CanvasTheme().mutedText());
        p.drawText(QRectF(0, y - afm.height() / 2, kAxisWidth - 8, afm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, timeLabel(t, step));
    }
    return step;
}

void SequenceView::paintCrashBands(QPainter &p, std::vector<QRectF> *labelBoxes)
{
    // A red band on the lane while the service is down.
    const QRectF plot = plotRect();
    const SimTime ws = windowStart(), we = windowEnd();
    const double laneWidth = plot.width() / laneCount();
    const QFont axisFont = sized(font(), 10);
    const QFontMetricsF afm(axisFont);
    for (const Band &b : m_crashes) {
        if (b.start > we || b.end < ws)
            continue;
        const double y0 = std::max(plot.top(), timeY(b.start));
        const double y1 =
            std::min(plot.bottom(), b.end >= kSimTimeMax ? plot.bottom() : timeY(b.end));
        const double x = laneX(b.lane);
        p.fillRect(QRectF(x - laneWidth * 0.3, y0, laneWidth * 0.6, y1 - y0),
                   TimelineTheme::crash());
        p.setPen(QPen(CanvasTheme().drop(), 2));
        p.drawLine(QPointF(x - laneWidth * 0.3, timeY(b.start)),
                   QPointF(x + laneWidth * 0.3, timeY(b.start)));
        p.setFont(sized(font(), 10, true));
        p.setPen(CanvasTheme().downText());
        const QRectF downBox(x - laneWidth * 0.3, y0 + 2, laneWidth * 0.6, afm.height() + 2);
        p.drawText(downBox, Qt::AlignHCenter | Qt::AlignTop, tr("down"));
        labelBoxes->push_back(downBox);
    }
    p.setFont(axisFont);
}

void SequenceView::paintLanes(QPainter &p)
{
    const QRectF plot = plotRect();
    for (int l = 0; l < laneCount(); ++l) {
        p.setPen(QPen(TimelineTheme::lane(), 1.5, Qt::DashLine));
        p.drawLine(QPointF(laneX(l), plot.top()), QPointF(laneX(l), plot.bottom()));
    }
}

void SequenceView::paintBars(QPainter &p)
{
    // Processing: a thick bar on the lane.
    for (const Bar &b : m_bars) {
        QColor c = TimelineTheme::processing();
        if (b.future)
            c.setAlpha(80);
        const double y0 = timeY(b.start), y1 = std::max(y0 + 2, timeY(b.end));
        p.fillRect(QRectF(laneX(b.lane) - 5, y0, 10, y1 - y0), c);
    }
}

void SequenceView::paintArrows(QPainter &p, std::vector<QRectF> *labelBoxes)
{
    const bool labelled = m_arrows.size() <= static_cast<std::size_t>(kMaxLabelledArrows);
    p.setFont(sized(font(), 10));
    // Hundreds of arrows are a texture, not lines to read one by one: drawn without
    // antialiasing they cost a tenth (600 antialiased arrows took ~250 ms a paint).
    p.save();
    p.setRenderHint(QPainter::Antialiasing, labelled);
    for (const Arrow &a : m_arrows)
        paintArrow(p, a, labelled, labelBoxes);
    p.restore();
    // The playhead, over the arrows.
    const SimTime now = playheadTime();
    if (now >= windowStart() && now <= windowEnd()) {
        const QRectF plot = plotRect();
        const double y = timeY(now);
        p.setPen(QPen(TimelineTheme::playhead(), 2.5));
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
    }
}

void SequenceView::setHighlighted(const std::vector<std::uint64_t> &ids)
{
    m_chain = ids;
    m_chainIds = {ids.begin(), ids.end()};
    m_chainMessages.clear();
    if (m_trace)
        for (std::uint64_t id : ids)
            if (const TraceEvent *e = m_trace->byId(id); e && e->msg != 0)
                m_chainMessages.insert(e->msg);
    update();
}

bool SequenceView::isHighlighted(const Arrow &a) const
{
    if (m_chain.empty() || !m_trace || a.index >= m_trace->size())
        return false;
    const TraceEvent &e = (*m_trace)[a.index];
    return m_chainIds.count(e.id) != 0 || (e.msg != 0 && m_chainMessages.count(e.msg) != 0);
}

void SequenceView::paintChainMarks(QPainter &p)
{
    if (m_chain.empty() || !m_trace)
        return;
    // Each event of the chain: a diamond on its lane with its step's number beside it; steps
    // at the same place (a commit and the crash right after it) share one, "2, 3, 4".
    std::vector<std::pair<QPointF, QStringList>> marks;
    for (std::size_t k = 0; k < m_chain.size(); ++k) {
        const TraceEvent *e = m_trace->byId(m_chain[k]);
        if (!e || e->time < windowStart() || e->time > windowEnd())
            continue;
        const QPointF at(laneX(laneOf(e->from != kNoEndpoint ? e->from : e->to)), timeY(e->time));
        const auto same = std::find_if(marks.begin(), marks.end(), [&](const auto &m) {
            return QLineF(m.first, at).length() < 4;
        });
        if (same != marks.end())
            same->second << QString::number(k + 1);
        else
            marks.push_back({at, {QString::number(k + 1)}});
    }
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.setFont(sized(font(), 11, true));
    const QFontMetricsF fm(p.font());
    for (const auto &[at, steps] : marks) {
        const double x = at.x(), y = at.y(), r = 8;
        const QPainterPath diamond = TimelineTheme::evidenceDiamond(at, r);
        p.fillPath(diamond, TimelineTheme::evidence());
        p.setPen(QPen(Qt::white, 1.5));
        p.drawPath(diamond);
        const QString label = steps.join(QStringLiteral(", "));
        const QRectF box(x + r + 3, y - fm.height() / 2, fm.horizontalAdvance(label) + 8,
                         fm.height());
        p.fillRect(box, TimelineTheme::evidence());
        p.setPen(Qt::white);
        p.drawText(box, Qt::AlignCenter, label);
    }
    p.restore();
}

void SequenceView::paintArrow(QPainter &p, const Arrow &a, bool labelled,
                              std::vector<QRectF> *labelBoxes)
{
    QColor c = CanvasTheme().messageColor(a.kind);
    const bool marked = isHighlighted(a);
    if (a.index >= m_playhead || (!m_chain.empty() && !marked))
        c.setAlpha(!m_chain.empty() && !marked ? 55 : 90);
    const QPointF s(laneX(a.fromLane), timeY(a.t0));
    const QPointF e = arrowEnd(a);
    if (marked) {
        // A wide band under the arrow: the chain's messages stand out in any colour.
        QColor band = TimelineTheme::evidence();
        band.setAlpha(110);
        p.setPen(QPen(band, 9, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(s, e);
    }
    p.setPen(QPen(c, marked ? 3.2 : 2.2, Qt::SolidLine, Qt::RoundCap));
    p.drawLine(s, e);
    const QLineF line(s, e);
    if (a.lost) {
        const QColor red = a.index >= m_playhead ? QColor(214, 40, 40, 60) : CanvasTheme().drop();
        p.setPen(QPen(red, 3, Qt::SolidLine, Qt::RoundCap));
        const double r = 6;
        p.drawLine(e + QPointF(-r, -r), e + QPointF(r, r));
        p.drawLine(e + QPointF(-r, r), e + QPointF(r, -r));
    } else if (line.length() > 4) {
        const double angle = std::atan2(s.y() - e.y(), s.x() - e.x());
        const double len = 11, spread = 0.42;
        QPainterPath head;
        head.moveTo(e);
        head.lineTo(e + QPointF(std::cos(angle + spread) * len, std::sin(angle + spread) * len));
        head.lineTo(e + QPointF(std::cos(angle - spread) * len, std::sin(angle - spread) * len));
        head.closeSubpath();
        p.fillPath(head, c);
    }
    if (!labelled || !a.label || std::abs(e.x() - s.x()) <= 40)
        return;
    // "topic:orders" and "op:get" read as "orders" and "get" next to an arrow.
    QString text = QString::fromStdString(m_names->labelName(a.label));
    text = text.mid(text.indexOf(QLatin1Char(':')) + 1);
    const QPointF mid = (s + e) / 2;
    const QFontMetricsF lfm(sized(font(), 10));
    const double w = lfm.horizontalAdvance(text) + 6;
    const QRectF box(mid.x() - w / 2, mid.y() - lfm.height() - 1, w, lfm.height());
    // A label that would cover another one is left out: the colour still says what it is.
    if (std::any_of(labelBoxes->begin(), labelBoxes->end(),
                    [&](const QRectF &r) { return r.intersects(box); }))
        return;
    labelBoxes->push_back(box);
    p.fillRect(box, QColor(255, 255, 255, 210));
    p.setPen(a.index >= m_playhead ? TimelineTheme::futureText() : c.darker(140));
    p.drawText(box, Qt::AlignCenter, text);
}

void SequenceView::paintPlayhead(QPainter &p, SimTime gridStep)
{
    // Its time on the axis, in place of the grid label it would cover.
    const SimTime now = playheadTime();
    if (now < windowStart() || now > windowEnd())
        return;
    const QFontMetricsF afm(sized(font(), 10));
    const double y = timeY(now);
    p.setFont(sized(font(), 10, true));
    p.setPen(TimelineTheme::playhead());
    p.drawText(QRectF(0, y - afm.height() / 2, kAxisWidth - 8, afm.height()),
               Qt::AlignRight | Qt::AlignVCenter,
               timeLabel(now, std::min<SimTime>(gridStep, kMillisecond)));
}

void SequenceView::paintLaneHeaders(QPainter &p)
{
    const int lanes = laneCount();
    const double laneWidth = plotRect().width() / lanes;
    const QFont nameFont = sized(font(), 12, true), roleFont = sized(font(), 10);
    const QFontMetricsF nfm(nameFont), rfm(roleFont);
    for (int l = 0; l < lanes; ++l) {
        QString name, role;
        if (l == 0) {
            name = tr("client");
            role = tr("workload");
        } else if (l == lanes - 1) {
            name = tr("bus");
            role = tr("broker");
        } else {
            const auto s = static_cast<std::size_t>(l - 1);
            name = QString::fromStdString(m_names->services[s]);
            role =
                s < m_names->roles.size() ? QString::fromStdString(m_names->roles[s]) : QString();
            if (role == name)
                role = tr("service"); // the lesson named it after its role: say nothing twice
        }
        // A service down at the playhead is greyed, as on the canvas.
        const SimTime nowT = playheadTime();
        const bool down = std::any_of(m_crashes.begin(), m_crashes.end(), [&](const Band &b) {
            return b.lane == l && b.start <= nowT && nowT < b.end;
        });
        if (down)
            role = tr("down");
        const QRectF box(laneX(l) - laneWidth / 2 + 3, 4, laneWidth - 6, headerHeight() - 4);
        p.setPen(
            QPen(l == lanes - 1 ? CanvasTheme().busBorder() : CanvasTheme().nodeBorder(), 1.5));
        p.setBrush(down             ? CanvasTheme().downFill()
                   : l == lanes - 1 ? CanvasTheme().busFill()
                                    : CanvasTheme().nodeFill());
        p.drawRoundedRect(box, 5, 5);
        p.setPen(CanvasTheme().text());
        p.setFont(nameFont);
        p.drawText(box.adjusted(4, 4, -4, 0), Qt::AlignHCenter | Qt::AlignTop,
                   nfm.elidedText(name, Qt::ElideRight, box.width() - 8));
        p.setPen(down ? CanvasTheme().downText() : CanvasTheme().mutedText());
        p.setFont(down ? sized(font(), 10, true) : roleFont);
        p.drawText(box.adjusted(4, 0, -4, -4), Qt::AlignHCenter | Qt::AlignBottom,
                   rfm.elidedText(role, Qt::ElideRight, box.width() - 8));
    }
}

void SequenceView::paintLegend(QPainter &p)
{
    // The message colours, the loss mark and notes along the bottom.
    const QFont roleFont = sized(font(), 10);
    const QFontMetricsF rfm(roleFont);
    const double ly = height() - kBottomMargin / 2;
    double x = kAxisWidth;
    p.setFont(roleFont);
    for (MessageKind k : {MessageKind::Request, MessageKind::Reply, MessageKind::Event,
                          MessageKind::Command, MessageKind::Compensation}) {
        p.setPen(QPen(CanvasTheme().messageColor(k), 3));
        p.drawLine(QPointF(x, ly), QPointF(x + 18, ly));
        p.setPen(CanvasTheme().text());
        const QString s = QString::fromLatin1(CanvasTheme::messageLabel(k));
        p.drawText(QPointF(x + 22, ly + rfm.ascent() / 2 - 1), s);
        x += 22 + rfm.horizontalAdvance(s) + 16;
    }
    p.setPen(QPen(CanvasTheme().drop(), 3));
    p.drawLine(QPointF(x + 2, ly - 5), QPointF(x + 12, ly + 5));
    p.drawLine(QPointF(x + 2, ly + 5), QPointF(x + 12, ly - 5));
    p.setPen(CanvasTheme().text());
    p.drawText(QPointF(x + 18, ly + rfm.ascent() / 2 - 1), tr("lost"));
    x += 18 + rfm.horizontalAdvance(tr("lost")) + 16;
    QString note = tr("window %1").arg(QString::fromStdString(formatDuration(m_span)));
    if (m_inWindow > static_cast<int>(m_arrows.size()))
        note += tr(" · showing %1 of %2 messages, Ctrl+wheel zooms in")
                    .arg(m_arrows.size())
                    .arg(m_inWindow);
    p.setPen(CanvasTheme().mutedText());
    p.drawText(QRectF(x, height() - kBottomMargin, width() - x - kRightMargin, kBottomMargin),
               Qt::AlignRight | Qt::AlignVCenter, note);
}

void SequenceView::wheelEvent(QWheelEvent *event)
{
    const double notches = event->angleDelta().y() / 120.0;
    if (notches == 0)
        return;
    if (event->modifiers() & Qt::ControlModifier) {
        setSpan(static_cast<SimTime>(static_cast<double>(m_span) * std::pow(1.25, -notches)));
    } else {
        m_offset -= static_cast<SimTime>(notches * static_cast<double>(m_span) / 10);
        invalidate();
    }
    event->accept();
}

void SequenceView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    if (m_dirty)
        layout();
    const QPointF at = event->position();
    double best = 8; // pixels
    const Arrow *hit = nullptr;
    for (const Arrow &a : m_arrows) {
        const QPointF s(laneX(a.fromLane), timeY(a.t0));
        const QPointF e = arrowEnd(a);
        const QPointF d = e - s;
        const double len2 = QPointF::dotProduct(d, d);
        const double f = len2 > 0 ? std::clamp(QPointF::dotProduct(at - s, d) / len2, 0.0, 1.0) : 0;
        const QPointF c = s + d * f;
        const double dist = std::hypot(at.x() - c.x(), at.y() - c.y());
        if (dist < best) {
            best = dist;
            hit = &a;
        }
    }
    if (hit)
        emit seekRequested(hit->index + 1);
}

void SequenceView::mouseDoubleClickEvent(QMouseEvent *)
{
    m_offset = 0;
    invalidate();
}

void SequenceView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    update();
}

} // namespace dplab
