#include "app/gui/canvas/messagelayeritem.h"

#include "app/gui/canvas/canvasscene.h"
#include "app/gui/canvas/canvastheme.h"
#include "app/gui/canvas/messageglyph.h"
#include "app/gui/canvas/messagetracker.h"
#include "app/gui/follow/followedtransaction.h"

#include <QPainter>
#include <QtMath>

#include <cmath>

namespace dplab {

namespace {
/// Newest effects first; older ones are already faded, so they can go first when crowded.
constexpr int kMaxEffects = 800;
/// What is not part of a followed transaction stays visible, but only just.
constexpr double kFadedOpacity = 0.18;
} // namespace

MessageLayerItem::MessageLayerItem(CanvasScene *scene, const MessageTracker *tracker)
    : m_scene(scene)
    , m_tracker(tracker)
{
    setZValue(1);
    setAcceptedMouseButtons(Qt::NoButton);
    setFlag(ItemHasNoContents, false);
}

void MessageLayerItem::setArea(const QRectF &area)
{
    prepareGeometryChange();
    m_area = area;
}

void MessageLayerItem::setTime(SimTime now, SimTime effectSpan)
{
    m_now = now;
    m_effectSpan = qMax<SimTime>(1, effectSpan);
    m_hops = 0;
    int seen = 0;
    for (auto it = m_tracker->effects().rbegin(); it != m_tracker->effects().rend(); ++it) {
        if (++seen > kMaxEffects)
            break;
        const TransientEffect::Kind k = it->kind;
        if ((k == TransientEffect::Kind::Instant || k == TransientEffect::Kind::Publish ||
             k == TransientEffect::Kind::Duplicate) &&
            effectAlpha(*it) > 0)
            ++m_hops;
    }
    update();
}

double MessageLayerItem::effectAlpha(const TransientEffect &fx) const
{
    if (fx.at > m_now)
        return 0;
    return 1.0 - qBound(0.0, double(m_now - fx.at) / double(m_effectSpan), 1.0);
}

QPointF MessageLayerItem::positionOf(const InFlightMessage &m) const
{
    // Its share of the flight time, along its edge's route.
    const double span = static_cast<double>(m.arrives - m.sent);
    const double f = span > 0 ? qBound(0.0, (m_now - m.sent) / span, 1.0) : 1.0;
    return m_scene->route(m.from, m.to, m.label).pointAt(f);
}

const InFlightMessage *MessageLayerItem::messageNear(const QPointF &scenePos, double reach) const
{
    const InFlightMessage *nearest = nullptr;
    double best = reach * reach;
    const auto &messages = m_tracker->inFlight();
    const int n = qMin(static_cast<int>(messages.size()), m_maxDrawn);
    for (int i = 0; i < n; ++i) {
        const InFlightMessage &m = messages[static_cast<std::size_t>(i)];
        const QPointF d = positionOf(m) - scenePos;
        const double dd = QPointF::dotProduct(d, d);
        if (dd <= best) {
            best = dd;
            nearest = &m;
        }
    }
    return nearest;
}

int MessageLayerItem::hiddenCount() const
{
    return qMax(0, static_cast<int>(m_tracker->inFlight().size()) - m_maxDrawn);
}

const QPixmap &MessageLayerItem::sprite(int kind, qreal dpr, bool ring)
{
    const CanvasTheme theme = CanvasTheme::of(this);
    if (!qFuzzyCompare(dpr, m_spriteDpr) || !(theme == m_spriteTheme)) {
        for (auto &p : m_sprites)
            p = QPixmap();
        for (auto &p : m_rings)
            p = QPixmap();
        m_spriteDpr = dpr;
        m_spriteTheme = theme;
    }
    auto &sprites = ring ? m_rings : m_sprites;
    QPixmap &p = sprites[static_cast<std::size_t>(kind) % sprites.size()];
    if (p.isNull()) {
        const int d = CanvasTheme::messageDiameter;
        const int px = qCeil((d + 4) * dpr);
        QImage image(px, px, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        image.setDevicePixelRatio(dpr);
        QPainter ip(&image);
        // A ring (hollow shape) is not a message in flight: see the class comment.
        MessageGlyph::paint(&ip, static_cast<MessageKind>(kind), QRectF(2, 2, d, d), theme, ring);
        ip.end();
        p = QPixmap::fromImage(image);
    }
    return p;
}

void MessageLayerItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const CanvasTheme theme = CanvasTheme::of(this);
    const QTransform toDevice = painter->worldTransform();
    const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    const double half = (CanvasTheme::messageDiameter + 4) / 2.0;
    painter->save();
    painter->resetTransform();
    // Whole device pixels and no smoothing: the raster engine then blits each sprite straight,
    // several times faster than a sub-pixel (transformed) draw, which matters at 2,000 dots.
    painter->setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter->setRenderHint(QPainter::Antialiasing, false);

    // Messages in flight: their share of the flight time along their edge's route.
    const auto &messages = m_tracker->inFlight();
    const int n = qMin(static_cast<int>(messages.size()), m_maxDrawn);
    m_lastDrawn = n;
    const bool following = m_followed && m_followed->active();
    const double others = following ? kFadedOpacity : 1.0;
    painter->setOpacity(others);
    QList<QPair<QPointF, int>> followed;
    for (int i = 0; i < n; ++i) {
        const InFlightMessage &m = messages[static_cast<std::size_t>(i)];
        const QPointF p = toDevice.map(positionOf(m));
        if (following && m_followed->containsEvent(m.sendEvent)) {
            followed.append({p, static_cast<int>(m.kind)});
            continue;
        }
        painter->drawPixmap(QPoint(qRound(p.x() - half), qRound(p.y() - half)),
                            sprite(static_cast<int>(m.kind), dpr));
    }
    m_lastFollowed = static_cast<int>(followed.size());
    paintFollowed(painter, followed, dpr);
    painter->setOpacity(others);

    // Transient effects, fading out over their span.
    painter->setRenderHint(QPainter::Antialiasing);
    const double scale = std::sqrt(std::abs(toDevice.determinant()));
    int drawnEffects = 0;
    for (auto it = m_tracker->effects().rbegin(); it != m_tracker->effects().rend(); ++it) {
        const TransientEffect &fx = *it;
        if (++drawnEffects > kMaxEffects)
            break;
        const double alpha = effectAlpha(fx);
        if (alpha <= 0)
            continue;
        const double age = 1.0 - alpha;
        const EdgeRoute &seg = m_scene->route(fx.from, fx.to, fx.label);
        switch (fx.kind) {
        case TransientEffect::Kind::Instant: {
            // Zero latency: the message is there at once, so show a quick hop along the edge.
            const QPointF p = toDevice.map(seg.pointAt(age));
            painter->setOpacity((0.3 + 0.7 * alpha) * others);
            painter->drawPixmap(QPointF(p.x() - half, p.y() - half),
                                sprite(static_cast<int>(fx.msgKind), dpr, true));
            break;
        }
        case TransientEffect::Kind::Publish: {
            // A short hop from the publisher into its bus lane.
            const QPointF p = toDevice.map(seg.pointAt(qMin(1.0, 0.25 + age)));
            painter->setOpacity((0.35 + 0.65 * alpha) * others);
            painter->drawPixmap(QPointF(p.x() - half, p.y() - half),
                                sprite(static_cast<int>(fx.msgKind), dpr, true));
            break;
        }
        case TransientEffect::Kind::Drop: {
            const QPointF p = toDevice.map(seg.pointAt(fx.fraction));
            const double r = 7 + 16 * age;
            QColor c = theme.drop();
            c.setAlphaF(static_cast<float>(alpha));
            painter->setOpacity(others);
            painter->setPen(QPen(c, theme.stroke(3), Qt::SolidLine, Qt::RoundCap));
            painter->setBrush(Qt::NoBrush);
            painter->drawEllipse(p, r, r);
            const double k = 6;
            painter->drawLine(p + QPointF(-k, -k), p + QPointF(k, k));
            painter->drawLine(p + QPointF(-k, k), p + QPointF(k, -k));
            break;
        }
        case TransientEffect::Kind::Lost:
        case TransientEffect::Kind::Phantom:
            break; // kept apart by the tracker, drawn below
        case TransientEffect::Kind::Duplicate: {
            // One dot splitting into two, moving apart across the line.
            const QPointF p = seg.pointAt(fx.fraction);
            const QPointF normal = seg.normalAt(fx.fraction);
            const double d = (4 + 18 * age) / qMax(0.05, scale);
            painter->setOpacity(alpha * others);
            for (int sign : {-1, 1}) {
                const QPointF q = toDevice.map(p + normal * d * sign);
                painter->drawPixmap(QPointF(q.x() - half, q.y() - half),
                                    sprite(static_cast<int>(fx.msgKind), dpr, true));
            }
            break;
        }
        }
    }
    for (const TransientEffect &fx : m_tracker->losses())
        paintLoss(painter, toDevice, fx, dpr);
    painter->restore();
}

void MessageLayerItem::paintFollowed(QPainter *painter, const QList<QPair<QPointF, int>> &dots,
                                     qreal dpr)
{
    if (dots.isEmpty())
        return;
    // Twice the size, on a white halo with a dark ring: the one thing to watch.
    const int d = CanvasTheme::messageDiameter;
    painter->setOpacity(1.0);
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::SmoothPixmapTransform);
    const QColor ring = CanvasTheme::of(this).text();
    for (const auto &[p, kind] : dots) {
        painter->setPen(QPen(ring, 3));
        painter->setBrush(QColor(255, 255, 255, 230));
        painter->drawEllipse(p, d * 1.25, d * 1.25);
        const int size = 2 * (d + 4);
        painter->drawPixmap(QRect(qRound(p.x()) - size / 2, qRound(p.y()) - size / 2, size, size),
                            sprite(kind, dpr));
    }
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->setRenderHint(QPainter::SmoothPixmapTransform, false);
}

MessageLayerItem::LossMark MessageLayerItem::lossMark(const TransientEffect &fx,
                                                      const QTransform &toDevice) const
{
    LossMark mark;
    const double span = double(TransientEffect::kLingerSpans) * double(m_effectSpan);
    const double age = qBound(0.0, double(m_now - fx.at) / span, 1.0);
    // Solid for the first half, then fading: long enough to be seen from the back row.
    mark.alpha = m_now < fx.at ? 0.0 : age < 0.5 ? 1.0 : 2.0 * (1.0 - age);
    // A fixed distance in pixels from the publisher's border toward the bus, whatever the
    // zoom: outside the box (which is drawn over this layer), yet clearly at the publisher.
    const QLineF seg = m_scene->route(fx.from, fx.to, fx.label).firstLeg();
    mark.line = QLineF(toDevice.map(seg.p1()), toDevice.map(seg.p2()));
    const double offset = qMin(40.0, mark.line.length() / 2);
    mark.centre =
        mark.line.length() > 0 ? mark.line.pointAt(offset / mark.line.length()) : mark.line.p1();
    mark.radius = 11 + 13 * qMin(1.0, age * 4);
    return mark;
}

void MessageLayerItem::paintLoss(QPainter *painter, const QTransform &toDevice,
                                 const TransientEffect &fx, qreal dpr)
{
    const CanvasTheme theme = CanvasTheme::of(this);
    const LossMark mark = lossMark(fx, toDevice);
    if (mark.alpha <= 0)
        return;
    const bool lost = fx.kind == TransientEffect::Kind::Lost;
    const QPointF p = mark.centre;
    const double r = mark.radius;
    const QColor colour = lost ? theme.drop() : theme.phantom();
    painter->setOpacity(mark.alpha);
    const double half = (CanvasTheme::messageDiameter + 4) / 2.0;
    painter->drawPixmap(QPointF(p.x() - half, p.y() - half),
                        sprite(static_cast<int>(fx.msgKind), dpr));
    painter->setPen(QPen(colour, 4, lost ? Qt::SolidLine : Qt::DashLine, Qt::RoundCap));
    painter->setBrush(Qt::NoBrush);
    painter->drawEllipse(p, r, r);
    if (lost) {
        const double k = 8;
        painter->drawLine(p + QPointF(-k, -k), p + QPointF(k, k));
        painter->drawLine(p + QPointF(-k, k), p + QPointF(k, -k));
    }
    painter->setOpacity(1.0);
}

} // namespace dplab
