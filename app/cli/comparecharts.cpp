#include "comparecharts.h"

#include "chartexporter.h"
#include "chartfiles.h"
#include "run.h"

#include <QApplication>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

namespace dplab {

namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

/// The metrics of both runs in one table: the union of their sample times, A's columns after
/// time_s, then B's; a run without a sample at a time has NaN there (the lines skip it).
struct MergedMetrics {
    std::vector<std::string> columns;
    std::vector<std::vector<double>> rows;
    int offsetB = 0; ///< B's column c (c >= 1) is merged column offsetB + c - 1
};

MergedMetrics merge(const Metrics &a, const Metrics &b) {
    MergedMetrics m;
    const auto &ca = a.columns(), &cb = b.columns();
    m.columns.push_back("time_s");
    for (std::size_t i = 1; i < ca.size(); ++i)
        m.columns.push_back("A:" + ca[i]);
    m.offsetB = static_cast<int>(m.columns.size());
    for (std::size_t i = 1; i < cb.size(); ++i)
        m.columns.push_back("B:" + cb[i]);
    const auto &ra = a.rows(), &rb = b.rows();
    std::size_t i = 0, j = 0;
    while (i < ra.size() || j < rb.size()) {
        const double ta = i < ra.size() && !ra[i].empty() ? ra[i][0] : HUGE_VAL;
        const double tb = j < rb.size() && !rb[j].empty() ? rb[j][0] : HUGE_VAL;
        if (ta == HUGE_VAL && tb == HUGE_VAL)
            break;
        const double t = std::min(ta, tb);
        std::vector<double> row(m.columns.size(), kMissing);
        row[0] = t;
        if (ta == t) {
            for (std::size_t c = 1; c < ra[i].size() && c < ca.size(); ++c)
                row[c] = ra[i][c];
            ++i;
        }
        if (tb == t) {
            for (std::size_t c = 1; c < rb[j].size() && c < cb.size(); ++c)
                row[static_cast<std::size_t>(m.offsetB) + c - 1] = rb[j][c];
            ++j;
        }
        m.rows.push_back(std::move(row));
    }
    return m;
}

/// A's chart and B's chart of one kind as one: A's lines solid, B's dashed in the same colour.
/// The latency chart keeps the means only (its dashed p99 lines would read as B's).
ChartSpec overlay(const ChartSpec *a, const ChartSpec *b, int offsetB) {
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

const ChartSpec *findChart(const std::vector<ChartSpec> &catalog, const QString &id) {
    for (const ChartSpec &c : catalog)
        if (c.id == id)
            return &c;
    return nullptr;
}

} // namespace

std::string writeComparisonCharts(const Run &a, const Run &b, const std::string &dir,
                                  std::vector<std::string> *pngs) {
    const OffscreenApp app;
    if (!app.why().empty())
        return app.why();
    const MergedMetrics merged = merge(a.metrics(), b.metrics());
    const std::vector<ChartSpec> catalogA = chartCatalog(a.metrics().columns());
    const std::vector<ChartSpec> catalogB = chartCatalog(b.metrics().columns());
    std::vector<QString> ids;
    for (const auto *catalog : {&catalogA, &catalogB})
        for (const ChartSpec &c : *catalog)
            if (std::find(ids.begin(), ids.end(), c.id) == ids.end())
                ids.push_back(c.id);

    ChartInput input;
    input.columns = &merged.columns;
    input.rows = &merged.rows;
    input.duration = std::max(a.world().scenario().duration, b.world().scenario().duration);
    input.now = std::max(a.world().now(), b.world().now());
    FaultBandTracker trackerA, trackerB;
    input.faults = trackerA.bands(a.world().faults(), a.trace() ? &a.trace()->events() : nullptr,
                                  a.world().now());
    for (FaultBand band : trackerB.bands(
             b.world().faults(), b.trace() ? &b.trace()->events() : nullptr, b.world().now())) {
        const bool inA = std::any_of(input.faults.begin(), input.faults.end(), [&](const auto &f) {
            return f.kind == band.kind && f.startS == band.startS && f.endS == band.endS &&
                   f.label == band.label;
        });
        if (inA)
            continue;
        band.label = QStringLiteral("B: ") + band.label;
        input.faults.push_back(band);
    }

    const ChartExporter exporter;
    for (const QString &id : ids) {
        const ChartSpec spec =
            overlay(findChart(catalogA, id), findChart(catalogB, id), merged.offsetB);
        if (spec.series.empty() || !chartHasData(spec, merged.rows))
            continue;
        QStringList files;
        if (QString why = exporter.exportChart(spec, input, QString::fromStdString(dir), &files);
            !why.isEmpty())
            return why.toStdString();
        for (const QString &f : files)
            if (f.endsWith(QStringLiteral(".png")))
                pngs->push_back(QFileInfo(f).fileName().toStdString());
    }
    return {};
}

} // namespace dplab
