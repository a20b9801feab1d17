#pragma once

#include "app/gui/timeline/rununtilcondition.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <optional>

namespace dplab {

class Playback;
class SequenceView;
class SimulationDocument;
class TimelineDock;

/**
 * Keeps the timeline dock and the sequence view in step with the document: the trace as it
 * grows, the playhead and the frontier, bookmarks; and turns their requests (seek, step, run
 * until a condition) into document and playback calls. A condition not met yet in the
 * recorded run plays the simulation on, as fast as it can, until it is.
 */
class TimelinePanels : public QObject
{
    Q_OBJECT

public:
    TimelinePanels(SimulationDocument *document, Playback *playback, QObject *parent = nullptr);

    TimelineDock *dock() const { return m_dock; }
    SequenceView *sequence() const { return m_sequence; }
    /// The condition being run to, if any.
    std::optional<RunUntilCondition> pendingCondition() const { return m_pending; }

public slots:
    void runUntil(const dplab::RunUntilCondition &condition);
    /// Brings both widgets up to the document now (also called on a timer while playing).
    void sync();

signals:
    /// A line for the status bar ("next drop: none before the end of the run").
    void message(const QString &text);

private:
    void attach();
    void onAdvanced();
    void checkPending();
    void saveBookmarks();

    SimulationDocument *m_document;
    Playback *m_playback;
    TimelineDock *m_dock;
    SequenceView *m_sequence;
    QTimer m_sync;
    QElapsedTimer m_sequenceClock;
    std::optional<RunUntilCondition> m_pending;
    std::size_t m_checkedUpTo = 0;
    bool m_pausedAtMark = false;
};

} // namespace dplab
