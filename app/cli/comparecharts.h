#pragma once

#include <string>
#include <vector>

namespace dplab {

class Run;

/// Draws the charts of two finished runs overlaid (A solid, B dashed in the same colour; faults
/// of either run shaded) into `dir`, offscreen, one chart per kind that has data in either run:
/// <chart>-a-vs-b.png, .svg and .csv (the CSV's columns are prefixed "A:" and "B:"). Returns an
/// empty string or why it failed; *pngs receives the PNG files' names (without the folder).
std::string writeComparisonCharts(const Run &a, const Run &b, const std::string &dir,
                                  std::vector<std::string> *pngs);

} // namespace dplab
