#pragma once

#include <QString>

#include <string>
#include <vector>

namespace dplab {

/** One line of a chart: a metrics column and how it is drawn. */
struct ChartSeriesSpec
{
    int column = -1;      ///< index into Metrics::columns()
    QString name;         ///< the column's name, as in metrics.csv
    QString label;        ///< legend text
    int colorIndex = 0;   ///< into ChartStyle::seriesColor()
    bool dashed = false;  ///< a companion line (p99 beside the mean)
    bool inLegend = true; ///< companions share their main line's entry (the axis says how)
};

/** What one chart shows: which columns, with which title, axis label and unit. */
struct ChartSpec
{
    QString id;                ///< stable key ("lag", "latency"...): settings, file names
    QString title;             ///< "Consistency lag"
    QString yTitle;            ///< axis label with its unit: "lag (ms)"
    QString description;       ///< one sentence for a tooltip: what to look for
    double scale = 1.0;        ///< the column's values are multiplied by this (fractions -> %)
    int decimals = 0;          ///< y axis label decimals
    int maxSeries = 0;         ///< > 0: show only this many series, the largest by their maximum
    bool hideWhenFlat = false; ///< only offered once one of its values is not zero
    QString companionLegend;   ///< legend entry that explains the dashed companions
    std::vector<ChartSeriesSpec> series;
};

/// The charts that the columns of a run's metrics support, in the order they are offered.
/// Built from the columns' names (suffixes such as ".staleness_ms", prefixes such as "bus." and
/// "sagas."), so a series that a pattern adds later appears without a change here; a column no
/// rule claims goes to "Pattern counters". Charts without a column are left out.
std::vector<ChartSpec> chartCatalog(const std::vector<std::string> &columns);

/// True when the chart has something to show in rows [from, end): always, unless it is
/// hideWhenFlat and all its values there are 0.
bool chartHasData(const ChartSpec &spec, const std::vector<std::vector<double>> &rows,
                  std::size_t from = 0);

} // namespace dplab
