#pragma once

#include "app/gui/follow/followedtransaction.h"
#include "simulation/observe/summary.h"

#include <QObject>
#include <QString>

#include <functional>
#include <optional>

class QDockWidget;
class QFrame;
class QLabel;
class QPushButton;

namespace dplab {

class CanvasView;
class ChecksPanel;
class FollowController;
class InspectorPanel;
class Playback;
class SequenceView;
class SimulationDocument;
class TimelineDock;

/**
 * Walking a chain of evidence (why a check failed): the playhead goes from one of the chain's
 * events to the next (Right, Left; Next, Back on a clicker), each as the document shows it at
 * that event; the chain's events are marked in the event list and the sequence view, the canvas
 * draws its messages large and fades the rest, the inspector shows the row the chain names as
 * it is at the playhead, and a banner above the canvas says which chain and step it is. Ends on
 * Escape, "Stop walking", Play, or a new run.
 */
class EvidenceWalk : public QObject
{
    Q_OBJECT

public:
    /// The banner holds this many lines of its largest type, whatever the step says (the
    /// canvas never moves as the steps change).
    static constexpr int kBannerLines = 2;

    /** The views a walk drives (any may be null in a test). */
    struct Views
    {
        Playback *playback = nullptr;
        CanvasView *canvas = nullptr;
        FollowController *follow = nullptr;
        InspectorPanel *inspector = nullptr;
        QDockWidget *inspectorDock = nullptr;
        ChecksPanel *checks = nullptr;
        TimelineDock *timeline = nullptr;
        SequenceView *sequence = nullptr;
        /// Brings a dock up (the presenter's way: alone on one side in presentation mode).
        std::function<void(QDockWidget *)> raise;
    };

    EvidenceWalk(SimulationDocument *document, Views views, QObject *parent = nullptr);

    /// The row above the canvas that says which chain and step (hidden when not walking), with
    /// ◀, ▶ and Stop walking.
    QFrame *banner() const { return m_banner; }
    QString bannerText() const;
    QPushButton *stopButton() const { return m_stopButton; }

    bool active() const { return m_evidence.has_value(); }
    QString checkId() const { return m_checkId; }
    int chain() const { return m_chain; }
    /// The step shown (0-based), -1 when not walking.
    int step() const { return active() ? m_step : -1; }
    int stepCount() const { return active() ? static_cast<int>(m_evidence->steps.size()) : 0; }
    const Evidence *evidence() const { return m_evidence ? &*m_evidence : nullptr; }
    /// The chain's event ids, in its order.
    std::vector<std::uint64_t> eventIds() const;
    /// "Show why" is waiting for the run to reach its end.
    bool waitingForEnd() const { return m_pending.has_value(); }

public slots:
    /// Walks chain `chain` of the check `checkId` from step `step` (its first for -1), once
    /// the run's checks are judged (at its end). False when there is no such chain.
    bool walk(const QString &checkId, int chain, int step = 0);
    /// A caption's "Show why": walks the first chain of `checkId` (the one of `entity` when
    /// given and found), playing the run to its end first, as fast as it can, if it is not
    /// judged yet. Returns why it cannot ("" when it walks, or will).
    QString showWhy(const QString &checkId, const QString &entity = {});
    /// Shows row `index` of the chain walked in the inspector, as it is at the playhead (each
    /// step shows its own: the one named as of its event, else at the last step one named as
    /// it is at the end, else one of its service, else the first).
    void showRow(int index);
    /// The chain's next (previous) step; false at its last (first).
    bool next();
    bool previous();
    void stop();
    /// Larger type in the banner for a projector (presentation mode).
    void setPresentation(bool on);

signals:
    void walkingChanged(bool walking);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void goTo(int step);
    void showRowOf(int step);
    void updateBanner();
    /// The banner's text in the largest size (down to 70%) that fits its two lines.
    void fitBanner();
    void setMarks(const std::vector<std::uint64_t> &ids);
    /// The check judged at the end, or null (the run has not reached its end).
    const CheckResult *judgedCheck(const QString &checkId, bool *runs);
    void finishPending();

    struct Pending
    {
        QString check;
        QString entity;
    };

    SimulationDocument *m_document;
    Views m_views;
    QFrame *m_banner;
    QLabel *m_label;
    QPushButton *m_backButton;
    QPushButton *m_nextButton;
    QPushButton *m_stopButton;
    std::optional<Evidence> m_evidence;
    QString m_checkId;
    int m_chain = -1;
    int m_step = 0;
    bool m_moving = false; ///< the walk itself moves the playhead
    FollowedTransaction m_followed;
    std::optional<Pending> m_pending;
    QString m_bannerFull;      ///< what the banner says (its label may show it cut)
    double m_bannerPoints = 0; ///< the banner's largest type
    double m_normalPoints = 0; ///< ...out of presentation mode
    bool m_pausedAtMark = false;
};

} // namespace dplab
