#include "app/export/labchart.h"

#include "app/export/chartstyle.h"

#include <QBrush>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace dplab {

namespace {

// Between the plot area's background and the grid, so bands lie behind grid and lines.
constexpr double kBandZ = 0.5;
constexpr double kOverlayZ = 20;
// A line's tail series holds up to this many points before they move to the settled series:
// Qt Charts re-strokes a whole series on replace(), so the series replaced every frame is short.
constexpr qsizetype kTailPoints = 240;

int decimalsFor(double step)
{
    return step >= 1 ? 0 : std::clamp(static_cast<int>(std::ceil(-std::log10(step) - 1e-9)), 0, 6);
}

void styleAxis(QValueAxis *axis, const QString &title)
{
    ChartStyle::styleValueAxis(axis, title);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
}

/// Changes range and tick step in the order that never asks for thousands of ticks in between
/// (Qt Charts makes an item per tick at once).
void setAxis(QValueAxis *axis, double lo, double hi, double step)
{
    if (step >= axis->tickInterval()) {
        axis->setTickInterval(step);
        axis->setRange(lo, hi);
    } else {
        axis->setRange(lo, hi);
        axis->setTickInterval(step);
    }
}

} // namespace

double niceStep(double span, int ticks)
{
    if (!(span > 0) || ticks < 1)
        return 1;
    const double raw = span / ticks;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / mag;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

LabChart::LabChart(ChartSpec spec, QGraphicsItem *parent)
    : QChart(parent)
    , m_spec(std::move(spec))
    , m_axisX(new QValueAxis(this))
    , m_axisY(new QValueAxis(this))
    , m_playhead(new QGraphicsLineItem(this))
{
    setTitle(m_spec.title);
    setTitleFont(ChartStyle::titleFont());
    setTitleBrush(ChartStyle::text());
    setBackgroundBrush(ChartStyle::background());
    setPlotAreaBackgroundBrush(ChartStyle::plotBackground());
    setPlotAreaBackgroundVisible(true);
    setBackgroundRoundness(0);
    setMargins(QMargins(6, 4, 10, 4));
    // Animations would lag behind the playhead and cost frames.
    setAnimationOptions(QChart::NoAnimation);
    // Many lines: a column of legend entries at the side, where names are not cut short.
    legend()->setAlignment(shownCount() > 4 ? Qt::AlignRight : Qt::AlignBottom);
    legend()->setFont(ChartStyle::legendFont());
    legend()->setLabelColor(ChartStyle::text());
    legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);

    styleAxis(m_axisX, tr("time (s)"));
    styleAxis(m_axisY, m_spec.yTitle);
    addAxis(m_axisX, Qt::AlignBottom);
    addAxis(m_axisY, Qt::AlignLeft);

    for (const ChartSeriesSpec &s : m_spec.series) {
        Line line;
        line.spec = s;
        line.series = new QLineSeries(this);
        line.series->setName(s.label);
        QPen pen(ChartStyle::seriesColor(s.colorIndex));
        // Main lines 2 px; a companion (p99) or a second round through the palette is a 1 px
        // dashed line. Qt strokes wider dashed lines an order of magnitude slower, and a frame
        // of a long run has thousands of points per line.
        const bool secondRound = s.colorIndex >= ChartStyle::paletteSize();
        pen.setWidthF(s.dashed || secondRound ? 1.0 : 2.0);
        if (s.dashed || secondRound)
            pen.setStyle(s.dashed && secondRound ? Qt::DashDotLine : Qt::DashLine);
        pen.setCapStyle(Qt::FlatCap);
        pen.setJoinStyle(Qt::BevelJoin);
        line.series->setPen(pen);
        line.tail = new QLineSeries(this);
        line.tail->setName(s.label);
        line.tail->setPen(pen);
        for (QLineSeries *series : {line.series, line.tail}) {
            addSeries(series);
            series->attachAxis(m_axisX);
            series->attachAxis(m_axisY);
        }
        for (QLegendMarker *m : legend()->markers(line.tail))
            m->setVisible(false);
        for (QLegendMarker *m : legend()->markers(line.series))
            m->setVisible(s.inLegend);
        m_lines.push_back(std::move(line));
    }

    if (!m_spec.companionLegend.isEmpty()) {
        // An empty line whose legend entry says what the dashed lines are.
        auto *key = new QLineSeries(this);
        key->setName(m_spec.companionLegend);
        QPen pen(ChartStyle::mutedText());
        pen.setWidthF(1.0);
        pen.setStyle(Qt::DashLine);
        key->setPen(pen);
        addSeries(key);
        key->attachAxis(m_axisX);
        key->attachAxis(m_axisY);
    }

    QPen playheadPen(ChartStyle::playhead());
    playheadPen.setWidthF(2);
    m_playhead->setPen(playheadPen);
    m_playhead->setZValue(kOverlayZ);

    connect(this, &QChart::plotAreaChanged, this, [this] {
        if (m_requestedBuckets == 0 && effectiveBuckets() != m_buckets)
            setResolution(0);
        relayout();
    });
    setDuration(kSecond);
}

LabChart::~LabChart() = default;

std::size_t LabChart::shownCount() const
{
    std::size_t entries = 0;
    for (const ChartSeriesSpec &s : m_spec.series)
        entries += s.inLegend;
    entries += !m_spec.companionLegend.isEmpty();
    if (m_spec.maxSeries > 0)
        return std::min(entries, static_cast<std::size_t>(m_spec.maxSeries));
    return entries;
}

void LabChart::setCompact(bool compact)
{
    setTitle(compact ? QString() : m_spec.title);
    legend()->setAlignment(compact || shownCount() > 4 ? Qt::AlignRight : Qt::AlignBottom);
    setMargins(compact ? QMargins(2, 2, 4, 2) : QMargins(6, 4, 10, 4));
}

void LabChart::setDuration(SimTime duration)
{
    m_duration = std::max<SimTime>(duration, 1);
    const double span = toSeconds(m_duration);
    const double step = niceStep(span, 10);
    setAxis(m_axisX, 0, span, step);
    m_axisX->setLabelFormat(QStringLiteral("%.") + QString::number(decimalsFor(step)) + 'f');
    m_rowsSeen = 0;
    m_nonZero = false;
    m_yMax = -1;
    m_buckets = effectiveBuckets();
    for (Line &l : m_lines) {
        l.decimator.reset(0, span, m_buckets);
        clearRuns(l);
        l.series->clear();
        l.tail->clear();
        l.settled = 0;
        l.settleNow = true;
        l.dirty = false;
    }
    chooseShown();
    updateValueAxis();
    relayout();
}

int LabChart::effectiveBuckets() const
{
    if (m_requestedBuckets > 0)
        return m_requestedBuckets;
    return std::max(50, static_cast<int>(std::lround(plotArea().width())));
}

void LabChart::setResolution(int columns)
{
    m_requestedBuckets = std::max(0, columns);
    const int buckets = effectiveBuckets();
    if (buckets == m_buckets)
        return;
    m_buckets = buckets;
    for (Line &l : m_lines) {
        l.decimator.reset(0, toSeconds(m_duration), m_buckets);
        l.dirty = true;
    }
    m_rowsSeen = 0; // the next updateData() feeds every row again
    emit resolutionChanged();
}

void LabChart::feed(const std::vector<std::vector<double>> &rows, std::size_t from)
{
    for (std::size_t r = from; r < rows.size(); ++r) {
        const std::vector<double> &row = rows[r];
        if (row.empty())
            continue;
        const double x = row[0];
        for (Line &l : m_lines) {
            const auto c = static_cast<std::size_t>(l.spec.column);
            if (c >= row.size())
                continue;
            const double y = row[c] * m_spec.scale;
            m_nonZero = m_nonZero || (y != 0 && !std::isnan(y));
            l.decimator.add(x, y);
            l.dirty = true;
        }
    }
}

void LabChart::refeed(const std::vector<std::vector<double>> &rows)
{
    for (Line &l : m_lines) {
        l.decimator.reset(0, toSeconds(m_duration), m_buckets);
        clearRuns(l);
        l.settled = 0;
        l.settleNow = true;
        l.dirty = true;
    }
    m_nonZero = false;
    m_yMax = -1;
    feed(rows, 0);
}

void LabChart::updateData(const std::vector<std::vector<double>> &rows, SimTime now,
                          const std::vector<FaultBand> &faults)
{
    if (rows.size() < m_rowsSeen || m_rowsSeen == 0)
        refeed(rows);
    else
        feed(rows, m_rowsSeen);
    m_rowsSeen = rows.size();
    m_nowS = std::clamp(toSeconds(now), 0.0, toSeconds(m_duration));

    chooseShown();
    // At most one line moves its tail into its settled series per update, so the expensive
    // replace() of a long series is spread over frames.
    bool maySettle = true;
    for (Line &l : m_lines) {
        if (!l.dirty)
            continue;
        l.dirty = false;
        if (l.shown) {
            const bool wasSettling = l.settleNow;
            const qsizetype before = l.settled;
            drawLine(l, maySettle);
            if (!wasSettling && l.settled != before)
                maySettle = false;
        } else {
            clearRuns(l);
            l.series->clear();
            l.tail->clear();
            l.settled = 0;
            l.settleNow = true;
        }
    }
    updateValueAxis();
    if (faults != m_bands) {
        m_bands = faults;
        rebuildBands();
    }
    relayout();
}

void LabChart::drawLine(Line &l, bool maySettle)
{
    const QList<QPointF> &closed = l.decimator.closedPoints();
    const QList<qsizetype> &breaks = l.decimator.breaks();
    // Each run that ended at a gap becomes a series of its own, drawn like the line.
    while (l.runs.size() < breaks.size()) {
        const qsizetype k = l.runs.size();
        const qsizetype start = k == 0 ? 0 : breaks[k - 1];
        auto *run = new QLineSeries(this);
        run->setName(l.spec.label);
        run->setPen(l.series->pen());
        addSeries(run);
        run->attachAxis(m_axisX);
        run->attachAxis(m_axisY);
        for (QLegendMarker *m : legend()->markers(run))
            m->setVisible(false);
        run->replace(closed.mid(start, breaks[k] - start));
        if (run->count() == 1) {
            // A lone sample between gaps is no line: a dot, so it still shows.
            run->setPointsVisible(true);
            run->setMarkerSize(std::max(3.0, 2 * run->pen().widthF()));
        }
        l.runs.append(run);
        l.settleNow = true; // the current run starts after the gap
    }
    const qsizetype runStart = breaks.isEmpty() ? 0 : breaks.back();
    if (l.settleNow || (maySettle && closed.size() - l.settled > kTailPoints)) {
        l.settleNow = false;
        l.settled = closed.size();
        l.series->replace(closed.mid(runStart));
    }
    // The tail starts at the last settled point, so the two series join without a gap.
    const qsizetype from = std::max<qsizetype>(runStart, l.settled - 1);
    l.tail->replace(closed.mid(from) + l.decimator.openPoints());
}

void LabChart::clearRuns(Line &l)
{
    for (QLineSeries *run : l.runs) {
        removeSeries(run);
        delete run;
    }
    l.runs.clear();
}

QList<QPointF> LabChart::linePoints(const QLineSeries *series) const
{
    for (const Line &l : m_lines) {
        if (l.series != series)
            continue;
        QList<QPointF> out;
        for (const QLineSeries *run : l.runs)
            out.append(run->points());
        const QList<QPointF> settled = l.series->points();
        out.append(settled);
        const QList<QPointF> tail = l.tail->points();
        out.append(tail.mid(settled.isEmpty() ? 0 : 1));
        return out;
    }
    return {};
}

void LabChart::setPlayheadVisible(bool visible)
{
    m_playheadVisible = visible;
    relayout();
}

void LabChart::chooseShown()
{
    if (m_spec.maxSeries <= 0 || static_cast<int>(m_lines.size()) <= m_spec.maxSeries)
        return;
    std::vector<std::size_t> order(m_lines.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    // Largest maximum first; ties keep the column order, so the choice is stable.
    std::stable_sort(order.begin(), order.end(), [this](std::size_t a, std::size_t b) {
        return m_lines[a].decimator.maxY() > m_lines[b].decimator.maxY();
    });
    std::vector<bool> shown(m_lines.size(), false);
    // Lines that never left 0 say nothing; the first line stays, so the chart is never empty.
    for (int i = 0; i < m_spec.maxSeries; ++i) {
        const std::size_t line = order[static_cast<std::size_t>(i)];
        if (i == 0 || m_lines[line].decimator.maxY() > 0)
            shown[line] = true;
    }
    for (std::size_t i = 0; i < m_lines.size(); ++i) {
        Line &l = m_lines[i];
        if (l.shown == shown[i])
            continue;
        l.shown = shown[i];
        l.dirty = true;
        l.series->setVisible(l.shown);
        l.tail->setVisible(l.shown);
        for (QLegendMarker *m : legend()->markers(l.series))
            m->setVisible(l.shown && l.spec.inLegend);
        for (QLegendMarker *m : legend()->markers(l.tail))
            m->setVisible(false);
    }
}

void LabChart::updateValueAxis()
{
    double hi = 0, lo = 0;
    for (const Line &l : m_lines) {
        if (!l.shown || l.decimator.samples() == 0)
            continue;
        hi = std::max(hi, l.decimator.maxY());
        lo = std::min(lo, l.decimator.minY());
    }
    // Headroom above the highest value, rounded to whole steps; the range only changes when a
    // value leaves it, so the axis does not twitch every frame.
    if (hi <= m_yMax && lo >= m_yMin && m_yMax > 0)
        return;
    const double span = std::max(hi - lo, 1e-9);
    double step = niceStep(span * 1.08, 5);
    if (m_spec.decimals == 0 && step < 1 && hi >= 1)
        step = 1;
    const double top = hi <= 0 ? 1 : std::ceil(hi * 1.04 / step) * step;
    const double bottom = lo >= 0 ? 0 : std::floor(lo / step) * step;
    if (hi <= 0)
        step = 0.2;
    m_yMax = top;
    m_yMin = bottom;
    setAxis(m_axisY, bottom, top, step);
    m_axisY->setLabelFormat(QStringLiteral("%.") +
                            QString::number(std::max(m_spec.decimals, decimalsFor(step))) + 'f');
}

void LabChart::rebuildBands()
{
    qDeleteAll(m_bandItems);
    qDeleteAll(m_bandLabels);
    qDeleteAll(m_bandLabelBacks);
    m_bandItems.clear();
    m_bandLabels.clear();
    m_bandLabelBacks.clear();
    for (const FaultBand &b : m_bands) {
        auto *rect = new QGraphicsRectItem(this);
        rect->setPen(Qt::NoPen);
        rect->setBrush(ChartStyle::faultFill(b.kind));
        rect->setZValue(kBandZ);
        rect->setToolTip(b.label);
        m_bandItems.append(rect);

        auto *back = new QGraphicsRectItem(this);
        QColor backColor = ChartStyle::background();
        backColor.setAlpha(215);
        back->setBrush(backColor);
        back->setPen(Qt::NoPen);
        back->setZValue(kOverlayZ + 1);
        m_bandLabelBacks.append(back);

        auto *label = new QGraphicsSimpleTextItem(this);
        QString text = b.label;
        if (text.size() > 44)
            text = text.left(42) + QStringLiteral("…");
        label->setText(text);
        label->setFont(ChartStyle::faultLabelFont());
        label->setBrush(ChartStyle::faultInk(b.kind));
        label->setZValue(kOverlayZ + 2);
        m_bandLabels.append(label);
    }
}

double LabChart::xPosition(double s) const
{
    const QRectF area = plotArea();
    return area.left() + area.width() * (s / toSeconds(m_duration));
}

void LabChart::relayout()
{
    const QRectF area = plotArea();
    if (area.width() <= 0)
        return;
    const bool playhead = m_playheadVisible && m_nowS < toSeconds(m_duration);
    m_playhead->setVisible(playhead);
    if (playhead) {
        const double x = xPosition(m_nowS);
        m_playhead->setLine(x, area.top(), x, area.bottom());
    }
    // Labels stack in rows at the top of the plot when bands are close together.
    std::vector<double> rowEnds;
    for (qsizetype i = 0; i < m_bandItems.size(); ++i) {
        const FaultBand &b = m_bands[static_cast<std::size_t>(i)];
        const double x0 = xPosition(b.startS);
        // A fault that is a moment (a rebuild) still gets a visible sliver.
        const double x1 = std::max(xPosition(b.endS), x0 + 3);
        m_bandItems[i]->setRect(QRectF(QPointF(x0, area.top()), QPointF(x1, area.bottom())));
        QGraphicsSimpleTextItem *label = m_bandLabels[i];
        const QRectF text = label->boundingRect();
        std::size_t row = 0;
        while (row < rowEnds.size() && rowEnds[row] > x0)
            ++row;
        if (row == rowEnds.size())
            rowEnds.push_back(0);
        rowEnds[row] = x0 + text.width() + 12;
        const double maxX = area.right() - text.width() - 2;
        const QPointF at(std::min(x0 + 4, std::max(area.left() + 2, maxX)),
                         area.top() + 3 + static_cast<double>(row % 4) * (text.height() + 2));
        label->setPos(at);
        m_bandLabelBacks[i]->setRect(QRectF(at, text.size()).adjusted(-2, 0, 2, 0));
    }
}

QList<QLineSeries *> LabChart::shownSeries() const
{
    QList<QLineSeries *> out;
    for (const Line &l : m_lines)
        if (l.shown)
            out.append(l.series);
    return out;
}

const ChartSeriesSpec *LabChart::seriesSpec(const QLineSeries *series) const
{
    for (const Line &l : m_lines)
        if (l.series == series)
            return &l.spec;
    return nullptr;
}

} // namespace dplab
