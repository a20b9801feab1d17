// Following one transaction: the causal tree read from the trace, playback that slows down for
// its hops and never jumps over one, the canvas that draws it apart, a click that picks it.

#include "tests/support/guitestsupport.h"

#include "app/gui/canvas/canvasscene.h"
#include "app/gui/canvas/canvasview.h"
#include "app/gui/canvas/messagelayeritem.h"
#include "app/gui/follow/followcontroller.h"
#include "app/gui/follow/followedtransaction.h"
#include "app/gui/mainwindow.h"
#include "app/gui/playback.h"

#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QThread>

#include <set>
#include <string>

using namespace dplab;

namespace {

QString lesson(const char *name)
{
    return QString(DPLAB_SOURCE_DIR "/scenarios/%1.json").arg(name);
}

/// The operations (labels without "op:") of the transaction's messages, by trace kind.
std::set<std::string> operationsOf(const FollowedTransaction &f, const TraceLog &log,
                                   const NameTable &names, TraceKind kind)
{
    std::set<std::string> out;
    for (std::size_t i = 0; i < log.size(); ++i)
        if (log[i].kind == kind && f.containsEvent(log[i].id))
            out.insert(names.labelName(log[i].label).substr(3));
    return out;
}

} // namespace

/** Tests of Follow: the followed transaction, slow motion, the canvas and the banner. */
class TestGuiFollow : public QObject
{
    Q_OBJECT

public:
    TestGuiFollow() { Q_INIT_RESOURCE(dplab); }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("dplab-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_guifollow"));
        QSettings().clear();
    }

    void theTransactionIsEverythingItsRequestCaused()
    {
        // The first order of the two-phase commit lesson: a prepare round that ends in abort.
        MainWindow w;
        QVERIFY(w.openFile(lesson("two-phase-commit-vs-saga")));
        SimulationDocument *doc = w.document();
        test::advance(doc, 200 * kMillisecond);
        FollowedTransaction f;
        f.followNextRequest(0);
        QVERIFY(f.armed());
        f.update(doc->trace());
        QVERIFY(f.active() && !f.armed());
        QCOMPARE(f.root().kind, TraceKind::Request);
        QCOMPARE(f.root().from, kClientEndpoint);
        QCOMPARE(f.root().key, 160);
        QCOMPARE(f.root().time, SimTime(41922));
        const NameTable &names = doc->world().names();
        const TraceLog &log = doc->trace();
        // Every hop: the client's call through the gateway, the product lookup, a prepare to
        // each participant, their votes, the abort to each, their answers and the replies back.
        QCOMPARE(f.hopsSentBy(kSecond), 14);
        QCOMPARE(operationsOf(f, log, names, TraceKind::Send),
                 (std::set<std::string>{"place_order", "get_product", "prepare", "abort"}));
        // Not a single event of the next order.
        for (std::size_t i = 0; i < log.size(); ++i)
            if (log[i].kind == TraceKind::Request && log[i].id != f.root().id)
                QVERIFY(!f.containsEvent(log[i].id));
        // 2 ms hops: followed, one takes 0.8 s on screen, i.e. 1/400x.
        QCOMPARE(f.hopsInAir(41922 + 1000), 1);
        QCOMPARE(*f.slowSpeedAt(41922 + 1000), 2000.0 / 800000.0);
        QVERIFY(!f.slowSpeedAt(41922 - 1));
        QCOMPARE(*f.hopLeavingIn(0, kSecond), SimTime(41922));
        QVERIFY(!f.hopLeavingIn(41922 + 23200, kSecond)); // all left before
        QVERIFY(!f.doneAt(70 * kMillisecond));
        QVERIFY(f.doneAt(41922 + 23200 + FollowedTransaction::kQuiet));

        // Following an event in the middle follows the same tree, from its root.
        std::size_t prepare = 0;
        while (!(log[prepare].kind == TraceKind::Send && f.containsEvent(log[prepare].id) &&
                 names.labelName(log[prepare].label) == "op:prepare"))
            ++prepare;
        FollowedTransaction g;
        g.followEvent(log, prepare);
        g.update(log);
        QCOMPARE(g.root().id, f.root().id);
        QCOMPARE(g.eventCount(), f.eventCount());
    }

    void withAServiceSelectedItFollowsTheNextTransactionThatReachesIt()
    {
        // cqrs-lag: the read side order-view gets queries and, through the bus, the events
        // of orders; the next message to it after 5 s starts a tree rooted at a client request.
        MainWindow w;
        QVERIFY(w.openFile(lesson("cqrs-lag")));
        SimulationDocument *doc = w.document();
        test::advance(doc, 5 * kSecond);
        const TraceLog &log = doc->trace();
        const NameTable &names = doc->world().names();
        int view = -1;
        for (std::size_t i = 0; i < names.services.size(); ++i)
            if (names.services[i] == "order-view")
                view = int(i);
        QVERIFY(view >= 0);
        const std::size_t from = log.countAtOrBefore(4 * kSecond);
        std::size_t first = from;
        while (!((log[first].kind == TraceKind::Send || log[first].kind == TraceKind::Reply) &&
                 log[first].to == view))
            ++first;
        FollowedTransaction f;
        f.followNextRequest(from, view);
        QVERIFY(f.armed());
        f.update(log);
        QVERIFY(f.active() && !f.armed());
        QVERIFY(f.containsEvent(log[first].id));
        QCOMPARE(f.root().kind, TraceKind::Request);
        QCOMPARE(f.root().from, kClientEndpoint);
        QVERIFY(f.root().time <= log[first].time);
        // The same as following that message by a click.
        FollowedTransaction g;
        g.followEvent(log, first);
        g.update(log);
        QCOMPARE(g.root().id, f.root().id);
        QCOMPARE(g.eventCount(), f.eventCount());
    }

    void playbackSlowsDownAndNeverJumpsOverAFollowedHop()
    {
        MainWindow w;
        QVERIFY(w.openFile(lesson("two-phase-commit-vs-saga")));
        SimulationDocument *doc = w.document();
        Playback *playback = w.playback();
        const FollowedTransaction &f = w.follow()->followed();
        playback->setSpeed(Playback::kMaxSpeed);
        w.follow()->followNextRequest();
        QVERIFY(f.armed());
        playback->play();
        // At max speed, the first frame runs far ahead, then comes back to the moment the
        // followed request's first hop leaves.
        playback->frame();
        QCOMPARE(doc->now(), SimTime(41922));
        QVERIFY(f.active() && !f.armed());
        QVERIFY(w.follow()->bannerText().contains(QStringLiteral("place_order (key 160)")));
        // Each of the first hops is seen in the air, in slow motion at 1/400x.
        std::set<SimTime> seenInAir;
        for (int i = 0; i < 2000 && doc->now() < 50 * kMillisecond; ++i) {
            QThread::usleep(4000);
            const bool hopInAir = f.hopsInAir(doc->now()) > 0;
            playback->frame();
            if (hopInAir)
                QCOMPARE(playback->effectiveSpeed(), 2000.0 / 800000.0);
            if (f.hopsInAir(doc->now()) > 0)
                seenInAir.insert(doc->now());
        }
        QVERIFY2(doc->now() >= 50 * kMillisecond, "slow motion never ends");
        // Frames between hops ran far ahead (max speed) and came back: that is not the
        // transaction going quiet.
        QVERIFY(f.active());
        // client->gateway (41.9-43.9 ms), gateway->orders (44.1-46.1), orders->products (47.1-49.1)
        for (SimTime sent : {SimTime(41922), SimTime(44122), SimTime(47122)}) {
            const auto it = seenInAir.lower_bound(sent);
            QVERIFY2(it != seenInAir.end() && *it < sent + 2000,
                     qPrintable(QStringLiteral("the hop at %1 us was never shown").arg(sent)));
        }
        // Between hops, where nothing followed is in the air, the chosen speed again.
        playback->pause();
        // Back at 45 ms: two hops have left, one (gateway -> orders) is in the air.
        doc->seekTime(45 * kMillisecond);
        QCOMPARE(w.follow()->bannerText(),
                 QStringLiteral("Following place_order (key 160)  ·  2 hops so far, 1 in the air"
                                "  ·  Esc stops"));
        w.follow()->stop();
        QVERIFY(!f.active());
        QVERIFY(w.follow()->bannerText().isEmpty());
    }

    void theCanvasDrawsTheFollowedMessagesApartAndAClickPicksOne()
    {
        MainWindow w;
        w.resize(1280, 720);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openFile(lesson("two-phase-commit-vs-saga")));
        SimulationDocument *doc = w.document();
        CanvasView *view = w.findChild<CanvasView *>();
        QVERIFY(view);
        MessageLayerItem *layer = view->canvasScene()->messageLayer();
        // 52 ms: the first order's prepare messages are on their way to both participants.
        test::advance(doc, 52 * kMillisecond);
        view->refresh();
        const auto &inFlight = view->canvasScene()->tracker().inFlight();
        QVERIFY(inFlight.size() >= 2);
        const InFlightMessage m = inFlight.front();
        const QPoint at = view->mapFromScene(layer->positionOf(m));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
        const FollowedTransaction &f = w.follow()->followed();
        QVERIFY(f.active());
        QVERIFY(f.containsEvent(m.sendEvent));
        QCOMPARE(f.root().kind, TraceKind::Request);
        view->refresh();
        (void)view->viewport()->grab();
        QCOMPARE(layer->lastDrawnFollowed(), f.hopsInAir(doc->now()));
        QVERIFY(layer->lastDrawnFollowed() >= 1);
        // The followed dot is drawn twice as large, ringed in the text colour: dark pixels
        // where a plain dot would leave the background.
        const QImage shot = view->viewport()->grab().toImage();
        const QPoint p = view->mapFromScene(layer->positionOf(m));
        int dark = 0;
        for (int dx = -16; dx <= 16; ++dx)
            for (int dy = -16; dy <= 16; ++dy)
                if (shot.rect().contains(p + QPoint(dx, dy)) &&
                    qGray(shot.pixel(p + QPoint(dx, dy))) < 80)
                    ++dark;
        QVERIFY2(dark > 40, qPrintable(QStringLiteral("%1 dark pixels").arg(dark)));
        // A click where no message is does not change what is followed.
        const std::uint64_t root = f.root().id;
        QVERIFY(!w.follow()->followMessageAt(QPoint(2, 2)));
        QCOMPARE(f.root().id, root);
    }
};

QTEST_MAIN(TestGuiFollow)
#include "tst_guifollow.moc"
