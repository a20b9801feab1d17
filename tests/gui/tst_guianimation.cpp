// The canvas animation (dplab-cli run --export video, File > Export > Animation...): frames at
// exact virtual times, MP4 (H.264) and GIF files that ffprobe reads with the size, frame count
// and duration asked for, the same bytes on every run, and frames that move.
#include "app/cli/animationfiles.h"
#include "app/export/videoencoder.h"
#include "app/gui/animation/canvasrecorder.h"
#include "app/gui/canvas/canvasview.h"
#include "app/gui/exportactions.h"
#include "app/gui/simulationdocument.h"

#include <QFile>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace dplab;

namespace {

const QString kOutbox = QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/outbox-vs-dual-write.json");

// The outbox lesson's first lost event: orders crashes right after committing order 323 at
// 7.376111 s, and its OrderPaid event is never published. The window holds it.
const QStringList kVideoArgs = {
    QStringLiteral("--until"), QStringLiteral("8s"),        QStringLiteral("--export"),
    QStringLiteral("video"),   QStringLiteral("--window"),  QStringLiteral("7.3s..7.5s"),
    QStringLiteral("--speed"), QStringLiteral("0.2"),       QStringLiteral("--size"),
    QStringLiteral("320x180"), QStringLiteral("--no-trace")};
constexpr int kFrames = 25; // 0.2 s of virtual time at 0.2x: 1 s of video at 25 frames a second

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// Runs dplab-cli with `args`; its exit code (-1: it did not finish).
int runCli(const QStringList &args, QByteArray *errors = nullptr)
{
    QProcess p;
    p.start(QStringLiteral(DPLAB_CLI), args);
    if (!p.waitForFinished(120000))
        return -1;
    if (errors)
        *errors = p.readAllStandardError();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

/// ffprobe's description of the first stream of `path` (frames counted by decoding them).
QJsonObject probe(const QString &ffprobe, const QString &path)
{
    QProcess p;
    p.start(ffprobe,
            {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-show_streams"),
             QStringLiteral("-count_frames"), QStringLiteral("-of"), QStringLiteral("json"), path});
    if (!p.waitForFinished(60000))
        return {};
    const QJsonArray streams =
        QJsonDocument::fromJson(p.readAllStandardOutput()).object().value("streams").toArray();
    return streams.size() == 1 ? streams[0].toObject() : QJsonObject();
}

} // namespace

class TestAnimation : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void frameTimesAreExact();
    void specRefusesWhatCannotBeRecorded();
    void optionsParse();
    void cliWritesPlayableFiles_data();
    void cliWritesPlayableFiles();
    void sameBytesEveryRun();
    void framesMove();
    void recorderFramesAreRepeatable();
    void cancelLeavesNoFile();
    void appExportKeepsThePlayhead();
    void encoderRefusesOddSizes();
    void cliRefusesVideoWithoutWindow();

private:
    QTemporaryDir m_dir;
    QString m_outA, m_outB;
};

void TestAnimation::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_outA = m_dir.filePath("a");
    m_outB = m_dir.filePath("b");
    for (const QString &out : {m_outA, m_outB}) {
        QByteArray errors;
        const int code =
            runCli(QStringList{QStringLiteral("run"), kOutbox, QStringLiteral("--quiet"),
                               QStringLiteral("--out"), out} +
                       kVideoArgs,
                   &errors);
        QVERIFY2(code == 0, errors.constData());
        QVERIFY2(QFile::exists(out + "/animation.mp4"), errors.constData());
        QVERIFY2(QFile::exists(out + "/animation.gif"), errors.constData());
        QVERIFY(!QFile::exists(out + "/animation.mp4.part"));
    }
}

void TestAnimation::frameTimesAreExact()
{
    AnimationSpec spec;
    spec.from = 7'300'000;
    spec.to = 7'500'000;
    spec.speed = 0.2;
    spec.fps = 25;
    QCOMPARE(spec.frameCount(), kFrames);
    // 0.2 virtual seconds per second over 25 frames a second: 8 ms per frame, exactly.
    for (int k = 0; k < kFrames; ++k)
        QCOMPARE(spec.frameTime(k), SimTime(7'300'000 + 8'000 * k));
    spec.speed = 0.05; // the example: 7.3 s..7.5 s at 0.05x lasts 4 s
    QCOMPARE(spec.frameCount(), 100);
    QCOMPARE(spec.frameTime(99), SimTime(7'300'000 + 99 * 2'000));
    spec.fps = 30; // 1/600 s per frame: rounded to the microsecond, never drifting
    QCOMPARE(spec.frameCount(), 120);
    QCOMPARE(spec.frameTime(1), SimTime(7'301'667));
    QCOMPARE(spec.frameTime(119), SimTime(7'300'000 + 198'333));
    QCOMPARE(spec.check(), std::string());
}

void TestAnimation::specRefusesWhatCannotBeRecorded()
{
    AnimationSpec spec;
    spec.from = 2 * kSecond;
    spec.to = 2 * kSecond;
    QCOMPARE(spec.check(), std::string("the window is empty: give FROM..TO with TO after FROM"));
    spec.to = 3 * kSecond;
    spec.size = QSize(321, 180);
    QCOMPARE(spec.check(), std::string("the size must be even, from 16x16 to 7680x4320"));
    spec.size = QSize(320, 180);
    spec.speed = 0.0001; // 10000 s of video
    QCOMPARE(spec.check(), std::string("the animation would have more than 20000 frames: "
                                       "choose a shorter window or a higher speed"));
    spec.speed = 100; // 1 s in 0.01 s of video: less than a frame
    QCOMPARE(spec.check(), std::string("the window is shorter than one frame at this speed"));
}

void TestAnimation::optionsParse()
{
    AnimationOptions o;
    const std::string size = "640x360", speed = "0.05", fps = "10", odd = "641x360", zero = "0";
    QCOMPARE(parseAnimationOption("--size", &size, &o), std::string());
    QCOMPARE(o.width, 640);
    QCOMPARE(o.height, 360);
    QCOMPARE(parseAnimationOption("--speed", &speed, &o), std::string());
    QCOMPARE(o.speed, 0.05);
    QCOMPARE(parseAnimationOption("--fps", &fps, &o), std::string());
    QCOMPARE(o.fps, 10);
    QVERIFY(parseAnimationOption("--size", &odd, &o).starts_with("--size needs WIDTHxHEIGHT"));
    QVERIFY(parseAnimationOption("--speed", &zero, &o).starts_with("--speed needs"));
    QVERIFY(parseAnimationOption("--fps", nullptr, &o).starts_with("--fps needs"));
    QCOMPARE(o.width, 640); // a refused value changes nothing
}

void TestAnimation::cliWritesPlayableFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("codec");
    QTest::newRow("mp4") << "animation.mp4"
                         << "h264";
    QTest::newRow("gif") << "animation.gif"
                         << "gif";
}

void TestAnimation::cliWritesPlayableFiles()
{
    QFETCH(QString, file);
    QFETCH(QString, codec);
    const QString ffprobe = QStandardPaths::findExecutable(QStringLiteral("ffprobe"));
    if (ffprobe.isEmpty())
        QSKIP("ffprobe is not installed (setup.sh installs ffmpeg, which has it)");
    const QJsonObject s = probe(ffprobe, m_outA + "/" + file);
    QCOMPARE(s.value("codec_name").toString(), codec);
    QCOMPARE(s.value("width").toInt(), 320);
    QCOMPARE(s.value("height").toInt(), 180);
    QCOMPARE(s.value("nb_read_frames").toString(), QString::number(kFrames));
    QCOMPARE(s.value("duration").toString().toDouble(), 1.0);
    if (codec == QLatin1String("h264")) {
        // What every browser's <video> plays: 8-bit 4:2:0, at 25 frames a second.
        QCOMPARE(s.value("pix_fmt").toString(), QStringLiteral("yuv420p"));
        QCOMPARE(s.value("r_frame_rate").toString(), QStringLiteral("25/1"));
        QCOMPARE(s.value("profile").toString(), QStringLiteral("High"));
    }
}

void TestAnimation::sameBytesEveryRun()
{
    for (const char *name : {"animation.mp4", "animation.gif"}) {
        const QByteArray a = readAll(m_outA + "/" + name);
        QVERIFY2(a.size() > 1000, name);
        QVERIFY2(a == readAll(m_outB + "/" + name), name);
    }
}

void TestAnimation::framesMove()
{
    // Decoded by Qt's own GIF reader: the first and the last frame differ (messages moved, the
    // crash showed), and each is the size asked for.
    QImageReader reader(m_outA + "/animation.gif");
    QCOMPARE(reader.imageCount(), kFrames);
    QImage first = reader.read().convertToFormat(QImage::Format_RGB32);
    QImage last;
    for (int k = 1; k < kFrames; ++k)
        last = reader.read();
    last = last.convertToFormat(QImage::Format_RGB32);
    QCOMPARE(first.size(), QSize(320, 180));
    QCOMPARE(last.size(), QSize(320, 180));
    int differing = 0;
    for (int y = 0; y < 180; ++y)
        for (int x = 0; x < 320; ++x)
            differing += first.pixel(x, y) != last.pixel(x, y);
    QVERIFY2(differing > 200, qPrintable(QString::number(differing)));
    QVERIFY(reader.loopCount() == -1 || reader.loopCount() == 0); // loops forever
}

void TestAnimation::recorderFramesAreRepeatable()
{
    SimulationDocument document;
    QString error;
    QVERIFY2(document.loadFile(kOutbox, &error), qPrintable(error));
    AnimationSpec spec;
    spec.from = 7'300'000;
    spec.to = 7'500'000;
    spec.speed = 0.2;
    spec.size = QSize(320, 180);
    CanvasRecorder recorder(&document, spec);
    const QImage at10 = recorder.renderFrame(10);
    QCOMPARE(document.now(), SimTime(7'380'000));
    const QImage at20 = recorder.renderFrame(20);
    QCOMPARE(document.now(), SimTime(7'460'000));
    QVERIFY(at10 != at20);
    // Back to frame 10 (the timeline steps back): the same picture, pixel for pixel.
    QCOMPARE(recorder.renderFrame(10), at10);
    QCOMPARE(document.now(), SimTime(7'380'000));
}

void TestAnimation::cancelLeavesNoFile()
{
    SimulationDocument document;
    QString error;
    QVERIFY2(document.loadFile(kOutbox, &error), qPrintable(error));
    AnimationSpec spec;
    spec.from = 7'300'000;
    spec.to = 7'500'000;
    spec.speed = 0.2;
    spec.size = QSize(320, 180);
    CanvasRecorder recorder(&document, spec);
    const std::string mp4 = m_dir.filePath("cancel.mp4").toStdString();
    const std::string gif = m_dir.filePath("cancel.gif").toStdString();
    int calls = 0;
    bool cancelled = false;
    const std::string why = recorder.record(
        {mp4, gif},
        [&calls](int done, int total) {
            ++calls;
            return !(done == 3 && total == kFrames);
        },
        &cancelled);
    QCOMPARE(why, std::string());
    QVERIFY(cancelled);
    QCOMPARE(calls, 3);
    for (const std::string &p : {mp4, gif, mp4 + ".part", gif + ".part"})
        QVERIFY2(!QFile::exists(QString::fromStdString(p)), p.c_str());
    QCOMPARE(recorder.record({m_dir.filePath("x.webm").toStdString()}, {}),
             m_dir.filePath("x.webm").toStdString() + ": an animation is written as .mp4 or .gif");
}

void TestAnimation::appExportKeepsThePlayhead()
{
    // File > Export > Animation... without its dialogs: the same frames as the CLI's (the
    // same layout and theme), and the playhead back where the class was.
    SimulationDocument document;
    QString error;
    QVERIFY2(document.loadFile(kOutbox, &error), qPrintable(error));
    document.advanceTo(7'000'000);
    QCOMPARE(document.now(), SimTime(7'000'000));
    const std::size_t playhead = document.playhead();
    QWidget window;
    auto *canvas = new CanvasView(&document, &window);
    ExportActions actions(&document, canvas, nullptr, &window);
    AnimationSpec spec;
    spec.from = 7'300'000;
    spec.to = 7'500'000;
    spec.speed = 0.2;
    spec.size = QSize(320, 180);
    const QString gif = m_dir.filePath("app.gif");
    QCOMPARE(actions.exportAnimation(gif, spec), QString());
    QCOMPARE(document.playhead(), playhead);
    QCOMPARE(document.now(), SimTime(7'000'000));
    QVERIFY(readAll(gif) == readAll(m_outA + "/animation.gif"));
}

void TestAnimation::encoderRefusesOddSizes()
{
    VideoEncoder::Options o;
    o.path = m_dir.filePath("odd.mp4").toStdString();
    o.width = 321;
    o.height = 180;
    VideoEncoder encoder(o);
    QCOMPARE(encoder.open(), std::string("the video size must be even, from 16x16 to 7680x4320 "
                                         "(got 321x180)"));
    VideoEncoder::Format f;
    QVERIFY(VideoEncoder::formatForPath("a/b.GIF", &f));
    QCOMPARE(int(f), int(VideoEncoder::Format::Gif));
    QVERIFY(!VideoEncoder::formatForPath("a/b.webm", &f));
}

void TestAnimation::cliRefusesVideoWithoutWindow()
{
    QByteArray errors;
    QCOMPARE(
        runCli({QStringLiteral("run"), kOutbox, QStringLiteral("--quiet"), QStringLiteral("--out"),
                m_dir.filePath("c"), QStringLiteral("--export"), QStringLiteral("video")},
               &errors),
        2);
    QCOMPARE(errors, QByteArray("dplab-cli run: --export video needs --window FROM..TO: the span "
                                "of virtual time to record, such as 7.3s..7.5s (see dplab-cli "
                                "--help)\n"));
    QCOMPARE(
        runCli({QStringLiteral("run"), kOutbox, QStringLiteral("--quiet"), QStringLiteral("--out"),
                m_dir.filePath("c"), QStringLiteral("--speed"), QStringLiteral("0.1")},
               &errors),
        2);
    QCOMPARE(errors, QByteArray("dplab-cli run: --speed, --size, --fps and --no-caption go with "
                                "--export video (see dplab-cli --help)\n"));
}

QTEST_MAIN(TestAnimation)
#include "tst_guianimation.moc"
