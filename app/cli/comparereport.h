#pragma once

#include "patterns/comparison.h"

#include <string>
#include <vector>

namespace dplab {

/** What a comparison report says besides its rows: the scenario and how A and B differ. */
struct ComparisonReportInfo
{
    std::string scenario;                ///< the scenario's name
    std::string file;                    ///< as given on the command line (shown normalised)
    std::string seedA, seedB;            ///< equal unless an override changed the seed
    std::vector<std::string> overridesA; ///< "PATH=VALUE" as given
    std::vector<std::string> overridesB;
    std::vector<std::string> charts; ///< PNG names beside the report
};

/// A scenario path as the report shows it: normalised ("a/./b/../c.json" -> "a/c.json"), and
/// relative to the current folder when it lies under it.
std::string displayedPath(const std::string &typed);

/// report.md: title, the changes that make A and B, a "what changed" list, the figures side by
/// side per section with the notable rows in bold, and the overlaid charts.
std::string comparisonMarkdown(const ComparisonReportInfo &info,
                               const std::vector<ComparisonRow> &rows);

} // namespace dplab
