#include "app/export/comparisonoverlay.h"

#include "simulation/observe/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dplab {

void MetricsMerger::update(const Metrics &a, bool aDone, const Metrics &b, bool bDone)
{
    const auto &ca = a.columns(), &cb = b.columns();
    if (m_columns.empty()) {
        m_columns.push_back("time_s");
        for (std::size_t i = 1; i < ca.size(); ++i)
            m_columns.push_back("A:" + ca[i]);
        m_offsetB = static_cast<int>(m_columns.size());
        for (std::size_t i = 1; i < cb.size(); ++i)
            m_columns.push_back("B:" + cb[i]);
        m_columnsA = ca.size();
        m_columnsB = cb.size();
    }
    constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
    const auto &ra = a.rows(), &rb = b.rows();
    while (m_nextA < ra.size() || m_nextB < rb.size()) {
        const bool hasA = m_nextA < ra.size() && !ra[m_nextA].empty();
        const bool hasB = m_nextB < rb.size() && !rb[m_nextB].empty();
        // A run that may still add a row at an earlier time than the other's next: wait for it.
        if ((!hasA && !aDone) || (!hasB && !bDone) || (!hasA && !hasB))
            break;
        const double ta = hasA ? ra[m_nextA][0] : HUGE_VAL;
        const double tb = hasB ? rb[m_nextB][0] : HUGE_VAL;
        const double t = std::min(ta, tb);
        std::vector<double> row(m_columns.size(), kMissing);
        row[0] = t;
        if (ta == t) {
            for (std::size_t c = 1; c < ra[m_nextA].size() && c < m_columnsA; ++c)
                row[c] = ra[m_nextA][c];
            ++m_nextA;
        }
        if (tb == t) {
            for (std::size_t c = 1; c < rb[m_nextB].size() && c < m_columnsB; ++c)
                row[static_cast<std::size_t>(m_offsetB) + c - 1] = rb[m_nextB][c];
            ++m_nextB;
        }
        m_rows.push_back(std::move(row));
    }
}

ChartSpec overlayChartSpec(const ChartSpec *a, const ChartSpec *b, int offsetB)
{
    ChartSpec spec = a ? *a : *b;
    spec.title += QStringLiteral(": A vs B");
    spec.companionLegend = QStringLiteral("solid: A, dashed: B");
    if (spec.maxSeries > 0)
        spec.maxSeries *= 2;
    spec.series.clear();
    std::vector<QString> labelsOfA;
    if (a) {
        for (ChartSeriesSpec s : a->series) {
            if (s.dashed)
                continue;
            s.name = QStringLiteral("A:") + s.name;
            s.inLegend = true;
            labelsOfA.push_back(s.label);
            spec.series.push_back(s);
        }
    }
    if (b) {
        for (ChartSeriesSpec s : b->series) {
            if (s.dashed)
                continue;
            s.column = offsetB + s.column - 1;
            s.name = QStringLiteral("B:") + s.name;
            s.dashed = true;
            // A line of B's that A also has shares A's legend entry (same colour).
            const bool shared =
                std::find(labelsOfA.begin(), labelsOfA.end(), s.label) != labelsOfA.end();
            s.inLegend = !shared;
            if (!shared)
                s.label = QStringLiteral("B: ") + s.label;
            spec.series.push_back(s);
        }
    }
    return spec;
}

std::vector<QString> overlayChartIds(const std::vector<ChartSpec> &catalogA,
                                     const std::vector<ChartSpec> &catalogB)
{
    std::vector<QString> ids;
    for (const auto *catalog : {&catalogA, &catalogB})
        for (const ChartSpec &c : *catalog)
            if (std::find(ids.begin(), ids.end(), c.id) == ids.end())
                ids.push_back(c.id);
    return ids;
}

const ChartSpec *findChartSpec(const std::vector<ChartSpec> &catalog, const QString &id)
{
    for (const ChartSpec &c : catalog)
        if (c.id == id)
            return &c;
    return nullptr;
}

std::vector<FaultBand> mergeFaultBands(std::vector<FaultBand> a, const std::vector<FaultBand> &b)
{
    const std::size_t ofA = a.size();
    for (FaultBand band : b) {
        const bool inA = std::any_of(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(ofA),
                                     [&](const FaultBand &f) {
                                         return f.kind == band.kind && f.startS == band.startS &&
                                                f.endS == band.endS && f.label == band.label;
                                     });
        if (inA)
            continue;
        band.label = QStringLiteral("B: ") + band.label;
        a.push_back(band);
    }
    return a;
}

} // namespace dplab
