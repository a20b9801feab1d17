// Edges go around the boxes, not through them, and messages in flight follow the drawn line.
// Run with QT_QPA_PLATFORM=offscreen.

#include "app/gui/canvas/busitem.h"
#include "app/gui/canvas/canvasscene.h"
#include "app/gui/canvas/canvasview.h"
#include "app/gui/canvas/clientitem.h"
#include "app/gui/canvas/databaseitem.h"
#include "app/gui/canvas/edgeitem.h"
#include "app/gui/canvas/edgeroute.h"
#include "app/gui/canvas/edgerouter.h"
#include "app/gui/canvas/messagelayeritem.h"
#include "app/gui/canvas/noticebadgeitem.h"
#include "app/gui/canvas/serviceitem.h"
#include "app/gui/simulationdocument.h"
#include "tests/support/guitestsupport.h"

#include <QDir>
#include <QFile>
#include <QtTest>

using namespace dplab;
using namespace dplab::test;

namespace {

QByteArray routeLessonText(const QString &file)
{
    QFile f(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/") + file);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file));
    return f.readAll();
}

/// Every node whose body an edge must not cross: clients, services, their databases, the
/// shared database, the bus.
QList<NodeItem *> routeObstacles(CanvasScene *scene)
{
    QList<NodeItem *> out;
    out << scene->clientItem();
    for (ServiceItem *s : scene->serviceItems())
        out << s;
    for (DatabaseItem *d : scene->databaseItems())
        out << d;
    if (scene->busItem())
        out << scene->busItem();
    out.removeAll(nullptr);
    return out;
}

std::int16_t routeEndpoint(CanvasScene *scene, NodeItem *node)
{
    if (auto *s = dynamic_cast<ServiceItem *>(node))
        return std::int16_t(s->index());
    if (node == scene->busItem())
        return kBusEndpoint;
    return kClientEndpoint;
}

/// The node (other than `a` and `b`) whose body, shrunk by 1 px, the route crosses, or "".
QString crossedBody(CanvasScene *scene, const EdgeRoute &route, const NodeItem *a,
                    const NodeItem *b)
{
    for (NodeItem *n : routeObstacles(scene))
        if (n != a && n != b && route.crosses(n->sceneBodyRect().adjusted(1, 1, -1, -1)))
            return n->key();
    return {};
}

ServiceItem *serviceNamed(CanvasScene *scene, const QString &name)
{
    for (ServiceItem *s : scene->serviceItems())
        if (s->name() == name)
            return s;
    return nullptr;
}

DatabaseItem *databaseOf(ServiceItem *service)
{
    for (QGraphicsItem *child : service->childItems())
        if (auto *db = dynamic_cast<DatabaseItem *>(child))
            return db;
    return nullptr;
}

EdgeItem *edgeBetween(CanvasScene *scene, NodeItem *from, NodeItem *to)
{
    for (EdgeItem *e : scene->edgeItems())
        if (e->fromNode() == from && e->toNode() == to)
            return e;
    return nullptr;
}

/// A lesson on a 1280x720 canvas, run for `seconds` so its edges exist.
struct RoutedLesson
{
    std::unique_ptr<SimulationDocument> doc;
    std::unique_ptr<CanvasView> view;
    CanvasScene *scene = nullptr;
};

RoutedLesson openLesson(const QString &file, SimTime until)
{
    RoutedLesson l;
    l.doc = load(routeLessonText(file));
    l.view = std::make_unique<CanvasView>(l.doc.get());
    l.view->resize(1280, 720);
    advance(l.doc.get(), until);
    l.view->refresh();
    l.scene = l.view->canvasScene();
    return l;
}

} // namespace

/** Tests of the edges' routes around the boxes and of the messages moving along them. */
class TestGuiEdgeRoutes : public QObject
{
    Q_OBJECT

private slots:
    void legCrossesOnlyTheInside();
    void pointAtGoesByLength();
    void routerGoesAroundABox();
    void lessonEdgesPassNoOtherBox_data();
    void lessonEdgesPassNoOtherBox();
    void twoPhaseCommitCallAvoidsProducts();
    void cqrsQueryAvoidsOrdersDatabase();
    void dotsFlyAlongTheRoute();
};

void TestGuiEdgeRoutes::legCrossesOnlyTheInside()
{
    const QRectF box(0, 0, 100, 50);
    QVERIFY(EdgeRoute::legCrosses(QLineF(-10, 25, 110, 25), box));  // straight through
    QVERIFY(EdgeRoute::legCrosses(QLineF(50, 25, 200, 300), box));  // leaves from inside
    QVERIFY(!EdgeRoute::legCrosses(QLineF(-10, 0, 110, 0), box));   // along the top side
    QVERIFY(!EdgeRoute::legCrosses(QLineF(-10, -1, 110, -1), box)); // just above
    QVERIFY(!EdgeRoute::legCrosses(QLineF(-50, 50, 50, -50), box)); // touches the corner
    QVERIFY(!EdgeRoute::legCrosses(QLineF(-10, 60, 40, 200), box)); // beside
    QVERIFY(EdgeRoute::legCrosses(QLineF(-50, 51, 50, -49), box));  // clips the corner
    QVERIFY(!EdgeRoute::legCrosses(QLineF(100, 10, 150, 10), box)); // starts on the border
}

void TestGuiEdgeRoutes::pointAtGoesByLength()
{
    // An L: 300 across, then 100 down; 400 long.
    const EdgeRoute r(QPolygonF({QPointF(0, 0), QPointF(300, 0), QPointF(300, 100)}));
    QCOMPARE(r.length(), 400.0);
    QCOMPARE(r.pointAt(0), QPointF(0, 0));
    QCOMPARE(r.pointAt(0.5), QPointF(200, 0));
    QCOMPARE(r.pointAt(0.75), QPointF(300, 0));
    QCOMPARE(r.pointAt(0.875), QPointF(300, 50));
    QCOMPARE(r.pointAt(1), QPointF(300, 100));
    QCOMPARE(r.normalAt(0.25), QPointF(0, 1));
    QCOMPARE(r.normalAt(0.9), QPointF(-1, 0));
    QCOMPARE(r.reversed().pointAt(0.125), QPointF(300, 50));
    double d = -1;
    QCOMPARE(r.fractionNearest(QPointF(310, 50), &d), 0.875);
    QCOMPARE(d, 10.0);
    QCOMPARE(r.firstLeg(), QLineF(0, 0, 300, 0));
    QCOMPARE(r.lastLeg(), QLineF(300, 0, 300, 100));
}

void TestGuiEdgeRoutes::routerGoesAroundABox()
{
    int a = 0, b = 0, wall = 0;
    EdgeRouter router;
    router.addObstacle(&a, QRectF(-50, -20, 100, 40));
    router.addObstacle(&b, QRectF(450, -20, 100, 40));
    // Nothing in between: straight, centre to centre.
    QCOMPARE(router.route(QPointF(0, 0), &a, QPointF(500, 0), &b),
             QPolygonF({QPointF(0, 0), QPointF(500, 0)}));
    // A wall between them: around it, a margin off its corners, over the shorter side.
    const QRectF wallBody(200, -60, 80, 100);
    router.addObstacle(&wall, wallBody);
    const QPolygonF path = router.route(QPointF(0, 0), &a, QPointF(500, 0), &b);
    QCOMPARE(path.size(), 4);
    const double m = EdgeRouter::kMargin;
    QCOMPARE(path[1], QPointF(200 - m, 40 + m));
    QCOMPARE(path[2], QPointF(280 + m, 40 + m));
    QVERIFY(!EdgeRoute(path).crosses(wallBody));
    // The same both ways.
    QPolygonF back = router.route(QPointF(500, 0), &b, QPointF(0, 0), &a);
    std::reverse(back.begin(), back.end());
    QCOMPARE(back, path);
}

void TestGuiEdgeRoutes::lessonEdgesPassNoOtherBox_data()
{
    QTest::addColumn<QString>("file");
    const QStringList files =
        QDir(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios")).entryList({"*.json"}, QDir::Files);
    int lessons = 0;
    for (const QString &f : files) {
        if (f == QLatin1String("schema.json"))
            continue;
        QTest::newRow(qPrintable(f)) << f;
        ++lessons;
    }
    QVERIFY(lessons >= 10);
}

void TestGuiEdgeRoutes::lessonEdgesPassNoOtherBox()
{
    QFETCH(QString, file);
    RoutedLesson l = openLesson(file, 3 * kSecond);
    CanvasScene *scene = l.scene;
    QVERIFY(!scene->edgeItems().isEmpty());
    // Every edge drawn, and the way its messages take (the same, both ways).
    for (EdgeItem *e : scene->edgeItems()) {
        const QString where = e->fromNode()->key() + " -> " + e->toNode()->key();
        const QString crossed = crossedBody(scene, e->route(), e->fromNode(), e->toNode());
        QVERIFY2(crossed.isEmpty(), qPrintable(where + " crosses " + crossed));
        if (e->kind() == EdgeItem::Kind::SharedDatabase)
            continue; // a wire, not a way messages take
        const std::int16_t from = routeEndpoint(scene, e->fromNode());
        const std::int16_t to = routeEndpoint(scene, e->toNode());
        // A bus edge runs into its lane; its messages show from the bus's border on.
        const bool bus = e->fromNode() == scene->busItem() || e->toNode() == scene->busItem();
        const EdgeRoute drawn =
            bus ? e->route().outside(scene->busItem()->sceneBodyRect()) : e->route();
        QCOMPARE(scene->route(from, to, e->topic()).points(), drawn.points());
        QCOMPARE(scene->route(to, from, e->topic()).reversed().points(), drawn.points());
    }
    // And between any two nodes a message could travel, linked by an edge yet or not.
    QList<NodeItem *> ends;
    ends << scene->clientItem();
    for (ServiceItem *s : scene->serviceItems())
        ends << s;
    for (NodeItem *a : ends) {
        for (NodeItem *b : ends) {
            if (a == b || b == scene->clientItem())
                continue;
            const EdgeRoute r = scene->route(routeEndpoint(scene, a), routeEndpoint(scene, b), 0);
            const QString crossed = crossedBody(scene, r, a, b);
            QVERIFY2(crossed.isEmpty(),
                     qPrintable(a->key() + " -> " + b->key() + " crosses " + crossed));
        }
        if (scene->busItem() && a != scene->clientItem())
            for (std::uint32_t topic : l.doc->world().bus().topics()) {
                const EdgeRoute r = scene->route(routeEndpoint(scene, a), kBusEndpoint, topic);
                const QString crossed = crossedBody(scene, r, a, scene->busItem());
                QVERIFY2(crossed.isEmpty(), qPrintable(a->key() + " -> bus crosses " + crossed));
                // It ends where it enters the bus: on its border, not under the box.
                const QRectF body = scene->busItem()->sceneBodyRect();
                QVERIFY(body.adjusted(-1, -1, 1, 1).contains(r.p2()));
                QVERIFY(!body.adjusted(1, 1, -1, -1).contains(r.p2()));
                QVERIFY(!r.crosses(body.adjusted(1, 1, -1, -1)));
            }
    }
}

void TestGuiEdgeRoutes::twoPhaseCommitCallAvoidsProducts()
{
    // orders calls inventory; products stands on the straight line between them.
    RoutedLesson l = openLesson(QStringLiteral("two-phase-commit-vs-saga.json"), 3 * kSecond);
    ServiceItem *orders = serviceNamed(l.scene, "orders");
    ServiceItem *inventory = serviceNamed(l.scene, "inventory");
    ServiceItem *products = serviceNamed(l.scene, "products");
    QVERIFY(orders && inventory && products);
    EdgeItem *call = edgeBetween(l.scene, orders, inventory);
    QVERIFY(call);
    const QRectF body = products->sceneBodyRect().adjusted(1, 1, -1, -1);
    const QLineF straight(orders->sceneBodyRect().center(), inventory->sceneBodyRect().center());
    QVERIFY2(EdgeRoute::legCrosses(straight, body), "the case is gone: products is not between");
    QVERIFY(!call->route().crosses(body));
    QVERIFY(call->route().points().size() > 2);
    // Nor does it end under the notice above inventory (its locks), where its arrow would hide.
    NoticeBadgeItem *notice = l.scene->noticeBadge(inventory->index());
    QVERIFY(notice);
    QVERIFY(!call->route().crosses(notice->sceneBoundingRect()));
    // It still joins the two boxes, and ends on inventory's border with its arrow.
    QVERIFY(orders->sceneBodyRect().adjusted(-1, -1, 1, 1).contains(call->route().p1()));
    QVERIFY(!orders->sceneBodyRect().adjusted(1, 1, -1, -1).contains(call->route().p1()));
    QVERIFY(inventory->sceneBodyRect().adjusted(-1, -1, 1, 1).contains(call->route().p2()));
    QVERIFY(!inventory->sceneBodyRect().adjusted(1, 1, -1, -1).contains(call->route().p2()));
}

void TestGuiEdgeRoutes::cqrsQueryAvoidsOrdersDatabase()
{
    // gateway sends list_orders to order-view; orders' database hangs on the straight line.
    RoutedLesson l = openLesson(QStringLiteral("cqrs-lag.json"), 3 * kSecond);
    ServiceItem *gateway = serviceNamed(l.scene, "gateway");
    ServiceItem *view = serviceNamed(l.scene, "order-view");
    ServiceItem *orders = serviceNamed(l.scene, "orders");
    QVERIFY(gateway && view && orders);
    DatabaseItem *ordersDb = databaseOf(orders);
    QVERIFY(ordersDb);
    EdgeItem *query = edgeBetween(l.scene, gateway, view);
    QVERIFY(query);
    const QRectF body = ordersDb->sceneBodyRect().adjusted(1, 1, -1, -1);
    const QLineF straight(gateway->sceneBodyRect().center(), view->sceneBodyRect().center());
    QVERIFY2(EdgeRoute::legCrosses(straight, body),
             "the case is gone: the database is not between");
    QVERIFY(!query->route().crosses(body));
    QVERIFY(!query->route().crosses(orders->sceneBodyRect().adjusted(1, 1, -1, -1)));
}

void TestGuiEdgeRoutes::dotsFlyAlongTheRoute()
{
    // A list_orders request from gateway to order-view, halfway through its flight, is halfway
    // along the bent route, not on the straight line through orders' database.
    RoutedLesson l = openLesson(QStringLiteral("cqrs-lag.json"), 3 * kSecond);
    ServiceItem *gateway = serviceNamed(l.scene, "gateway");
    ServiceItem *view = serviceNamed(l.scene, "order-view");
    QVERIFY(gateway && view);
    const EdgeRoute route =
        l.scene->route(std::int16_t(gateway->index()), std::int16_t(view->index()), 0);
    QVERIFY(route.points().size() > 2);
    // Step on until a request is on its way, near the middle of its flight.
    const auto midFlight = [&](SimTime now) {
        for (const InFlightMessage &m : l.scene->tracker().inFlight())
            if (m.from == gateway->index() && m.to == view->index() && m.arrives > m.sent &&
                qAbs(double(now - m.sent) / double(m.arrives - m.sent) - 0.5) < 0.1)
                return &m;
        return static_cast<const InFlightMessage *>(nullptr);
    };
    const InFlightMessage *m = nullptr;
    for (SimTime t = 3 * kSecond; t < 4 * kSecond && !m; t += kMillisecond / 10) {
        advance(l.doc.get(), t);
        l.view->refresh();
        m = midFlight(l.doc->now());
    }
    QVERIFY(m);
    const double f = double(l.doc->now() - m->sent) / double(m->arrives - m->sent);
    const QPointF p = l.scene->messageLayer()->positionOf(*m);
    double off = -1;
    const double along = route.fractionNearest(p, &off);
    QVERIFY2(off < 0.01, qPrintable(QString::number(off)));
    QVERIFY2(qAbs(along - f) < 1e-6, qPrintable(QStringLiteral("%1 vs %2").arg(along).arg(f)));
    // Not where the straight line would have put it: on orders' database.
    const QPointF chord = QLineF(route.p1(), route.p2()).pointAt(f);
    QVERIFY2(QLineF(p, chord).length() > 20,
             qPrintable(QString::number(QLineF(p, chord).length())));
}

QTEST_MAIN(TestGuiEdgeRoutes)
#include "tst_guiedgeroutes.moc"
