#include "app/gui/runbuilder.h"

#include <QStringList>

#include <algorithm>
#include <exception>

namespace dplab {

namespace {

// A few milliseconds of simulation: progress and Cancel are answered that often.
constexpr std::uint64_t kRunBuilderSliceEvents = 4096;

} // namespace

RunBuilder::Built RunBuilder::build(const ScenarioInput &input, const Scenario &scenario,
                                    QString *error)
{
    RunOptions options;
    options.recordTrace = true;
    RunResult result = input.build(scenario, options);
    Built built;
    if (!result.run) {
        if (error) {
            QStringList lines;
            for (const auto &e : result.errors)
                lines << QString::fromStdString(e.toString());
            *error = lines.join('\n');
        }
        return built;
    }
    built.run = std::move(result.run);
    built.run->world().start();
    built.timeline = std::make_unique<Timeline>(built.run->world(), built.run->trace()->events());
    return built;
}

bool RunBuilder::simulate(Built &built, const Target &target,
                          const std::function<bool(double)> &slice)
{
    World &w = built.run->world();
    if (target.traceEvents > 0)
        return simulateToTrace(built, target.traceEvents, slice);
    const bool byEvents = target.executed != std::numeric_limits<std::uint64_t>::max();
    const auto fraction = [&] {
        if (byEvents)
            return target.executed ? double(w.scheduler().executed()) / double(target.executed)
                                   : 1.0;
        return target.time > 0 ? std::min(1.0, double(w.now()) / double(target.time)) : 1.0;
    };
    // The same events as in one call (World::runBounded stops and resumes at any event), in
    // slices so that the timeline takes its checkpoints on the way.
    while (w.scheduler().executed() < target.executed) {
        const std::uint64_t left = target.executed - w.scheduler().executed();
        if (w.runEvents(std::min(left, kRunBuilderSliceEvents), target.time) == 0)
            break;
        built.timeline->sync();
        if (slice && !slice(fraction()))
            return false;
    }
    if (byEvents) {
        // An intervention made after the last event, then the clock where it was.
        w.runEvents(0, target.time);
        if (w.now() < target.time)
            w.runUntil(target.time);
    } else {
        w.runUntil(target.time); // what is due at the time itself, as runUntil alone runs it
    }
    if (target.finish)
        w.finish();
    built.timeline->sync();
    return true;
}

bool RunBuilder::simulateToTrace(Built &built, std::size_t events,
                                 const std::function<bool(double)> &slice)
{
    World &w = built.run->world();
    const TraceLog &trace = built.run->trace()->events();
    // Slices that cannot overshoot by much (an event records a few trace events), each cut in
    // pieces for progress and Cancel: runEvents(a) then runEvents(b) runs what runEvents(a + b)
    // runs.
    while (trace.size() < events && w.scheduler().nextTime() <= w.endTime()) {
        const std::uint64_t n = std::max<std::size_t>(1, (events - trace.size()) / 8);
        std::uint64_t ran = 0;
        while (ran < n) {
            const std::uint64_t piece = w.runEvents(std::min(n - ran, kRunBuilderSliceEvents));
            if (piece == 0)
                break;
            ran += piece;
            built.timeline->sync();
            if (slice && !slice(std::min(1.0, double(trace.size()) / double(events))))
                return false;
        }
        if (ran == 0)
            break;
    }
    built.timeline->sync();
    return true;
}

RunBuilder::RunBuilder(ScenarioInput input, Scenario scenario, Target target, QObject *parent)
    : QObject(parent)
    , m_input(std::move(input))
    , m_scenario(std::move(scenario))
    , m_target(target)
{}

RunBuilder::~RunBuilder()
{
    m_cancel = true;
    if (m_thread.joinable())
        m_thread.join();
}

void RunBuilder::start()
{
    if (m_thread.joinable())
        return;
    m_thread = std::thread([this] { work(); });
}

void RunBuilder::cancel()
{
    m_cancel = true;
}

void RunBuilder::work()
{
    Built built;
    QString error;
    try {
        built = build(m_input, m_scenario, &error);
        double reported = 0.0;
        if (built.run && !simulate(built, m_target, [this, &reported](double fraction) {
                m_progress = fraction;
                if (fraction - reported >= 0.01) {
                    reported = fraction;
                    QMetaObject::invokeMethod(
                        this, [this] { emit progressed(m_progress.load()); }, Qt::QueuedConnection);
                }
                return !m_cancel.load();
            }))
            built.clear(); // cancelled: the run goes here, on its own thread
    } catch (const std::exception &e) {
        built.clear();
        error = QString::fromUtf8(e.what());
    }
    if (m_cancel.load())
        built.clear();
    m_built = std::move(built);
    m_error = error;
    m_progress = 1.0;
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_thread.joinable())
                m_thread.join();
            emit finished();
        },
        Qt::QueuedConnection);
}

} // namespace dplab
