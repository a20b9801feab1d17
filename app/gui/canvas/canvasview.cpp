#include "app/gui/canvas/canvasview.h"

#include "app/gui/canvas/canvasscene.h"
#include "app/gui/canvas/legenditem.h"
#include "app/gui/canvas/messagelayeritem.h"
#include "app/gui/canvas/serviceitem.h"
#include "app/gui/simulationdocument.h"

#include <QAction>
#include <QKeyEvent>
#include <QPainter>
#include <QPixmapCache>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace dplab {

namespace {
/// Weight of the newest frame in the moving averages.
constexpr double kSmoothing = 0.1;
constexpr double kMaxFitScale = 1.4;
/// Room for every item's cached picture (QGraphicsItem::DeviceCoordinateCache keeps them in
/// QPixmapCache): 50 services with their databases and badges at full-screen zoom need about
/// 20 MB, beyond Qt's default 10 MB, and a cache that evicts repaints every box every frame.
constexpr int kPixmapCacheKb = 64 * 1024;
} // namespace

CanvasView::CanvasView(SimulationDocument *document, QWidget *parent)
    : QGraphicsView(parent)
    , m_document(document)
    , m_scene(new CanvasScene(document, this))
    , m_highContrast(new QAction(tr("&High-Contrast Theme"), this))
{
    m_highContrast->setCheckable(true);
    m_highContrast->setStatusTip(tr("White ground, black text, thicker lines and saturated "
                                    "colours on the canvas: for a washed-out projector"));
    connect(m_highContrast, &QAction::toggled, this, [this](bool on) {
        m_scene->setTheme(CanvasTheme(on));
        viewport()->update();
    });
    setScene(m_scene);
    if (QPixmapCache::cacheLimit() < kPixmapCacheKb)
        QPixmapCache::setCacheLimit(kPixmapCacheKb);
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing |
                   QPainter::SmoothPixmapTransform);
    // The message layer covers the scene and changes every frame: one full repaint is cheaper
    // than tracking dirty regions.
    setViewportUpdateMode(FullViewportUpdate);
    // The background holds the edges (see CanvasScene::drawBackground): kept as one picture.
    setCacheMode(CacheBackground);
    setDragMode(RubberBandDrag);
    setTransformationAnchor(AnchorUnderMouse);
    setResizeAnchor(AnchorViewCenter);
    setOptimizationFlags(DontSavePainterState);
    setFocusPolicy(Qt::StrongFocus);
    setFrameShape(QFrame::NoFrame);
    setAutoFit(true);

    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(0);
    connect(&m_refreshTimer, &QTimer::timeout, this, &CanvasView::refreshFrame);
    // After playback leaves numbers behind, one full refresh shows the final ones.
    m_settleTimer.setSingleShot(true);
    m_settleTimer.setInterval(150);
    connect(&m_settleTimer, &QTimer::timeout, this, &CanvasView::refresh);
    connect(document, &SimulationDocument::scenarioChanged, this, &CanvasView::onScenarioChanged);
    connect(document, &SimulationDocument::worldReset, this, &CanvasView::onWorldReset);
    connect(document, &SimulationDocument::advanced, this, &CanvasView::scheduleRefresh);
    connect(m_scene, &QGraphicsScene::selectionChanged, this, &CanvasView::onSelectionChanged);

    if (document->hasRun())
        onScenarioChanged();
}

CanvasView::~CanvasView() = default;

void CanvasView::onScenarioChanged()
{
    // A pattern toggled in the same file keeps what the user arranged; a new file starts
    // from its own layout.
    const bool sameFile = m_document->loadGeneration() == m_loadGeneration;
    const bool keep = sameFile && m_scene->userArranged();
    const QHash<QString, QPointF> arranged =
        keep ? m_scene->layoutPositions() : QHash<QString, QPointF>{};
    m_loadGeneration = m_document->loadGeneration();
    m_scene->rebuild();
    if (keep) {
        m_scene->applyLayout(arranged);
        m_scene->markArranged();
    }
    m_lastSelected = -1;
    m_lastSelection.clear();
    fitToWindow();
    refresh();
}

bool CanvasView::userArranged() const
{
    return m_scene->userArranged();
}

void CanvasView::onWorldReset()
{
    m_scene->worldReset();
    scheduleRefresh();
}

void CanvasView::scheduleRefresh()
{
    // Several advances in one frame cost one refresh.
    if (!m_refreshTimer.isActive())
        m_refreshTimer.start();
}

qint64 CanvasView::effectSpan(bool playing) const
{
    return effectSpanAt(playing ? m_speed : std::min(m_speed, 1.0));
}

qint64 CanvasView::effectSpanAt(double virtualPerWall)
{
    // ~300 ms of wall time at the current speed, bounded so effects stay brief in virtual time.
    const double span = 300.0 * kMillisecond * virtualPerWall;
    return static_cast<qint64>(std::clamp(span, 200.0, 2.0 * kSecond));
}

void CanvasView::refresh()
{
    m_refreshTimer.stop();
    m_settleTimer.stop();
    QElapsedTimer clock;
    clock.start();
    m_scene->refresh(m_document->now(), effectSpan(false));
    finishRefresh(clock);
}

void CanvasView::refreshFrame()
{
    QElapsedTimer clock;
    clock.start();
    if (m_scene->refreshPlaying(m_document->now(), effectSpan(true)))
        m_settleTimer.start();
    finishRefresh(clock);
}

void CanvasView::finishRefresh(const QElapsedTimer &clock)
{
    placeLegend();
    const double ms = clock.nsecsElapsed() / 1e6;
    m_refreshMs = m_refreshMs == 0 ? ms : m_refreshMs + kSmoothing * (ms - m_refreshMs);
    m_totalRefreshMs += ms;
    viewport()->update();
}

void CanvasView::setSpeedHint(double virtualPerWall)
{
    if (virtualPerWall > 0 && std::isfinite(virtualPerWall))
        m_speed = virtualPerWall;
}

QList<int> CanvasView::selectedServices() const
{
    QList<int> out;
    for (QGraphicsItem *item : m_scene->selectedItems())
        if (auto *s = dynamic_cast<ServiceItem *>(item))
            out.append(s->index());
    std::sort(out.begin(), out.end());
    return out;
}

void CanvasView::onSelectionChanged()
{
    const QList<int> now = selectedServices();
    int current = -1;
    if (!now.isEmpty()) {
        // The one just added wins; otherwise keep the previous one if it is still selected.
        for (int i : now)
            if (!m_lastSelection.contains(i))
                current = i;
        if (current < 0)
            current = now.contains(m_lastSelected) ? m_lastSelected : now.first();
    }
    m_lastSelection = now;
    if (current != m_lastSelected) {
        m_lastSelected = current;
        emit serviceSelected(current);
    }
}

QHash<QString, QPointF> CanvasView::layoutPositions() const
{
    return m_scene->layoutPositions();
}

void CanvasView::applyLayout(const QHash<QString, QPointF> &positions)
{
    m_scene->applyLayout(positions);
    if (m_autoFit)
        fitAll();
}

void CanvasView::renderWhole(QPainter *painter, const QRectF &target)
{
    renderScene(m_scene, painter, target);
    if (LegendItem *legend = m_scene->legendItem())
        legend->setMaxWidth(viewport()->width() - 20);
}

void CanvasView::renderScene(CanvasScene *scene, QPainter *painter, const QRectF &target)
{
    painter->fillRect(target, scene->backgroundBrush());
    LegendItem *legend = scene->legendItem();
    double top = 0;
    if (legend) {
        legend->setMaxWidth(target.width() - 20);
        top = legend->height() + 16;
        legend->hide(); // pinned to the view: drawn at the image's corner below
    }
    // Items paint themselves afresh (no cached pixmaps): crisp at any size, and text stays text
    // in an SVG.
    std::vector<std::pair<QGraphicsItem *, QGraphicsItem::CacheMode>> cached;
    for (QGraphicsItem *item : scene->items())
        if (item->cacheMode() != QGraphicsItem::NoCache) {
            cached.emplace_back(item, item->cacheMode());
            item->setCacheMode(QGraphicsItem::NoCache);
        }
    const QRectF source = scene->contentRect().adjusted(-30, -30, 30, 30);
    scene->render(painter, target.adjusted(0, top, 0, 0), source, Qt::KeepAspectRatio);
    for (const auto &[item, mode] : cached)
        item->setCacheMode(mode);
    if (legend) {
        painter->save();
        painter->translate(target.topLeft() + QPointF(10, 8));
        legend->paint(painter, nullptr, nullptr);
        painter->restore();
        legend->show();
    }
}

void CanvasView::fitToWindow()
{
    setAutoFit(true);
    fitAll();
}

void CanvasView::setAutoFit(bool on)
{
    m_autoFit = on;
    // Fitted, the whole diagram is in view: scrollbars would only take room from it. Zoomed in
    // by hand, they show where the rest is.
    const Qt::ScrollBarPolicy policy = on ? Qt::ScrollBarAlwaysOff : Qt::ScrollBarAsNeeded;
    setHorizontalScrollBarPolicy(policy);
    setVerticalScrollBarPolicy(policy);
}

void CanvasView::fitAll()
{
    const QRectF content = m_scene->contentRect().adjusted(-30, -30, 30, 30);
    if (content.isEmpty() || viewport()->width() < 10 || viewport()->height() < 10)
        return;
    // Keep the legend's band at the top clear of the diagram.
    LegendItem *legend = m_scene->legendItem();
    if (legend)
        legend->setMaxWidth(viewport()->width() - 20);
    const double top = (legend ? legend->height() : 0) + 8;
    const double w = viewport()->width();
    const double h = std::max(10.0, viewport()->height() - top);
    const double scale = std::min({w / content.width(), h / content.height(), kMaxFitScale});
    setTransform(QTransform::fromScale(scale, scale));
    centerOn(content.center() - QPointF(0, top / 2 / scale));
    placeLegend();
}

void CanvasView::placeLegend()
{
    if (LegendItem *legend = m_scene->legendItem()) {
        legend->setMaxWidth(viewport()->width() - 20);
        legend->setPos(mapToScene(QPoint(10, 8)));
    }
}

void CanvasView::setOverlayVisible(bool visible)
{
    m_overlay = visible;
    viewport()->update();
}

void CanvasView::wheelEvent(QWheelEvent *event)
{
    if (!(event->modifiers() & Qt::ControlModifier)) {
        if (m_autoFit)
            event->ignore(); // nothing to scroll in a fitted diagram
        else
            QGraphicsView::wheelEvent(event);
        return;
    }
    const double steps = event->angleDelta().y() / 120.0;
    const double factor = std::pow(1.15, steps);
    const double current = transform().m11();
    if ((factor > 1 && current > 8) || (factor < 1 && current < 0.05))
        return;
    setAutoFit(false);
    scale(factor, factor);
    placeLegend();
    event->accept();
}

void CanvasView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (m_autoFit)
        fitAll();
    placeLegend();
}

void CanvasView::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_F12) {
        setOverlayVisible(!m_overlay);
        return;
    }
    // A fitted diagram has nowhere to scroll: the paging and arrow keys belong to the window
    // (a presenter's clicker sends Page Down), never to the view's hidden scrollbars.
    if (m_autoFit) {
        switch (event->key()) {
        case Qt::Key_PageUp:
        case Qt::Key_PageDown:
        case Qt::Key_Home:
        case Qt::Key_End:
        case Qt::Key_Up:
        case Qt::Key_Down:
        case Qt::Key_Left:
        case Qt::Key_Right:
        case Qt::Key_Space:
            event->ignore();
            return;
        default:
            break;
        }
    }
    QGraphicsView::keyPressEvent(event);
}

void CanvasView::scrollContentsBy(int dx, int dy)
{
    QGraphicsView::scrollContentsBy(dx, dy);
    placeLegend();
}

void CanvasView::paintEvent(QPaintEvent *event)
{
    QElapsedTimer clock;
    clock.start();
    QGraphicsView::paintEvent(event);
    const double ms = clock.nsecsElapsed() / 1e6;
    m_paintMs = m_paintMs == 0 ? ms : m_paintMs + kSmoothing * (ms - m_paintMs);
    m_totalPaintMs += ms;
    ++m_paints;
}

void CanvasView::drawForeground(QPainter *painter, const QRectF &)
{
    if (!m_overlay)
        return;
    painter->save();
    painter->resetTransform();
    const QString text =
        QStringLiteral("frame %1 ms  (refresh %2 + paint %3)\n%4 in flight · %5 drawn")
            .arg(m_refreshMs + m_paintMs, 0, 'f', 2)
            .arg(m_refreshMs, 0, 'f', 2)
            .arg(m_paintMs, 0, 'f', 2)
            .arg(m_scene->tracker().inFlight().size())
            .arg(std::min<qsizetype>(qsizetype(m_scene->tracker().inFlight().size()),
                                     m_scene->messageLayer() ? m_scene->messageLayer()->maxDrawn()
                                                             : 0));
    QFont f;
    f.setFamily(QStringLiteral("monospace"));
    f.setPointSize(12);
    painter->setFont(f);
    const QRect box(viewport()->width() - 560, viewport()->height() - 70, 550, 60);
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(20, 24, 30, 215));
    painter->drawRoundedRect(box, 6, 6);
    painter->setPen(Qt::white);
    painter->drawText(box.adjusted(10, 4, -10, -4), Qt::AlignLeft | Qt::AlignVCenter, text);
    painter->restore();
}

} // namespace dplab
