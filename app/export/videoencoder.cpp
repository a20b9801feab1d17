#include "app/export/videoencoder.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

#include <QByteArray>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <vector>

namespace dplab {

// Owners of FFmpeg's objects (named, not anonymous: VideoEncoder::Impl holds them).
namespace av {

struct FormatContextCloser
{
    void operator()(AVFormatContext *c) const
    {
        if (c && c->pb && !(c->oformat->flags & AVFMT_NOFILE))
            avio_closep(&c->pb);
        avformat_free_context(c);
    }
};
struct CodecContextFreer
{
    void operator()(AVCodecContext *c) const { avcodec_free_context(&c); }
};
struct FrameFreer
{
    void operator()(AVFrame *f) const { av_frame_free(&f); }
};
struct PacketFreer
{
    void operator()(AVPacket *p) const { av_packet_free(&p); }
};
struct SwsFreer
{
    void operator()(SwsContext *s) const { sws_freeContext(s); }
};
struct GraphFreer
{
    void operator()(AVFilterGraph *g) const { avfilter_graph_free(&g); }
};

using FramePtr = std::unique_ptr<AVFrame, FrameFreer>;
using GraphPtr = std::unique_ptr<AVFilterGraph, GraphFreer>;

} // namespace av

using av::FramePtr;
using av::GraphPtr;

namespace {

std::string avError(int code)
{
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return text;
}

/// A filter of `graph` named `name`, made from `filter` with `args`; null and *why on failure.
AVFilterContext *addFilter(AVFilterGraph *graph, const char *filter, const char *name,
                           const std::string &args, std::string *why)
{
    AVFilterContext *c = nullptr;
    const int r =
        avfilter_graph_create_filter(&c, avfilter_get_by_name(filter), name,
                                     args.empty() ? nullptr : args.c_str(), nullptr, graph);
    if (r < 0) {
        *why = std::string("cannot make FFmpeg's ") + filter + " filter: " + avError(r);
        return nullptr;
    }
    return c;
}

std::string bufferArgs(int width, int height, int fps)
{
    return "video_size=" + std::to_string(width) + "x" + std::to_string(height) +
           ":pix_fmt=" + std::to_string(int(AV_PIX_FMT_BGRA)) + ":time_base=1/" +
           std::to_string(fps) + ":pixel_aspect=1/1";
}

} // namespace

struct VideoEncoder::Impl
{
    std::string partPath; ///< written here, renamed to the path by finish()
    std::unique_ptr<AVFormatContext, av::FormatContextCloser> format;
    std::unique_ptr<AVCodecContext, av::CodecContextFreer> codec;
    AVStream *stream = nullptr;
    std::unique_ptr<AVPacket, av::PacketFreer> packet;
    std::unique_ptr<SwsContext, av::SwsFreer> toYuv;
    FramePtr yuv;
    bool headerWritten = false;
    // GIF: palettegen sees every frame first; the frames wait, compressed, for the palette.
    GraphPtr paletteGraph;
    AVFilterContext *paletteIn = nullptr;
    AVFilterContext *paletteOut = nullptr;
    std::vector<QByteArray> held;

    std::string writePackets(bool flushing)
    {
        for (;;) {
            const int r = avcodec_receive_packet(codec.get(), packet.get());
            if (r == AVERROR(EAGAIN) || (flushing && r == AVERROR_EOF))
                return {};
            if (r < 0)
                return "encoding failed: " + avError(r);
            if (packet->duration == 0)
                packet->duration = 1; // one frame, in the codec's time base
            av_packet_rescale_ts(packet.get(), codec->time_base, stream->time_base);
            packet->stream_index = stream->index;
            const int w = av_interleaved_write_frame(format.get(), packet.get());
            if (w < 0)
                return "cannot write the video: " + avError(w);
        }
    }

    std::string encode(AVFrame *frame)
    {
        const int r = avcodec_send_frame(codec.get(), frame);
        if (r < 0)
            return "encoding failed: " + avError(r);
        return writePackets(frame == nullptr);
    }
};

VideoEncoder::VideoEncoder(Options options)
    : m_options(std::move(options))
{}

VideoEncoder::~VideoEncoder()
{
    // Not finished (an error, a cancel): no half-written file is left behind.
    if (m_impl && !m_impl->partPath.empty()) {
        m_impl->format.reset();
        std::error_code ignored;
        std::filesystem::remove(m_impl->partPath, ignored);
    }
}

bool VideoEncoder::formatForPath(const std::string &path, Format *format)
{
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    if (ext == ".mp4")
        *format = Format::Mp4;
    else if (ext == ".gif")
        *format = Format::Gif;
    else
        return false;
    return true;
}

std::string VideoEncoder::open()
{
    const Options &o = m_options;
    if (o.width < 16 || o.height < 16 || o.width > 7680 || o.height > 4320 || o.width % 2 ||
        o.height % 2)
        return "the video size must be even, from 16x16 to 7680x4320 (got " +
               std::to_string(o.width) + "x" + std::to_string(o.height) + ")";
    if (o.fps < 1 || o.fps > 100)
        return "the frame rate must be from 1 to 100 frames per second";
    // FFmpeg's libraries report to stderr by default (x264 prints its statistics): errors reach
    // the caller as return values, so only FFmpeg's own errors may print.
    av_log_set_level(AV_LOG_ERROR);
    m_impl = std::make_unique<Impl>();
    Impl &d = *m_impl;
    const bool gif = o.format == Format::Gif;

    AVFormatContext *fc = nullptr;
    d.partPath = o.path + ".part";
    int r = avformat_alloc_output_context2(&fc, nullptr, gif ? "gif" : "mp4", d.partPath.c_str());
    if (r < 0 || !fc)
        return std::string("FFmpeg has no ") + (gif ? "GIF" : "MP4") + " muxer: " + avError(r);
    d.format.reset(fc);
    fc->flags |= AVFMT_FLAG_BITEXACT; // no library version in the file: the same bytes anywhere

    const AVCodec *encoder = nullptr;
    if (gif) {
        encoder = avcodec_find_encoder(AV_CODEC_ID_GIF);
    } else {
        // libx264 is Debian's; another H.264 encoder will do if this FFmpeg lacks it.
        for (const char *name : {"libx264", "libopenh264"})
            if (!encoder)
                encoder = avcodec_find_encoder_by_name(name);
        if (!encoder)
            encoder = avcodec_find_encoder(AV_CODEC_ID_H264);
    }
    if (!encoder)
        return gif ? std::string("this FFmpeg has no GIF encoder")
                   : std::string("this FFmpeg has no H.264 encoder (Debian's libavcodec59 "
                                 "brings libx264); export a GIF instead");
    if (!gif)
        m_encoderName = encoder->name;

    d.codec.reset(avcodec_alloc_context3(encoder));
    AVCodecContext *c = d.codec.get();
    c->width = o.width;
    c->height = o.height;
    c->time_base = AVRational{1, o.fps};
    c->framerate = AVRational{o.fps, 1};
    c->sample_aspect_ratio = AVRational{1, 1};
    c->pix_fmt = gif ? AV_PIX_FMT_PAL8 : AV_PIX_FMT_YUV420P;
    c->flags |= AV_CODEC_FLAG_BITEXACT;
    // One thread: the same bytes on any machine, whatever its cores (the clips are short).
    c->thread_count = 1;
    AVDictionary *codecOptions = nullptr;
    if (!gif) {
        c->gop_size = 2 * o.fps;
        c->color_range = AVCOL_RANGE_MPEG;
        c->colorspace = AVCOL_SPC_BT709;
        c->color_primaries = AVCOL_PRI_BT709;
        c->color_trc = AVCOL_TRC_BT709;
        if (m_encoderName == "libx264") {
            av_dict_set(&codecOptions, "preset", "medium", 0);
            av_dict_set(&codecOptions, "crf", "20", 0);
            av_dict_set(&codecOptions, "profile", "high", 0);
            av_dict_set(&codecOptions, "tune", "animation", 0);
        }
    }
    if (fc->oformat->flags & AVFMT_GLOBALHEADER)
        c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    r = avcodec_open2(c, encoder, &codecOptions);
    av_dict_free(&codecOptions);
    if (r < 0)
        return std::string("cannot open the ") + encoder->name + " encoder: " + avError(r);

    d.stream = avformat_new_stream(fc, nullptr);
    if (!d.stream)
        return "cannot add a video stream";
    d.stream->time_base = c->time_base;
    d.stream->avg_frame_rate = c->framerate;
    r = avcodec_parameters_from_context(d.stream->codecpar, c);
    if (r < 0)
        return "cannot describe the video stream: " + avError(r);
    d.packet.reset(av_packet_alloc());
    if (!d.packet)
        return "out of memory";

    if (!gif) {
        d.toYuv.reset(sws_getContext(
            o.width, o.height, AV_PIX_FMT_BGRA, o.width, o.height, AV_PIX_FMT_YUV420P,
            SWS_BICUBIC | SWS_ACCURATE_RND | SWS_BITEXACT, nullptr, nullptr, nullptr));
        if (!d.toYuv)
            return "cannot convert frames to yuv420p";
        // BT.709 coefficients in limited range, as the stream says.
        const int *coefficients = sws_getCoefficients(SWS_CS_ITU709);
        sws_setColorspaceDetails(d.toYuv.get(), coefficients, 1, coefficients, 0, 0, 1 << 16,
                                 1 << 16);
        d.yuv.reset(av_frame_alloc());
        d.yuv->format = AV_PIX_FMT_YUV420P;
        d.yuv->width = o.width;
        d.yuv->height = o.height;
        if ((r = av_frame_get_buffer(d.yuv.get(), 0)) < 0)
            return "out of memory: " + avError(r);
    } else {
        std::string why;
        d.paletteGraph.reset(avfilter_graph_alloc());
        d.paletteGraph->nb_threads = 1;
        d.paletteIn = addFilter(d.paletteGraph.get(), "buffer", "in",
                                bufferArgs(o.width, o.height, o.fps), &why);
        AVFilterContext *gen = d.paletteIn ? addFilter(d.paletteGraph.get(), "palettegen", "gen",
                                                       "reserve_transparent=0", &why)
                                           : nullptr;
        d.paletteOut =
            gen ? addFilter(d.paletteGraph.get(), "buffersink", "out", "", &why) : nullptr;
        if (!d.paletteOut)
            return why;
        if ((r = avfilter_link(d.paletteIn, 0, gen, 0)) < 0 ||
            (r = avfilter_link(gen, 0, d.paletteOut, 0)) < 0 ||
            (r = avfilter_graph_config(d.paletteGraph.get(), nullptr)) < 0)
            return "cannot set up palettegen: " + avError(r);
    }

    if (!(fc->oformat->flags & AVFMT_NOFILE)) {
        r = avio_open(&fc->pb, d.partPath.c_str(), AVIO_FLAG_WRITE);
        if (r < 0)
            return d.partPath + ": " + avError(r);
    }
    AVDictionary *muxOptions = nullptr;
    if (gif)
        av_dict_set(&muxOptions, "loop", "0", 0); // forever, as slides expect
    else
        av_dict_set(&muxOptions, "movflags", "+faststart", 0); // plays while it downloads
    r = avformat_write_header(fc, &muxOptions);
    av_dict_free(&muxOptions);
    if (r < 0)
        return "cannot write the video header: " + avError(r);
    d.headerWritten = true;
    return {};
}

std::string VideoEncoder::addFrame(const std::uint8_t *bgra, int stride)
{
    if (!m_impl || !m_impl->headerWritten)
        return "the encoder is not open";
    Impl &d = *m_impl;
    const Options &o = m_options;
    if (o.format == Format::Mp4) {
        int r = av_frame_make_writable(d.yuv.get());
        if (r < 0)
            return "out of memory: " + avError(r);
        const std::uint8_t *src[1] = {bgra};
        const int srcStride[1] = {stride};
        sws_scale(d.toYuv.get(), src, srcStride, 0, o.height, d.yuv->data, d.yuv->linesize);
        d.yuv->pts = m_frames;
        if (std::string why = d.encode(d.yuv.get()); !why.empty())
            return why;
        ++m_frames;
        return {};
    }
    FramePtr frame(av_frame_alloc());
    frame->format = AV_PIX_FMT_BGRA;
    frame->width = o.width;
    frame->height = o.height;
    int r = av_frame_get_buffer(frame.get(), 0);
    if (r < 0)
        return "out of memory: " + avError(r);
    QByteArray packed(o.width * o.height * 4, Qt::Uninitialized);
    for (int y = 0; y < o.height; ++y) {
        std::memcpy(frame->data[0] + std::ptrdiff_t(y) * frame->linesize[0],
                    bgra + std::ptrdiff_t(y) * stride, std::size_t(o.width) * 4);
        std::memcpy(packed.data() + std::ptrdiff_t(y) * o.width * 4,
                    bgra + std::ptrdiff_t(y) * stride, std::size_t(o.width) * 4);
    }
    frame->pts = m_frames;
    r = av_buffersrc_add_frame_flags(d.paletteIn, frame.get(), AV_BUFFERSRC_FLAG_KEEP_REF);
    if (r < 0)
        return "palettegen failed: " + avError(r);
    // Diagrams are mostly flat colour: they shrink to a few percent of their size.
    d.held.push_back(qCompress(packed, 1));
    ++m_frames;
    return {};
}

std::string VideoEncoder::finish()
{
    if (!m_impl || !m_impl->headerWritten)
        return "the encoder is not open";
    Impl &d = *m_impl;
    const Options &o = m_options;
    if (o.format == Format::Gif) {
        // The palette of the whole clip, then every frame mapped onto it.
        int r = av_buffersrc_add_frame(d.paletteIn, nullptr);
        FramePtr palette(av_frame_alloc());
        if (r >= 0)
            r = av_buffersink_get_frame(d.paletteOut, palette.get());
        if (r < 0)
            return "palettegen made no palette: " + avError(r);
        palette->pts = 0;

        std::string why;
        GraphPtr graph(avfilter_graph_alloc());
        graph->nb_threads = 1;
        AVFilterContext *in =
            addFilter(graph.get(), "buffer", "in", bufferArgs(o.width, o.height, o.fps), &why);
        AVFilterContext *pal =
            in ? addFilter(graph.get(), "buffer", "palette",
                           "video_size=16x16:pix_fmt=" + std::to_string(palette->format) +
                               ":time_base=1/" + std::to_string(o.fps) + ":pixel_aspect=1/1",
                           &why)
               : nullptr;
        // Ordered dither: no crawling noise between frames, and unchanged areas stay equal.
        AVFilterContext *use =
            pal ? addFilter(graph.get(), "paletteuse", "use",
                            "dither=bayer:bayer_scale=5:diff_mode=rectangle", &why)
                : nullptr;
        AVFilterContext *out =
            use ? addFilter(graph.get(), "buffersink", "out", "", &why) : nullptr;
        if (!out)
            return why;
        if ((r = avfilter_link(in, 0, use, 0)) < 0 || (r = avfilter_link(pal, 0, use, 1)) < 0 ||
            (r = avfilter_link(use, 0, out, 0)) < 0 ||
            (r = avfilter_graph_config(graph.get(), nullptr)) < 0 ||
            (r = av_buffersrc_add_frame(pal, palette.get())) < 0 ||
            (r = av_buffersrc_add_frame(pal, nullptr)) < 0)
            return "cannot set up paletteuse: " + avError(r);

        FramePtr mapped(av_frame_alloc());
        auto drain = [&]() -> std::string {
            for (;;) {
                const int g = av_buffersink_get_frame(out, mapped.get());
                if (g == AVERROR(EAGAIN) || g == AVERROR_EOF)
                    return {};
                if (g < 0)
                    return "paletteuse failed: " + avError(g);
                mapped->pict_type = AV_PICTURE_TYPE_NONE;
                std::string e = d.encode(mapped.get());
                av_frame_unref(mapped.get());
                if (!e.empty())
                    return e;
            }
        };
        for (std::size_t k = 0; k < d.held.size(); ++k) {
            const QByteArray pixels = qUncompress(d.held[k]);
            d.held[k] = QByteArray();
            FramePtr frame(av_frame_alloc());
            frame->format = AV_PIX_FMT_BGRA;
            frame->width = o.width;
            frame->height = o.height;
            if ((r = av_frame_get_buffer(frame.get(), 0)) < 0)
                return "out of memory: " + avError(r);
            for (int y = 0; y < o.height; ++y)
                std::memcpy(frame->data[0] + std::ptrdiff_t(y) * frame->linesize[0],
                            pixels.constData() + std::ptrdiff_t(y) * o.width * 4,
                            std::size_t(o.width) * 4);
            frame->pts = std::int64_t(k);
            if ((r = av_buffersrc_add_frame(in, frame.get())) < 0)
                return "paletteuse failed: " + avError(r);
            if (std::string e = drain(); !e.empty())
                return e;
        }
        if ((r = av_buffersrc_add_frame(in, nullptr)) < 0)
            return "paletteuse failed: " + avError(r);
        if (std::string e = drain(); !e.empty())
            return e;
    }
    if (std::string why = d.encode(nullptr); !why.empty())
        return why;
    int r = av_write_trailer(d.format.get());
    if (r < 0)
        return "cannot finish the video: " + avError(r);
    d.format.reset(); // closes the file
    std::error_code error;
    std::filesystem::rename(d.partPath, o.path, error);
    if (error)
        return o.path + ": " + error.message();
    d.partPath.clear();
    return {};
}

} // namespace dplab
