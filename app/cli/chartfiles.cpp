#include "chartfiles.h"

#include "chartexporter.h"
#include "run.h"

#include <QApplication>

#include <memory>

namespace dplab {

std::string writeChartFiles(const Run &run, const std::string &dir,
                            std::vector<std::string> *written) {
    // Charts are drawn by Qt's graphics view, which needs a QApplication; the CLI makes one
    // only here, offscreen, so it runs without a display and without Qt when not exporting.
    std::unique_ptr<QApplication> app;
    int argc = 1;
    char name[] = "dplab-cli";
    char *argv[] = {name, nullptr};
    if (!QCoreApplication::instance()) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        app = std::make_unique<QApplication>(argc, argv);
    } else if (!canDrawCharts()) {
        return "charts cannot be drawn in this process (no QApplication)";
    }
    const World &world = run.world();
    FaultBandTracker tracker;
    ChartInput input;
    input.columns = &run.metrics().columns();
    input.rows = &run.metrics().rows();
    input.duration = world.scenario().duration;
    input.now = world.now();
    input.faults =
        tracker.bands(world.faults(), run.trace() ? &run.trace()->events() : nullptr, input.now);
    QStringList files;
    const QString why = ChartExporter().exportAll(input, QString::fromStdString(dir), &files);
    for (const QString &f : files)
        written->push_back(f.toStdString());
    return why.toStdString();
}

} // namespace dplab
