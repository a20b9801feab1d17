#include "app/export/sweepfiles.h"

#include "app/cli/chartfiles.h"
#include "app/export/chartexporter.h"
#include "app/export/outputfiles.h"
#include "app/export/sweepchart.h"
#include "patterns/sweep/sweepshard.h"
#include "patterns/sweep/sweeptable.h"

#include <cmath>
#include <map>
#include <ostream>

namespace dplab {

namespace {

/// The chart of metric `m`: x is the first parameter, one line per combination of the others.
struct SweepChartData
{
    std::vector<double> xs; ///< per value of the first parameter
    std::vector<SweepChartLine> lines;
};

SweepChartData sweepChartData(const SweepTable &table, std::size_t m)
{
    const SweepSpec &spec = table.spec();
    const SweepParameter &first = spec.parameters.front();
    SweepChartData d;
    const bool numeric = first.numeric();
    for (std::size_t i = 0; i < first.values.size(); ++i)
        d.xs.push_back(numeric ? *first.axisValue(i) : static_cast<double>(i));
    std::map<std::size_t, std::size_t> lineOf; // the others' combination -> line
    const std::size_t others = spec.pointCount() / first.values.size();
    for (std::size_t p = 0; p < spec.pointCount(); ++p) {
        const std::size_t combination = p % others;
        auto [it, added] = lineOf.emplace(combination, d.lines.size());
        if (added) {
            SweepChartLine line;
            const std::vector<std::string> at = spec.pointOverrides(p);
            for (std::size_t k = 1; k < at.size(); ++k)
                line.label += QString::fromStdString((k > 1 ? ", " : "") + at[k]);
            d.lines.push_back(line);
        }
        SweepChartLine &line = d.lines[it->second];
        const SampleStatistics s = table.statistics(p, m);
        if (std::isnan(s.mean))
            continue;
        line.points.emplace_back(d.xs[spec.valueIndices(p)[0]], s.mean);
        line.low.push_back(s.ciLow);
        line.high.push_back(s.ciHigh);
    }
    return d;
}

void writeSweepChartCsv(std::ostream &o, const SweepTable &table, std::size_t m)
{
    const SweepSpec &spec = table.spec();
    const std::size_t others = spec.pointCount() / spec.parameters.front().values.size();
    const SweepChartData d = sweepChartData(table, m);
    o << spec.parameters.front().path;
    for (const SweepChartLine &line : d.lines) {
        const std::string label = line.label.isEmpty() ? "" : line.label.toStdString() + " ";
        for (const char *s : {"mean", "ci95_low", "ci95_high"}) {
            std::string name = label + s;
            if (name.find_first_of(",\"") != std::string::npos) {
                std::string quoted = "\"";
                for (char c : name)
                    quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
                name = quoted + "\"";
            }
            o << "," << name;
        }
    }
    o << "\n";
    for (std::size_t i = 0; i < d.xs.size(); ++i) {
        o << SweepTable::exactNumber(d.xs[i]);
        for (std::size_t c = 0; c < others; ++c) {
            const SampleStatistics s = table.statistics(i * others + c, m);
            for (double v : {s.mean, s.ciLow, s.ciHigh})
                o << "," << SweepTable::exactNumber(v);
        }
        o << "\n";
    }
}

std::string writeSweepCharts(const SweepTable &table, const std::string &dir,
                             std::vector<std::string> *written)
{
    if (!canDrawCharts())
        return "charts cannot be drawn in this process (no QApplication)";
    const SweepSpec &spec = table.spec();
    const ChartExporter exporter;
    for (std::size_t m = 0; m < spec.metrics.size(); ++m) {
        const std::string stem = SweepTable::chartStem(spec.metrics[m]);
        SweepChart *chart = makeSweepChart(table, m);
        QStringList files;
        if (QString why = exporter.exportPictures(chart, QString::fromStdString(dir),
                                                  QString::fromStdString(stem), &files);
            !why.isEmpty())
            return why.toStdString();
        for (const QString &f : files)
            written->push_back(f.toStdString());
        const std::string csv = dir + "/" + stem + ".csv";
        if (std::string why =
                writeFileAtomically(csv, [&](std::ostream &o) { writeSweepChartCsv(o, table, m); });
            !why.empty())
            return why;
        written->push_back(csv);
    }
    return {};
}

} // namespace

SweepChart *makeSweepChart(const SweepTable &table, std::size_t metric)
{
    const SweepSpec &spec = table.spec();
    const SweepParameter &first = spec.parameters.front();
    QString xTitle = QString::fromStdString(first.axisTitle());
    if (!first.numeric()) {
        std::string values;
        for (std::size_t i = 0; i < first.values.size(); ++i)
            values += (i ? ", " : "") + std::to_string(i) + " = " + first.values[i];
        xTitle += QString::fromStdString(" (" + values + ")");
    }
    const QString name = QString::fromStdString(spec.metrics.at(metric));
    // The unit a summary's name implies (latency_ms, a ratio).
    QString yTitle = name;
    if (name.contains(QLatin1String("_ms")))
        yTitle += QStringLiteral(" (ms)");
    else if (name.endsWith(QLatin1String("ratio")) || name.endsWith(QLatin1String("utilization")))
        yTitle += QStringLiteral(" (fraction)");
    const SweepChartData d = sweepChartData(table, metric);
    return new SweepChart(name + QStringLiteral(" against ") + QString::fromStdString(first.path),
                          xTitle, yTitle, d.lines);
}

std::size_t sweepChartPoint(const SweepSpec &spec, std::size_t line, std::size_t value)
{
    const std::size_t others = spec.pointCount() / spec.parameters.front().values.size();
    return value * others + line;
}

std::vector<std::size_t> sweepShardRuns(std::size_t runCount, const SweepShard &shard)
{
    std::vector<std::size_t> runs;
    for (std::size_t r = shard.index; r < runCount; r += shard.count)
        runs.push_back(r);
    return runs;
}

std::string writeSweepFiles(const SweepTable &table, const std::string &dir, bool charts,
                            std::vector<std::string> *written)
{
    if (std::string why = makeDirectories(dir); !why.empty())
        return why;
    const std::vector<std::size_t> all = sweepShardRuns(table.spec().runCount(), SweepShard{});
    std::string why = writeFileAtomically(
        dir + "/sweep.json", [&](std::ostream &o) { o << table.spec().toJson().dump(2) << "\n"; });
    if (why.empty())
        why = writeFileAtomically(dir + "/runs.csv",
                                  [&](std::ostream &o) { table.writeRunsCsv(o, all); });
    if (why.empty())
        why = writeFileAtomically(dir + "/points.csv",
                                  [&](std::ostream &o) { table.writePointsCsv(o); });
    if (why.empty())
        why = writeFileAtomically(dir + "/report.md",
                                  [&](std::ostream &o) { table.writeReport(o, charts); });
    if (why.empty())
        for (const char *f : {"sweep.json", "runs.csv", "points.csv", "report.md"})
            written->push_back(dir + "/" + f);
    if (why.empty() && charts)
        why = writeSweepCharts(table, dir, written);
    return why;
}

std::string writeSweepShardFiles(const SweepTable &table, const SweepShard &shard,
                                 const std::string &dir)
{
    if (std::string why = makeDirectories(dir); !why.empty())
        return why;
    nlohmann::ordered_json manifest = table.spec().toJson();
    manifest["shard"] = shard.text();
    std::string why = writeFileAtomically(dir + "/sweep.json",
                                          [&](std::ostream &o) { o << manifest.dump(2) << "\n"; });
    if (why.empty())
        why = writeFileAtomically(dir + "/runs.csv", [&](std::ostream &o) {
            table.writeRunsCsv(o, sweepShardRuns(table.spec().runCount(), shard));
        });
    return why;
}

} // namespace dplab
