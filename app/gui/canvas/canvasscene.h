#pragma once

#include "app/gui/canvas/canvastheme.h"
#include "app/gui/canvas/edgeroute.h"
#include "app/gui/canvas/edgerouter.h"
#include "app/gui/canvas/messagetracker.h"
#include "patterns/module/visuals.h"
#include "simulation/kernel/simtime.h"
#include "simulation/scenario/scenario.h"

#include <QElapsedTimer>
#include <QGraphicsScene>
#include <QHash>
#include <QLineF>
#include <QList>
#include <QMap>
#include <QPointF>

#include <cstdint>
#include <set>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace dplab {

struct ActiveFault;

class BusItem;
class ClientItem;
class DatabaseItem;
class EdgeItem;
class FollowedTransaction;
class LegendItem;
class LossCaptionItem;
class MessageLayerItem;
class NodeItem;
class PartitionItem;
class NoticeBadgeItem;
class StepsItem;
class ServiceItem;
class SimulationDocument;
class StalenessBadgeItem;

/**
 * The canvas scene (Tiled's Scene role): mirrors the document's scenario as items (services,
 * databases, clients, bus, edges, staleness badges on read sides) and, on refresh, the world at
 * the playhead (service states, faults, messages in flight through a MessageTracker, each read
 * side's lag from the document's metrics). It never changes the document.
 */
class CanvasScene : public QGraphicsScene
{
    Q_OBJECT

public:
    explicit CanvasScene(SimulationDocument *document, QObject *parent = nullptr);
    ~CanvasScene() override;

    /// Rebuilds every item for the document's scenario (or `layoutScenario` when given: the
    /// layout and drawing follow it, the states still come from the document's world).
    void rebuild();
    void rebuild(const Scenario &layoutScenario);
    /// The world was rebuilt at t = 0: forget what was scanned.
    void worldReset();
    /// Updates every item for the world at `now`.
    void refresh(SimTime now, SimTime effectSpan);
    /// The same during playback: the numbers in the boxes (queue, busy workers, restart
    /// countdown) change at most 10 times a second, since nobody reads faster and repainting
    /// 50 boxes every frame costs more than the messages; a crash or a restart shows at once.
    /// Returns true when numbers were left behind (a plain refresh() later catches up).
    bool refreshPlaying(SimTime now, SimTime effectSpan);

    /// Counts every database's tables and rows now (refresh() does it at most 4 times a second).
    void updateDatabaseCounts() { updateDatabases(true); }
    /// Called by nodes when they move: edges, partitions and message paths follow.
    void nodeMoved();
    /// The way a message takes from one endpoint to another (bus lanes by topic): the route of
    /// the edge between them, around the other boxes; both directions take the same way.
    /// A reference into the route cache: valid until the layout changes (rebuild, move).
    const EdgeRoute &route(std::int16_t from, std::int16_t to, std::uint32_t topic);

    /// The area covered by nodes (not the legend), for fitting the view.
    QRectF contentRect() const;
    QHash<QString, QPointF> layoutPositions() const;
    void applyLayout(const QHash<QString, QPointF> &positions);
    /// True once the user dragged a node since the last rebuild: Save As then writes the
    /// positions into the scenario's "layout".
    bool userArranged() const { return m_arranged; }
    void markArranged() { m_arranged = true; }

    const QList<ServiceItem *> &serviceItems() const { return m_services; }
    ServiceItem *serviceItem(int index) const;
    BusItem *busItem() const { return m_bus; }
    ClientItem *clientItem() const { return m_clients; }
    DatabaseItem *sharedDatabaseItem() const { return m_sharedDatabase; }
    QList<DatabaseItem *> databaseItems() const { return m_databases; }
    QList<EdgeItem *> edgeItems() const { return m_edges; }
    LegendItem *legendItem() const { return m_legend; }
    PartitionItem *partitionItem() const { return m_partitions; }
    LossCaptionItem *lossCaptionItem() const { return m_lossCaptions; }
    /// The staleness badge of a read side (a pattern's Staleness decoration), or nullptr.
    StalenessBadgeItem *stalenessBadge(int serviceIndex) const;
    QList<StalenessBadgeItem *> stalenessBadges() const { return m_badges.values(); }
    /// The notice badge of a service (a pattern's Notice decoration), or nullptr.
    NoticeBadgeItem *noticeBadge(int serviceIndex) const
    {
        return m_notices.value(serviceIndex, nullptr);
    }
    /// The steps panel of a pattern's Steps decoration, or nullptr.
    StepsItem *stepsPanel() const { return m_steps; }
    /// Reads what is at each step now (refresh() does it at most 4 times a second).
    void updateSteps();
    MessageLayerItem *messageLayer() const { return m_messages; }
    const MessageTracker &tracker() const { return m_tracker; }
    /// The transaction the class follows: its messages stand out, the others fade (null: none).
    void setFollowed(const FollowedTransaction *followed);
    const FollowedTransaction *followed() const { return m_followed; }

    /// The colours every item of this scene paints with (CanvasTheme::of).
    const CanvasTheme &theme() const { return m_theme; }
    /// Switches the theme and repaints everything at once, the views' cached background too.
    void setTheme(const CanvasTheme &theme);

protected:
    void drawBackground(QPainter *painter, const QRectF &rect) override;

private:
    /// When `service` restarted first after `after`, in the recording; kSimTimeMax: not (yet).
    SimTime nextRestart(std::int16_t service, SimTime after);
    /// refresh() or refreshPlaying(); true when numbers were left behind.
    bool refreshItems(SimTime now, SimTime effectSpan, bool playing);
    void clearItems();
    NodeItem *node(std::int16_t endpoint) const;
    void addEdge(int kind, NodeItem *from, NodeItem *to, std::uint32_t topic);
    /// The route from node `a` to node `b` around every other node's body.
    EdgeRoute routeBetween(NodeItem *a, NodeItem *b, std::uint32_t topic);
    /// The edges are drawn in the (cached) background: repaint it.
    void edgesChanged();
    void addLinks(const std::vector<std::pair<std::int16_t, std::int16_t>> &links);
    /// Counts every database (`all`) or those that committed; `throttled`: at most 4 times a
    /// second.
    void updateDatabases(bool all, bool throttled = true);
    void updatePartitions(const std::vector<ActiveFault> &active);
    void updateBadges(SimTime now);
    void updateSceneRect();

    SimulationDocument *m_document;
    CanvasTheme m_theme;
    Scenario m_layoutScenario;
    MessageTracker m_tracker;
    /// Restart times per service, read from the recorded trace as it grows.
    std::vector<std::vector<SimTime>> m_restarts;
    std::size_t m_restartsScanned = 0;
    QList<ServiceItem *> m_services;
    QList<DatabaseItem *> m_databases;
    QList<EdgeItem *> m_edges;
    QMap<int, StalenessBadgeItem *> m_badges; // by service index
    StepsItem *m_steps = nullptr;
    Decoration m_stepsDecoration;
    QMap<int, NoticeBadgeItem *> m_notices;    // by service index
    QMap<int, Decoration> m_noticeDecorations; // by service index
    QElapsedTimer m_stepsClock;
    QElapsedTimer m_numbersClock; ///< since the boxes' numbers last changed in playback
    ClientItem *m_clients = nullptr;
    BusItem *m_bus = nullptr;
    DatabaseItem *m_sharedDatabase = nullptr;
    LegendItem *m_legend = nullptr;
    PartitionItem *m_partitions = nullptr;
    MessageLayerItem *m_messages = nullptr;
    const FollowedTransaction *m_followed = nullptr;
    LossCaptionItem *m_lossCaptions = nullptr;
    std::set<std::tuple<int, std::int16_t, std::int16_t, std::uint32_t>> m_edgeKeys;
    std::unordered_map<std::uint64_t, EdgeRoute> m_segments;
    /// The nodes' bodies as they stand; rebuilt after a node moved (m_routerDirty).
    EdgeRouter m_router;
    bool m_routerDirty = true;
    std::vector<std::uint64_t> m_partitionSignature;
    bool m_partitionsDirty = true;
    bool m_arranged = false;
    std::set<std::int16_t> m_dirtyDatabases;
    QElapsedTimer m_databaseClock;
};

} // namespace dplab
