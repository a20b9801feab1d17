#pragma once

#include "patterns/sweep/sweeprunner.h"
#include "patterns/sweep/sweeptable.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>

class QThread;

namespace dplab {

/**
 * Runs a prepared parameter study (SweepRunner, the engine of dplab-cli sweep) on background
 * threads for the app: one QThread drives the runner, which runs the Worlds on `jobs` threads of
 * its own, so the GUI thread never waits. Progress and the end come back as queued signals;
 * cancel() stops the runner before its next run (the runs under way finish first).
 */
class StudyRunner : public QObject
{
    Q_OBJECT

public:
    explicit StudyRunner(QObject *parent = nullptr);
    /// Cancels a study under way and waits for its threads.
    ~StudyRunner() override;

    /// Starts every run of `runner`'s spec on `jobs` threads; false if a study is running.
    bool start(std::unique_ptr<SweepRunner> runner, const SweepSpec &spec, int jobs);
    /// Asks the runner to start no more runs; finished() follows once the running ones end.
    void cancel();
    bool running() const { return m_thread != nullptr; }
    /// Blocks until the study's threads ended (for tests and shutdown); true if they did in time.
    bool wait(int milliseconds);

    /// The prepared runner of the last study (nullptr before the first).
    const SweepRunner *runner() const { return m_runner.get(); }
    /// The measured values of the last study (complete when finished() said so).
    const SweepTable *table() const { return m_table ? &*m_table : nullptr; }
    std::size_t done() const { return m_done.load(); }
    std::size_t total() const { return m_table ? m_table->spec().runCount() : 0; }
    /// Runs per second so far, and the seconds left at that pace (-1 when not known yet).
    double runsPerSecond() const;
    double secondsLeft() const;

signals:
    /// Runs done so far (on the GUI thread, at most every few hundred milliseconds).
    void progressed(std::size_t done, std::size_t total);
    /// The study ended: complete (every run in table()), cancelled, or failed with `error`.
    void finished(bool complete, const QString &error);

private:
    void onThreadFinished();

    std::unique_ptr<SweepRunner> m_runner;
    std::optional<SweepTable> m_table;
    QThread *m_thread = nullptr;
    std::atomic<bool> m_cancel{false};
    std::atomic<std::size_t> m_done{0};
    QString m_error; ///< written by the thread before it ends, read after
    QElapsedTimer m_clock;
};

} // namespace dplab
