#include "app/gui/follow/followcontroller.h"

#include "app/gui/canvas/canvasscene.h"
#include "app/gui/canvas/canvasview.h"
#include "app/gui/canvas/messagelayeritem.h"
#include "app/gui/playback.h"
#include "app/gui/simulationdocument.h"
#include "simulation/observe/messageflights.h"

#include <algorithm>

#include <QAction>
#include <QEvent>
#include <QGraphicsItem>
#include <QLabel>
#include <QMenu>
#include <QMouseEvent>

namespace dplab {

namespace {
/// How long the banner says "done" before it goes (ms of wall time).
constexpr int kDoneBannerMs = 5000;
/// How close to a dot a click must land to pick its message (device pixels).
constexpr double kClickReach = 12;

QString hopsText(int hops)
{
    return hops == 1 ? FollowController::tr("1 hop") : FollowController::tr("%1 hops").arg(hops);
}
} // namespace

FollowController::FollowController(SimulationDocument *document, Playback *playback,
                                   CanvasView *canvas, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_playback(playback)
    , m_canvas(canvas)
{
    m_playback->setFollowed(&m_followed);
    m_canvas->canvasScene()->setFollowed(&m_followed);

    // A row of its own above the canvas, not over it: it never covers a box.
    m_banner = new QLabel;
    m_banner->setObjectName(QStringLiteral("followBanner"));
    m_banner->setAlignment(Qt::AlignCenter);
    m_banner->setStyleSheet(
        QStringLiteral("QLabel { background: #1c232b; color: white; padding: 5px 12px; }"));
    QFont font = m_banner->font();
    font.setPointSizeF(font.pointSizeF() * 1.15);
    font.setBold(true);
    m_banner->setFont(font);
    m_banner->hide();
    m_hideBanner.setSingleShot(true);
    connect(&m_hideBanner, &QTimer::timeout, m_banner, &QLabel::hide);

    // During a frame the run may go far past a hop and come back to it (Playback): whether the
    // transaction is done is judged once the frame is over.
    connect(m_document, &SimulationDocument::advanced, this,
            [this] { update(!m_playback->isPlaying()); });
    connect(m_playback, &Playback::frameDone, this, [this] { update(true); });
    connect(m_document, &SimulationDocument::worldReset, this, &FollowController::stop);
    connect(m_playback, &Playback::effectiveSpeedChanged, this, [this] { update(false); });
    m_canvas->viewport()->installEventFilter(this);
}

void FollowController::addActions(QMenu *menu)
{
    m_followAction = menu->addAction(QIcon(QStringLiteral(":/icons/follow.svg")), tr("&Follow"),
                                     this, &FollowController::followNextRequest);
    m_followAction->setShortcut(QKeySequence(Qt::Key_F));
    m_followAction->setToolTip(
        tr("Follow the next request in slow motion, or with a service selected the next one "
           "that reaches it: its messages stand out, the rest fades (F; or click a message)"));
    m_followAction->setStatusTip(m_followAction->toolTip());
    m_stopAction = menu->addAction(tr("Stop Following"), this, &FollowController::stop);
    m_stopAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_stopAction->setEnabled(false);
}

void FollowController::followNextRequest()
{
    if (!m_document->hasRun())
        return;
    m_hideBanner.stop();
    const QList<int> selected = m_canvas->selectedServices();
    m_followed.followNextRequest(m_document->playhead(), selected.size() == 1 ? selected[0] : -1);
    emit started();
    update(true);
}

bool FollowController::followNamed(const QString &what)
{
    if (!m_document->hasRun())
        return false;
    const std::string name = what.toStdString();
    const World &world = m_document->world();
    int through = -1;
    std::uint32_t label = 0;
    if (name != "next") {
        through = world.serviceIndex(name);
        if (through < 0) {
            const auto &labels = world.names().labelIndex;
            const auto it = labels.find("op:" + name);
            if (it == labels.end())
                return false;
            label = it->second;
        }
    }
    m_hideBanner.stop();
    m_followed.followNextRequest(m_document->playhead(), through, label);
    emit started();
    update(true);
    return true;
}

bool FollowController::followMessageAt(const QPoint &viewportPos)
{
    MessageLayerItem *layer = m_canvas->canvasScene()->messageLayer();
    if (!layer || !m_document->hasRun())
        return false;
    const QPointF scenePos = m_canvas->mapToScene(viewportPos);
    const double scale = m_canvas->transform().m11();
    const InFlightMessage *m = layer->messageNear(scenePos, kClickReach / qMax(0.05, scale));
    if (!m)
        return false;
    const TraceLog &log = m_document->trace();
    const std::uint32_t at = MessageFlights::positionOf(log, m->sendEvent, log.size());
    if (at == Flight::kNoEvent)
        return false;
    m_hideBanner.stop();
    m_followed.followEvent(log, at);
    emit started();
    update(true);
    return true;
}

void FollowController::stop()
{
    const bool was = m_followed.active();
    m_followed.clear();
    if (m_stopAction)
        m_stopAction->setEnabled(false);
    if (was || m_banner->isVisible()) {
        m_banner->hide();
        m_canvas->refresh();
    }
}

QString FollowController::rootName() const
{
    const TraceEvent &root = m_followed.root();
    QString name = QString::fromStdString(m_document->world().names().labelName(root.label));
    if (const int colon = name.indexOf(':'); colon >= 0)
        name = name.mid(colon + 1);
    if (root.key != 0)
        name += tr(" (key %1)").arg(root.key);
    return name;
}

void FollowController::update(bool judgeDone)
{
    if (!m_followed.active()) {
        if (m_stopAction)
            m_stopAction->setEnabled(false);
        return;
    }
    if (m_stopAction)
        m_stopAction->setEnabled(true);
    m_followed.update(m_document->trace());
    if (!m_followed.active()) { // the trace was replaced under it
        stop();
        return;
    }
    const SimTime now = m_document->now();
    if (m_followed.armed()) {
        showBanner(tr("Follow: waiting for the next request  ·  Esc stops"));
        return;
    }
    if (judgeDone && m_followed.doneAt(now)) {
        const int hops = m_followed.hopsSentBy(now);
        const QString name = rootName();
        stop();
        showBanner(tr("Followed %1: %2").arg(name, hopsText(hops)));
        m_hideBanner.start(kDoneBannerMs);
        return;
    }
    QString text =
        tr("Following %1  ·  %2 so far").arg(rootName(), hopsText(m_followed.hopsSentBy(now)));
    if (const int inAir = m_followed.hopsInAir(now); inAir > 0)
        text += tr(", %1 in the air").arg(inAir);
    const double effective = m_playback->effectiveSpeed();
    if (m_playback->isPlaying() && effective != Playback::kMaxSpeed &&
        (m_playback->speed() == Playback::kMaxSpeed || effective < m_playback->speed()))
        text += tr("  ·  slow motion %1").arg(Playback::speedLabel(effective));
    text += tr("  ·  Esc stops");
    showBanner(text);
}

void FollowController::showBanner(const QString &text)
{
    if (m_banner->text() != text)
        m_banner->setText(text);
    m_banner->show();
}

QString FollowController::bannerText() const
{
    return m_banner->isHidden() ? QString() : m_banner->text();
}

bool FollowController::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_canvas->viewport()) {
        if (event->type() == QEvent::MouseButtonPress) {
            const auto *mouse = static_cast<QMouseEvent *>(event);
            const QPoint pos = mouse->position().toPoint();
            // A click on a box selects it; a click on a dot elsewhere follows its message.
            const QList<QGraphicsItem *> under = m_canvas->items(pos);
            const bool onBox = std::any_of(under.begin(), under.end(), [](QGraphicsItem *item) {
                return item->flags().testFlag(QGraphicsItem::ItemIsMovable);
            });
            if (mouse->button() == Qt::LeftButton && !onBox)
                followMessageAt(pos);
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace dplab
