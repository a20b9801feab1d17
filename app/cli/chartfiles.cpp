#include "app/cli/chartfiles.h"

#include "app/export/chartexporter.h"
#include "patterns/run.h"

#include <QApplication>

#include <cstdio>
#include <memory>

namespace dplab {

namespace {

// Qt's complaint that XDG_RUNTIME_DIR is unset (a headless machine, a container) says nothing
// about the run: the offscreen platform never uses that folder. Everything else goes to
// stderr as Qt's own handler writes it.
void dropRuntimeDirNotice(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    if (type == QtWarningMsg && text.startsWith(QLatin1String("QStandardPaths: XDG_RUNTIME_DIR")))
        return;
    std::fprintf(stderr, "%s\n", qPrintable(qFormatLogMessage(type, context, text)));
}

} // namespace

OffscreenApp::OffscreenApp()
{
    if (!QCoreApplication::instance()) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        qInstallMessageHandler(dropRuntimeDirNotice);
        m_app = std::make_unique<QApplication>(m_argc, m_argv);
    } else if (!canDrawCharts()) {
        m_why = "charts cannot be drawn in this process (no QApplication)";
    }
}

OffscreenApp::~OffscreenApp() = default;

std::string writeChartFiles(const Run &run, const std::string &dir,
                            std::vector<std::string> *written)
{
    const OffscreenApp app;
    if (!app.why().empty())
        return app.why();
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
