#include "app/cli/animationfiles.h"

#include "app/cli/chartfiles.h"
#include "app/gui/animation/canvasrecorder.h"
#include "app/gui/simulationdocument.h"

#include <QFile>

#include <algorithm>
#include <charconv>
#include <iomanip>

namespace dplab {

namespace {

bool parsePositiveInt(const std::string &text, int *value)
{
    int v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v <= 0)
        return false;
    *value = v;
    return true;
}

AnimationSpec animationSpec(const AnimationRequest &request, SimTime duration)
{
    AnimationSpec spec;
    spec.from = request.from;
    spec.to = std::min(request.to, duration);
    spec.speed = request.options.speed;
    spec.fps = request.options.fps;
    spec.size = QSize(request.options.width, request.options.height);
    spec.caption = request.options.caption;
    return spec;
}

} // namespace

std::string parseAnimationOption(const std::string &option, const std::string *value,
                                 AnimationOptions *options)
{
    if (option == "--speed") {
        double speed = 0;
        const auto [end, ec] =
            value ? std::from_chars(value->data(), value->data() + value->size(), speed)
                  : std::from_chars_result{nullptr, std::errc::invalid_argument};
        if (!value || ec != std::errc() || end != value->data() + value->size() || !(speed > 0) ||
            speed > 1000)
            return "--speed needs virtual seconds per second of video, above 0 and at most 1000 "
                   "(0.05: a 0.2 s window lasts 4 s)";
        options->speed = speed;
    } else if (option == "--fps") {
        int fps = 0;
        if (!value || !parsePositiveInt(*value, &fps) || fps > 100)
            return "--fps needs frames per second from 1 to 100 (default 25)";
        options->fps = fps;
    } else if (option == "--size") {
        const auto x = value ? value->find('x') : std::string::npos;
        int w = 0, h = 0;
        if (x == std::string::npos || !parsePositiveInt(value->substr(0, x), &w) ||
            !parsePositiveInt(value->substr(x + 1), &h) || w % 2 || h % 2 || w < 16 || h < 16 ||
            w > 7680 || h > 4320)
            return "--size needs WIDTHxHEIGHT in even pixels from 16x16 to 7680x4320, such as "
                   "1280x720";
        options->width = w;
        options->height = h;
    }
    return {};
}

std::string checkAnimation(const AnimationRequest &request, SimTime duration)
{
    if (request.from >= duration)
        return "--window starts at " + formatDuration(request.from) + ", after the run's end (" +
               formatDuration(duration) + ")";
    if (std::string why = animationSpec(request, duration).check(); !why.empty())
        return "--export video: " + why;
    return {};
}

std::string writeAnimationFiles(const AnimationRequest &request, const std::string &dir,
                                std::ostream *progress, std::string *encoder)
{
    OffscreenApp app;
    if (!app.why().empty())
        return app.why();
    QFile file(QString::fromStdString(request.file));
    if (!file.open(QIODevice::ReadOnly))
        return request.file + ": " + file.errorString().toStdString();
    // The document the app would open, so the canvas is the app's: same layout, same world.
    SimulationDocument document;
    QString error;
    if (!document.loadText(file.readAll(), QString::fromStdString(request.file), &error,
                           request.overrides))
        return error.toStdString();
    Scenario scenario = document.scenario();
    const bool changed = (request.seed && *request.seed != scenario.seed) ||
                         (request.until && *request.until < scenario.duration);
    if (request.seed)
        scenario.seed = *request.seed;
    if (request.until)
        scenario.duration = std::min(scenario.duration, *request.until);
    if (changed && !document.setScenario(scenario, &error))
        return error.toStdString();

    const AnimationSpec spec = animationSpec(request, document.endTime());
    if (std::string why = spec.check(); !why.empty())
        return why;
    CanvasRecorder recorder(&document, spec);
    const std::vector<std::string> paths = {dir + "/animation.mp4", dir + "/animation.gif"};
    const std::string why = recorder.record(paths, [progress](int done, int total) {
        if (progress) {
            const int filled = done * 40 / total;
            *progress << "\r[" << std::string(std::size_t(filled), '#')
                      << std::string(std::size_t(40 - filled), '.') << "] " << std::setw(5) << done
                      << "/" << total << " frames   " << std::flush;
            if (done == total)
                *progress << "\r" << std::string(70, ' ') << "\r" << std::flush;
        }
        return true;
    });
    *encoder = recorder.encoderName();
    return why;
}

} // namespace dplab
