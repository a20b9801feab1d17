#include "app/gui/windowbench.h"

#include "app/gui/canvas/canvasview.h"
#include "app/gui/charts/chartspanel.h"
#include "app/gui/charts/chartview.h"
#include "app/gui/mainwindow.h"
#include "app/gui/playback.h"
#include "app/gui/simulationdocument.h"

#include <QAbstractEventDispatcher>
#include <QApplication>
#include <QDockWidget>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

namespace dplab {

namespace {

/// The q-quantile (0..1) of `values` by the nearest-rank method.
double benchQuantile(std::vector<double> values, double q)
{
    if (values.empty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

} // namespace

WindowBench::WindowBench(MainWindow *window, Options options)
    : QObject(window)
    , m_window(window)
    , m_options(std::move(options))
{}

void WindowBench::start()
{
    m_window->resize(1280, 800);
    for (const QString &name : m_options.raise)
        if (auto *dock = m_window->findChild<QDockWidget *>(name)) {
            dock->show();
            dock->raise();
        } else {
            std::fprintf(stderr, "bench: no dock named %s\n", qPrintable(name));
        }
    m_clock.start();
    QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance();
    connect(dispatcher, &QAbstractEventDispatcher::awake, this, &WindowBench::onAwake);
    connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock, this,
            &WindowBench::onAboutToBlock);
    connect(m_window->playback(), &Playback::frameDone, this, &WindowBench::onFrameDone);
    // A bench measures playing: narration pauses would stop it.
    connect(m_window->playback(), &Playback::pausedAtMark, this,
            [this] { m_window->playback()->play(); });
    QTimer::singleShot(300, this, [this] { m_window->playback()->play(); });
    QTimer::singleShot(300 + static_cast<int>(m_options.warmup * 1000), this, [this] {
        m_measuring = true;
        m_measureStartNs = m_clock.nsecsElapsed();
        m_virtualStart = m_window->document()->now();
        m_eventsStart = m_window->document()->trace().size();
        m_frames.clear();
        m_last = totals();
        m_busyMs = 0;
        m_lastFrameNs = -1;
    });
    QTimer::singleShot(300 + static_cast<int>((m_options.warmup + m_options.seconds) * 1000), this,
                       &WindowBench::finish);
}

WindowBench::Totals WindowBench::totals() const
{
    const CanvasView *canvas = m_window->canvas();
    const ChartsPanel *charts = m_window->chartsPanel();
    return {canvas->totalRefreshMs() + canvas->totalPaintMs(),
            charts->totalUpdateMs() + charts->chartView()->totalPaintMs()};
}

void WindowBench::onAwake()
{
    if (m_awakeNs < 0)
        m_awakeNs = m_clock.nsecsElapsed();
}

void WindowBench::onAboutToBlock()
{
    if (m_awakeNs >= 0)
        m_busyMs += static_cast<double>(m_clock.nsecsElapsed() - m_awakeNs) / 1e6;
    m_awakeNs = -1;
}

void WindowBench::onFrameDone()
{
    if (!m_measuring)
        return;
    // A frame's cost is the busy time from one frame to the next: its own simulation, and the
    // repaints, chart and dock updates it caused.
    const qint64 nowNs = m_clock.nsecsElapsed();
    if (m_awakeNs >= 0) {
        m_busyMs += static_cast<double>(nowNs - m_awakeNs) / 1e6;
        m_awakeNs = nowNs;
    }
    const Totals now = totals();
    if (m_lastFrameNs >= 0) {
        Frame f;
        f.busy = m_busyMs;
        f.simulation = m_window->playback()->lastFrameWorkMs();
        f.canvas = now.canvas - m_last.canvas;
        f.charts = now.charts - m_last.charts;
        f.interval = static_cast<double>(nowNs - m_lastFrameNs) / 1e6;
        m_frames.push_back(f);
    }
    m_last = now;
    m_busyMs = 0;
    m_lastFrameNs = nowNs;
}

void WindowBench::finish()
{
    m_window->playback()->pause();
    const double wallS = static_cast<double>(m_clock.nsecsElapsed() - m_measureStartNs) / 1e9;
    const double virtualS = static_cast<double>(m_window->document()->now() - m_virtualStart) / 1e6;
    const auto events = static_cast<double>(m_window->document()->trace().size() - m_eventsStart);
    const auto column = [this](const std::function<double(const Frame &)> &get) {
        std::vector<double> v;
        v.reserve(m_frames.size());
        for (const Frame &f : m_frames)
            v.push_back(get(f));
        return v;
    };
    const auto line = [](const char *name, const std::vector<double> &v) {
        double sum = 0;
        for (double x : v)
            sum += x;
        std::printf("  %-22s p50 %7.2f  p95 %7.2f  max %7.2f  mean %7.2f ms\n", name,
                    benchQuantile(v, 0.5), benchQuantile(v, 0.95),
                    v.empty() ? 0.0 : *std::max_element(v.begin(), v.end()),
                    v.empty() ? 0.0 : sum / static_cast<double>(v.size()));
    };
    std::printf("window bench: %s at %s, window %dx%d, %.1f s measured after %.1f s\n",
                qPrintable(m_window->document()->displayName()),
                qPrintable(Playback::speedLabel(m_window->playback()->speed())), m_window->width(),
                m_window->height(), wallS, m_options.warmup);
    std::printf("docks shown:");
    for (const QDockWidget *d : m_window->findChildren<QDockWidget *>())
        if (d->isVisible() && !d->visibleRegion().isEmpty())
            std::printf(" %s", qPrintable(d->objectName()));
    std::printf("\n");
    std::printf("frames %zu (%.1f per second); virtual time %.2f s in %.2f s of wall time "
                "(%.2fx real time); %.0f trace events (%.0f per second)\n",
                m_frames.size(), static_cast<double>(m_frames.size()) / wallS, virtualS, wallS,
                virtualS / wallS, events, events / wallS);
    line("frame (busy)", column([](const Frame &f) { return f.busy; }));
    line("  simulation", column([](const Frame &f) { return f.simulation; }));
    line("  canvas", column([](const Frame &f) { return f.canvas; }));
    line("  charts", column([](const Frame &f) { return f.charts; }));
    line("  docks and the rest", column([](const Frame &f) {
             return std::max(0.0, f.busy - f.simulation - f.canvas - f.charts);
         }));
    line("frame interval", column([](const Frame &f) { return f.interval; }));
    std::fflush(stdout);
    QApplication::exit(0);
}

} // namespace dplab
