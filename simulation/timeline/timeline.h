#pragma once

#include "simulation/kernel/simtime.h"
#include "simulation/observe/tracelog.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace dplab {

class Database;
class World;

/** How often the timeline keeps whole-database images. */
struct TimelineOptions
{
    /// A checkpoint every this many commits (0 = only the one at the start).
    std::size_t checkpointEveryCommits = 4096;
};

/** What the recorded run costs in memory. */
struct TimelineMemory
{
    std::size_t traceBytes = 0;      ///< the trace events (64 bytes each, in chunks)
    std::size_t changesetBytes = 0;  ///< every commit's changeset, with its record
    std::size_t checkpointBytes = 0; ///< database images (shared between checkpoints when equal)
    std::size_t checkpoints = 0;
    std::size_t total() const { return traceBytes + changesetBytes + checkpointBytes; }
};

/**
 * A playhead over a recorded run. The world runs forward only; the timeline moves its
 * databases back and forth through the trace: a step back applies the inverted changesets of
 * the commits it steps over, a step forward applies them again, and a long seek starts from the
 * nearest checkpoint (whole-database images taken every K commits while the run was live) when
 * that is cheaper. Only the databases move; everything else at the playhead (messages in flight,
 * crashed services, faults) is read from the trace by the views.
 *
 * Position p means "the first p trace events have happened". The world may only run on while
 * the timeline is live (databases at the world's present): call goLive() first.
 */
class Timeline
{
public:
    /// Takes the first checkpoint of every database as they are now.
    Timeline(World &world, const TraceLog &trace, TimelineOptions options = {});
    ~Timeline();
    Timeline(const Timeline &) = delete;
    Timeline &operator=(const Timeline &) = delete;

    /// The world ran on (while live): the playhead follows it, and a checkpoint is taken when
    /// one is due. Does nothing when not live.
    void sync();

    std::size_t position() const { return m_position; }
    /// How far the run has gone: the number of trace events recorded.
    std::size_t frontier() const { return m_trace.size(); }
    /// The databases are at the world's present; the world may run.
    bool live() const { return m_live; }
    /// The time at the playhead: the world's time when live, else the time seeked to (or the
    /// time of the event at the playhead).
    SimTime time() const;
    /// False when the run keeps no changesets: then the playhead cannot leave the present.
    bool canRewind() const;

    /// Moves to position p (clamped to 0..frontier). At the frontier, the timeline is live
    /// again unless the trace overflowed (then goLive() is needed to reach the present).
    void seek(std::size_t position);
    /// Moves to the last event at or before t; time() is t afterwards.
    void seekTime(SimTime t);
    bool stepBack();
    bool stepForward();
    /// Brings the databases to the world's present.
    void goLive();

    /// Commits whose changes the databases hold now.
    std::size_t commitsApplied() const { return m_applied; }
    /// Commits (changesets) applied or undone by seeks and steps so far, and images restored.
    std::uint64_t changesetsApplied() const { return m_changesetsMoved; }
    std::uint64_t imagesRestored() const { return m_imagesRestored; }
    TimelineMemory memory() const;
    /// Number of events at or before t (binary search on the trace).
    std::size_t positionAtTime(SimTime t) const;

private:
    struct Checkpoint;
    /// Commits with a trace id at or before the event at position p.
    std::size_t commitsAt(std::size_t position) const;
    void moveTo(std::size_t commits);
    void applyRange(std::size_t from, std::size_t to);
    /// Restores the databases in `touched` (those that changed between it and now).
    void restore(const Checkpoint &cp, const std::vector<bool> &touched);
    void takeCheckpoint();
    std::vector<bool> touchedBetween(std::size_t a, std::size_t b) const;
    std::size_t restoreCost(const Checkpoint &cp, const std::vector<bool> &touched) const;

    World &m_world;
    const TraceLog &m_trace;
    TimelineOptions m_options;
    std::vector<Database *> m_databases;     ///< distinct databases (shared mode: one)
    std::vector<std::uint16_t> m_databaseOf; ///< service index -> m_databases index
    std::vector<std::unique_ptr<Checkpoint>> m_checkpoints; ///< by commits, ascending
    std::size_t m_position = 0;
    std::size_t m_applied = 0;
    SimTime m_time = 0;
    bool m_live = true;
    std::uint64_t m_changesetsMoved = 0;
    std::uint64_t m_imagesRestored = 0;
};

} // namespace dplab
