#pragma once

#include <QElapsedTimer>
#include <QGraphicsView>
#include <QHash>
#include <QList>
#include <QPointF>
#include <QTimer>

class QAction;

namespace dplab {

class CanvasScene;
class SimulationDocument;

/**
 * The animated canvas: shows the document's world at its current time (services, databases,
 * bus, clients, messages in flight, faults). Listens to the document itself, refreshes at most
 * once per frame, zooms with Ctrl+wheel, fits on load and resize, selects services, and shows
 * a frame-time overlay on F12. Its high-contrast action switches the scene's theme.
 */
class CanvasView : public QGraphicsView
{
    Q_OBJECT

public:
    explicit CanvasView(SimulationDocument *document, QWidget *parent = nullptr);
    ~CanvasView() override;

    /// Indices of the selected services, ascending.
    QList<int> selectedServices() const;
    /// Virtual microseconds per wall-clock microsecond of playback, so brief effects (drop
    /// bursts, publish hops) last about 300 ms on screen at any speed.
    void setSpeedHint(double virtualPerWall);
    double speedHint() const { return m_speed; }

    QHash<QString, QPointF> layoutPositions() const;
    void applyLayout(const QHash<QString, QPointF> &positions);
    /// True once the user dragged a node of this scenario (kept across pattern changes).
    bool userArranged() const;
    /// Fits the whole diagram into the view now (see fitToWindow).
    void fitAll();
    /// Fits the whole diagram, without scrollbars, and keeps it fitted as the view changes
    /// size until the user zooms (View > Fit the Canvas, Ctrl+0).
    void fitToWindow();
    /// True while the view keeps the diagram fitted.
    bool autoFit() const { return m_autoFit; }
    /// Draws the whole diagram (not the part in view) into `target` of `painter`, fitted and
    /// centred, with the legend in its top-left corner: the canvas export.
    void renderWhole(QPainter *painter, const QRectF &target);
    /// The same for any scene (the animation export draws its own).
    static void renderScene(CanvasScene *scene, QPainter *painter, const QRectF &target);
    /// How long (virtual time) a brief effect stays drawn while playing at `virtualPerWall`.
    static qint64 effectSpanAt(double virtualPerWall);

    CanvasScene *canvasScene() const { return m_scene; }
    /// View > High-Contrast Theme (checkable): the scene's theme for a washed-out projector.
    QAction *highContrastAction() const { return m_highContrast; }
    bool overlayVisible() const { return m_overlay; }
    void setOverlayVisible(bool visible);
    /// Moving averages over the last frames, in milliseconds.
    double averageRefreshMs() const { return m_refreshMs; }
    double averagePaintMs() const { return m_paintMs; }
    /// Paints since the view was made (frames shown, for a frame rate).
    int paints() const { return m_paints; }
    /// Milliseconds spent refreshing and painting since the view was made (the window bench
    /// takes differences of these per frame).
    double totalRefreshMs() const { return m_totalRefreshMs; }
    double totalPaintMs() const { return m_totalPaintMs; }

public slots:
    /// Redraws for document->now().
    void refresh();
    /// A frame of playback (what the document's advances trigger): the same, but the boxes'
    /// numbers change at most 10 times a second; a full refresh follows when playback stops.
    void refreshFrame();

signals:
    /// The service clicked or selected last; -1 when nothing is selected.
    void serviceSelected(int serviceIndex);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void drawForeground(QPainter *painter, const QRectF &rect) override;

private:
    void onScenarioChanged();
    void onWorldReset();
    void scheduleRefresh();
    void finishRefresh(const QElapsedTimer &clock);
    void onSelectionChanged();
    void placeLegend();
    /// How long (virtual time) a brief effect stays drawn: ~300 ms of wall time while playing;
    /// at most 300 ms of virtual time when the picture stands still (paused, after a seek), so
    /// a stopped picture shows only what happened just before the playhead.
    qint64 effectSpan(bool playing) const;

    SimulationDocument *m_document;
    CanvasScene *m_scene;
    QAction *m_highContrast;
    QTimer m_refreshTimer;
    QTimer m_settleTimer;
    double m_speed = 1.0;
    void setAutoFit(bool on);

    bool m_autoFit = true;
    bool m_overlay = false;
    double m_refreshMs = 0;
    double m_paintMs = 0;
    double m_totalRefreshMs = 0;
    double m_totalPaintMs = 0;
    int m_paints = 0;
    int m_lastSelected = -1;
    int m_loadGeneration = -1; // the document's file the canvas shows
    QList<int> m_lastSelection;
};

} // namespace dplab
