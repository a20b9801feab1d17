#pragma once

#include "app/gui/timeline/rununtilcondition.h"
#include "app/gui/timeline/timelinebookmark.h"
#include "simulation/observe/tracelog.h"

#include <QList>
#include <QWidget>

#include <cstddef>
#include <map>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QTableView;
class QToolButton;

namespace dplab {

class EventListModel;
class TimelineScrubber;

/**
 * The bottom dock of the timeline: playback controls (step back/forward, go to a time, run
 * until a condition, bookmarks), a scrubber over virtual time, a filter bar and the event list.
 * It changes nothing itself: every action is a signal for the timeline engine, which answers by
 * calling setPlayhead / setFrontier / traceGrew.
 */
class TimelineDock : public QWidget
{
    Q_OBJECT

public:
    explicit TimelineDock(QWidget *parent = nullptr);
    ~TimelineDock() override;

    EventListModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    TimelineScrubber *scrubber() const { return m_scrubber; }

    QList<TimelineBookmark> bookmarks() const { return m_bookmarks; }
    void setBookmarks(const QList<TimelineBookmark> &bookmarks);
    /// Bookmarks the playhead under `name` (the "Bookmark" button asks for the name).
    void addBookmark(const QString &name);
    /// True while the list scrolls along with the playhead (the user has not scrolled away).
    bool following() const { return m_follow; }
    std::size_t playhead() const { return m_playhead; }
    std::size_t frontier() const { return m_frontier; }

public slots:
    /// Shows a trace (nullptr: none) whose run ends at `endTime`; playhead and frontier at 0.
    void setTrace(const TraceLog *trace, const NameTable *names, SimTime endTime);
    void setPlayhead(std::size_t pos);
    /// How far the simulation has gone (trace events simulated; usually trace->size()).
    void setFrontier(std::size_t pos);
    /// The trace has new events at its end.
    void traceGrew();
    /// Forgets the trace (a new world); bookmarks stay (a rerun of the same run reaches them).
    void reset();

signals:
    void seekRequested(std::size_t position);
    void seekTimeRequested(SimTime time);
    void stepBackRequested();
    void stepForwardRequested();
    void runUntilRequested(const dplab::RunUntilCondition &condition);
    void bookmarksChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *buildControls();
    QWidget *buildFilterBar();
    void rebuildServiceCombo();
    void applyFilter();
    void search(bool forward);
    void scanFaults();
    void updateScrubberMarks();
    void updateBookmarkMenu();
    void updateCount();
    void followPlayhead();
    void goToTime();
    void runUntil();
    void askBookmark();
    SimTime timeOf(std::size_t pos) const;

    const TraceLog *m_trace = nullptr;
    const NameTable *m_names = nullptr;
    SimTime m_end = 0;
    std::size_t m_playhead = 0;
    std::size_t m_frontier = 0;
    std::size_t m_faultsScanned = 0;
    std::map<std::int64_t, std::size_t> m_openFaults; // fault id -> index in m_faults
    struct Fault
    {
        SimTime start = 0;
        SimTime end = kSimTimeMax;
        QString text;
    };
    std::vector<Fault> m_faults;
    QList<TimelineBookmark> m_bookmarks;
    bool m_follow = true;
    bool m_autoScrolling = false;

    EventListModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    TimelineScrubber *m_scrubber = nullptr;
    QToolButton *m_kindsButton = nullptr;
    QMenu *m_kindsMenu = nullptr;
    QList<QAction *> m_kindActions;
    QComboBox *m_serviceCombo = nullptr;
    QLineEdit *m_keyEdit = nullptr;
    QLineEdit *m_searchEdit = nullptr;
    QLabel *m_countLabel = nullptr;
    QLineEdit *m_timeEdit = nullptr;
    QComboBox *m_untilCombo = nullptr;
    QLineEdit *m_untilEdit = nullptr;
    QMenu *m_bookmarkMenu = nullptr;
    QCheckBox *m_followBox = nullptr;
};

} // namespace dplab

Q_DECLARE_METATYPE(dplab::RunUntilCondition)
