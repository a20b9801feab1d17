// The window on a projector: windows inside the screen, a caption bar that never moves the
// layout, a canvas fitted without scrollbars, and a legend whose count is the dots drawn.
#include "app/gui/canvas/canvasscene.h"
#include "app/gui/canvas/canvastheme.h"
#include "app/gui/canvas/canvasview.h"
#include "app/gui/canvas/legenditem.h"
#include "app/gui/canvas/losscaptionitem.h"
#include "app/gui/canvas/messagelayeritem.h"
#include "app/gui/canvas/messagetracker.h"
#include "app/gui/canvas/nodeitem.h"
#include "app/gui/canvas/partitionitem.h"
#include "app/gui/canvas/serviceitem.h"
#include "app/gui/classroom/captionbar.h"
#include "app/gui/classroom/presenter.h"
#include "app/gui/compare/comparedialog.h"
#include "app/gui/compare/comparewindow.h"
#include "app/gui/exportactions.h"
#include "app/gui/mainwindow.h"
#include "app/gui/panels/checkspanel.h"
#include "app/gui/windowplacement.h"
#include "tests/support/guitestsupport.h"

#include <QDialog>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

using namespace dplab;
using namespace dplab::test;

namespace {

QByteArray readLesson(const QString &name)
{
    QFile f(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/") + name);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QStringList lessons()
{
    QStringList names = QDir(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios"))
                            .entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    names.removeAll(QStringLiteral("schema.json"));
    return names;
}

/// The number the legend's status line starts with ("12 messages in flight ...").
int legendCount(const CanvasScene &scene)
{
    const QRegularExpressionMatch m =
        QRegularExpression(QStringLiteral("^(\\d+) messages? in flight"))
            .match(scene.legendItem()->statusText());
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

} // namespace

class TestGuiProjector : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("dplab-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_guiprojector"));
        QSettings().clear();
    }

    void aWindowTooBigForTheScreenFillsIt()
    {
        QWidget w;
        const QRect area = availableArea(&w);
        placeOnScreen(&w, area.size() + QSize(200, 200));
        QCOMPARE(w.geometry(), area);
        QVERIFY(w.windowState() & Qt::WindowMaximized);

        // One that fits is centred at its size.
        QWidget small;
        const QSize size(area.width() / 2, area.height() / 2);
        placeOnScreen(&small, size);
        QCOMPARE(small.size(), size);
        QCOMPARE(small.geometry().center(), area.center());
        QVERIFY(!(small.windowState() & Qt::WindowMaximized));

        // A dialog shrinks (with room for a frame) and is never maximized.
        QDialog dialog;
        fitOnScreen(&dialog, area.size() + QSize(100, 100));
        QVERIFY(area.contains(dialog.geometry()));
        QVERIFY(dialog.height() < area.height());
        QVERIFY(!(dialog.windowState() & Qt::WindowMaximized));
    }

    void theScreenIsAProjector() { QCOMPARE(availableArea(nullptr), QRect(0, 0, 1280, 720)); }

    /// Presentation mode on a 1280x720 projector makes the services' names much larger, also
    /// while a caption shows a dock. (The 14 px aimed at is not reached by every lesson: the
    /// figures print for the notes.)
    void boxTextIsReadableOnAProjector_data()
    {
        QTest::addColumn<QString>("lesson");
        for (const QString &name : lessons())
            QTest::newRow(qPrintable(name)) << name;
    }
    void boxTextIsReadableOnAProjector()
    {
        QFETCH(QString, lesson);
        QSettings().clear();
        MainWindow w;
        QVERIFY(w.openFile(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/") + lesson));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const double titlePx = QFontInfo(CanvasTheme::titleFont()).pixelSize();
        auto shown = [&] {
            QCoreApplication::processEvents();
            QTest::qWait(20);
            return titlePx * w.canvas()->transform().m11();
        };
        const double normal = shown();
        w.presenter()->setPresenting(true);
        const double presenting = shown();
        w.presenter()->raiseDock(qobject_cast<QDockWidget *>(w.checksPanel()->parentWidget()));
        const double withDock = shown();
        qInfo("%s: service names %.1f px in the window, %.1f presenting, %.1f with a dock",
              qPrintable(lesson), normal, presenting, withDock);
        // Presenting, the diagram is at least twice the window's; a dock costs it less than a
        // third of its scale (it goes on the side the diagram can spare best).
        QVERIFY2(presenting >= 2 * normal, qPrintable(QString::number(presenting)));
        QVERIFY2(withDock >= 0.7 * presenting, qPrintable(QString::number(withDock)));
        w.presenter()->setPresenting(false);
    }

    void theMainWindowOpensInsideTheScreen()
    {
        QSettings().clear();
        MainWindow w;
        QVERIFY(w.openDefaultLesson());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QRect area = availableArea(&w);
        QVERIFY2(area.contains(w.geometry()),
                 qPrintable(QStringLiteral("window %1x%2+%3+%4, screen area %5x%6")
                                .arg(w.width())
                                .arg(w.height())
                                .arg(w.x())
                                .arg(w.y())
                                .arg(area.width())
                                .arg(area.height())));
        // A geometry saved on a bigger screen is placed again.
        QWidget big;
        big.setGeometry(0, 0, area.width() * 2, area.height() * 2);
        QSettings().setValue("window/geometry", big.saveGeometry());
        MainWindow again;
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QVERIFY2(area.contains(again.geometry()),
                 qPrintable(QStringLiteral("%1x%2").arg(again.width()).arg(again.height())));
        QSettings().clear();
    }

    void theCompareWindowAndItsDialogOpenInsideTheScreen()
    {
        auto doc = load(readLesson(QStringLiteral("outbox-vs-dual-write.json")));
        QString error;
        std::unique_ptr<CompareWindow> w(
            CompareDialog::compare(*doc, QStringLiteral("patterns.outbox=true"), nullptr, &error));
        QVERIFY2(w, qPrintable(error));
        w->setAttribute(Qt::WA_DeleteOnClose, false);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        const QRect area = availableArea(w.get());
        QVERIFY2(area.contains(w->geometry()),
                 qPrintable(QStringLiteral("%1x%2").arg(w->width()).arg(w->height())));
        CompareDialog dialog(*doc);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY2(area.contains(dialog.geometry()),
                 qPrintable(QStringLiteral("%1x%2").arg(dialog.width()).arg(dialog.height())));
    }

    void theCaptionBarKeepsItsHeight()
    {
        CaptionBar bar;
        bar.resize(900, bar.height());
        bar.setCaption(QStringLiteral("Short."), 0, 3, false);
        bar.show();
        QVERIFY(QTest::qWaitForWindowExposed(&bar));
        const int height = bar.height();
        const double size = bar.textPointSize();
        QString longText;
        for (int i = 0; i < 12; ++i)
            longText += QStringLiteral("A long caption that goes on about the outbox relay. ");
        bar.setCaption(longText, 1, 3, false);
        QCOMPARE(bar.height(), height);
        QVERIFY2(bar.textPointSize() < size, qPrintable(QString::number(bar.textPointSize())));
        QVERIFY(bar.textPointSize() >= size * CaptionBar::kSmallest - 1e-9);
        bar.setCaption(QStringLiteral("Short again."), 2, 3, true);
        QCOMPARE(bar.height(), height);
        QCOMPARE(bar.textPointSize(), size);
        // Larger type for the projector, and a taller bar to hold it.
        bar.setPresentation(true);
        QVERIFY(bar.height() > height);
        QVERIFY(bar.textPointSize() > size);
    }

    void theCanvasFitsWithoutScrollbarsUntilTheUserZooms()
    {
        auto doc = load(readLesson(QStringLiteral("cqrs-lag.json")));
        CanvasView view(doc.get());
        view.resize(800, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.autoFit());
        QVERIFY(!view.horizontalScrollBar()->isVisible());
        QVERIFY(!view.verticalScrollBar()->isVisible());
        auto inside = [&view] {
            const QRect mapped =
                view.mapFromScene(view.canvasScene()->contentRect()).boundingRect();
            return view.viewport()->rect().contains(mapped);
        };
        QVERIFY(inside());
        view.resize(600, 700); // fitted again on resize
        QTest::qWait(10);
        QVERIFY(inside());

        QWheelEvent zoom(QPointF(300, 300), view.mapToGlobal(QPointF(300, 300)), QPoint(),
                         QPoint(0, 360), Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase,
                         false);
        QApplication::sendEvent(view.viewport(), &zoom);
        QVERIFY(!view.autoFit());
        QVERIFY(!inside());
        QCOMPARE(view.horizontalScrollBarPolicy(), Qt::ScrollBarAsNeeded);
        view.fitToWindow(); // Ctrl+0
        QVERIFY(view.autoFit());
        QVERIFY(inside());
        QCOMPARE(view.horizontalScrollBarPolicy(), Qt::ScrollBarAlwaysOff);
    }

    // At a past playhead a crashed service says when it came back (the recording knows), as it
    // did at the present: never "no restart" for a service that restarts.
    void aPastCrashSaysWhenTheServiceComesBack()
    {
        auto doc = load(readLesson(QStringLiteral("outbox-vs-dual-write.json")));
        CanvasView view(doc.get());
        advance(doc.get(), 30 * kSecond);
        const int orders = doc->world().serviceIndex("orders");
        const TraceLog &trace = doc->trace();
        SimTime crash = -1, restart = -1;
        for (std::size_t i = 0; i < trace.size() && restart < 0; ++i) {
            const TraceEvent &e = trace[i];
            if (e.from == orders && e.kind == TraceKind::Crash && crash < 0)
                crash = e.time;
            else if (e.from == orders && e.kind == TraceKind::Restart && crash >= 0)
                restart = e.time;
        }
        QVERIFY2(crash >= 0 && restart > crash, "orders should crash and restart by 30 s");
        const SimTime at = crash + (restart - crash) / 2;
        doc->seekTime(at);
        QVERIFY(!doc->atPresent());
        view.refresh();
        const ServiceItemState &st = view.canvasScene()->serviceItem(orders)->state();
        QVERIFY(!st.up);
        QCOMPARE(st.restartInSeconds, double(restart - at) / kSecond);
    }

    // After the rename, orders' join fails: its box says what share of its replies failed in
    // the last second; the team that made the change answers fine.
    void aServiceWhoseRepliesFailShowsIt()
    {
        auto doc = load(readLesson(QStringLiteral("schema-change-coupling.json")));
        CanvasView view(doc.get());
        advance(doc.get(), 29 * kSecond);
        view.refresh();
        const CanvasScene &scene = *view.canvasScene();
        const World &world = doc->world();
        const ServiceItemState &orders = scene.serviceItem(world.serviceIndex("orders"))->state();
        const ServiceItemState &customers =
            scene.serviceItem(world.serviceIndex("customers"))->state();
        // The same figure from the trace: orders' replies in (28 s, 29 s].
        int replies = 0, failed = 0;
        const TraceLog &trace = doc->trace();
        for (std::size_t i = 0; i < trace.size(); ++i) {
            const TraceEvent &e = trace[i];
            if (e.kind == TraceKind::Reply && e.from == world.serviceIndex("orders") &&
                e.time > 28 * kSecond && e.time <= 29 * kSecond) {
                ++replies;
                failed += e.ok ? 0 : 1;
            }
        }
        QVERIFY(replies > 0 && failed > 0);
        QCOMPARE(orders.failedPercent, std::max(1, (100 * failed + replies / 2) / replies));
        QVERIFY2(orders.failedPercent >= 30, qPrintable(QString::number(orders.failedPercent)));
        QCOMPARE(customers.failedPercent, 0);
        // Before the rename nobody fails.
        doc->seekTime(15 * kSecond);
        view.refresh();
        QVERIFY(scene.serviceItem(world.serviceIndex("orders"))->state().failedPercent <= 0);
    }

    // Export > Canvas writes the whole diagram at the size asked for, with the legend, whatever
    // part of it the view shows.
    void theCanvasExportHasTheWholeDiagram()
    {
        auto doc = load(readLesson(QStringLiteral("cqrs-lag.json")));
        CanvasView view(doc.get());
        view.resize(500, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        advance(doc.get(), 5 * kSecond);
        view.refresh();
        // Zoomed in on a corner: the view shows a small part.
        QWheelEvent zoom(QPointF(50, 50), view.mapToGlobal(QPointF(50, 50)), QPoint(),
                         QPoint(0, 720), Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase,
                         false);
        QApplication::sendEvent(view.viewport(), &zoom);
        ExportActions exports(doc.get(), &view, nullptr, nullptr);
        exports.setCanvasSize(QSize(1280, 720));
        QTemporaryDir dir;
        QCOMPARE(exports.exportCanvas(dir.filePath("canvas.png")), QString());
        QImage image(dir.filePath("canvas.png"));
        QCOMPARE(image.size(), QSize(1280, 720));
        if (qEnvironmentVariableIsSet("DPLAB_SCREENSHOTS"))
            image.save(qEnvironmentVariable("DPLAB_SCREENSHOTS") + "/canvas-export.png");
        // Box borders (dark pixels) across most of the width: every column of services is in.
        const QRgb background = image.pixel(image.width() - 2, image.height() - 2);
        int left = image.width(), right = 0;
        for (int y = 100; y < image.height(); y += 3)
            for (int x = 0; x < image.width(); ++x)
                if (qGray(image.pixel(x, y)) < 100 && image.pixel(x, y) != background) {
                    left = std::min(left, x);
                    right = std::max(right, x);
                }
        QVERIFY2(right - left > image.width() / 2,
                 qPrintable(QStringLiteral("drawing spans %1..%2").arg(left).arg(right)));

        QCOMPARE(exports.exportCanvas(dir.filePath("canvas.svg")), QString());
        QFile svg(dir.filePath("canvas.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QByteArray text = svg.readAll();
        QVERIFY(text.contains("<svg"));
        for (const char *name : {"gateway", "orders", "order-view", "messages in flight"})
            QVERIFY2(text.contains(name), name);
        // The view itself is as the user left it.
        QVERIFY(!view.autoFit());
        QVERIFY(view.canvasScene()->legendItem()->isVisible());
    }

    // A partition is drawn around each side's own boxes, labelled with its members in full:
    // nobody of the other side inside it.
    void aPartitionOutlinesEachSideOnly()
    {
        auto json = nlohmann::ordered_json::parse(
            readLesson(QStringLiteral("two-phase-commit-vs-saga.json")).toStdString());
        json["faults"].push_back(
            {{"kind", "partition"},
             {"at", "1s"},
             {"for", "5s"},
             {"between",
              {{"orders", "shipping"}, {"gateway", "products", "inventory", "payments"}}}});
        auto doc = load(QByteArray::fromStdString(json.dump()));
        CanvasView view(doc.get());
        advance(doc.get(), 2 * kSecond);
        view.refresh();
        const CanvasScene &scene = *view.canvasScene();
        const auto &partitions = scene.partitionItem()->sides();
        QCOMPARE(partitions.size(), 1);
        QCOMPARE(partitions[0].size(), 2);
        const PartitionItem::Side &a = partitions[0][0];
        QCOMPARE(a.names, QStringList({"orders", "shipping"}));
        QVERIFY(a.label.endsWith(QStringLiteral("orders, shipping")));
        // No box of side B lies inside a box of side A (grown by the outline's margin).
        const World &world = doc->world();
        for (const char *other : {"gateway", "products", "inventory", "payments"}) {
            const QRectF box = scene.serviceItem(world.serviceIndex(other))->sceneBoundingRect();
            for (const QRectF &mine : a.members)
                QVERIFY2(!mine.adjusted(-14, -14, 14, 14).contains(box.center()), other);
        }
        // Healed: nothing drawn.
        advance(doc.get(), 7 * kSecond);
        view.refresh();
        QVERIFY(scene.partitionItem()->sides().isEmpty());
    }

    // "event lost" sits beside its burst without covering a box (it covered the gateway).
    void aLossCaptionCoversNoBox()
    {
        auto doc = load(readLesson(QStringLiteral("outbox-vs-dual-write.json")));
        CanvasView view(doc.get());
        view.resize(1000, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const CanvasScene &scene = *view.canvasScene();
        int checked = 0;
        for (SimTime t = 5 * kSecond; t < 30 * kSecond && checked < 3; t += 50 * kMillisecond) {
            advance(doc.get(), t);
            view.refresh();
            const QTransform toDevice = view.viewportTransform();
            for (const TransientEffect &fx : scene.tracker().losses()) {
                const QRectF caption = scene.lossCaptionItem()->captionRect(fx, toDevice);
                for (QGraphicsItem *item : scene.items())
                    if (!item->parentItem() && dynamic_cast<NodeItem *>(item))
                        QVERIFY2(!caption.intersects(toDevice.mapRect(item->sceneBoundingRect())),
                                 qPrintable(QStringLiteral("at %1 us").arg(t)));
                ++checked;
            }
        }
        QVERIFY(checked > 0);
    }

    void theLegendCountsTheDotsDrawn_data()
    {
        QTest::addColumn<QString>("lesson");
        for (const QString &name : lessons())
            QTest::newRow(qPrintable(name)) << name;
    }

    // Every lesson, 10 s in at 1x: the legend's count is the number of filled dots drawn, and
    // hops that take no time are rings, counted apart.
    void theLegendCountsTheDotsDrawn()
    {
        QFETCH(QString, lesson);
        auto doc = load(readLesson(lesson));
        CanvasView view(doc.get());
        view.resize(1000, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setSpeedHint(1.0);
        advance(doc.get(), 10 * kSecond);
        view.refresh();
        view.grab(); // paints
        const CanvasScene &scene = *view.canvasScene();
        const int inFlight = int(scene.tracker().inFlight().size());
        QCOMPARE(legendCount(scene), inFlight);
        QCOMPARE(scene.messageLayer()->lastDrawnInFlight(),
                 std::min(inFlight, scene.messageLayer()->maxDrawn()));
        const int hops = scene.messageLayer()->hopsShown();
        QCOMPARE(scene.legendItem()->statusText().contains(QStringLiteral("instant hop")),
                 hops > 0);
    }

    // After playing fast, a seek back must not leave the fast play's effects on screen: the
    // picture is the one a view opened at that moment shows.
    void aSeekLeavesOnlyWhatIsTrueAtThePlayhead()
    {
        auto doc = load(readLesson(QStringLiteral("queue-lab.json")));
        CanvasView played(doc.get());
        played.resize(1000, 600);
        played.show();
        QVERIFY(QTest::qWaitForWindowExposed(&played));
        played.setSpeedHint(1000.0);
        for (SimTime t = 100 * kMillisecond; t <= 6 * kSecond; t += 100 * kMillisecond) {
            advance(doc.get(), t);
            played.refreshFrame();
        }
        const int hopsPlaying = played.canvasScene()->messageLayer()->hopsShown();
        doc->seekTime(2 * kSecond);
        played.refresh();
        const int hopsAfterSeek = played.canvasScene()->messageLayer()->hopsShown();

        CanvasView fresh(doc.get());
        fresh.resize(1000, 600);
        fresh.setSpeedHint(1000.0);
        fresh.refresh();
        QCOMPARE(hopsAfterSeek, fresh.canvasScene()->messageLayer()->hopsShown());
        QCOMPARE(played.canvasScene()->legendItem()->statusText(),
                 fresh.canvasScene()->legendItem()->statusText());
        // At max speed the last 2 s of hops were drawn; standing still, only the last 300 ms.
        QVERIFY2(hopsAfterSeek < hopsPlaying,
                 qPrintable(QStringLiteral("%1 after the seek, %2 while playing")
                                .arg(hopsAfterSeek)
                                .arg(hopsPlaying)));
    }
};

// The offscreen platform with one screen the size of a classroom projector, 1280x720, and no
// window frames, so geometry can be compared exactly.
int main(int argc, char **argv)
{
    const QString config = QDir::temp().filePath(QStringLiteral("dplab-projector-screen.json"));
    QFile f(config);
    if (!f.open(QIODevice::WriteOnly) ||
        f.write(R"({"windowFrameMargins": false, "screens": [{"name": "projector", "x": 0,
                "y": 0, "width": 1280, "height": 720, "logicalDpi": 96, "logicalBaseDpi": 96,
                "dpr": 1}]})") < 0)
        return 2;
    f.close();
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + QFile::encodeName(config));
    QApplication app(argc, argv);
    TestGuiProjector test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_guiprojector.moc"
