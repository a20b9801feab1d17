#include "app/gui/canvas/canvasscene.h"

#include "app/gui/canvas/busitem.h"
#include "app/gui/canvas/canvaslayout.h"
#include "app/gui/canvas/canvastheme.h"
#include "app/gui/canvas/clientitem.h"
#include "app/gui/canvas/databaseitem.h"
#include "app/gui/canvas/edgeitem.h"
#include "app/gui/canvas/legenditem.h"
#include "app/gui/canvas/losscaptionitem.h"
#include "app/gui/canvas/messagelayeritem.h"
#include "app/gui/canvas/noticebadgeitem.h"
#include "app/gui/canvas/partitionitem.h"
#include "app/gui/canvas/serviceitem.h"
#include "app/gui/canvas/stalenessbadgeitem.h"
#include "app/gui/canvas/stepsitem.h"
#include "app/gui/simulationdocument.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>

#include <algorithm>
#include <map>

namespace dplab {

namespace {

QString topicName(const std::string &label)
{
    const QString s = QString::fromStdString(label);
    return s.startsWith(QStringLiteral("topic:")) ? s.mid(6) : s;
}

QStringList clientStreams(const Scenario &s)
{
    QStringList out;
    for (const auto &w : s.workload) {
        QString what = QString::fromStdString(w.operation);
        if (!w.target.empty())
            what = QStringLiteral("→ %1").arg(QString::fromStdString(w.target));
        else if (!w.topic.empty())
            what = QStringLiteral("publish %1").arg(QString::fromStdString(w.topic));
        out << QStringLiteral("%1 · %2/s").arg(what).arg(w.rate, 0, 'g', 4);
    }
    return out;
}

/// Positions saved in the scenario's optional "layout" object: {"name": [x, y]} or
/// {"name": {"x": x, "y": y}}.
QHash<QString, QPointF> savedLayout(const QByteArray &text)
{
    QHash<QString, QPointF> out;
    if (!text.contains("\"layout\""))
        return out;
    const QJsonObject layout = QJsonDocument::fromJson(text).object().value("layout").toObject();
    for (auto it = layout.begin(); it != layout.end(); ++it) {
        if (it->isArray() && it->toArray().size() == 2)
            out.insert(it.key(), QPointF(it->toArray()[0].toDouble(), it->toArray()[1].toDouble()));
        else if (it->isObject())
            out.insert(it.key(), QPointF(it->toObject().value("x").toDouble(),
                                         it->toObject().value("y").toDouble()));
    }
    return out;
}

} // namespace

CanvasScene::CanvasScene(SimulationDocument *document, QObject *parent)
    : QGraphicsScene(parent)
    , m_document(document)
{
    // Nodes move (dragging) and the message layer repaints every frame: an index costs more
    // than it saves here.
    setItemIndexMethod(NoIndex);
    setBackgroundBrush(m_theme.background());
    m_databaseClock.start();
    m_tracker.setPhantomTest([document](std::string_view failureText) {
        return document->catalog().announcesRolledBackChange(failureText);
    });
}

CanvasScene::~CanvasScene() = default;

void CanvasScene::clearItems()
{
    clear();
    m_services.clear();
    m_databases.clear();
    m_edges.clear();
    edgesChanged();
    m_badges.clear();
    m_steps = nullptr;
    m_notices.clear();
    m_noticeDecorations.clear();
    m_clients = nullptr;
    m_bus = nullptr;
    m_sharedDatabase = nullptr;
    m_legend = nullptr;
    m_partitions = nullptr;
    m_messages = nullptr;
    m_lossCaptions = nullptr;
    m_edgeKeys.clear();
    m_segments.clear();
    m_routerDirty = true;
    m_partitionSignature.clear();
    m_dirtyDatabases.clear();
}

void CanvasScene::rebuild()
{
    rebuild(m_document->scenario());
}

void CanvasScene::rebuild(const Scenario &scenario)
{
    clearItems();
    m_tracker.reset();
    m_restarts.clear();
    m_restartsScanned = 0;
    m_arranged = false;
    m_layoutScenario = scenario;
    if (!m_document->hasRun())
        return;
    const World &world = m_document->world();

    QList<QPair<std::uint32_t, QString>> topics;
    for (std::uint32_t label : world.bus().topics())
        topics.append({label, topicName(world.names().labelName(label))});
    const QStringList streams = clientStreams(scenario);
    const PatternCatalog &catalog = m_document->catalog();
    // One database for all, or one each: as the patterns configure a world for this scenario.
    WorldOptions worldOptions;
    catalog.configureWorld(scenario, worldOptions);
    const bool shared = worldOptions.sharedDatabase;
    std::vector<RoleColumn> roleColumns;
    for (const ServiceSpec &spec : scenario.services) {
        const RoleInfo *role = catalog.role(spec.role);
        roleColumns.push_back(role ? role->column : RoleColumn::Flow);
    }
    const CanvasLayout::Result layout =
        CanvasLayout::compute(scenario, roleColumns, shared, static_cast<int>(streams.size()),
                              static_cast<int>(topics.size()));

    m_clients = new ClientItem(streams);
    addItem(m_clients);
    m_clients->setPos(layout.positions.value(QStringLiteral("@clients")));

    const QSizeF box = CanvasTheme::serviceSize();
    const QSizeF dbSize = CanvasTheme::databaseSize();
    for (std::size_t i = 0; i < scenario.services.size(); ++i) {
        const ServiceSpec &spec = scenario.services[i];
        const QString name = QString::fromStdString(spec.name);
        const RoleInfo *role = catalog.role(spec.role);
        const QString description = role && !role->description.empty()
                                        ? QString::fromStdString(role->description)
                                        : QString::fromStdString(spec.role + " service");
        auto *item = new ServiceItem(static_cast<int>(i), name, QString::fromStdString(spec.role),
                                     role ? role->glyph : RoleGlyph::Gear, description);
        addItem(item);
        item->setPos(layout.positions.value(name));
        m_services.append(item);
        if (!shared) {
            auto *db = new DatabaseItem(QStringLiteral("db:") + name, false, item);
            db->setPos(box.width() / 2 - dbSize.width() / 2 - 6,
                       box.height() / 2 + CanvasTheme::databaseGap + dbSize.height() / 2);
            m_databases.append(db);
        }
    }
    // What the patterns draw beside the boxes: above each box, a read side's staleness badge
    // or a notice flush with its right edge (read sides are the rightmost column, and the
    // view was fitted before the badge's text grew), a steps panel flush with its left edge.
    for (const Decoration &d : catalog.decorations(scenario)) {
        ServiceItem *item = serviceItem(static_cast<int>(d.service));
        if (!item)
            continue;
        const int index = static_cast<int>(d.service);
        const QString explanation = QString::fromStdString(d.explanation);
        switch (d.kind) {
        case Decoration::Kind::Staleness:
            if (!m_badges.contains(index)) {
                auto *badge = new StalenessBadgeItem(item);
                badge->setPos(box.width() / 2, -box.height() / 2 - 8);
                m_badges.insert(index, badge);
            }
            break;
        case Decoration::Kind::Notice:
            if (!m_notices.contains(index)) {
                auto *notice = new NoticeBadgeItem(explanation, item);
                notice->setPos(box.width() / 2, -box.height() / 2 - 8);
                m_notices.insert(index, notice);
                m_noticeDecorations.insert(index, d);
            }
            break;
        case Decoration::Kind::Steps:
            if (!m_steps) {
                m_steps = new StepsItem(explanation, item);
                m_steps->setPos(-box.width() / 2, -box.height() / 2 - 8);
                m_stepsDecoration = d;
            }
            break;
        }
    }
    if (shared) {
        m_sharedDatabase = new DatabaseItem(QStringLiteral("@database"), true);
        addItem(m_sharedDatabase);
        m_sharedDatabase->setPos(layout.positions.value(QStringLiteral("@database")));
        m_databases.append(m_sharedDatabase);
    }
    if (!topics.isEmpty()) {
        m_bus = new BusItem(topics, layout.busWidth);
        addItem(m_bus);
        m_bus->setPos(layout.positions.value(QStringLiteral("@bus")));
    }

    // Edges known before the run: calls, client streams, publications, subscriptions, wires
    // to the shared database. Links seen later in the trace are added as they appear.
    std::map<std::string, std::int16_t> index;
    for (std::size_t i = 0; i < scenario.services.size(); ++i)
        index[scenario.services[i].name] = static_cast<std::int16_t>(i);
    for (std::size_t i = 0; i < scenario.services.size(); ++i) {
        for (const auto &callee : scenario.services[i].calls) {
            const auto it = index.find(callee);
            if (it != index.end())
                addEdge(int(EdgeItem::Kind::Call), m_services[int(i)], m_services[it->second], 0);
        }
        if (m_bus && !scenario.services[i].publishes.empty()) {
            const auto &labels = world.names().labelIndex;
            const auto it = labels.find("topic:" + scenario.services[i].publishes);
            const std::uint32_t label = it == labels.end() ? 0 : it->second;
            addEdge(int(EdgeItem::Kind::Publish), m_services[int(i)], m_bus, label);
        }
        if (m_sharedDatabase)
            addEdge(int(EdgeItem::Kind::SharedDatabase), m_services[int(i)], m_sharedDatabase, 0);
    }
    for (const auto &w : scenario.workload) {
        const auto it = index.find(w.target);
        if (it != index.end())
            addEdge(int(EdgeItem::Kind::Client), m_clients, m_services[it->second], 0);
    }
    if (m_bus)
        for (const auto &sub : world.bus().subscriptions())
            if (ServiceItem *consumer = serviceItem(sub.consumer))
                addEdge(int(EdgeItem::Kind::Subscription), m_bus, consumer, sub.topic);

    m_partitions = new PartitionItem;
    addItem(m_partitions);
    m_messages = new MessageLayerItem(this, &m_tracker);
    m_messages->setFollowed(m_followed);
    addItem(m_messages);
    m_lossCaptions = new LossCaptionItem(m_messages, &m_tracker);
    addItem(m_lossCaptions);
    m_legend = new LegendItem;
    addItem(m_legend);

    const QHash<QString, QPointF> saved = savedLayout(m_document->sourceText());
    if (!saved.isEmpty())
        applyLayout(saved);
    updateSceneRect();
    updateDatabases(true);
}

void CanvasScene::worldReset()
{
    m_tracker.reset();
    m_restarts.clear();
    m_restartsScanned = 0;
    m_stepsClock.invalidate();
    m_segments.clear();
    m_partitionSignature.clear();
    m_partitionsDirty = true;
    updateDatabases(true);
}

SimTime CanvasScene::nextRestart(std::int16_t service, SimTime after)
{
    const TraceLog &trace = m_document->trace();
    if (trace.size() < m_restartsScanned) {
        m_restarts.clear();
        m_restartsScanned = 0;
    }
    for (; m_restartsScanned < trace.size(); ++m_restartsScanned) {
        const TraceEvent &e = trace[m_restartsScanned];
        if (e.kind == TraceKind::Restart && e.from >= 0) {
            if (std::size_t(e.from) >= m_restarts.size())
                m_restarts.resize(std::size_t(e.from) + 1);
            m_restarts[std::size_t(e.from)].push_back(e.time);
        }
    }
    if (service < 0 || std::size_t(service) >= m_restarts.size())
        return kSimTimeMax;
    const auto &times = m_restarts[std::size_t(service)];
    const auto it = std::upper_bound(times.begin(), times.end(), after);
    return it == times.end() ? kSimTimeMax : *it;
}

ServiceItem *CanvasScene::serviceItem(int index) const
{
    return index >= 0 && index < m_services.size() ? m_services[index] : nullptr;
}

NodeItem *CanvasScene::node(std::int16_t endpoint) const
{
    if (endpoint >= 0)
        return serviceItem(endpoint);
    if (endpoint == kClientEndpoint)
        return m_clients;
    if (endpoint == kBusEndpoint)
        return m_bus;
    return nullptr;
}

void CanvasScene::addEdge(int kind, NodeItem *from, NodeItem *to, std::uint32_t topic)
{
    if (!from || !to || from == to)
        return;
    for (EdgeItem *e : m_edges)
        if (int(e->kind()) == kind && e->fromNode() == from && e->toNode() == to)
            return;
    auto *edge = new EdgeItem(static_cast<EdgeItem::Kind>(kind), from, to, topic);
    edge->setRoute(routeBetween(from, to, topic));
    addItem(edge);
    m_edges.append(edge);
    edgesChanged();
}

void CanvasScene::setTheme(const CanvasTheme &theme)
{
    if (theme == m_theme)
        return;
    m_theme = theme;
    // Sets the brush and drops each view's cached background (where the edges are drawn).
    setBackgroundBrush(m_theme.background());
    edgesChanged();
    // Items that cache their picture (the legend) repaint only when told themselves.
    for (QGraphicsItem *item : items())
        item->update();
}

void CanvasScene::edgesChanged()
{
    // Not a null rectangle: a view maps the rectangle to find what to repaint, and a null one
    // repaints nothing.
    invalidate(sceneRect().united(itemsBoundingRect()), BackgroundLayer);
}

void CanvasScene::drawBackground(QPainter *painter, const QRectF &rect)
{
    QGraphicsScene::drawBackground(painter, rect);
    // The edges are part of the background, which the view keeps as one picture: they change
    // only when a node moves or a link appears, and stroking 30 antialiased (some dashed)
    // lines every frame cost more than everything else but the messages.
    painter->setRenderHint(QPainter::Antialiasing);
    for (EdgeItem *e : m_edges) {
        if (!e->isVisible() || !e->sceneBoundingRect().intersects(rect))
            continue;
        painter->save();
        painter->setTransform(e->sceneTransform(), true);
        e->paint(painter, nullptr, nullptr);
        painter->restore();
    }
}

void CanvasScene::addLinks(const std::vector<std::pair<std::int16_t, std::int16_t>> &links)
{
    for (const auto &[from, to] : links) {
        if (from == kBusEndpoint)
            continue; // subscriptions are drawn from the bus itself
        const auto key = std::make_tuple(0, from, to, std::uint32_t(0));
        if (!m_edgeKeys.insert(key).second)
            continue;
        EdgeItem::Kind kind = EdgeItem::Kind::Call;
        if (from == kClientEndpoint)
            kind = EdgeItem::Kind::Client;
        else if (to == kBusEndpoint)
            kind = EdgeItem::Kind::Publish;
        addEdge(int(kind), node(from), node(to), 0);
    }
}

void CanvasScene::nodeMoved()
{
    m_segments.clear();
    m_routerDirty = true;
    for (EdgeItem *e : m_edges)
        e->setRoute(routeBetween(e->fromNode(), e->toNode(), e->topic()));
    edgesChanged();
    m_partitionsDirty = true;
    if (m_messages)
        m_messages->update();
}

void CanvasScene::setFollowed(const FollowedTransaction *followed)
{
    m_followed = followed;
    if (m_messages)
        m_messages->setFollowed(followed);
}

void CanvasScene::refresh(SimTime now, SimTime effectSpan)
{
    refreshItems(now, effectSpan, false);
}

bool CanvasScene::refreshPlaying(SimTime now, SimTime effectSpan)
{
    return refreshItems(now, effectSpan, true);
}

bool CanvasScene::refreshItems(SimTime now, SimTime effectSpan, bool playing)
{
    if (!m_document->hasRun() || !m_messages)
        return false;
    constexpr qint64 kNumbersEveryMs = 100;
    const bool numbers = !playing || !m_numbersClock.isValid() ||
                         m_numbersClock.elapsed() >= kNumbersEveryMs || now < m_tracker.time();
    if (numbers)
        m_numbersClock.restart();
    bool behind = false;
    const World &world = m_document->world();
    if (now < m_tracker.time())
        // The playhead went back: every database may hold other rows now.
        for (int i = 0; i < std::max<int>(1, m_databases.size()); ++i)
            m_dirtyDatabases.insert(std::int16_t(i));
    m_tracker.setNames(&world.names()); // a fork makes a new world
    m_tracker.update(m_document->trace(), now, effectSpan);
    addLinks(m_tracker.takeNewLinks());
    for (std::int16_t s : m_tracker.takeCommitted())
        m_dirtyDatabases.insert(s);

    // At the present the world answers; at a past playhead, the trace up to it.
    const bool present = m_document->atPresent();
    const std::vector<ActiveFault> faultsNow = m_document->faultsAtPlayhead();
    const TraceState *past = present ? nullptr : &m_document->traceState();
    const std::size_t n =
        std::min<std::size_t>(world.serviceCount(), std::size_t(m_services.size()));
    // Replies of the last second before the playhead, and how many of them failed.
    std::vector<int> replies(n, 0), failed(n, 0);
    if (numbers) {
        const TraceLog &trace = m_document->trace();
        for (std::size_t k = trace.countAtOrBefore(now); k > 0; --k) {
            const TraceEvent &e = trace[k - 1];
            if (e.time <= now - kSecond)
                break;
            if (e.kind == TraceKind::Reply && e.from >= 0 && std::size_t(e.from) < n) {
                ++replies[std::size_t(e.from)];
                failed[std::size_t(e.from)] += e.ok ? 0 : 1;
            }
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        const Service &svc = world.service(static_cast<std::int16_t>(i));
        ServiceItemState st;
        st.workers = svc.workers();
        SimTime back = kSimTimeMax;
        if (past) {
            const ServiceTraceState &t = past->services()[i];
            st.up = t.up;
            st.queue = static_cast<std::size_t>(t.queue);
            st.busy = t.busy;
            // The recording knows when a service that is down at this playhead came back.
            if (!st.up)
                back = nextRestart(std::int16_t(i), now);
        } else {
            st.up = svc.isUp();
            st.queue = svc.queueLength();
            st.busy = svc.busyWorkers();
            back = svc.restartAt();
        }
        if (!st.up) {
            // A crash fault restarts the service when the fault ends; a crash-after-commit
            // schedules the restart on the service itself.
            for (const ActiveFault &f : faultsNow)
                if (f.spec.kind == FaultSpec::Kind::Crash && f.service == std::int16_t(i))
                    back = std::min(back, f.endsAt);
            if (back != kSimTimeMax)
                st.restartInSeconds = std::max<double>(0, double(back - now) / kSecond);
        }
        ServiceItem *item = m_services[int(i)];
        // Any failure shows, as at least 1%.
        st.failedPercent = !numbers          ? item->state().failedPercent
                           : replies[i] == 0 ? -1
                           : failed[i] == 0
                               ? 0
                               : std::max(1, (100 * failed[i] + replies[i] / 2) / replies[i]);
        if (numbers || st.up != item->state().up)
            item->setState(st);
        else
            behind = behind || !(st == item->state());
    }
    if (m_bus) {
        const bool busDown =
            std::any_of(faultsNow.begin(), faultsNow.end(), [](const ActiveFault &f) {
                return f.spec.kind == FaultSpec::Kind::BusDown;
            });
        // In flight: the bus's deliveries the message layer draws, at any playhead.
        const QList<QPair<std::uint32_t, QString>> &topics = m_bus->topics();
        QList<BusItem::Lane> lanes(topics.size());
        std::size_t busInFlight = 0;
        for (const InFlightMessage &m : m_tracker.inFlight()) {
            if (m.from != kBusEndpoint)
                continue;
            ++busInFlight;
            for (int i = 0; i < topics.size(); ++i)
                if (topics[i].first == m.label)
                    ++lanes[i].inFlight;
        }
        // Who is behind on a topic (not yet acknowledged: in flight, queued, or waiting for the
        // subscriber to come back): the bus's own offsets, known at the present only.
        if (!past)
            for (int k = 0; k < int(world.bus().subscriptions().size()); ++k) {
                const auto &sub = world.bus().subscriptions()[std::size_t(k)];
                const std::int64_t lag = world.bus().consumerLag(k);
                for (int i = 0; i < topics.size() && lag > 0; ++i)
                    if (topics[i].first == sub.topic && sub.consumer >= 0) {
                        QString &w = lanes[i].waiting;
                        w += (w.isEmpty() ? QString() : QStringLiteral(", ")) +
                             QStringLiteral("%1 %2 behind")
                                 .arg(QString::fromStdString(
                                     world.names().services[std::size_t(sub.consumer)]))
                                 .arg(lag);
                    }
            }
        m_bus->setLanes(lanes);
        if (past)
            m_bus->setState(busDown, -1, busInFlight);
        else
            m_bus->setState(world.bus().isDown(), long(world.bus().heldCount()), busInFlight);
    }
    m_clients->setOutstanding(past ? static_cast<std::size_t>(past->clientOutstanding())
                                   : world.client().outstanding());
    // In playback the databases are counted at most four times a second; a full refresh counts
    // those that changed now, so what it shows is exact (a step back and forth repaints the same).
    updateDatabases(false, playing);
    updatePartitions(faultsNow);
    updateBadges(now);
    for (auto it = m_notices.begin(); it != m_notices.end(); ++it)
        if (const auto probe = m_document->probe(m_noticeDecorations.value(it.key())))
            it.value()->setNotice(QString::fromStdString(probe->text), probe->level);
    // Steps are read from the tables: a few times a second is plenty.
    if (m_steps && (!m_stepsClock.isValid() || m_stepsClock.elapsed() >= 250))
        updateSteps();

    QStringList faults;
    for (const ActiveFault &f : faultsNow)
        faults << (f.description.empty() ? QString::fromLatin1(faultKindName(f.spec.kind))
                                         : QString::fromStdString(f.description));
    m_messages->setTime(now, effectSpan);
    m_legend->setStatus(static_cast<int>(m_tracker.inFlight().size()), m_messages->hiddenCount(),
                        m_messages->hopsShown(), faults);
    return behind;
}

void CanvasScene::updateSteps()
{
    if (!m_steps || !m_document->hasRun())
        return;
    m_stepsClock.restart();
    if (const auto probe = m_document->probe(m_stepsDecoration))
        m_steps->setProbe(*probe);
}

StalenessBadgeItem *CanvasScene::stalenessBadge(int serviceIndex) const
{
    return m_badges.value(serviceIndex, nullptr);
}

void CanvasScene::updateBadges(SimTime now)
{
    if (m_badges.isEmpty())
        return;
    const QList<ReadSideLag> lags = m_document->readSideLags(now);
    for (auto it = m_badges.begin(); it != m_badges.end(); ++it) {
        const auto found = std::find_if(
            lags.begin(), lags.end(), [&](const ReadSideLag &l) { return l.service == it.key(); });
        // A read side the run does not measure gets no badge rather than a wrong one.
        it.value()->setVisible(found != lags.end());
        if (found != lags.end())
            it.value()->setLag(*found);
    }
}

void CanvasScene::updateDatabases(bool all, bool throttled)
{
    if (!m_document->hasRun())
        return;
    // Counting rows runs SQL: do it for databases that committed, at most four times a second.
    if (!all && (m_dirtyDatabases.empty() || (throttled && m_databaseClock.elapsed() < 250)))
        return;
    m_databaseClock.restart();
    const World &world = m_document->world();
    const SimulationDocument *document = m_document;
    const auto count = [document](std::int16_t s, int *tables, qint64 *rows) {
        *rows = 0;
        const auto names = document->databaseTables(s);
        *tables = static_cast<int>(names.size());
        for (const auto &t : names) {
            std::string quoted = "\"";
            for (char c : t)
                quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
            quoted += '"';
            const QueryResult r = document->queryDatabase(s, "SELECT count(*) FROM " + quoted);
            if (!r.rows.empty() && std::holds_alternative<std::int64_t>(r.rows[0][0]))
                *rows += std::get<std::int64_t>(r.rows[0][0]);
        }
    };
    try {
        if (m_sharedDatabase) {
            int tables = 0;
            qint64 rows = 0;
            if (world.serviceCount() > 0)
                count(0, &tables, &rows);
            m_sharedDatabase->setCounts(tables, rows);
        } else {
            for (int i = 0; i < m_databases.size() && i < int(world.serviceCount()); ++i) {
                if (!all && !m_dirtyDatabases.count(std::int16_t(i)))
                    continue;
                int tables = 0;
                qint64 rows = 0;
                count(std::int16_t(i), &tables, &rows);
                m_databases[i]->setCounts(tables, rows);
            }
        }
    } catch (const std::exception &) {
        // A database in the middle of a change cannot be counted now; try again later.
        return;
    }
    m_dirtyDatabases.clear();
}

void CanvasScene::updatePartitions(const std::vector<ActiveFault> &active)
{
    std::vector<std::uint64_t> signature;
    for (const ActiveFault &f : active)
        if (f.spec.kind == FaultSpec::Kind::Partition)
            signature.push_back(f.id);
    if (signature == m_partitionSignature && !m_partitionsDirty)
        return;
    m_partitionSignature = signature;
    m_partitionsDirty = false;
    QList<QList<PartitionItem::Side>> partitions;
    for (const ActiveFault &f : active) {
        if (f.spec.kind != FaultSpec::Kind::Partition)
            continue;
        std::map<int, PartitionItem::Side> bySide;
        std::map<int, QStringList> names;
        const std::size_t n = f.groupOf.empty() ? 0 : f.groupOf.size() - 1;
        for (std::size_t i = 0; i < n && int(i) < m_services.size(); ++i) {
            const int g = f.groupOf[i];
            if (g < 0)
                continue;
            ServiceItem *s = m_services[int(i)];
            const QRectF box =
                s->sceneBoundingRect() | s->mapRectToScene(s->childrenBoundingRect());
            bySide[g].area |= box;
            bySide[g].members.append(box);
            bySide[g].names.append(s->name());
            names[g].append(s->name());
        }
        if (m_bus && n < f.groupOf.size() && f.groupOf[n] >= 0) {
            const int g = f.groupOf[n];
            bySide[g].area |= m_bus->sceneBoundingRect();
            bySide[g].members.append(m_bus->sceneBoundingRect());
            bySide[g].names.append(QStringLiteral("bus"));
            names[g].append(QStringLiteral("bus"));
        }
        QList<PartitionItem::Side> sides;
        for (auto &[g, side] : bySide) {
            side.label = QStringLiteral("partitioned · side %1: %2")
                             .arg(QChar('A' + g % 26))
                             .arg(names[g].join(QStringLiteral(", ")));
            sides.append(side);
        }
        partitions.append(sides);
    }
    m_partitions->setSides(partitions, contentRect());
}

QRectF CanvasScene::contentRect() const
{
    QRectF r;
    for (QGraphicsItem *item : items()) {
        if (dynamic_cast<NodeItem *>(item) && !item->parentItem())
            r |= item->sceneBoundingRect() | item->mapRectToScene(item->childrenBoundingRect());
    }
    return r;
}

void CanvasScene::updateSceneRect()
{
    const QRectF content = contentRect();
    const QRectF area = content.adjusted(-1500, -1500, 1500, 1500);
    setSceneRect(area);
    if (m_messages)
        m_messages->setArea(area);
    if (m_lossCaptions)
        m_lossCaptions->areaChanged();
}

QHash<QString, QPointF> CanvasScene::layoutPositions() const
{
    QHash<QString, QPointF> out;
    for (QGraphicsItem *item : items())
        if (auto *node = dynamic_cast<NodeItem *>(item); node && !node->parentItem())
            out.insert(node->key(), node->pos());
    return out;
}

void CanvasScene::applyLayout(const QHash<QString, QPointF> &positions)
{
    for (QGraphicsItem *item : items()) {
        auto *node = dynamic_cast<NodeItem *>(item);
        if (!node || node->parentItem())
            continue;
        const auto it = positions.find(node->key());
        if (it != positions.end())
            node->setPos(*it);
    }
    nodeMoved();
    updateSceneRect();
}

} // namespace dplab
