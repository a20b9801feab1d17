#include "app/gui/study/studyrunner.h"

#include <QThread>

#include <exception>
#include <numeric>
#include <vector>

namespace dplab {

StudyRunner::StudyRunner(QObject *parent)
    : QObject(parent)
{}

StudyRunner::~StudyRunner()
{
    if (m_thread) {
        m_cancel.store(true);
        m_thread->wait();
        delete m_thread;
    }
}

bool StudyRunner::start(std::unique_ptr<SweepRunner> runner, const SweepSpec &spec, int jobs)
{
    if (m_thread || !runner)
        return false;
    m_runner = std::move(runner);
    m_table.emplace(spec);
    m_cancel.store(false);
    m_done.store(0);
    m_error.clear();
    m_clock.start();
    std::vector<std::size_t> runs(spec.runCount());
    std::iota(runs.begin(), runs.end(), std::size_t{0});
    m_thread = QThread::create([this, runs = std::move(runs), jobs] {
        try {
            m_runner->run(
                *m_table, runs, jobs,
                [this, total = runs.size()](std::size_t done) {
                    m_done.store(done);
                    // Queued to the GUI thread: this object lives there.
                    emit progressed(done, total);
                },
                &m_cancel);
        } catch (const std::exception &e) {
            m_error = QString::fromStdString(e.what());
        }
    });
    m_thread->setObjectName(QStringLiteral("study"));
    connect(m_thread, &QThread::finished, this, &StudyRunner::onThreadFinished);
    m_thread->start();
    return true;
}

void StudyRunner::cancel()
{
    m_cancel.store(true);
}

bool StudyRunner::wait(int milliseconds)
{
    return !m_thread || m_thread->wait(QDeadlineTimer(milliseconds));
}

double StudyRunner::runsPerSecond() const
{
    const double seconds = static_cast<double>(m_clock.elapsed()) / 1000.0;
    return seconds > 0 ? static_cast<double>(done()) / seconds : 0.0;
}

double StudyRunner::secondsLeft() const
{
    const double rate = runsPerSecond();
    if (done() == 0 || rate <= 0)
        return -1;
    return static_cast<double>(total() - done()) / rate;
}

void StudyRunner::onThreadFinished()
{
    m_thread->deleteLater();
    m_thread = nullptr;
    const bool complete = m_error.isEmpty() && m_table && m_table->complete();
    emit finished(complete, m_error);
}

} // namespace dplab
