#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dplab {

/**
 * The fingerprint of one scenario's run: 64-bit FNV-1a hashes (HashStream) of what
 * `dplab-cli run FILE` writes, one per output, so a change that reorders or alters events shows
 * which output moved. The trace and the metrics are hashed byte for byte; the summary without
 * "file" (the path it was given) and "wall_s" (the wall-clock time), which are not the run's.
 */
struct RunFingerprint
{
    std::string file;          ///< as given; the table's key
    std::uint64_t events = 0;  ///< lines of trace.jsonl
    std::uint64_t trace = 0;   ///< trace.jsonl
    std::uint64_t summary = 0; ///< summary.json without "file" and "wall_s"
    std::uint64_t metrics = 0; ///< metrics.csv

    bool operator==(const RunFingerprint &) const = default;
};

/// Runs `file` as `dplab-cli run FILE` does (file databases go into a temporary folder, removed
/// after) and fingerprints its outputs; nullopt and why when it cannot be loaded or run.
std::optional<RunFingerprint> fingerprintRun(const std::string &file, std::string *why);

/// The fingerprint table: a header that says how it was made, then one line per run (file,
/// events, trace, summary, metrics; hashes as 16 hex digits), columns aligned.
std::string formatFingerprintTable(const std::vector<RunFingerprint> &rows);

/// Reads a table formatFingerprintTable wrote (lines starting with # and blank lines are
/// skipped); nullopt and why, naming the line, when one is malformed.
std::optional<std::vector<RunFingerprint>> parseFingerprintTable(const std::string &text,
                                                                 std::string *why);

} // namespace dplab
