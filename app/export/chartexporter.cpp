#include "app/export/chartexporter.h"

#include "app/export/chartstyle.h"
#include "app/export/labchart.h"
#include "app/export/savefile.h"
#include "app/export/svgfonts.h"

#include <QApplication>
#include <QBuffer>
#include <QDir>
#include <QGraphicsScene>
#include <QImage>
#include <QImageWriter>
#include <QLineSeries>
#include <QPainter>
#include <QSaveFile>
#include <QScreen>
#include <QSet>
#include <QSvgGenerator>

#include <cmath>
#include <memory>

namespace dplab {

namespace {

/// Lays out a chart for a picture of `size`: in a scene of its own, fed with the input.
class OffscreenChart
{
public:
    OffscreenChart(const ChartSpec &spec, const ChartInput &input, QSize size)
        : m_chart(new LabChart(spec))
    {
        m_scene.addItem(m_chart);
        m_scene.setSceneRect(QRectF(QPointF(0, 0), size));
        m_chart->setGeometry(QRectF(QPointF(0, 0), size));
        m_chart->setDuration(input.duration);
        // Qt Charts lays out on posted events; the picture must show the final layout.
        QCoreApplication::sendPostedEvents();
        m_chart->setPlayheadVisible(input.now < input.duration);
        m_chart->updateData(*input.rows, input.now, input.faults);
        QCoreApplication::sendPostedEvents();
        m_chart->updateData(*input.rows, input.now, input.faults);
    }
    LabChart &chart() { return *m_chart; }
    QGraphicsScene &scene() { return m_scene; }

private:
    QGraphicsScene m_scene; // owns the chart
    LabChart *m_chart;
};

double logicalDpi()
{
    const QScreen *screen = QGuiApplication::primaryScreen();
    return screen ? screen->logicalDotsPerInchY() : 96.0;
}

QString writeBytes(const QString &path, const QByteArray &bytes)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !commitFully(f))
        return QStringLiteral("cannot write %1: %2")
            .arg(QDir::toNativeSeparators(path), f.errorString());
    return {};
}

} // namespace

bool canDrawCharts()
{
    return qobject_cast<QApplication *>(QCoreApplication::instance()) != nullptr;
}

ChartExporter::ChartExporter(QSize size)
    : m_size(size.isValid() ? size : ChartStyle::exportSize())
{}

QString ChartExporter::fileStem(const QString &title)
{
    QString out;
    for (const QChar c : title.toLower()) {
        if ((c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
            (c >= QLatin1Char('0') && c <= QLatin1Char('9')))
            out += c;
        else if (!out.isEmpty() && !out.endsWith(QLatin1Char('-')))
            out += QLatin1Char('-');
    }
    while (out.endsWith(QLatin1Char('-')))
        out.chop(1);
    return out.isEmpty() ? QStringLiteral("chart") : out.left(80);
}

QByteArray ChartExporter::csv(const LabChart &chart, const ChartInput &input)
{
    std::vector<int> columns;
    QByteArray out = "time_s";
    for (const QLineSeries *s : chart.shownSeries()) {
        const ChartSeriesSpec *spec = chart.seriesSpec(s);
        columns.push_back(spec->column);
        out += ',' + spec->name.toUtf8();
    }
    out += '\n';
    for (const std::vector<double> &row : *input.rows) {
        if (row.empty())
            continue;
        out += QByteArray::number(row[0], 'g', 12);
        for (int c : columns) {
            out += ',';
            const auto i = static_cast<std::size_t>(c);
            if (i < row.size() && !std::isnan(row[i]))
                out += QByteArray::number(row[i], 'g', 12);
        }
        out += '\n';
    }
    return out;
}

QString ChartExporter::exportChart(const ChartSpec &spec, const ChartInput &input,
                                   const QString &dir, QStringList *written) const
{
    if (!canDrawCharts())
        return QStringLiteral("charts need a QApplication");
    const QDir folder(dir);
    if (dir.isEmpty() || !folder.exists())
        return QStringLiteral("no such folder: %1").arg(QDir::toNativeSeparators(dir));
    // The stem has only [a-z0-9-]: the files land in the folder, whatever the title says.
    const QString base = folder.filePath(fileStem(spec.title));
    OffscreenChart offscreen(spec, input, m_size);
    if (QString why = writePictures(offscreen.scene(), base, spec.title, spec.description, written);
        !why.isEmpty())
        return why;
    const QString csvPath = base + QStringLiteral(".csv");
    if (QString why = writeBytes(csvPath, csv(offscreen.chart(), input)); !why.isEmpty())
        return why;
    if (written)
        *written << csvPath;
    return {};
}

QString ChartExporter::writePictures(QGraphicsScene &scene, const QString &base,
                                     const QString &title, const QString &description,
                                     QStringList *written) const
{
    const double dpi = logicalDpi();
    auto render = [&](QPainter &painter) {
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        scene.render(&painter, QRectF(QPointF(0, 0), m_size), QRectF(QPointF(0, 0), m_size));
    };
    QImage image(m_size, QImage::Format_ARGB32_Premultiplied);
    image.setDotsPerMeterX(static_cast<int>(std::lround(dpi / 0.0254)));
    image.setDotsPerMeterY(static_cast<int>(std::lround(dpi / 0.0254)));
    image.fill(ChartStyle::background());
    {
        QPainter painter(&image);
        render(painter);
    }
    const QString png = base + QStringLiteral(".png");
    {
        QSaveFile f(png);
        QImageWriter writer(&f, "png");
        if (!f.open(QIODevice::WriteOnly) || !writer.write(image) || !commitFully(f))
            return QStringLiteral("cannot write %1: %2")
                .arg(QDir::toNativeSeparators(png),
                     f.error() != QFileDevice::NoError ? f.errorString() : writer.errorString());
    }
    const QString svg = base + QStringLiteral(".svg");
    {
        QSaveFile f(svg);
        if (!f.open(QIODevice::WriteOnly))
            return QStringLiteral("cannot write %1: %2")
                .arg(QDir::toNativeSeparators(svg), f.errorString());
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QSvgGenerator generator;
        generator.setOutputDevice(&buffer);
        generator.setSize(m_size);
        generator.setViewBox(QRect(QPoint(0, 0), m_size));
        generator.setResolution(static_cast<int>(std::lround(dpi)));
        generator.setTitle(title);
        generator.setDescription(description);
        {
            QPainter painter(&generator);
            painter.fillRect(QRect(QPoint(0, 0), m_size), ChartStyle::background());
            render(painter);
        }
        const QByteArray bytes = withCssFontFamilies(buffer.data());
        if (f.write(bytes) != bytes.size() || !commitFully(f))
            return QStringLiteral("cannot write %1: %2")
                .arg(QDir::toNativeSeparators(svg), f.errorString());
    }
    if (written)
        *written << png << svg;
    return {};
}

QString ChartExporter::exportPictures(QChart *chart, const QString &dir, const QString &stem,
                                      QStringList *written) const
{
    QGraphicsScene scene; // owns the chart
    scene.addItem(chart);
    if (!canDrawCharts())
        return QStringLiteral("charts need a QApplication");
    const QDir folder(dir);
    if (dir.isEmpty() || !folder.exists())
        return QStringLiteral("no such folder: %1").arg(QDir::toNativeSeparators(dir));
    scene.setSceneRect(QRectF(QPointF(0, 0), m_size));
    chart->setGeometry(QRectF(QPointF(0, 0), m_size));
    // Qt Charts lays out on posted events; the picture must show the final layout.
    QCoreApplication::sendPostedEvents();
    QCoreApplication::sendPostedEvents();
    return writePictures(scene, folder.filePath(fileStem(stem)), chart->title(), QString(),
                         written);
}

QString ChartExporter::exportAll(const ChartInput &input, const QString &dir,
                                 QStringList *written) const
{
    for (const ChartSpec &spec : chartCatalog(*input.columns)) {
        if (!chartHasData(spec, *input.rows))
            continue;
        if (QString why = exportChart(spec, input, dir, written); !why.isEmpty())
            return why;
    }
    return {};
}

} // namespace dplab
