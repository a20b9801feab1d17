#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace dplab {

class SweepChart;
class SweepTable;
struct SweepShard;
struct SweepSpec;

/// The chart of metric number `metric` of a finished study: its mean against the first varied
/// parameter, one line per combination of the others (the chart writeSweepFiles draws). The
/// caller owns it (or a QChartView does).
SweepChart *makeSweepChart(const SweepTable &table, std::size_t metric);

/// The point that line `line` of a study's chart shows at the first parameter's value number
/// `value`.
std::size_t sweepChartPoint(const SweepSpec &spec, std::size_t line, std::size_t value);

/// Writes the files of a whole study into dir: sweep.json, runs.csv, points.csv, report.md and,
/// with `charts`, each metric's chart as <metric>.png, .svg and .csv. Every file is a function
/// of the table alone (so a merge of shards writes the same bytes). The charts need a
/// QApplication (the CLI makes an offscreen one). Returns "" or why not; *written receives the
/// file names.
std::string writeSweepFiles(const SweepTable &table, const std::string &dir, bool charts,
                            std::vector<std::string> *written);

/// Writes a shard's files into dir: sweep.json (with "shard": "I/N") and runs.csv with its runs.
std::string writeSweepShardFiles(const SweepTable &table, const SweepShard &shard,
                                 const std::string &dir);

/// The run numbers of a study that a shard owns, in order.
std::vector<std::size_t> sweepShardRuns(std::size_t runCount, const SweepShard &shard);

} // namespace dplab
