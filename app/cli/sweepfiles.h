#pragma once

#include <string>
#include <vector>

namespace dplab {

class SweepTable;
struct SweepShard;

/// Writes the files of a whole study into dir: sweep.json, runs.csv, points.csv, report.md and,
/// with `charts`, each metric's chart as <metric>.png, .svg and .csv. Every file is a function
/// of the table alone (so a merge of shards writes the same bytes). Returns "" or why not;
/// *written receives the file names.
std::string writeSweepFiles(const SweepTable &table, const std::string &dir, bool charts,
                            std::vector<std::string> *written);

/// Writes a shard's files into dir: sweep.json (with "shard": "I/N") and runs.csv with its runs.
std::string writeSweepShardFiles(const SweepTable &table, const SweepShard &shard,
                                 const std::string &dir);

/// The run numbers of a study that a shard owns, in order.
std::vector<std::size_t> sweepShardRuns(std::size_t runCount, const SweepShard &shard);

} // namespace dplab
