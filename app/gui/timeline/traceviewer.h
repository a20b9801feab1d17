#pragma once

#include "simulation/observe/tracelog.h"

#include <QMainWindow>

#include <memory>

class QLabel;

namespace dplab {

class SequenceView;
class TimelineDock;
struct RunUntilCondition;

/**
 * A trace.jsonl written by `dplab-cli run`, opened read-only: the event list with its filters,
 * scrubber and bookmarks over the sequence diagram, and a playhead that steps back and forth
 * through it (Left, Right). There is no world behind it, so no canvas and no databases: it is
 * for reading what happened in a finished run.
 */
class TraceViewer : public QMainWindow
{
    Q_OBJECT

public:
    /// Reads the file; nullptr and *error ("file:line:col: message") when it cannot.
    static TraceViewer *open(const QString &path, QString *error, QWidget *parent = nullptr);
    ~TraceViewer() override;

    const TraceLog &trace() const { return m_trace; }
    const NameTable &names() const { return m_names; }
    std::size_t playhead() const { return m_playhead; }
    TimelineDock *dock() const { return m_dock; }
    SequenceView *sequence() const { return m_sequence; }

public slots:
    void seek(std::size_t position);
    void stepBack();
    void stepForward();

private:
    TraceViewer(const QString &path, QWidget *parent);
    void runUntil(const RunUntilCondition &condition);
    void updateStatus();

    TraceLog m_trace;
    NameTable m_names;
    std::size_t m_playhead = 0;
    TimelineDock *m_dock = nullptr;
    SequenceView *m_sequence = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace dplab
