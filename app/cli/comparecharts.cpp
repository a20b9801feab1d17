#include "app/cli/comparecharts.h"

#include "app/cli/chartfiles.h"
#include "app/export/chartexporter.h"
#include "app/export/comparisonoverlay.h"
#include "patterns/run.h"

#include <QApplication>
#include <QFileInfo>

#include <algorithm>

namespace dplab {

std::string writeComparisonCharts(const Run &a, const Run &b, const std::string &dir,
                                  std::vector<std::string> *pngs)
{
    const OffscreenApp app;
    if (!app.why().empty())
        return app.why();
    MetricsMerger merged;
    merged.update(a.metrics(), true, b.metrics(), true);
    const std::vector<ChartSpec> catalogA = chartCatalog(a.metrics().columns());
    const std::vector<ChartSpec> catalogB = chartCatalog(b.metrics().columns());
    const std::vector<QString> ids = overlayChartIds(catalogA, catalogB);

    ChartInput input;
    input.columns = &merged.columns();
    input.rows = &merged.rows();
    input.duration = std::max(a.world().scenario().duration, b.world().scenario().duration);
    input.now = std::max(a.world().now(), b.world().now());
    FaultBandTracker trackerA, trackerB;
    input.faults = mergeFaultBands(
        trackerA.bands(a.world().faults(), a.trace() ? &a.trace()->events() : nullptr,
                       a.world().now()),
        trackerB.bands(b.world().faults(), b.trace() ? &b.trace()->events() : nullptr,
                       b.world().now()));

    const ChartExporter exporter;
    for (const QString &id : ids) {
        const ChartSpec spec = overlayChartSpec(findChartSpec(catalogA, id),
                                                findChartSpec(catalogB, id), merged.offsetB());
        if (spec.series.empty() || !chartHasData(spec, merged.rows()))
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
