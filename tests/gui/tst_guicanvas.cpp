// The canvas: items mirror the scenario, messages in flight match the trace, faults show, and
// the picture changes with time. Run with QT_QPA_PLATFORM=offscreen.

#include "app/gui/canvas/busitem.h"
#include "app/gui/canvas/canvasscene.h"
#include "app/gui/canvas/canvasview.h"
#include "app/gui/canvas/databaseitem.h"
#include "app/gui/canvas/edgeitem.h"
#include "app/gui/canvas/legenditem.h"
#include "app/gui/canvas/messagelayeritem.h"
#include "app/gui/canvas/messagetracker.h"
#include "app/gui/canvas/partitionitem.h"
#include "app/gui/canvas/serviceitem.h"
#include "app/gui/simulationdocument.h"
#include "tests/support/guitestsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QSet>
#include <QSignalSpy>
#include <QtTest>

#include <algorithm>
#include <ctime>
#include <memory>

using namespace dplab;
using namespace dplab::test;

namespace {

const char *kScenario = R"({
  "dplab": 1,
  "name": "canvas test",
  "seed": 7,
  "duration": "5s",
  "services": [
    {"name": "front", "role": "generic", "workers": 2,
     "processing": {"dist": "exponential", "mean": "4ms"},
     "calls": ["back1", "back2"], "publishes": "orders"},
    {"name": "back1", "role": "generic", "processing": "2ms"},
    {"name": "back2", "role": "generic", "processing": "2ms"},
    {"name": "watcher", "role": "generic", "subscribes": ["orders"], "processing": "1ms"}
  ],
  "network": {"latency": {"dist": "uniform", "min": "3ms", "max": "20ms"}, "drop": 0.02,
              "timeout": "300ms"},
  "bus": {"latency": "15ms", "drop": 0.05, "duplicate": 0.05},
  "workload": [{"operation": "request", "target": "front", "rate": 120}],
  "faults": [
    {"kind": "crash", "service": "back2", "at": "1s", "for": "1s"},
    {"kind": "partition", "at": "2.5s", "for": "500ms", "between": [["front"], ["back1"]]},
    {"kind": "bus-down", "at": "3.2s", "for": "500ms"}
  ]
})";

/// A synthetic load: 50 services, 100 ms links, enough requests for ~2,000 messages in flight.
QByteArray benchScenario()
{
    QByteArray s =
        R"({"dplab": 1, "name": "canvas bench", "seed": 3, "duration": "3s", "services": [)";
    for (int i = 0; i < 50; ++i) {
        s += QByteArray(i ? "," : "") + R"({"name": "s)" + QByteArray::number(i) +
             R"(", "role": "generic", "workers": 64, "processing": "1ms")";
        if (i < 10)
            s += R"(, "calls": ["s)" + QByteArray::number(10 + i * 4) + R"(", "s)" +
                 QByteArray::number(11 + i * 4) + R"("])";
        s += "}";
    }
    s += R"(], "network": {"latency": "100ms", "timeout": "5s"}, "workload": [)";
    for (int i = 0; i < 10; ++i)
        s += QByteArray(i ? "," : "") + R"({"operation": "request", "target": "s)" +
             QByteArray::number(i) + R"(", "rate": 330, "arrival": "constant"})";
    s += "]}";
    return s;
}

/// CPU time of the calling thread: unlike wall time, not inflated while others hold the core.
double threadCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

int distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    return static_cast<int>(colours.size());
}

} // namespace

/** Tests of the canvas view, scene, items and message index. */
class TestGuiCanvas : public QObject
{
    Q_OBJECT

private slots:
    void oneItemPerService();
    void inFlightMatchesTrace_data();
    void inFlightMatchesTrace();
    void trackerGoesBackInTime();
    void grabIsNotBlankAndChanges();
    void edgesFoundLaterAreDrawn();
    void crashGreysTheService();
    void partitionAndBusDownShow();
    void busLanesCountWhatIsDrawnAndWhoIsBehind();
    void selectionEmits();
    void layoutRoundTrips();
    void busLinesPassNoOtherBox();
    void sharedDatabaseIsOneCylinder();
    void frameTimeWithManyMessages();
    void screenshots();
};

void TestGuiCanvas::oneItemPerService()
{
    auto doc = load(kScenario);
    CanvasView view(doc.get());
    view.resize(1200, 800);
    const auto &items = view.canvasScene()->serviceItems();
    QCOMPARE(items.size(), 4);
    const QStringList names = {"front", "back1", "back2", "watcher"};
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(items[i]->name(), names[i]);
        QCOMPARE(items[i]->index(), i);
    }
    QCOMPARE(view.canvasScene()->databaseItems().size(), 4);
    QVERIFY(view.canvasScene()->busItem());
    QVERIFY(view.canvasScene()->clientItem());
    // Calls front->back1, front->back2, client->front, publish, subscription.
    QVERIFY(view.canvasScene()->edgeItems().size() >= 5);
    // Layout: the clients left of the caller, the caller left of the callees, the bus below.
    const auto pos = view.layoutPositions();
    QVERIFY(pos["@clients"].x() < pos["front"].x());
    QVERIFY(pos["front"].x() < pos["back1"].x());
    QVERIFY(pos["@bus"].y() > pos["back2"].y());
}

void TestGuiCanvas::busLinesPassNoOtherBox()
{
    // In the replication lesson customers, orders and products stand in one column above the
    // bus: a straight line from customers down would run through orders and products.
    QFile f(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/replication.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    auto doc = load(f.readAll());
    CanvasView view(doc.get());
    view.resize(1600, 1000);
    advance(doc.get(), 2 * kSecond); // edges appear with the first messages that use them
    view.refresh();
    CanvasScene *scene = view.canvasScene();
    int busLines = 0;
    QList<double> xs;
    for (EdgeItem *edge : scene->edgeItems()) {
        if (edge->kind() != EdgeItem::Kind::Publish && edge->kind() != EdgeItem::Kind::Subscription)
            continue;
        ++busLines;
        const EdgeRoute &line = edge->route();
        xs.append(line.p1().x());
        for (ServiceItem *box : scene->serviceItems()) {
            if (box == edge->fromNode() || box == edge->toNode())
                continue;
            QRectF r = box->sceneBodyRect();
            for (QGraphicsItem *child : box->childItems())
                if (dynamic_cast<DatabaseItem *>(child))
                    r |= child->sceneBoundingRect();
            // Sample the line: it must not enter the box or its database.
            for (int k = 0; k <= 100; ++k)
                QVERIFY2(!r.contains(line.pointAt(k / 100.0)),
                         qPrintable(box->name() + " is on a bus line"));
        }
    }
    QCOMPARE(busLines, 2);   // customers publishes, orders subscribes
    QVERIFY(xs[0] != xs[1]); // and their lines stay apart
}

void TestGuiCanvas::inFlightMatchesTrace_data()
{
    QTest::addColumn<int>("ms");
    for (int ms : {150, 777, 1500, 2600, 3400, 4321})
        QTest::addRow("t=%dms", ms) << ms;
}

void TestGuiCanvas::inFlightMatchesTrace()
{
    QFETCH(int, ms);
    auto doc = load(kScenario);
    CanvasView view(doc.get());
    view.resize(1200, 800);
    // Advance in uneven slices so the index is updated incrementally.
    for (SimTime t = 0; t < ms * kMillisecond; t += 37 * kMillisecond) {
        advance(doc.get(), t);
        view.refresh();
    }
    advance(doc.get(), ms * kMillisecond);
    view.refresh();
    const SimTime now = doc->now();
    QCOMPARE(now, ms * kMillisecond);

    const auto expected = MessageTracker::bruteForce(doc->trace(), now);
    const auto &actual = view.canvasScene()->tracker().inFlight();
    QVERIFY2(!expected.empty(), "the scenario should have messages in flight");
    QCOMPARE(actual.size(), expected.size());
    auto key = [](const InFlightMessage &m) {
        return std::make_tuple(m.sendEvent, m.from, m.to, m.sent, m.arrives);
    };
    std::vector<decltype(key(expected[0]))> a, b;
    for (const auto &m : actual)
        a.push_back(key(m));
    for (const auto &m : expected)
        b.push_back(key(m));
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    QVERIFY(a == b);
    for (const auto &m : actual)
        QVERIFY(m.sent <= now && now < m.arrives);
}

void TestGuiCanvas::trackerGoesBackInTime()
{
    auto doc = load(kScenario);
    advance(doc.get(), 2 * kSecond);
    MessageTracker tracker;
    tracker.update(doc->trace(), 2 * kSecond, kSecond);
    tracker.update(doc->trace(), 1234 * kMillisecond, kSecond);
    QCOMPARE(tracker.inFlight().size(),
             MessageTracker::bruteForce(doc->trace(), 1234 * kMillisecond).size());
}

void TestGuiCanvas::grabIsNotBlankAndChanges()
{
    auto doc = load(kScenario);
    CanvasView view(doc.get());
    view.resize(1200, 800);
    view.show();
    advance(doc.get(), 800 * kMillisecond);
    view.refresh();
    const QImage first = view.grab().toImage();
    advance(doc.get(), 830 * kMillisecond);
    view.refresh();
    const QImage second = view.grab().toImage();
    QVERIFY2(distinctColours(first) > 30, qPrintable(QString::number(distinctColours(first))));
    QVERIFY(first != second);
    QVERIFY(view.canvasScene()->legendItem()->statusText().contains("in flight"));
}

void TestGuiCanvas::edgesFoundLaterAreDrawn()
{
    // The edges live in the view's cached background: a link seen only once the run starts
    // must reach that picture, i.e. the grab equals one drawn from scratch.
    QFile file(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/saga-orchestration.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    auto doc = load(file.readAll());
    CanvasView view(doc.get());
    view.resize(1200, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.refresh();
    (void)view.grab(); // the background picture now exists
    const qsizetype edgesBefore = view.canvasScene()->edgeItems().size();
    advance(doc.get(), 2 * kSecond);
    view.refresh();
    QVERIFY(view.canvasScene()->edgeItems().size() > edgesBefore);
    const QImage cached = view.grab().toImage();
    view.resetCachedContent();
    QCOMPARE(cached, view.grab().toImage());
    // And the edges are painted at all: without them the picture differs.
    for (EdgeItem *e : view.canvasScene()->edgeItems())
        e->setVisible(false);
    view.canvasScene()->invalidate(view.sceneRect(), QGraphicsScene::BackgroundLayer);
    QVERIFY(view.grab().toImage() != cached);
}

void TestGuiCanvas::crashGreysTheService()
{
    auto doc = load(kScenario);
    CanvasView view(doc.get());
    view.resize(1200, 800);
    ServiceItem *back2 = view.canvasScene()->serviceItem(2);
    advance(doc.get(), 900 * kMillisecond);
    view.refresh();
    QVERIFY(!back2->isDown());
    advance(doc.get(), 1400 * kMillisecond);
    view.refresh();
    QVERIFY(back2->isDown());
    QVERIFY2(back2->state().restartInSeconds > 0.5 && back2->state().restartInSeconds <= 0.61,
             qPrintable(QString::number(back2->state().restartInSeconds)));
    QVERIFY(!view.canvasScene()->serviceItem(1)->isDown());
    advance(doc.get(), 2100 * kMillisecond);
    view.refresh();
    QVERIFY(!back2->isDown());
}

void TestGuiCanvas::partitionAndBusDownShow()
{
    auto doc = load(kScenario);
    CanvasView view(doc.get());
    view.resize(1200, 800);
    advance(doc.get(), 2700 * kMillisecond);
    view.refresh();
    QCOMPARE(view.canvasScene()->partitionItem()->partitionCount(), 1);
    QVERIFY(!view.canvasScene()->busItem()->isDown());
    advance(doc.get(), 3500 * kMillisecond);
    view.refresh();
    QCOMPARE(view.canvasScene()->partitionItem()->partitionCount(), 0);
    QVERIFY(view.canvasScene()->busItem()->isDown());
    QVERIFY(view.canvasScene()->busItem()->held() > 0);
}

void TestGuiCanvas::busLanesCountWhatIsDrawnAndWhoIsBehind()
{
    QFile file(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/cqrs-lag.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    auto doc = load(file.readAll());
    CanvasView view(doc.get());
    view.resize(1200, 800);
    const auto busFlights = [&view] {
        std::size_t n = 0;
        for (const InFlightMessage &m : view.canvasScene()->tracker().inFlight())
            n += m.from == kBusEndpoint ? 1 : 0;
        return n;
    };
    // 36.5 s: order-view is down (34-38 s); the bus keeps its events for it.
    advance(doc.get(), 36500 * kMillisecond);
    view.refresh();
    BusItem *bus = view.canvasScene()->busItem();
    QCOMPARE(bus->lanes().size(), 1);
    QCOMPARE(bus->inFlight(), busFlights());
    QCOMPARE(std::size_t(bus->lanes()[0].inFlight), busFlights());
    const Bus &worldBus = doc->world().bus();
    std::int64_t viewLag = -1;
    for (std::size_t k = 0; k < worldBus.subscriptions().size(); ++k)
        if (doc->world().names().services[std::size_t(worldBus.subscriptions()[k].consumer)] ==
            "order-view")
            viewLag = worldBus.consumerLag(int(k));
    QVERIFY2(viewLag > 10, qPrintable(QString::number(viewLag)));
    QVERIFY2(bus->lanes()[0].waiting.contains(QStringLiteral("order-view %1 behind").arg(viewLag)),
             qPrintable(bus->lanes()[0].waiting));
    // At a past playhead the offsets are not known: nothing is said rather than something old.
    doc->seekTime(20 * kSecond);
    view.refresh();
    QCOMPARE(bus->inFlight(), busFlights());
    QVERIFY(bus->lanes()[0].waiting.isEmpty());
    QCOMPARE(bus->held(), -1L);
}

void TestGuiCanvas::selectionEmits()
{
    auto doc = load(kScenario);
    CanvasView view(doc.get());
    view.resize(1200, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy spy(&view, &CanvasView::serviceSelected);
    ServiceItem *back1 = view.canvasScene()->serviceItem(1);
    ServiceItem *watcher = view.canvasScene()->serviceItem(3);
    const QPoint p1 = view.mapFromScene(back1->sceneBoundingRect().center());
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, p1);
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.last().at(0).toInt(), 1);
    const QPoint p3 = view.mapFromScene(watcher->sceneBoundingRect().center());
    QTest::mouseClick(view.viewport(), Qt::LeftButton, Qt::ControlModifier, p3);
    QCOMPARE(view.selectedServices(), QList<int>({1, 3}));
    QCOMPARE(spy.last().at(0).toInt(), 3);
    view.canvasScene()->clearSelection();
    QCOMPARE(spy.last().at(0).toInt(), -1);
    QVERIFY(view.selectedServices().isEmpty());
}

void TestGuiCanvas::layoutRoundTrips()
{
    auto doc = load(kScenario);
    CanvasView view(doc.get());
    view.resize(1200, 800);
    const auto original = view.layoutPositions();
    QVERIFY(original.contains("front") && original.contains("@bus") &&
            original.contains("@clients"));
    auto moved = original;
    moved["back1"] += QPointF(123, -45);
    moved["@bus"] += QPointF(0, 300);
    view.applyLayout(moved);
    QCOMPARE(view.layoutPositions(), moved);
    QCOMPARE(view.canvasScene()->serviceItem(1)->pos(), moved["back1"]);
    // Edges followed the node.
    bool followed = false;
    for (EdgeItem *e : view.canvasScene()->edgeItems())
        if (e->toNode() == view.canvasScene()->serviceItem(1))
            followed |= view.canvasScene()
                            ->serviceItem(1)
                            ->sceneBoundingRect()
                            .adjusted(-2, -2, 2, 2)
                            .contains(e->route().p2());
    QVERIFY(followed);
    view.applyLayout(original);
    QCOMPARE(view.layoutPositions(), original);
}

void TestGuiCanvas::sharedDatabaseIsOneCylinder()
{
    auto doc = load(kScenario);
    CanvasView view(doc.get());
    Scenario shared = doc->scenario();
    turnOn(shared.patterns, DataSettings{});
    view.canvasScene()->rebuild(shared);
    QVERIFY(view.canvasScene()->sharedDatabaseItem());
    QCOMPARE(view.canvasScene()->databaseItems().size(), 1);
    int wires = 0;
    for (EdgeItem *e : view.canvasScene()->edgeItems())
        wires += e->kind() == EdgeItem::Kind::SharedDatabase;
    QCOMPARE(wires, 4);
}

void TestGuiCanvas::frameTimeWithManyMessages()
{
    auto doc = load(benchScenario());
    CanvasView view(doc.get());
    view.resize(1600, 1000);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    advance(doc.get(), 1 * kSecond);
    view.refresh();
    const int frames = 120;
    QElapsedTimer clock;
    QElapsedTimer wall;
    wall.start();
    double refreshTotal = 0, paintTotal = 0, worst = 0;
    std::vector<double> frameMs;
    std::vector<double> cpuMs;
    std::size_t inFlight = 0;
    for (int i = 1; i <= frames; ++i) {
        // 60 fps at 1x: a frame every 16.7 ms of wall time showing 16.7 ms more of virtual
        // time, so what is throttled to wall time (the boxes' numbers) is as in playback.
        const qint64 due = qint64(i) * 16667;
        while (wall.nsecsElapsed() / 1000 < due)
            QTest::qSleep(1);
        advance(doc.get(), kSecond + i * 16667);
        const double cpu0 = threadCpuMs();
        clock.start();
        view.refreshFrame();
        const double r = clock.nsecsElapsed() / 1e6;
        clock.start();
        view.viewport()->repaint();
        const double p = clock.nsecsElapsed() / 1e6;
        cpuMs.push_back(threadCpuMs() - cpu0);
        refreshTotal += r;
        paintTotal += p;
        worst = std::max(worst, r + p);
        frameMs.push_back(r + p);
        inFlight = std::max(inFlight, view.canvasScene()->tracker().inFlight().size());
    }
    // The median and the best frame say what the canvas costs when other processes leave the
    // core alone; the average and the worst include their interference. The CPU time of this
    // thread is not inflated by waiting for the core.
    std::sort(frameMs.begin(), frameMs.end());
    std::sort(cpuMs.begin(), cpuMs.end());
    qInfo("canvas bench (%s): 50 services, up to %zu messages in flight: refresh %.2f ms, "
          "paint %.2f ms, frame %.2f ms on average, median %.2f, best %.2f, worst %.2f ms; "
          "CPU per frame median %.2f ms, 95th percentile %.2f ms",
          qPrintable(QGuiApplication::platformName()), inFlight, refreshTotal / frames,
          paintTotal / frames, (refreshTotal + paintTotal) / frames, frameMs[frameMs.size() / 2],
          frameMs.front(), worst, cpuMs[cpuMs.size() / 2], cpuMs[cpuMs.size() * 95 / 100]);
    QVERIFY(inFlight >= 1800);

    // The same frame without drawing messages, to tell the layer's share.
    view.canvasScene()->messageLayer()->setMaxDrawn(0);
    double without = 0;
    for (int i = 0; i < 30; ++i) {
        clock.start();
        view.viewport()->repaint();
        without += clock.nsecsElapsed() / 1e6;
    }
    qInfo("canvas bench: paint without the message layer %.2f ms", without / 30);
}

void TestGuiCanvas::screenshots()
{
    // Set DPLAB_SHOTS to a directory to write the pictures used to judge the look.
    const QString dir = qEnvironmentVariable("DPLAB_SHOTS");
    if (dir.isEmpty())
        QSKIP("set DPLAB_SHOTS=<dir> to write screenshots");
    QDir().mkpath(dir);
    QFile lesson(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/queue-lab.json"));
    QVERIFY(lesson.open(QIODevice::ReadOnly));
    struct Shot
    {
        QByteArray text;
        SimTime at;
        const char *name;
    };
    const Shot shots[] = {{lesson.readAll(), 2 * kSecond, "canvas-queue-lab.png"},
                          {kScenario, 2700 * kMillisecond, "canvas-faults-partition.png"},
                          {kScenario, 1400 * kMillisecond, "canvas-faults-crash.png"},
                          {kScenario, 3500 * kMillisecond, "canvas-faults-busdown.png"},
                          {benchScenario(), 1200 * kMillisecond, "canvas-bench.png"}};
    for (const Shot &shot : shots) {
        auto doc = load(shot.text);
        CanvasView view(doc.get());
        view.resize(1600, 1000);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setOverlayVisible(true);
        for (SimTime t = 0; t <= shot.at; t += 50 * kMillisecond) {
            advance(doc.get(), t);
            view.refresh();
        }
        advance(doc.get(), shot.at);
        view.refresh();
        view.canvasScene()->updateDatabaseCounts();
        QVERIFY(view.grab().save(dir + "/" + shot.name));
    }
}

QTEST_MAIN(TestGuiCanvas)
#include "tst_guicanvas.moc"
