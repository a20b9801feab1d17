#pragma once

#include "patterns/sweep/samplestatistics.h"
#include "patterns/sweep/sweepspec.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace dplab {

/**
 * The measured metrics of a study's runs, and the files made from them: runs.csv (one row per
 * run), points.csv (statistics per point) and report.md. Everything written is a function of
 * the spec and the values alone, so the files are the same however the runs were shared out.
 */
class SweepTable
{
public:
    explicit SweepTable(SweepSpec spec);

    const SweepSpec &spec() const { return m_spec; }
    /// One value per metric of the spec; NaN where the run's summary had no such number.
    void setValues(std::size_t run, std::vector<double> values);
    bool has(std::size_t run) const { return !m_values.at(run).empty(); }
    const std::vector<double> &values(std::size_t run) const { return m_values.at(run); }
    bool complete() const;

    /// runs.csv with the rows of `runs` (which must all be set), in that order.
    void writeRunsCsv(std::ostream &out, const std::vector<std::size_t> &runs) const;
    /// Reads a runs.csv written by writeRunsCsv for `runs`; returns why it cannot, or "".
    std::string readRunsCsv(std::istream &in, const std::vector<std::size_t> &runs);

    /// Of metric number `metric` over the seeds of a point (all runs must be set).
    SampleStatistics statistics(std::size_t point, std::size_t metric) const;
    void writePointsCsv(std::ostream &out) const;
    /// report.md; the charts are <chartStem(metric)>.png beside it when `charts` is true.
    void writeReport(std::ostream &out, bool charts) const;
    /// The metrics that no run set has a value for (probably misspelt).
    std::vector<std::string> missingMetrics() const;

    /// File name (without extension) of a metric's chart: lower case letters, digits, dashes.
    static std::string chartStem(const std::string &metric);
    /// Shortest text that reads back as the same double (empty for NaN).
    static std::string exactNumber(double v);

private:
    std::string runsHeader() const;

    SweepSpec m_spec;
    std::vector<std::vector<double>> m_values; ///< per run; empty until set
};

} // namespace dplab
