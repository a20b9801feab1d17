// The GUI of the data patterns: the dual-write choice, the read side's staleness badge and the
// status bar's current lag, the rebuild button, and events lost (or phantom) at the publisher.
// Run with QT_QPA_PLATFORM=offscreen.

#include "app/gui/canvas/canvasscene.h"
#include "app/gui/canvas/canvastheme.h"
#include "app/gui/canvas/canvasview.h"
#include "app/gui/canvas/messagetracker.h"
#include "app/gui/canvas/noticebadgeitem.h"
#include "app/gui/canvas/serviceitem.h"
#include "app/gui/canvas/stalenessbadgeitem.h"
#include "app/gui/canvas/stepsitem.h"
#include "app/gui/inspector/inspectorpanel.h"
#include "app/gui/mainwindow.h"
#include "app/gui/panels/faultpanel.h"
#include "app/gui/panels/patternspanel.h"
#include "app/gui/readsidelag.h"
#include "app/gui/simulationdocument.h"
#include "patterns/domain/inventoryservice.h"
#include "patterns/domain/ordersservice.h"
#include "patterns/saga/sagaview.h"
#include "tests/support/guitestsupport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QUndoStack>
#include <QtTest>

#include <memory>
#include <optional>
#include <set>

using namespace dplab;
using namespace dplab::test;

namespace {

QString lesson(const char *name)
{
    return QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/") + QLatin1String(name);
}

QByteArray lessonText(const char *name)
{
    QFile f(lesson(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(lesson(name)));
    return f.readAll();
}

/// The metrics value of `column` in the last row sampled at or before `t`, read straight from
/// the rows (not through the document), or nullopt.
std::optional<double> metricAt(const SimulationDocument &doc, const std::string &column, SimTime t)
{
    const Metrics &m = doc.run().metrics();
    int c = -1;
    for (std::size_t i = 0; i < m.columns().size(); ++i)
        if (m.columns()[i] == column)
            c = static_cast<int>(i);
    if (c < 0)
        return std::nullopt;
    std::optional<double> out;
    for (const auto &row : m.rows())
        if (row[0] <= toSeconds(t) + 1e-9)
            out = row[static_cast<std::size_t>(c)];
    return out;
}

/// Pixels of `image` inside `rect` within a small distance of `colour`.
int pixelsLike(const QImage &image, const QRect &rect, const QColor &colour)
{
    int n = 0;
    const QRect r = rect.intersected(image.rect());
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x) {
            const QColor p = image.pixelColor(x, y);
            if (std::abs(p.red() - colour.red()) + std::abs(p.green() - colour.green()) +
                    std::abs(p.blue() - colour.blue()) <
                40)
                ++n;
        }
    return n;
}

std::int64_t rowCount(SimulationDocument *doc, int service, const char *table)
{
    const QueryResult r = doc->queryDatabase(service, std::string("SELECT count(*) FROM ") + table);
    return std::get<std::int64_t>(r.rows.at(0).at(0));
}

/// The first event the orders' dual write gave up on (a Drop from a service to the bus that
/// the bus itself did not make), or nullptr.
const TraceEvent *firstLostEvent(const TraceLog &trace)
{
    for (std::size_t i = 0; i < trace.size(); ++i)
        if (trace[i].kind == TraceKind::Drop && trace[i].from >= 0 && trace[i].to == kBusEndpoint &&
            !trace[i].ok)
            return &trace[i];
    return nullptr;
}

} // namespace

/** Tests of the GUI for CQRS, the outbox and dual writes. */
class TestGuiPatterns : public QObject
{
    Q_OBJECT

public:
    TestGuiPatterns() { Q_INIT_RESOURCE(dplab); } // resources of the static dplab_gui library

private slots:
    void initTestCase();
    void lagTexts_data();
    void lagTexts();
    void dualWriteComboRoundTrips();
    void badgeShowsTheReadSidesLag();
    void replicaBadgeFollowsTheReplicasStaleness();
    void sagaStepsShowTheSagasInFlight();
    void lockBadgesShowBlockedParticipants();
    void storeBadgeFollowsTheEventStore();
    void statusBarShowsTheCurrentLag();
    void rebuildButtonFollowsTheSelection();
    void rebuildOfADownServiceIsRefusedVisibly();
    void aLostEventBurstsAtThePublisher();
    void aPhantomEventIsMarked();
    void aFailedSagaStepIsNoPhantom();
    void screenshots();
};

void TestGuiPatterns::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("dplab-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_guipatterns"));
    QSettings().clear();
}

void TestGuiPatterns::lagTexts_data()
{
    QTest::addColumn<bool>("sampled");
    QTest::addColumn<double>("staleness");
    QTest::addColumn<double>("behind");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("level");
    using L = ReadSideLag::Level;
    QTest::newRow("no sample") << false << 0.0 << 0.0 << "lag –" << int(L::Unknown);
    QTest::newRow("up to date") << true << 0.0 << 0.0 << "up to date" << int(L::UpToDate);
    QTest::newRow("62 ms") << true << 62.4 << 0.0 << "lag 62 ms" << int(L::Low);
    QTest::newRow("sub-ms") << true << 0.3 << 0.0 << "lag < 1 ms" << int(L::Low);
    QTest::newRow("amber") << true << 412.0 << 12.0 << "lag 412 ms · 12 behind" << int(L::Medium);
    QTest::newRow("1 s") << true << 1000.0 << 0.0 << "lag 1.0 s" << int(L::Medium);
    QTest::newRow("red") << true << 6400.0 << 3.0 << "lag 6.4 s · 3 behind" << int(L::High);
    QTest::newRow("minutes") << true << 125000.0 << 0.0 << "lag 2 min 5 s" << int(L::High);
}

void TestGuiPatterns::lagTexts()
{
    QFETCH(bool, sampled);
    QFETCH(double, staleness);
    QFETCH(double, behind);
    QFETCH(QString, text);
    QFETCH(int, level);
    ReadSideLag lag;
    lag.sampled = sampled;
    lag.stalenessMs = staleness;
    lag.consumerLag = behind;
    QCOMPARE(lag.text(), text);
    QCOMPARE(int(lag.level()), level);
}

void TestGuiPatterns::dualWriteComboRoundTrips()
{
    MainWindow w;
    QVERIFY(w.openFile(lesson("outbox-vs-dual-write.json")));
    PatternsPanel *p = w.patternsPanel();
    auto *order = qobject_cast<QComboBox *>(p->controlOf("outbox", "Dual write"));
    QCheckBox *outbox = p->switchOf(QStringLiteral("outbox"));
    QVERIFY(order && outbox);
    QVERIFY(!outbox->isChecked());
    QVERIFY(order->isEnabled());
    QCOMPARE(order->currentIndex(), 0);
    QVERIFY(!w.document()->scenario().patterns.isOn(DualWriteSettings::kKey));
    QVERIFY(order->toolTip().contains(QStringLiteral("phantom")));

    w.document()->advanceTo(2 * kSecond);
    order->setCurrentIndex(1);
    QVERIFY2(p->message().isEmpty(), qPrintable(p->message()));
    QVERIFY(w.document()->scenario().patterns.isOn(DualWriteSettings::kKey));
    // The run was simulated again with the new order up to the playhead (a fork).
    QCOMPARE(w.document()->now(), 2 * kSecond);
    QCOMPARE(w.document()->undoStack()->undoText(),
             QStringLiteral("switch dual write to publish, then commit"));

    // The outbox makes the order meaningless: the combo is disabled and the scenario stays one
    // a file could hold (the loader refuses "dual_write" next to an outbox).
    outbox->setChecked(true);
    QVERIFY((settingsOf<OutboxSettings>(w.document()->scenario()) != nullptr));
    QVERIFY(!order->isEnabled());
    QVERIFY(!w.document()->scenario().patterns.isOn(DualWriteSettings::kKey));
    outbox->setChecked(false);
    QVERIFY(order->isEnabled());
    order->setCurrentIndex(1);
    QVERIFY(w.document()->scenario().patterns.isOn(DualWriteSettings::kKey));
    order->setCurrentIndex(0);
    QVERIFY(!w.document()->scenario().patterns.isOn(DualWriteSettings::kKey));

    // From a file: "publish-first" shows as the second entry.
    QByteArray text = lessonText("outbox-vs-dual-write.json");
    text.replace("\"outbox\": false,", "\"outbox\": false, \"dual_write\": \"publish-first\",");
    QString error;
    QVERIFY2(w.document()->loadText(text, QStringLiteral("publish-first.json"), &error),
             qPrintable(error));
    QCOMPARE(order->currentIndex(), 1);
    QVERIFY(order->isEnabled());

    // A lesson with the outbox on: disabled.
    QVERIFY(w.openFile(lesson("cqrs-lag.json")));
    QVERIFY(outbox->isChecked());
    QVERIFY(!order->isEnabled());
}

void TestGuiPatterns::badgeShowsTheReadSidesLag()
{
    auto doc = load(lessonText("cqrs-lag.json"));
    CanvasView view(doc.get());
    view.resize(1600, 1000);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    CanvasScene *scene = view.canvasScene();
    const int orderView = doc->world().serviceIndex("order-view");
    QVERIFY(orderView >= 0);
    StalenessBadgeItem *badge = scene->stalenessBadge(orderView);
    QVERIFY(badge);
    QCOMPARE(scene->stalenessBadges().size(), 1); // only the read side has one
    QVERIFY(!scene->stalenessBadge(doc->world().serviceIndex("orders")));
    QCOMPARE(badge->parentItem(), scene->serviceItem(orderView));
    view.refresh();
    QCOMPARE(badge->text(), QStringLiteral("lag –")); // no sample yet at t = 0

    struct Moment
    {
        SimTime at;
        double minMs;
        double maxMs;
        ReadSideLag::Level level;
    };
    // 5 s: a quiet bus, tens of milliseconds. 22 s: the bus takes 300 ms per message.
    const Moment moments[] = {{5 * kSecond, 1, 100, ReadSideLag::Level::Low},
                              {22 * kSecond, 250, 1000, ReadSideLag::Level::Medium}};
    for (const Moment &m : moments) {
        for (SimTime t = 0; t <= m.at; t += 500 * kMillisecond) {
            advance(doc.get(), t);
            view.refresh();
        }
        advance(doc.get(), m.at);
        view.refresh();
        const auto staleness = metricAt(*doc, "order-view.staleness_ms", m.at);
        const auto behind = metricAt(*doc, "order-view.consumer_lag", m.at);
        QVERIFY(staleness && behind);
        QVERIFY2(*staleness >= m.minMs && *staleness < m.maxMs,
                 qPrintable(QString::number(*staleness)));
        const QString expected = QStringLiteral("lag %1 ms").arg(std::lround(*staleness));
        QVERIFY2(badge->text().startsWith(expected), qPrintable(badge->text() + " vs " + expected));
        if (*behind > 0)
            QVERIFY2(
                badge->text().endsWith(QStringLiteral("· %1 behind").arg(std::lround(*behind))),
                qPrintable(badge->text()));
        QCOMPARE(badge->level(), m.level);

        // The picture: the badge is painted in its band's colour, not in the other's.
        const QImage image = view.grab().toImage();
        const QRect area = view.mapFromScene(badge->sceneBoundingRect()).boundingRect();
        const QColor mine = ReadSideLag::fill(m.level);
        const QColor other =
            ReadSideLag::fill(m.level == ReadSideLag::Level::Low ? ReadSideLag::Level::Medium
                                                                 : ReadSideLag::Level::Low);
        const int own = pixelsLike(image, area, mine);
        QVERIFY2(own > area.width() * area.height() / 4,
                 qPrintable(QStringLiteral("%1 of %2").arg(own).arg(area.width() * area.height())));
        QCOMPARE(pixelsLike(image, area, other), 0);
    }
}

void TestGuiPatterns::replicaBadgeFollowsTheReplicasStaleness()
{
    // replication.json: orders keeps a customer copy fed over a lognormal bus (median 20 ms);
    // from 20 s to 30 s the bus drops 40% and redelivery after 500 ms makes the copy older.
    auto doc = load(lessonText("replication.json"));
    CanvasView view(doc.get());
    view.resize(1600, 1000);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    CanvasScene *scene = view.canvasScene();
    const int orders = doc->world().serviceIndex("orders");
    StalenessBadgeItem *badge = scene->stalenessBadge(orders);
    QVERIFY(badge);
    QCOMPARE(badge->parentItem(), scene->serviceItem(orders));
    view.refresh();
    QCOMPARE(badge->text(), QStringLiteral("replica lag –"));

    double quietMax = 0, dropMax = 0;
    for (SimTime t = 500 * kMillisecond; t <= 30 * kSecond; t += 500 * kMillisecond) {
        advance(doc.get(), t);
        view.refresh();
        const auto staleness = metricAt(*doc, "orders.replica_staleness_ms", t);
        QVERIFY(staleness);
        (t < 20 * kSecond ? quietMax : dropMax) =
            std::max(t < 20 * kSecond ? quietMax : dropMax, *staleness);
        const ReadSideLag &lag = badge->lag();
        QCOMPARE(lag.label, QStringLiteral("replica"));
        QCOMPARE(lag.stalenessMs, *staleness);
        if (*staleness == 0)
            QCOMPARE(badge->text().section(QStringLiteral(" · "), 0, 0),
                     QStringLiteral("replica up to date"));
        else if (*staleness >= 1)
            QVERIFY2(badge->text().startsWith(QStringLiteral("replica lag ") +
                                              ReadSideLag::formatMs(*staleness)),
                     qPrintable(badge->text()));
    }
    // Updates arrive at 20/s with ~20 ms latency: young when the bus is healthy; a dropped
    // update waits for its 500 ms redelivery (or more) while the bus drops.
    QVERIFY2(quietMax > 0 && quietMax < 500, qPrintable(QString::number(quietMax)));
    QVERIFY2(dropMax >= 500, qPrintable(QString::number(dropMax)));

    qInfo("replica staleness: max %.0f ms before the drops, %.0f ms during", quietMax, dropMax);
    // The replica is the scenario's only read side: the status bar's lag is its lag.
    const QList<ReadSideLag> lags = doc->readSideLags(doc->now());
    QCOMPARE(lags.size(), 1);
    QCOMPARE(lags.front().name, QStringLiteral("orders"));
}

void TestGuiPatterns::sagaStepsShowTheSagasInFlight()
{
    auto doc = load(lessonText("saga-orchestration.json"));
    CanvasView view(doc.get());
    view.resize(1600, 1000);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    CanvasScene *scene = view.canvasScene();
    StepsItem *steps = scene->stepsPanel();
    QVERIFY(steps);
    QCOMPARE(steps->parentItem(), scene->serviceItem(doc->world().serviceIndex("orders")));
    int sawInFlight = 0, sawUndoing = 0;
    for (SimTime t = 250 * kMillisecond; t <= 16 * kSecond; t += 250 * kMillisecond) {
        advance(doc.get(), t);
        scene->updateSteps();
        // The same sagas, counted here straight from the orchestrator's table.
        std::map<std::string, int> byStep;
        const auto inFlight = SagaView::inFlight(doc->world());
        for (const SagaRecord &r : inFlight)
            ++byStep[r.step];
        const Probe &p = steps->probe();
        QCOMPARE(p.steps.size(), std::size_t(3));
        QCOMPARE(p.steps[0].running, byStep["reserve"]);
        QCOMPARE(p.steps[0].undoing, byStep["release"]);
        QCOMPARE(p.steps[1].running, byStep["charge"]);
        QCOMPARE(p.steps[1].undoing, byStep["refund"]);
        QCOMPARE(p.steps[2].running, byStep["create_shipment"]);
        QCOMPARE(p.steps[2].undoing, byStep["cancel_shipment"]);
        int pInFlight = 0;
        for (const auto &step : p.steps)
            pInFlight += step.running + step.undoing;
        QCOMPARE(pInFlight, static_cast<int>(inFlight.size()));
        const auto &ledger =
            ShopService::behaviorOf<OrdersService>(doc->world(), "orders")->saga()->ledger();
        QCOMPARE(p.completed, static_cast<int>(ledger.completed()));
        QCOMPARE(p.undone, static_cast<int>(ledger.compensated()));
        QCOMPARE(steps->headerText(),
                 QStringLiteral("sagas: %1 in flight · %2 completed · %3 compensated")
                     .arg(inFlight.size())
                     .arg(ledger.completed())
                     .arg(ledger.compensated()));
        sawInFlight = std::max(sawInFlight, pInFlight);
        for (const auto &step : p.steps)
            sawUndoing = std::max(sawUndoing, step.undoing);
    }
    // Payments is down from 12 s to 13.5 s: charges wait, so sagas pile up at "charge".
    QVERIFY2(sawInFlight >= 5, qPrintable(QString::number(sawInFlight)));
    QVERIFY(sawUndoing >= 1);
    // The saga's messages keep their colours on the canvas, published ones too.
    view.refresh();
    std::set<MessageKind> published;
    for (const TransientEffect &fx : scene->tracker().effects())
        if (fx.kind == TransientEffect::Kind::Publish)
            published.insert(fx.msgKind);
    QVERIFY(published.count(MessageKind::Command) || published.count(MessageKind::Reply));
    QVERIFY(!published.count(MessageKind::Event)); // no event travels in an orchestrated saga
    QCOMPARE(StepsItem::chipText({"charge", 5, 2}), QStringLiteral("charge 5 · ↩ 2"));
    QCOMPARE(StepsItem::chipText({"ship", 0, 0}), QStringLiteral("ship 0"));
}

void TestGuiPatterns::lockBadgesShowBlockedParticipants()
{
    // two-phase-commit-vs-saga.json: at 10 s the coordinator crashes after both votes and
    // stays down 3 s; inventory and payments keep their locks and requests queue behind them.
    auto doc = load(lessonText("two-phase-commit-vs-saga.json"));
    CanvasView view(doc.get());
    view.resize(1600, 1000);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    CanvasScene *scene = view.canvasScene();
    const int inventory = doc->world().serviceIndex("inventory");
    NoticeBadgeItem *badge = scene->noticeBadge(inventory);
    QVERIFY(badge);
    QVERIFY(scene->noticeBadge(doc->world().serviceIndex("payments")));
    QVERIFY(!scene->noticeBadge(doc->world().serviceIndex("orders")));
    const auto *participant =
        ShopService::behaviorOf<InventoryService>(doc->world(), "inventory")->twoPhase();
    QVERIFY(participant);
    int maxWaiting = 0;
    for (SimTime t = 9 * kSecond; t <= 14 * kSecond; t += 100 * kMillisecond) {
        advance(doc.get(), t);
        view.refresh();
        const int locked = static_cast<int>(participant->locks().held());
        const int waiting = static_cast<int>(participant->locks().waiting());
        QCOMPARE(badge->text(), QStringLiteral("%1 locked · %2 waiting").arg(locked).arg(waiting));
        QCOMPARE(badge->level(), waiting >= 10 ? NoticeBadgeItem::Level::PiledUp
                                 : waiting > 0 ? NoticeBadgeItem::Level::Waiting
                                               : NoticeBadgeItem::Level::Calm);
        if (t >= 10100 * kMillisecond && t < 13 * kSecond)
            QVERIFY2(locked >= 1, qPrintable(QString::number(toSeconds(t)))); // blocked
        maxWaiting = std::max(maxWaiting, waiting);
    }
    // Restocks at 10/s on 5 products queue behind the held lock.
    QVERIFY2(maxWaiting >= 3, qPrintable(QString::number(maxWaiting)));
    QCOMPARE(badge->level(), NoticeBadgeItem::Level::Calm); // 14 s: the decision arrived
}

void TestGuiPatterns::storeBadgeFollowsTheEventStore()
{
    auto doc = load(lessonText("event-sourcing.json"));
    CanvasView view(doc.get());
    view.resize(1600, 1000);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const int orders = doc->world().serviceIndex("orders");
    NoticeBadgeItem *badge = view.canvasScene()->noticeBadge(orders);
    QVERIFY(badge);
    const auto *es =
        ShopService::behaviorOf<OrdersService>(doc->world(), "orders")->eventSourcing();
    QVERIFY(es);
    // The projection polls the store every 20 ms from t = 0 and catches up each time (up to 50
    // events a poll; about one is appended per 20 ms). A sample on a poll (every 500 ms is one)
    // finds it caught up; one 10 ms later finds it behind by exactly the events appended since.
    auto count = [&doc, orders](const std::string &sql) {
        return std::get<std::int64_t>(doc->queryDatabase(orders, sql).rows.at(0).at(0));
    };
    int samplesBehind = 0;
    for (SimTime poll = 500 * kMillisecond; poll <= 12 * kSecond; poll += 500 * kMillisecond) {
        for (const SimTime t : {poll, poll + 10 * kMillisecond}) {
            advance(doc.get(), t);
            view.refresh();
            const std::int64_t events = count("SELECT COUNT(*) FROM event_store");
            const std::int64_t since =
                count("SELECT COUNT(*) FROM event_store WHERE time_us > " + std::to_string(poll));
            const std::int64_t behind = es->relay().projectionBacklog();
            QCOMPARE(behind, t == poll ? 0 : since);
            QCOMPARE(badge->text(), QStringLiteral("%1 events · projection %2 · %3 conflicts")
                                        .arg(events)
                                        .arg(behind > 0 ? QStringLiteral("%1 behind").arg(behind)
                                                        : QStringLiteral("up to date"))
                                        .arg(es->stats().conflicts));
            QVERIFY(badge->text().startsWith(QString::number(events) +
                                             QStringLiteral(" events · projection ")));
            samplesBehind += behind > 0;
        }
    }
    // About 54 events a second: a 10 ms window holds one with probability 1 - e^-0.54 = 0.42,
    // so about 10 of the 24; these 24 find 13.
    QCOMPARE(samplesBehind, 13);
    QVERIFY(es->stats().conflicts > 0); // hot keys race in this lesson
    QVERIFY(badge->text().endsWith(QStringLiteral("%1 conflicts").arg(es->stats().conflicts)));
}

void TestGuiPatterns::statusBarShowsTheCurrentLag()
{
    MainWindow w;
    QVERIFY(w.openFile(lesson("cqrs-lag.json")));
    QCOMPARE(w.lagText(), QStringLiteral("current lag –"));
    advance(w.document(), 22 * kSecond);
    const auto staleness = metricAt(*w.document(), "order-view.staleness_ms", 22 * kSecond);
    QVERIFY(staleness && *staleness > 250);
    QCOMPARE(w.lagText(), QStringLiteral("current lag %1 ms").arg(std::lround(*staleness)));

    // Without a read side there is nothing to show.
    QVERIFY(w.openFile(lesson("queue-lab.json")));
    advance(w.document(), 2 * kSecond);
    QVERIFY(w.lagText().isEmpty());
}

void TestGuiPatterns::rebuildButtonFollowsTheSelection()
{
    MainWindow w;
    QVERIFY(w.openFile(lesson("cqrs-lag.json")));
    advance(w.document(), 10 * kSecond);
    FaultPanel *f = w.faultPanel();
    QPushButton *rebuild = f->rebuildButton();
    CanvasScene *scene = w.canvas()->canvasScene();
    const int orderView = w.document()->world().serviceIndex("order-view");
    const int orders = w.document()->world().serviceIndex("orders");

    scene->clearSelection();
    w.inspectService(QStringLiteral("gateway"));
    QVERIFY(!rebuild->isEnabled());
    scene->serviceItem(orders)->setSelected(true);
    QVERIFY(!rebuild->isEnabled());
    scene->clearSelection();
    scene->serviceItem(orderView)->setSelected(true);
    QVERIFY(rebuild->isEnabled());
    // The inspector's service counts as selected when the canvas has none (as for Crash): the
    // inspector still shows order-view.
    scene->clearSelection();
    QCOMPARE(w.inspectorPanel()->currentService(), orderView);
    QVERIFY(rebuild->isEnabled());
    w.inspectService(QStringLiteral("orders"));
    QVERIFY(!rebuild->isEnabled());
    w.inspectService(QStringLiteral("order-view"));
    QVERIFY(rebuild->isEnabled());

    const std::int64_t before = rowCount(w.document(), orderView, "order_summary");
    const std::size_t traced = w.document()->trace().size();
    QTest::mouseClick(rebuild, Qt::LeftButton);

    bool scheduled = false;
    for (const ActiveFault &a : w.document()->world().faults().all())
        scheduled |= a.spec.kind == FaultSpec::Kind::Rebuild && a.service == orderView;
    QVERIFY(scheduled);
    bool started = false;
    const TraceLog &trace = w.document()->trace();
    for (std::size_t i = traced; i < trace.size(); ++i) {
        QVERIFY2(!(trace[i].kind == TraceKind::Failure && trace[i].from == orderView),
                 "the rebuild should have been accepted");
        started |= trace[i].kind == TraceKind::FaultStart && trace[i].from == orderView;
    }
    QVERIFY(started);
    QVERIFY(f->message().contains(QStringLiteral("Rebuilding order-view")));
    // The read model went back to its baseline; the replay fills it again.
    QVERIFY2(rowCount(w.document(), orderView, "order_summary") < before,
             qPrintable(QString::number(before)));
}

void TestGuiPatterns::rebuildOfADownServiceIsRefusedVisibly()
{
    MainWindow w;
    QVERIFY(w.openFile(lesson("cqrs-lag.json")));
    advance(w.document(), 36 * kSecond); // order-view is down from 35 s to 38 s
    const int orderView = w.document()->world().serviceIndex("order-view");
    QVERIFY(!w.document()->world().service(static_cast<std::int16_t>(orderView)).isUp());
    w.inspectService(QStringLiteral("order-view"));
    QVERIFY(w.faultPanel()->rebuildButton()->isEnabled());
    w.faultPanel()->rebuildSelected();
    QVERIFY2(w.faultPanel()->message().contains(QStringLiteral("down")),
             qPrintable(w.faultPanel()->message()));
}

void TestGuiPatterns::aLostEventBurstsAtThePublisher()
{
    auto doc = load(lessonText("outbox-vs-dual-write.json"));
    CanvasView view(doc.get());
    view.resize(1600, 1000);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const int orders = doc->world().serviceIndex("orders");

    // Run until the first loss; look at the canvas 50 ms later.
    SimTime t = 0;
    const TraceEvent *lost = nullptr;
    while (!lost && t < 40 * kSecond) {
        t += 250 * kMillisecond;
        advance(doc.get(), t);
        view.refresh();
        lost = firstLostEvent(doc->trace());
    }
    QVERIFY2(lost, "the lesson should lose an event before 40 s");
    QCOMPARE(lost->from, std::int16_t(orders));
    const SimTime at = lost->time;
    advance(doc.get(), at + 50 * kMillisecond);
    view.refresh();

    const MessageTracker &tracker = view.canvasScene()->tracker();
    int losses = 0;
    for (const TransientEffect &fx : tracker.losses())
        if (fx.kind == TransientEffect::Kind::Lost && fx.at == at) {
            ++losses;
            QCOMPARE(fx.from, std::int16_t(orders));
            QCOMPARE(fx.to, std::int16_t(kBusEndpoint));
        }
    QCOMPARE(losses, 1);
    // It lingers longer than an ordinary effect: still there after a second at 1x (a 300 ms
    // span), gone after the linger.
    MessageTracker later;
    later.update(doc->trace(), at + 1000 * kMillisecond, 300 * kMillisecond);
    bool stillThere = false;
    for (const TransientEffect &fx : later.losses())
        stillThere |= fx.at == at;
    QVERIFY(stillThere);
    later.update(doc->trace(), at + 1300 * kMillisecond, 300 * kMillisecond);
    for (const TransientEffect &fx : later.losses())
        QVERIFY(fx.at != at);

    // Drawn red right next to orders, on its way to the bus.
    const EdgeRoute path =
        view.canvasScene()->route(std::int16_t(orders), kBusEndpoint, lost->label);
    const QPoint start = view.mapFromScene(path.p1());
    const QImage image = view.grab().toImage();
    const QRect near(start - QPoint(60, 30), start + QPoint(60, 90));
    const int red = pixelsLike(image, near, CanvasTheme().drop());
    QVERIFY2(red > 150, qPrintable(QString::number(red)));
    // Before the loss, the same place has no red.
    auto before = load(lessonText("outbox-vs-dual-write.json"));
    CanvasView quiet(before.get());
    quiet.resize(1600, 1000);
    quiet.show();
    QVERIFY(QTest::qWaitForWindowExposed(&quiet));
    advance(before.get(), at - 600 * kMillisecond);
    quiet.refresh();
    QVERIFY(quiet.canvasScene()->tracker().losses().empty());
    QCOMPARE(pixelsLike(quiet.grab().toImage(), near, CanvasTheme().drop()), 0);
}

void TestGuiPatterns::aPhantomEventIsMarked()
{
    // Publish first, crash before the commit: the event is out, the change is not.
    QByteArray text = lessonText("outbox-vs-dual-write.json");
    text.replace("\"outbox\": false,", "\"outbox\": false, \"dual_write\": \"publish-first\",");
    text.replace("\"kind\": \"crash-after-commit\"", "\"kind\": \"crash-after-publish\"");
    auto doc = load(text);
    CanvasView view(doc.get());
    view.resize(1600, 1000);
    const int orders = doc->world().serviceIndex("orders");
    bool seen = false;
    for (SimTime t = 0; t < 40 * kSecond && !seen; t += 100 * kMillisecond) {
        advance(doc.get(), t);
        view.refresh();
        for (const TransientEffect &fx : view.canvasScene()->tracker().losses())
            seen |= fx.kind == TransientEffect::Kind::Phantom && fx.from == orders;
    }
    QVERIFY2(seen, "a phantom event should be drawn at orders");
}

void TestGuiPatterns::aFailedSagaStepIsNoPhantom()
{
    // A choreography's participants publish "step failed" events on purpose: they appear in
    // the trace as failures on the way to the bus, yet nothing was rolled back.
    auto doc = load(lessonText("saga-choreography.json"));
    CanvasView view(doc.get());
    view.resize(1600, 1000);
    int phantoms = 0;
    for (SimTime t = 0; t < 6 * kSecond; t += 100 * kMillisecond) {
        advance(doc.get(), t);
        view.refresh();
        for (const TransientEffect &fx : view.canvasScene()->tracker().losses())
            phantoms += fx.kind == TransientEffect::Kind::Phantom;
    }
    const auto &trace = doc->trace();
    const auto failedSteps = std::count_if(trace.begin(), trace.end(), [](const TraceEvent &e) {
        return e.kind == TraceKind::Failure && e.to == kBusEndpoint &&
               e.msgKind == MessageKind::Event;
    });
    QVERIFY2(failedSteps > 10, qPrintable(QString::number(failedSteps)));
    QCOMPARE(phantoms, 0);
}

void TestGuiPatterns::screenshots()
{
    // Set DPLAB_SHOTS to a directory to write the pictures used to judge the look.
    const QString dir = qEnvironmentVariable("DPLAB_SHOTS");
    if (dir.isEmpty())
        QSKIP("set DPLAB_SHOTS=<dir> to write screenshots");
    QDir().mkpath(dir);
    struct Shot
    {
        QByteArray text;
        SimTime at; ///< 0: 50 ms after the first event lost at (or phantom from) a publisher
        const char *name;
    };
    QByteArray publishFirst = lessonText("outbox-vs-dual-write.json");
    publishFirst.replace("\"outbox\": false,",
                         "\"outbox\": false, \"dual_write\": \"publish-first\",");
    publishFirst.replace("\"kind\": \"crash-after-commit\"", "\"kind\": \"crash-after-publish\"");
    const Shot shots[] = {
        {lessonText("cqrs-lag.json"), 5 * kSecond, "patterns-cqrs-5s.png"},
        {lessonText("cqrs-lag.json"), 22 * kSecond, "patterns-cqrs-22s.png"},
        {lessonText("cqrs-lag.json"), 45250 * kMillisecond, "patterns-cqrs-rebuild.png"},
        {lessonText("outbox-vs-dual-write.json"), 0, "patterns-dual-write-loss.png"},
        {publishFirst, 0, "patterns-dual-write-phantom.png"}};
    for (const Shot &shot : shots) {
        MainWindow w;
        w.resize(1500, 920);
        QString error;
        QVERIFY2(w.document()->loadText(shot.text, QStringLiteral("shot.json"), &error),
                 qPrintable(error));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        SimTime at = shot.at;
        if (at == 0) {
            auto probe = load(shot.text);
            probe->advanceTo(40 * kSecond, 100000000);
            const TraceLog &trace = probe->trace();
            for (std::size_t i = 0; i < trace.size() && at == 0; ++i)
                if ((trace[i].kind == TraceKind::Drop || trace[i].kind == TraceKind::Failure) &&
                    trace[i].from >= 0 && trace[i].to == kBusEndpoint && !trace[i].ok)
                    at = trace[i].time + 50 * kMillisecond;
            QVERIFY(at > 0);
        }
        for (SimTime t = 0; t <= at; t += 50 * kMillisecond) {
            advance(w.document(), t);
            w.canvas()->refresh();
        }
        advance(w.document(), at);
        w.canvas()->refresh();
        w.canvas()->canvasScene()->updateDatabaseCounts();
        QVERIFY(w.grab().save(dir + "/" + shot.name));
    }
}

QTEST_MAIN(TestGuiPatterns)
#include "tst_guipatterns.moc"
