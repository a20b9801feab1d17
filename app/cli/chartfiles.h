#pragma once

#include <string>
#include <vector>

namespace dplab {

class Run;

/// Draws every chart of a finished run offscreen (no display needed: the CLI makes an
/// offscreen QApplication when none exists) into `dir` as PNG, SVG and CSV. Returns an empty
/// string or why it failed; *written receives the files' paths.
std::string writeChartFiles(const Run &run, const std::string &dir,
                            std::vector<std::string> *written);

} // namespace dplab
