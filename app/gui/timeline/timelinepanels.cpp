#include "app/gui/timeline/timelinepanels.h"

#include "app/gui/playback.h"
#include "app/gui/simulationdocument.h"
#include "app/gui/timeline/sequenceview.h"
#include "app/gui/timeline/timelinedock.h"

namespace dplab {

namespace {

QList<TimelineBookmark> toDock(const std::vector<BookmarkSpec> &marks, const TraceLog &trace)
{
    QList<TimelineBookmark> out;
    for (const BookmarkSpec &b : marks) {
        TimelineBookmark m;
        m.name = QString::fromStdString(b.name);
        m.position = static_cast<std::size_t>(b.event);
        m.time = m.position > 0 && m.position <= trace.size() ? trace[m.position - 1].time : 0;
        out.append(m);
    }
    return out;
}

} // namespace

TimelinePanels::TimelinePanels(SimulationDocument *document, Playback *playback, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_playback(playback)
    , m_dock(new TimelineDock)
    , m_sequence(new SequenceView)
{
    m_dock->setObjectName("timelinePanel");
    m_sequence->setObjectName("sequenceView");
    // Views catch up at most ~30 times a second while the simulation runs flat out.
    m_sync.setSingleShot(true);
    m_sync.setInterval(33);
    connect(&m_sync, &QTimer::timeout, this, &TimelinePanels::sync);
    m_sequenceClock.start();

    connect(m_document, &SimulationDocument::worldReset, this, &TimelinePanels::attach);
    connect(m_document, &SimulationDocument::advanced, this, &TimelinePanels::onAdvanced);
    connect(m_document, &SimulationDocument::scenarioChanged, this,
            [this] { m_dock->setBookmarks(toDock(m_document->bookmarks(), m_document->trace())); });

    connect(m_dock, &TimelineDock::seekRequested, this, [this](std::size_t position) {
        m_playback->pause();
        m_document->seek(position);
    });
    connect(m_sequence, &SequenceView::seekRequested, this, [this](std::size_t position) {
        m_playback->pause();
        m_document->seek(position);
    });
    connect(m_dock, &TimelineDock::seekTimeRequested, this, [this](SimTime t) {
        m_playback->pause();
        m_document->seekTime(t);
    });
    connect(m_dock, &TimelineDock::stepBackRequested, this, [this] {
        m_playback->pause();
        m_document->stepBack();
    });
    connect(m_dock, &TimelineDock::stepForwardRequested, m_playback, &Playback::stepOnce);
    connect(m_dock, &TimelineDock::runUntilRequested, this, &TimelinePanels::runUntil);
    connect(m_dock, &TimelineDock::bookmarksChanged, this, &TimelinePanels::saveBookmarks);
    // A narration pause on the way does not end a run-until (it plays on past it); the user's
    // pause, or the end, does. Playback says "paused at a mark" just after "paused", so the
    // decision waits for the event loop.
    connect(m_playback, &Playback::pausedAtMark, this,
            [this] { m_pausedAtMark = m_pending.has_value(); });
    connect(m_playback, &Playback::playingChanged, this, [this](bool playing) {
        if (!playing && m_pending) {
            m_pausedAtMark = false;
            QTimer::singleShot(0, this, [this] {
                if (!m_pending || m_playback->isPlaying())
                    return;
                checkPending();
                if (m_pending && m_pausedAtMark && !m_document->atEnd())
                    m_playback->runUntil(m_document->endTime());
                else
                    m_pending.reset();
                m_pausedAtMark = false;
            });
        }
        sync();
    });
    if (m_document->hasRun())
        attach();
}

void TimelinePanels::attach()
{
    if (!m_document->hasRun())
        return;
    m_dock->reset();
    m_dock->setTrace(&m_document->trace(), &m_document->world().names(), m_document->endTime());
    m_sequence->setTrace(&m_document->trace(), &m_document->world().names());
    m_dock->setBookmarks(toDock(m_document->bookmarks(), m_document->trace()));
    sync();
}

void TimelinePanels::onAdvanced()
{
    if (m_pending)
        checkPending();
    // Paused (a step, a seek): at once; playing: on the next tick of the sync timer.
    if (!m_playback->isPlaying())
        sync();
    else if (!m_sync.isActive())
        m_sync.start();
}

void TimelinePanels::sync()
{
    if (!m_document->hasRun())
        return;
    m_dock->traceGrew();
    m_dock->setFrontier(m_document->frontier());
    m_dock->setPlayhead(m_document->playhead());
    // The diagram is the costliest to draw: a few times a second while playing is enough.
    if (!m_sequence->isVisible())
        return;
    if (!m_playback->isPlaying() || m_sequenceClock.elapsed() >= 150) {
        m_sequenceClock.restart();
        m_sequence->traceGrew();
        m_sequence->setPlayhead(m_document->playhead());
    }
}

void TimelinePanels::runUntil(const RunUntilCondition &condition)
{
    if (!m_document->hasRun())
        return;
    m_playback->pause();
    // A condition the recording already holds after the playhead: jump there.
    const std::size_t from = m_document->playhead();
    if (condition.kind == RunUntilCondition::Kind::Time &&
        condition.time <= m_document->frontierTime()) {
        m_document->seekTime(condition.time);
        return;
    }
    if (const auto found = findNext(m_document->trace(), from, condition)) {
        m_document->seek(*found + 1);
        return;
    }
    if (m_document->atEnd() || m_document->frontierTime() >= m_document->endTime()) {
        emit message(tr("Run until %1: not before the end of the run")
                         .arg(runUntilKindName(condition.kind)));
        return;
    }
    // Not yet happened: play on from the present until it does.
    m_document->goToPresent();
    if (condition.kind == RunUntilCondition::Kind::Time) {
        m_playback->runUntil(condition.time);
        return;
    }
    m_pending = condition;
    m_checkedUpTo = m_document->frontier();
    m_playback->runUntil(m_document->endTime());
    emit message(tr("Running until the %1...").arg(runUntilKindName(condition.kind)));
}

void TimelinePanels::checkPending()
{
    if (!m_pending)
        return;
    const auto found = findNext(m_document->trace(), m_checkedUpTo, *m_pending);
    m_checkedUpTo = m_document->frontier();
    if (!found) {
        if (m_document->frontierTime() >= m_document->endTime()) {
            emit message(tr("Run until %1: not before the end of the run")
                             .arg(runUntilKindName(m_pending->kind)));
            m_pending.reset();
        }
        return;
    }
    const RunUntilCondition met = *m_pending;
    m_pending.reset();
    m_playback->pause();
    m_document->seek(*found + 1);
    emit message(
        tr("Stopped at the %1 (event %2)").arg(runUntilKindName(met.kind)).arg(*found + 1));
}

void TimelinePanels::saveBookmarks()
{
    std::vector<BookmarkSpec> marks;
    for (const TimelineBookmark &b : m_dock->bookmarks())
        marks.push_back({static_cast<std::uint64_t>(b.position), b.name.toStdString()});
    m_document->setBookmarks(std::move(marks));
}

} // namespace dplab
