#pragma once

#include "simulation/kernel/simtime.h"
#include "simulation/scenario/overrides.h"

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace dplab {

/// How `dplab-cli run --export video` records: --speed, --size, --fps, --no-caption.
struct AnimationOptions
{
    double speed = 0.1; ///< virtual seconds per second of video
    int fps = 25;
    int width = 1280;
    int height = 720;
    bool caption = true;
};

/// The scenario to record (as the run command loaded it) and the window of virtual time.
struct AnimationRequest
{
    std::string file;
    std::vector<ScenarioOverride> overrides;
    std::optional<std::uint64_t> seed;
    std::optional<SimTime> until;
    SimTime from = 0;
    SimTime to = kSimTimeMax; ///< past the run's end: up to the end
    AnimationOptions options;
};

/// Reads one of --speed X, --size WxH, --fps N (`value` null when it is missing) into
/// `options`; an empty string or why the value is wrong.
std::string parseAnimationOption(const std::string &option, const std::string *value,
                                 AnimationOptions *options);

/// Empty, or why `request` cannot be recorded from a run lasting `duration` (an empty window,
/// too many frames...).
std::string checkAnimation(const AnimationRequest &request, SimTime duration);

/// Records the canvas over the request's window offscreen (no display needed) into
/// `dir`/animation.mp4 (H.264) and `dir`/animation.gif, frame by frame in virtual time.
/// `progress`, when given, receives a bar of frames done. *encoder receives the H.264 encoder
/// used. Returns an empty string or why it failed.
std::string writeAnimationFiles(const AnimationRequest &request, const std::string &dir,
                                std::ostream *progress, std::string *encoder);

} // namespace dplab
