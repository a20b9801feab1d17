#pragma once

#include "app/export/chartcatalog.h"
#include "app/export/faultbands.h"
#include "simulation/kernel/simtime.h"

#include <QSize>
#include <QString>
#include <QStringList>

#include <string>
#include <vector>

class QChart;
class QGraphicsScene;

namespace dplab {

class LabChart;

/** Everything a chart is drawn from: the metrics of a run up to a moment, and its faults. */
struct ChartInput
{
    const std::vector<std::string> *columns = nullptr;
    const std::vector<std::vector<double>> *rows = nullptr;
    SimTime duration = 0;
    SimTime now = 0;
    std::vector<FaultBand> faults;
};

/**
 * Writes charts as files: a PNG picture, an SVG drawing (title, axes, legend and fault bands
 * included) and the chart's series as CSV, named after the chart's title and only ever inside
 * the folder it is given. Needs a QApplication (the CLI makes an offscreen one).
 */
class ChartExporter
{
public:
    explicit ChartExporter(QSize size = {});

    /// "Consistency lag" -> "consistency-lag": lower case letters, digits and dashes only.
    static QString fileStem(const QString &title);

    /// Draws `spec` from `input` into folder `dir` (which must exist) as <stem>.png, .svg and
    /// .csv; appends the paths written to *written. Returns an empty string or why it failed.
    QString exportChart(const ChartSpec &spec, const ChartInput &input, const QString &dir,
                        QStringList *written) const;
    /// Every chart of the catalog that has data (see ChartSpec::hideWhenFlat).
    QString exportAll(const ChartInput &input, const QString &dir, QStringList *written) const;

    /// Draws any chart (taking it: it is deleted before this returns) into <dir>/<stem>.png
    /// and .svg, `stem` made safe by fileStem(). Returns an empty string or why it failed.
    QString exportPictures(QChart *chart, const QString &dir, const QString &stem,
                           QStringList *written) const;

    /// The CSV text of a chart: "time_s" and its shown columns, one row per metrics sample.
    static QByteArray csv(const LabChart &chart, const ChartInput &input);

private:
    QString writePictures(QGraphicsScene &scene, const QString &base, const QString &title,
                          const QString &description, QStringList *written) const;

    QSize m_size;
};

/// True when the running process can draw charts (a QApplication exists).
bool canDrawCharts();

} // namespace dplab
