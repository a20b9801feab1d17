#pragma once

#include "app/gui/follow/followedtransaction.h"

#include <QObject>
#include <QPoint>
#include <QTimer>

class QAction;
class QLabel;
class QMenu;

namespace dplab {

class CanvasView;
class Playback;
class SimulationDocument;

/**
 * "Follow" on the canvas: the class picks one transaction (the next request a client starts,
 * or the message clicked on the canvas) and watches it at any speed. Playback slows down while
 * one of its messages is in the air, the canvas draws its messages large and fades the rest,
 * and a banner above the canvas says what is followed, how many hops it has made and how slow
 * the view runs. Following ends on Esc, or by itself once the transaction has gone quiet.
 */
class FollowController : public QObject
{
    Q_OBJECT

public:
    FollowController(SimulationDocument *document, Playback *playback, CanvasView *canvas,
                     QObject *parent = nullptr);

    /// Run > Follow the Next Request (F) and Stop Following (Esc).
    void addActions(QMenu *menu);
    QAction *followAction() const { return m_followAction; }
    /// The row that says what is followed (hidden when nothing is): the window places it.
    QLabel *banner() const { return m_banner; }
    const FollowedTransaction &followed() const { return m_followed; }
    /// The banner's text ("" when hidden).
    QString bannerText() const;

public slots:
    /// Follows the first request a client starts after the playhead.
    void followNextRequest();
    /// What a caption asks to follow: "next" (the next request, whatever the canvas selects),
    /// an operation of the workload ("place_order") or a service (the next request reaching
    /// it). Returns false for a name the run does not know.
    bool followNamed(const QString &what);
    /// Follows the transaction of the message in flight drawn nearest to `viewportPos` (within
    /// a dot's reach); returns false when no message is there.
    bool followMessageAt(const QPoint &viewportPos);
    void stop();

signals:
    /// Following began (F, a caption, a click on a message).
    void started();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    /// Reads the trace and says where the transaction is; `judgeDone`: may end it when quiet.
    void update(bool judgeDone);
    void showBanner(const QString &text);
    QString rootName() const;

    SimulationDocument *m_document;
    Playback *m_playback;
    CanvasView *m_canvas;
    FollowedTransaction m_followed;
    QAction *m_followAction = nullptr;
    QAction *m_stopAction = nullptr;
    QLabel *m_banner = nullptr;
    QTimer m_hideBanner;
};

} // namespace dplab
