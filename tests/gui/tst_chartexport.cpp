// The shared chart code: the catalog built from column names, min/max decimation, file names,
// and the exported PNG, SVG and CSV (in process and through dplab-cli with no display).
#include "app/export/chartcatalog.h"
#include "app/export/chartexporter.h"
#include "app/export/chartstyle.h"
#include "app/export/labchart.h"
#include "app/export/seriesdecimator.h"
#include "app/export/svgfonts.h"
#include "patterns/run.h"
#include "patterns/scenarioinput.h"
#include "simulation/scenario/scenarioloader.h"

#include <QGraphicsScene>
#include <QImage>
#include <QLineSeries>
#include <QPainter>
#include <QProcess>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace dplab;

namespace {

QString lesson(const char *name)
{
    return QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/%1.json").arg(QLatin1String(name));
}

std::unique_ptr<Run> runLesson(const char *name, SimTime until)
{
    ScenarioInput loader;
    LoadResult loaded = loader.loadFile(lesson(name).toStdString(), {});
    if (!loaded.ok())
        qFatal("cannot load %s", name);
    Scenario s = *loaded.scenario;
    s.duration = until;
    std::vector<LoadError> errors;
    RunOptions options;
    auto run = Run::create(s, options, &errors);
    if (!run)
        qFatal("cannot build %s", name);
    run->runToEnd();
    return run;
}

const ChartSpec *findChart(const std::vector<ChartSpec> &specs, const QString &id)
{
    for (const ChartSpec &s : specs)
        if (s.id == id)
            return &s;
    return nullptr;
}

QStringList columnNames(const ChartSpec &spec)
{
    QStringList out;
    for (const ChartSeriesSpec &s : spec.series)
        out << s.name;
    return out;
}

/// `over` painted with its alpha on top of `under`.
QColor blend(QColor under, QColor over)
{
    const double a = over.alphaF();
    return QColor::fromRgbF(float(under.redF() * (1 - a) + over.redF() * a),
                            float(under.greenF() * (1 - a) + over.greenF() * a),
                            float(under.blueF() * (1 - a) + over.blueF() * a));
}

bool near(QColor a, QColor b, int tolerance = 4)
{
    return std::abs(a.red() - b.red()) <= tolerance &&
           std::abs(a.green() - b.green()) <= tolerance &&
           std::abs(a.blue() - b.blue()) <= tolerance;
}

} // namespace

class TestChartExport : public QObject
{
    Q_OBJECT

private slots:
    void svgFontFamiliesAreCssLists()
    {
        const QByteArray in =
            "<g font-family=\"Sans Serif\" font-size=\"9\"><text font-family=\"Monospace\">a</text>"
            "<text font-family=\"DejaVu Sans\">b</text><text font-family=\"Serif\">c</text>"
            "<text font-family=\"Noto Sans, sans-serif\">d</text></g>";
        QCOMPARE(withCssFontFamilies(in),
                 QByteArray("<g font-family=\"DejaVu Sans, sans-serif\" font-size=\"9\">"
                            "<text font-family=\"DejaVu Sans Mono, monospace\">a</text>"
                            "<text font-family=\"DejaVu Sans, sans-serif\">b</text>"
                            "<text font-family=\"DejaVu Serif, serif\">c</text>"
                            "<text font-family=\"Noto Sans, sans-serif\">d</text></g>"));
        QCOMPARE(withCssFontFamilies("no fonts"), QByteArray("no fonts"));
        QCOMPARE(withCssFontFamilies("cut font-family=\"Sans"),
                 QByteArray("cut font-family=\"Sans"));
    }

    void decimationKeepsMinAndMaxPerColumn()
    {
        // 1000 samples over 10 s into 10 columns of 100 samples; a one-sample spike and dip.
        QList<QPointF> line;
        for (int i = 0; i < 1000; ++i) {
            double y = std::sin(i * 0.05) * 10;
            if (i == 537)
                y = 500;
            if (i == 212)
                y = -300;
            line.append(QPointF(i * 0.01, y));
        }
        const QList<QPointF> d = decimateMinMax(line, 0, 10, 10);
        // Two points per column; the last, still open column also ends at the newest sample.
        QCOMPARE(d.back(), line.back());
        QVERIFY(d.size() <= 21);
        for (int b = 0; b < 10; ++b) {
            double lo = 1e9, hi = -1e9;
            for (int i = b * 100; i < (b + 1) * 100; ++i) {
                lo = std::min(lo, line[i].y());
                hi = std::max(hi, line[i].y());
            }
            QList<double> ys;
            for (const QPointF &p : d)
                if (p.x() >= b && p.x() < b + 1 - 1e-9)
                    ys << p.y();
            QCOMPARE(ys.size(), b == 9 ? 3 : 2);
            QCOMPARE(*std::min_element(ys.begin(), ys.end()), lo);
            QCOMPARE(*std::max_element(ys.begin(), ys.end()), hi);
        }
        QVERIFY(d.contains(QPointF(5.37, 500)));
        QVERIFY(d.contains(QPointF(2.12, -300)));
        for (qsizetype i = 1; i < d.size(); ++i)
            QVERIFY(d[i - 1].x() <= d[i].x()); // in the order they occur
    }

    void decimationIsExactWhenColumnsOutnumberSamples()
    {
        const QList<QPointF> line = {{0.5, 1}, {1.5, 4}, {2.5, 2}, {3.5, 8}};
        QCOMPARE(decimateMinMax(line, 0, 4, 400), line);
        // A flat closed column is one point; the open column also keeps its newest sample.
        const QList<QPointF> flat = {{0.1, 3}, {0.2, 3}, {0.3, 3}, {0.6, 5}, {0.7, 5}};
        QCOMPARE(decimateMinMax(flat, 0, 1, 2), QList<QPointF>({{0.1, 3}, {0.6, 5}, {0.7, 5}}));
    }

    void decimationFedInPiecesEqualsAllAtOnce()
    {
        QList<QPointF> line;
        for (int i = 0; i < 5000; ++i)
            line.append(QPointF(i * 0.002, std::fmod(i * 7.3, 11.0) - (i % 97 == 0 ? 40 : 0)));
        SeriesDecimator d;
        d.reset(0, 10, 333);
        QList<QPointF> seen;
        for (int i = 0; i < line.size(); ++i) {
            d.add(line[i].x(), line[i].y());
            if (i % 17 == 0)
                seen = d.points(); // what a frame would draw
        }
        QCOMPARE(d.points(), decimateMinMax(line, 0, 10, 333));
        QCOMPARE(d.samples(), 5000);
        QCOMPARE(d.minY(), -40.0 + std::fmod(0.0, 11.0));
        d.add(10, std::nan(""));
        QCOMPARE(d.samples(), 5000); // NaN is a gap, not a value
    }

    void anEmptyIntervalBreaksTheLine()
    {
        // Latency 5 ms, then three intervals without a completion (NaN: empty cells), then 7 ms.
        SeriesDecimator d;
        d.reset(0, 10, 1000);
        for (int i = 0; i <= 10; ++i)
            d.add(i, i >= 4 && i <= 6 ? std::nan("") : i < 4 ? 5.0 : 7.0);
        QCOMPARE(d.samples(), 8);
        QCOMPARE(d.breaks(), QList<qsizetype>({4})); // the run after the gap starts at (7, 7)
        QCOMPARE(d.closedPoints().mid(3, 2), QList<QPointF>({{3, 5}, {7, 7}}));
        // A gap within one pixel column would not show: no break.
        d.reset(0, 10, 2);
        for (double x : {1.0, 2.0, 3.0, 6.0})
            d.add(x, x == 2.0 ? std::nan("") : x);
        QVERIFY(d.breaks().isEmpty());
        QCOMPARE(d.samples(), 3);

        // The chart draws each run as its own series: no line crosses 3 s..7 s.
        ChartSpec spec;
        spec.id = "latency";
        spec.title = "Latency";
        spec.yTitle = "ms";
        ChartSeriesSpec line;
        line.column = 1;
        line.name = "op.latency_mean_ms";
        line.label = "op";
        spec.series.push_back(line);
        LabChart chart(spec);
        chart.setDuration(10 * kSecond);
        chart.setResolution(1000);
        std::vector<std::vector<double>> rows;
        for (int i = 0; i <= 10; ++i)
            rows.push_back({double(i), i >= 4 && i <= 6 ? std::nan("") : i < 4 ? 5.0 : 7.0});
        chart.updateData(rows, 10 * kSecond, {});
        const QList<QLineSeries *> shown = chart.shownSeries();
        QCOMPARE(shown.size(), 1);
        QCOMPARE(chart.series().size(), 3); // the run before the gap, the settled series, its tail
        QList<QPointF> before, after;
        for (QAbstractSeries *s : chart.series()) {
            const QList<QPointF> points = static_cast<QLineSeries *>(s)->points();
            if (!points.isEmpty() && points.back().x() <= 3)
                before = points;
        }
        QCOMPARE(before, QList<QPointF>({{0, 5}, {1, 5}, {2, 5}, {3, 5}}));
        QCOMPARE(chart.linePoints(shown[0]),
                 QList<QPointF>({{0, 5}, {1, 5}, {2, 5}, {3, 5}, {7, 7}, {8, 7}, {9, 7}, {10, 7}}));
        // Pixels: the line's colour at 2 s and at 8.5 s, not at 5 s (the middle of the gap).
        QGraphicsScene scene;
        scene.addItem(&chart);
        chart.resize(640, 360);
        chart.updateData(rows, 10 * kSecond, {});
        QImage image(640, 360, QImage::Format_ARGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        scene.render(&painter, QRectF(0, 0, 640, 360), QRectF(0, 0, 640, 360));
        painter.end();
        scene.removeItem(&chart);
        const QColor ink = ChartStyle::seriesColor(0);
        const auto inkNear = [&](double x, double y) {
            const QPointF p = chart.mapToPosition(QPointF(x, y), shown[0]);
            for (int dy = -3; dy <= 3; ++dy) {
                const QColor c = image.pixelColor(int(p.x()), int(p.y()) + dy);
                if (std::abs(c.red() - ink.red()) + std::abs(c.green() - ink.green()) +
                        std::abs(c.blue() - ink.blue()) <
                    60)
                    return true;
            }
            return false;
        };
        QVERIFY(inkNear(2, 5));
        QVERIFY(inkNear(8.5, 7));
        for (double x : {4.0, 5.0, 6.0})
            for (double y : {5.0, 6.0, 7.0})
                QVERIFY2(!inkNear(x, y), qPrintable(QStringLiteral("%1 %2").arg(x).arg(y)));
    }

    void catalogFromColumnNames()
    {
        const std::vector<std::string> columns = {"time_s",
                                                  "place_order.throughput_per_s",
                                                  "place_order.latency_mean_ms",
                                                  "place_order.latency_p99_ms",
                                                  "place_order.failed",
                                                  "bus.published",
                                                  "bus.in_flight",
                                                  "order-view.staleness_ms",
                                                  "order-view.consumer_lag",
                                                  "orders.replica_staleness_ms",
                                                  "orders.queue",
                                                  "orders.utilization",
                                                  "orders.up",
                                                  "sagas.completed",
                                                  "sagas.compensated",
                                                  "brand_new.widgets"};
        const std::vector<ChartSpec> specs = chartCatalog(columns);
        QStringList ids;
        for (const ChartSpec &s : specs)
            ids << s.id;
        QCOMPARE(ids, (QStringList{"lag", "latency", "throughput", "failed", "backlog", "bus",
                                   "bus-in-flight", "queue", "utilization", "sagas",
                                   "pattern-counters"}));
        QCOMPARE(columnNames(*findChart(specs, "lag")),
                 (QStringList{"order-view.staleness_ms", "orders.replica_staleness_ms"}));
        const ChartSpec &latency = *findChart(specs, "latency");
        QCOMPARE(latency.series.size(), 2u);
        QVERIFY(!latency.series[0].dashed && latency.series[1].dashed);
        QVERIFY(latency.series[0].inLegend && !latency.series[1].inLegend);
        QCOMPARE(latency.series[0].label, QStringLiteral("place_order"));
        QCOMPARE(latency.series[0].colorIndex, latency.series[1].colorIndex);
        QCOMPARE(findChart(specs, "throughput")->series[0].colorIndex,
                 latency.series[0].colorIndex);
        QCOMPARE(columnNames(*findChart(specs, "sagas")),
                 (QStringList{"sagas.completed", "sagas.compensated"}));
        QCOMPARE(columnNames(*findChart(specs, "pattern-counters")),
                 QStringList{"brand_new.widgets"});
        QCOMPARE(findChart(specs, "utilization")->scale, 100.0);
        for (const ChartSpec &s : specs)
            QVERIFY2(!columnNames(s).contains("orders.up"), qPrintable(s.id));
        // Only charts with a column: a run without a bus or sagas has no such charts.
        const std::vector<ChartSpec> few = chartCatalog({"time_s", "a.throughput_per_s"});
        QCOMPARE(few.size(), 1u);
        QCOMPARE(few[0].id, QStringLiteral("throughput"));
    }

    void hideWhenFlatNeedsAValue()
    {
        const std::vector<ChartSpec> specs =
            chartCatalog({"time_s", "bus.dropped", "x.staleness_ms"});
        const std::vector<std::vector<double>> zeros = {{0.25, 0, 0}, {0.5, 0, 0}};
        QVERIFY(!chartHasData(*findChart(specs, "bus"), zeros));
        QVERIFY(chartHasData(*findChart(specs, "lag"), zeros)); // "up to date" is data
        QVERIFY(chartHasData(*findChart(specs, "bus"), {{0.25, 0, 0}, {0.5, 3, 0}}));
        QVERIFY(!chartHasData(*findChart(specs, "bus"), {{0.25, 2, 0}, {0.5, 0, 0}}, 1));
    }

    void fileStemsStayInTheFolder()
    {
        QCOMPARE(ChartExporter::fileStem("Consistency lag"), QStringLiteral("consistency-lag"));
        QCOMPARE(ChartExporter::fileStem("../../etc/passwd"), QStringLiteral("etc-passwd"));
        QCOMPARE(ChartExporter::fileStem("C:\\Windows\\x y"), QStringLiteral("c-windows-x-y"));
        QCOMPARE(ChartExporter::fileStem("..."), QStringLiteral("chart"));
        QCOMPARE(ChartExporter::fileStem(QString()), QStringLiteral("chart"));
        QCOMPARE(ChartExporter::fileStem(QStringLiteral("Latenz ü p99")),
                 QStringLiteral("latenz-p99"));
    }

    void exportsPngSvgAndCsv()
    {
        // cqrs-lag to 32 s: the bus latency fault (20 s for 10 s) is over, the crash not yet.
        auto run = runLesson("cqrs-lag", 32 * kSecond);
        FaultBandTracker tracker;
        ChartInput input;
        input.columns = &run->metrics().columns();
        input.rows = &run->metrics().rows();
        input.duration = run->world().scenario().duration;
        input.now = run->world().now();
        input.faults = tracker.bands(run->world().faults(), &run->trace()->events(), input.now);
        QCOMPARE(input.faults.size(), 1u);
        QCOMPARE(input.faults[0].startS, 20.0);
        QCOMPARE(input.faults[0].endS, 30.0);
        // Without a trace, a rebuild (a moment) still ends where it starts.
        {
            auto whole = runLesson("cqrs-lag", 60 * kSecond);
            FaultBandTracker noTrace;
            const std::vector<FaultBand> bands =
                noTrace.bands(whole->world().faults(), nullptr, whole->world().now());
            QCOMPARE(bands.size(), 3u);
            QCOMPARE(bands[1].startS, 35.0);
            QCOMPARE(bands[1].endS, 38.0);
            QCOMPARE(bands[2].kind, FaultSpec::Kind::Rebuild);
            QCOMPARE(bands[2].startS, 45.0);
            QCOMPARE(bands[2].endS, 45.0);
        }

        const std::vector<ChartSpec> specs = chartCatalog(*input.columns);
        const ChartSpec &lag = *findChart(specs, "lag");
        QTemporaryDir dir;
        QStringList written;
        QCOMPARE(ChartExporter().exportChart(lag, input, dir.path(), &written), QString());
        QCOMPARE(written, (QStringList{dir.filePath("consistency-lag.png"),
                                       dir.filePath("consistency-lag.svg"),
                                       dir.filePath("consistency-lag.csv")}));

        // The same chart laid out the same way tells where the plot and the band are.
        QGraphicsScene scene;
        auto *chart = new LabChart(lag);
        scene.addItem(chart);
        chart->setGeometry(QRectF(QPointF(0, 0), ChartStyle::exportSize()));
        chart->setDuration(input.duration);
        QCoreApplication::sendPostedEvents();
        chart->updateData(*input.rows, input.now, input.faults);
        const QRectF plot = chart->plotArea();

        const QImage png(dir.filePath("consistency-lag.png"));
        QCOMPARE(png.size(), ChartStyle::exportSize());
        // Lines were drawn: pixels in the plot area in a line colour.
        const QColor lineColor = ChartStyle::seriesColor(lag.series[0].colorIndex);
        int linePixels = 0;
        for (int y = int(plot.top()); y < int(plot.bottom()); ++y)
            for (int x = int(plot.left()); x < int(plot.right()); x += 2)
                linePixels += near(png.pixelColor(x, y), lineColor, 30);
        QVERIFY2(linePixels > 100, qPrintable(QString::number(linePixels)));
        // The band: inside the fault's interval the plot background is tinted, outside not.
        // Most of 20 pixels down a column show the background (a line or a grid line may cross).
        const QColor expected =
            blend(ChartStyle::plotBackground(), ChartStyle::faultFill(FaultSpec::Kind::Latency));
        auto matches = [&](double seconds, QColor colour) {
            int n = 0;
            for (int i = 0; i < 20; ++i)
                n += near(png.pixelColor(int(chart->xPosition(seconds)),
                                         int(plot.top() + plot.height() * (i + 0.5) / 20)),
                          colour);
            return n;
        };
        for (double t : {5.5, 19.7, 30.3, 31.7})
            QVERIFY2(matches(t, ChartStyle::plotBackground()) >= 15,
                     qPrintable(QString::number(t)));
        for (double t : {20.3, 25.5, 29.7})
            QVERIFY2(matches(t, expected) >= 15, qPrintable(QString::number(t)));
        QCOMPARE(matches(25.5, ChartStyle::plotBackground()), 0);
        // The run is over (its duration was cut to 32 s): no playhead in the picture.
        QCOMPARE(input.now, input.duration);
        QVERIFY(!chart->playheadItem()->isVisible());

        QSvgRenderer svg(dir.filePath("consistency-lag.svg"));
        QVERIFY(svg.isValid());
        QFile svgFile(dir.filePath("consistency-lag.svg"));
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        const QByteArray svgText = svgFile.readAll();
        QVERIFY(svgText.contains("Consistency lag"));
        QVERIFY(svgText.contains("time (s)"));
        QVERIFY(svgText.contains("order-view staleness")); // the legend
        QVERIFY(svgText.contains("latency on bus"));       // the band's label
        // Browsers know CSS generic families, not Qt's alias "Sans Serif".
        QVERIFY(svgText.contains("font-family=\"DejaVu Sans, sans-serif\""));
        QVERIFY(!svgText.contains("font-family=\"Sans Serif\""));
        QCOMPARE(svgText.count("font-family=\""), svgText.count(", sans-serif\"") +
                                                      svgText.count(", monospace\"") +
                                                      svgText.count(", serif\""));

        QFile csv(dir.filePath("consistency-lag.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().split('\n');
        QCOMPARE(lines[0], QByteArray("time_s,order-view.staleness_ms,order-view.lag_ms"));
        QCOMPARE(lines.size(), qsizetype(input.rows->size()) + 2); // header, rows, final newline
        const auto &cols = *input.columns;
        const auto column =
            std::find(cols.begin(), cols.end(), "order-view.staleness_ms") - cols.begin();
        for (std::size_t r = 0; r < input.rows->size(); ++r) {
            const QList<QByteArray> cells = lines[qsizetype(r) + 1].split(',');
            QCOMPARE(cells[0].toDouble(), (*input.rows)[r][0]);
            QCOMPARE(cells[1].toDouble(), (*input.rows)[r][std::size_t(column)]);
        }
    }

    void cliExportsWithoutADisplay()
    {
        QTemporaryDir dir;
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *v : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QString::fromLatin1(v));
        cli.setProcessEnvironment(env);
        cli.start(QStringLiteral(DPLAB_CLI), {"run", lesson("replication"), "--no-trace", "--out",
                                              dir.path(), "--export", "charts"});
        QVERIFY(cli.waitForFinished(120000));
        QCOMPARE(cli.exitCode(), 0);
        const QString out = QString::fromUtf8(cli.readAllStandardOutput());
        QVERIFY2(out.contains("charts (png, svg, csv): consistency-lag"), qPrintable(out));
        for (const char *stem : {"consistency-lag", "latency-per-operation",
                                 "throughput-per-operation", "message-bus-totals"}) {
            for (const char *ext : {"png", "svg", "csv"}) {
                const QString f = dir.filePath(
                    QStringLiteral("%1.%2").arg(QLatin1String(stem), QLatin1String(ext)));
                QVERIFY2(QFileInfo(f).size() > 100, qPrintable(f));
            }
        }
        QCOMPARE(QImage(dir.filePath("consistency-lag.png")).size(), ChartStyle::exportSize());
        // 30 s of 0.25 s samples: header + 120 rows.
        QFile csv(dir.filePath("consistency-lag.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(csv.readAll().count('\n'), 121);
        // The drop fault's band is labelled in the SVG.
        QFile svg(dir.filePath("consistency-lag.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        QVERIFY(svg.readAll().contains("drop on bus"));

        QProcess bad;
        bad.setProcessEnvironment(env);
        bad.start(QStringLiteral(DPLAB_CLI),
                  {"run", lesson("replication"), "--export", "pictures"});
        QVERIFY(bad.waitForFinished(30000));
        QCOMPARE(bad.exitCode(), 2);
        QVERIFY(
            QString::fromUtf8(bad.readAllStandardError()).contains("unknown export \"pictures\""));
    }
};

QTEST_MAIN(TestChartExport)
#include "tst_chartexport.moc"
