// dplab: the desktop app. Everything but the command line lives in the dplab_gui library.
#include "app/gui/canvas/canvasscene.h"
#include "app/gui/canvas/canvasview.h"
#include "app/gui/canvas/messagelayeritem.h"
#include "app/gui/canvas/messagetracker.h"
#include "app/gui/charts/chartspanel.h"
#include "app/gui/charts/chartview.h"
#include "app/gui/compare/comparedialog.h"
#include "app/gui/compare/comparewindow.h"
#include "app/gui/compare/lockstepplayback.h"
#include "app/gui/mainwindow.h"
#include "app/gui/playback.h"
#include "app/gui/simulationdocument.h"
#include "app/gui/windowbench.h"
#include "app/gui/windowplacement.h"
#include "simulation/world/database.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string_view>

namespace {

/// Plays for `seconds` of wall time, saves a grab of the window to `file` and quits (a hidden
/// option for looking at the app without a screen, e.g. under Xvfb).
void scheduleScreenshot(dplab::MainWindow &window, const QString &file, double seconds,
                        double rewind)
{
    auto playStart = std::make_shared<std::pair<QElapsedTimer, int>>();
    if (seconds > 0) {
        QTimer::singleShot(500, &window, [&window, playStart] {
            playStart->first.start();
            playStart->second = window.canvas()->paints();
            window.playback()->play();
        });
        // "Play this long" means the picture shows that moment of the lesson: narration marks
        // would otherwise stop it at the first "pause" caption.
        QObject::connect(window.playback(), &dplab::Playback::pausedAtMark, &window,
                         [&window] { window.playback()->play(); });
    }
    QTimer::singleShot(
        500 + static_cast<int>(seconds * 1000), &window, [&window, file, rewind, playStart] {
            window.playback()->pause();
            QString played;
            if (playStart->first.isValid()) {
                const double playedS = double(playStart->first.nsecsElapsed()) / 1e9;
                const int frames = window.canvas()->paints() - playStart->second;
                played = QString::asprintf(
                    "%d frames in %.2f s of play (%.1f per second); refresh %.2f ms, "
                    "paint %.2f ms (moving averages); ",
                    frames, playedS, frames / playedS, window.canvas()->averageRefreshMs(),
                    window.canvas()->averagePaintMs());
            }
            if (rewind > 0) {
                dplab::SimulationDocument *doc = window.document();
                doc->seekTime(doc->now() - static_cast<dplab::SimTime>(rewind * dplab::kSecond));
            }
            QApplication::processEvents();
            window.canvas()->refresh();
            QApplication::processEvents();
            const bool ok = window.grab().save(file);
            std::fprintf(ok ? stdout : stderr, "%s %s\n", ok ? "saved" : "cannot save",
                         qPrintable(QDir::toNativeSeparators(file)));
            // The layout: the window against the screen, and each visible dock against the
            // smallest size its contents need (narrower means clipped).
            const QRect area = dplab::availableArea(&window);
            std::printf("layout: window %dx%d (needs at least %dx%d) on %dx%d", window.width(),
                        window.height(), window.minimumSizeHint().width(),
                        window.minimumSizeHint().height(), area.width(), area.height());
            for (const QDockWidget *d : window.findChildren<QDockWidget *>())
                if (d->isVisible() && !d->visibleRegion().isEmpty())
                    std::printf("; %s %dx%d (needs %dx%d)", qPrintable(d->objectName()), d->width(),
                                d->height(), d->minimumSizeHint().width(),
                                d->minimumSizeHint().height());
            std::printf("\n");
            // What the legend says beside what the picture drew, for a script to compare.
            const dplab::CanvasScene *scene = window.canvas()->canvasScene();
            std::printf("canvas: %sin flight %d, drawn %d, instant hops %d\n", qPrintable(played),
                        int(scene->tracker().inFlight().size()),
                        scene->messageLayer() ? scene->messageLayer()->lastDrawnInFlight() : 0,
                        scene->messageLayer() ? scene->messageLayer()->hopsShown() : 0);
            const dplab::ChartsPanel *charts = window.chartsPanel();
            std::printf("charts: %d updates, mean %.3f ms, max %.3f ms; %d paints, mean %.3f ms, "
                        "max %.3f ms\n",
                        charts->updates(), charts->meanUpdateMs(), charts->maxUpdateMs(),
                        charts->chartView()->paints(), charts->chartView()->meanPaintMs(),
                        charts->chartView()->maxPaintMs());
            QApplication::exit(ok ? 0 : 3);
        });
}

/// The same for a comparison window: plays both variants, grabs the window and quits.
void scheduleCompareScreenshot(dplab::CompareWindow *window, const QString &file, double seconds)
{
    if (seconds > 0)
        QTimer::singleShot(500, window, [window] { window->playback()->play(); });
    QTimer::singleShot(500 + static_cast<int>(seconds * 1000), window, [window, file] {
        window->playback()->pause();
        QApplication::processEvents();
        window->canvasA()->refresh();
        window->canvasB()->refresh();
        QApplication::processEvents();
        const bool ok = window->grab().save(file);
        std::fprintf(ok ? stdout : stderr, "%s %s (%s)\n", ok ? "saved" : "cannot save",
                     qPrintable(QDir::toNativeSeparators(file)), qPrintable(window->timeText()));
        std::printf("frames: longest simulation work %.1f ms (budget %llu events); table "
                    "update %.1f ms\n",
                    window->playback()->maxFrameWorkMs(),
                    static_cast<unsigned long long>(window->playback()->eventBudget()),
                    window->lastTableMs());
        QApplication::exit(ok ? 0 : 3);
    });
}

} // namespace

int main(int argc, char **argv)
{
    dplab::configureSqliteForThreads();
    // The resources live in the static dplab_gui library: register them explicitly.
    Q_INIT_RESOURCE(dplab);
    // --help and --version need no screen; without one, QApplication would abort before the
    // parser could print them (e.g. over ssh, or in a fresh container).
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if ((arg == "-h" || arg == "--help" || arg == "--help-all" || arg == "-?" || arg == "-v" ||
             arg == "--version") &&
            qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    // The window bench measures busy time with the event dispatcher's awake/aboutToBlock, which
    // Qt's own dispatcher reports (the GLib one does not), on an offscreen 1280x800 screen.
    QTemporaryDir benchScreenDir;
    for (int i = 1; i < argc; ++i)
        if (std::string_view(argv[i]) == "--bench") {
            qputenv("QT_NO_GLIB", "1");
            if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && benchScreenDir.isValid()) {
                const QString config = benchScreenDir.filePath(QStringLiteral("screen.json"));
                QFile file(config);
                if (file.open(QIODevice::WriteOnly))
                    file.write(R"({"screens": [{"name": "bench", "x": 0, "y": 0, "width": 1280,)"
                               R"( "height": 800, "logicalDpi": 96, "logicalBaseDpi": 96,)"
                               R"( "dpr": 1}]})");
                qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + config.toLocal8Bit());
            }
        }
    QApplication app(argc, argv);
    // Readable from the back of a classroom: never smaller than 10 pt.
    QFont font = QApplication::font();
    if (font.pointSizeF() > 0 && font.pointSizeF() < 10)
        font.setPointSizeF(10);
    QApplication::setFont(font);
    QApplication::setOrganizationName(QStringLiteral("dplab"));
    QApplication::setApplicationName(QStringLiteral("dplab"));
    QApplication::setApplicationDisplayName(QStringLiteral("Data Patterns Lab"));
    QApplication::setApplicationVersion(QStringLiteral(DPLAB_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("dplab"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/dplab.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Data Patterns Lab: watch microservices manage their data, break the network and see "
        "what happens.\n"
        "\n"
        "Opens a scenario (a lesson, a scenario of your own, or a run file saved with File > Save "
        "Run, which replays as it was saved) paused at t = 0, or a trace (.jsonl) read-only. "
        "Without a file: the default lesson, and on the first start the lesson browser. The "
        "lessons are built in (File > Lessons) and installed in share/dplab/scenarios; "
        "dplab-cli runs the same files without a screen.\n"
        "\n"
        "Examples:\n"
        "  dplab\n"
        "  dplab /usr/share/dplab/scenarios/cqrs-lag.json\n"
        "  dplab --speed 10 my-shop.json\n"
        "  dplab saved-run.json\n"
        "  dplab out/cqrs-lag/trace.jsonl\n"
        "  xvfb-run -a dplab --screenshot shot.png --after 2 --select orders"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QStringLiteral("A scenario or run file (.json) to open instead of "
                                                "the default lesson, or a trace (.jsonl)."),
                                 QStringLiteral("[file]"));
    QCommandLineOption speed(QStringLiteral("speed"),
                             QStringLiteral("Playback speed in times real time: 0.01, 0.02, 0.05, "
                                            "0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50 or 100; 0 = as "
                                            "fast as possible."),
                             QStringLiteral("factor"));
    // For looking at the app without a screen (documentation pictures, CI): listed, marked.
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("Developer: save a picture of the window to <png> "
                                                 "and quit (works under xvfb-run or "
                                                 "QT_QPA_PLATFORM=offscreen)."),
                                  QStringLiteral("png"));
    QCommandLineOption after(QStringLiteral("after"),
                             QStringLiteral("Developer: with --screenshot, play this long first."),
                             QStringLiteral("seconds"), QStringLiteral("0"));
    QCommandLineOption select(QStringLiteral("select"),
                              QStringLiteral("Show this service in the inspector."),
                              QStringLiteral("name"));
    QCommandLineOption rewind(QStringLiteral("rewind"),
                              QStringLiteral("Developer: with --screenshot, then move the playhead "
                                             "back this many virtual seconds."),
                              QStringLiteral("seconds"), QStringLiteral("0"));
    QCommandLineOption compare(
        QStringLiteral("compare"),
        QStringLiteral("Open File > Compare... with variant B changed by this "
                       "PATH=VALUE (repeatable, as dplab-cli's --set); with "
                       "--screenshot, picture the comparison."),
        QStringLiteral("change"));
    QCommandLineOption bench(
        QStringLiteral("bench"),
        QStringLiteral("Developer: the window bench. Plays the file at --speed (default 1x) in a "
                       "1280x800 window for --bench-seconds after one second of warm-up, prints "
                       "frame times (p50, p95, max; simulation, canvas, charts, docks) and quits. "
                       "On an offscreen 1280x800 screen unless QT_QPA_PLATFORM says otherwise."));
    QCommandLineOption benchSeconds(QStringLiteral("bench-seconds"),
                                    QStringLiteral("Developer: with --bench, measure this long."),
                                    QStringLiteral("seconds"), QStringLiteral("10"));
    QCommandLineOption benchRaise(
        QStringLiteral("bench-raise"),
        QStringLiteral("Developer: with --bench, bring these docks (object names, comma-"
                       "separated, e.g. summaryDock,timelineDock) to the front of their tabs."),
        QStringLiteral("docks"));
    parser.addOptions(
        {speed, select, compare, screenshot, after, rewind, bench, benchSeconds, benchRaise});
    parser.process(app);

    dplab::MainWindow window;
    const QStringList files = parser.positionalArguments();
    if (files.size() > 1)
        parser.showHelp(2);
    bool opened = false;
    // A trace opens read-only in a window of its own, over the default lesson.
    const bool trace =
        !files.isEmpty() && files.front().endsWith(QStringLiteral(".jsonl"), Qt::CaseInsensitive);
    if (!files.isEmpty() && !trace)
        opened = window.openFile(QFileInfo(files.front()).absoluteFilePath());
    if (!opened && !window.openDefaultLesson())
        return 2;
    if (parser.isSet(speed))
        window.setSpeed(parser.value(speed).toDouble());
    if (parser.isSet(select))
        window.inspectService(parser.value(select));
    window.show();
    // The first start, with nothing asked for: offer the lessons.
    QSettings settings;
    if (files.isEmpty() && !parser.isSet(screenshot) && !parser.isSet(bench) &&
        !settings.value("lessonBrowserShown").toBool()) {
        settings.setValue("lessonBrowserShown", true);
        QTimer::singleShot(0, &window, [&window] { window.showLessons(); });
    }
    if (trace)
        window.openFile(QFileInfo(files.front()).absoluteFilePath());

    if (parser.isSet(compare)) {
        QString error;
        dplab::CompareWindow *comparison = dplab::CompareDialog::compare(
            *window.document(), parser.values(compare).join('\n'), &window, &error);
        if (!comparison) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 2;
        }
        if (parser.isSet(speed))
            comparison->setSpeed(parser.value(speed).toDouble());
        comparison->show();
        if (parser.isSet(screenshot)) {
            scheduleCompareScreenshot(comparison, parser.value(screenshot),
                                      parser.value(after).toDouble());
            return QApplication::exec();
        }
    }
    if (parser.isSet(bench)) {
        dplab::WindowBench::Options options;
        options.seconds = std::max(1.0, parser.value(benchSeconds).toDouble());
        options.raise = parser.value(benchRaise).split(',', Qt::SkipEmptyParts);
        (new dplab::WindowBench(&window, options))->start();
        return QApplication::exec();
    }
    if (parser.isSet(screenshot))
        scheduleScreenshot(window, parser.value(screenshot), parser.value(after).toDouble(),
                           parser.value(rewind).toDouble());
    return QApplication::exec();
}
