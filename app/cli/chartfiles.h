#pragma once

#include <memory>
#include <string>
#include <vector>

class QApplication;

namespace dplab {

class Run;

/**
 * Charts are drawn by Qt's graphics view, which needs a QApplication: the CLI makes one,
 * offscreen, only while it draws, so it runs without a display and without Qt otherwise. Keep
 * the object alive while drawing; why() is non-empty when charts cannot be drawn here.
 */
class OffscreenApp
{
public:
    OffscreenApp();
    ~OffscreenApp();
    const std::string &why() const { return m_why; }

private:
    int m_argc = 1; // QApplication keeps references to argc and argv
    char m_name[10] = "dplab-cli";
    char *m_argv[2] = {m_name, nullptr};
    std::unique_ptr<QApplication> m_app;
    std::string m_why;
};

/// Draws every chart of a finished run offscreen (no display needed: the CLI makes an
/// offscreen QApplication when none exists) into `dir` as PNG, SVG and CSV. Returns an empty
/// string or why it failed; *written receives the files' paths.
std::string writeChartFiles(const Run &run, const std::string &dir,
                            std::vector<std::string> *written);

} // namespace dplab
