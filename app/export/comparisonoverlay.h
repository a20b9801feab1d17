#pragma once

#include "app/export/chartcatalog.h"
#include "app/export/faultbands.h"

#include <string>
#include <vector>

namespace dplab {

class Metrics;

/**
 * The metrics of two runs (variants A and B of one scenario) as one table, built as the runs
 * advance: the union of their sample times, A's columns after time_s (as "A:<column>"), then
 * B's ("B:<column>"); a run without a sample at a time has NaN there (the lines skip it). A row
 * is added only once both runs are past its time (or finished), so rows are never changed
 * after they were added and a chart can feed them incrementally.
 */
class MetricsMerger
{
public:
    /// Adds the rows both runs now agree on. `aDone` / `bDone`: that run will add no more rows.
    /// Columns are taken from the first call.
    void update(const Metrics &a, bool aDone, const Metrics &b, bool bDone);

    const std::vector<std::string> &columns() const { return m_columns; }
    const std::vector<std::vector<double>> &rows() const { return m_rows; }
    /// B's column c (c >= 1) is merged column offsetB() + c - 1.
    int offsetB() const { return m_offsetB; }

private:
    std::vector<std::string> m_columns;
    std::vector<std::vector<double>> m_rows;
    std::size_t m_columnsA = 0, m_columnsB = 0;
    std::size_t m_nextA = 0, m_nextB = 0;
    int m_offsetB = 0;
};

/// A's chart and B's chart of one kind as one, over MetricsMerger's columns: A's lines solid
/// (named "A:<column>"), B's dashed in the same colour ("B:<column>"). The latency chart keeps
/// the means only (its dashed p99 lines would read as B's). Either chart may be missing.
ChartSpec overlayChartSpec(const ChartSpec *a, const ChartSpec *b, int offsetB);

/// The ids of the charts either catalog offers, A's order first.
std::vector<QString> overlayChartIds(const std::vector<ChartSpec> &catalogA,
                                     const std::vector<ChartSpec> &catalogB);

/// The chart of `catalog` with this id, or nullptr.
const ChartSpec *findChartSpec(const std::vector<ChartSpec> &catalog, const QString &id);

/// A's fault bands plus those only B has (labelled "B: ..."): with the same fault schedule the
/// two mostly coincide.
std::vector<FaultBand> mergeFaultBands(std::vector<FaultBand> a, const std::vector<FaultBand> &b);

} // namespace dplab
