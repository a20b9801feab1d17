#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace dplab {

/**
 * Writes frames of one size into a video file with FFmpeg's libraries: an MP4 (H.264 by
 * libx264, yuv420p, so every browser plays it) or an animated GIF with one palette made for the
 * whole clip (libavfilter's palettegen over every frame, then paletteuse). Deterministic: the
 * same frames give the same bytes. The file appears at its path only when finish() succeeds.
 */
class VideoEncoder
{
public:
    enum class Format { Mp4, Gif };

    struct Options
    {
        Format format = Format::Mp4;
        std::string path;
        int width = 1280; ///< even, for yuv420p
        int height = 720;
        int fps = 25;
    };

    explicit VideoEncoder(Options options);
    ~VideoEncoder();
    VideoEncoder(const VideoEncoder &) = delete;
    VideoEncoder &operator=(const VideoEncoder &) = delete;

    /// Opens the encoder and the file; an empty string or why it cannot.
    std::string open();
    /// One frame of width x height pixels, 32 bits each in memory order B, G, R, A (Qt's
    /// QImage::Format_RGB32 or ARGB32 on a little-endian machine); `stride` bytes per line.
    std::string addFrame(const std::uint8_t *bgra, int stride);
    /// Flushes the encoder, writes the trailer and moves the file into place.
    std::string finish();
    /// The H.264 encoder in use ("libx264"), empty for a GIF or before open().
    const std::string &encoderName() const { return m_encoderName; }
    int frames() const { return m_frames; }

    /// "mp4" or "gif" from a file name's suffix (case-insensitive); false for anything else.
    static bool formatForPath(const std::string &path, Format *format);

private:
    struct Impl;
    Options m_options;
    std::unique_ptr<Impl> m_impl;
    std::string m_encoderName;
    int m_frames = 0;
};

} // namespace dplab
