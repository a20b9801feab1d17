#include "simulation/timeline/timeline.h"

#include "simulation/world/sqlitesession.h"
#include "simulation/world/world.h"

#include <algorithm>
#include <string>
#include <unordered_set>

namespace dplab {

/** Every database as it was after `commits` commits; images shared with the previous
 *  checkpoint when a database did not change in between. */
struct Timeline::Checkpoint
{
    std::size_t commits = 0;
    std::vector<std::shared_ptr<const std::vector<unsigned char>>> images;
    std::vector<bool> changedSincePrevious; ///< per database
};

namespace {

/// A restore copies the image page by page; in units of "one changeset applied", measured by
/// `dplab-cli bench --timeline` (an image of 16 KB costs about as much as one changeset).
constexpr std::size_t kImageBytesPerChangeset = 16384;
constexpr std::size_t kRestoreOverhead = 4;

/// Opens one transaction per database on first use, so a long seek commits once per database,
/// and rolls everything back if an apply fails.
class BatchTransactions
{
public:
    explicit BatchTransactions(std::size_t databases)
        : m_open(databases, nullptr)
    {}
    ~BatchTransactions()
    {
        for (Database *db : m_open)
            if (db) {
                try {
                    db->exec("ROLLBACK");
                } catch (const DatabaseError &) {
                    // Nothing better to do while unwinding; SQLite rolled back already.
                }
            }
    }
    void use(std::size_t index, Database &db)
    {
        if (!m_open[index]) {
            db.exec("BEGIN");
            m_open[index] = &db;
        }
    }
    void commit()
    {
        for (Database *&db : m_open)
            if (db) {
                db->exec("COMMIT");
                db = nullptr;
            }
    }

private:
    std::vector<Database *> m_open;
};

/// Merges the changesets `commits` (in the order given; inverted when undoing) into one.
/// Returns false when SQLite cannot group them (tables whose columns changed in between).
bool mergeChangesets(const ChangesetStore &store, const std::vector<std::size_t> &commits,
                     bool invert, Changeset *out)
{
    if (commits.size() == 1 && !invert) {
        const auto span = store.bytes(commits.front());
        out->assign(span.begin(), span.end());
        return true;
    }
    sqlite3_changegroup *group = nullptr;
    if (sqlite3changegroup_new(&group) != SQLITE_OK)
        return false;
    bool ok = true;
    for (std::size_t i : commits) {
        const auto span = store.bytes(i);
        if (span.empty())
            continue;
        int size = static_cast<int>(span.size());
        void *data = const_cast<unsigned char *>(span.data());
        void *inverted = nullptr;
        if (invert && sqlite3changeset_invert(size, data, &size, &inverted) != SQLITE_OK) {
            ok = false;
            break;
        }
        const int rc = sqlite3changegroup_add(group, size, invert ? inverted : data);
        sqlite3_free(inverted);
        if (rc != SQLITE_OK) {
            ok = false;
            break;
        }
    }
    int size = 0;
    void *data = nullptr;
    if (ok && sqlite3changegroup_output(group, &size, &data) == SQLITE_OK) {
        const auto *bytes = static_cast<const unsigned char *>(data);
        out->assign(bytes, bytes + size);
    } else {
        ok = false;
    }
    sqlite3_free(data);
    sqlite3changegroup_delete(group);
    return ok;
}

} // namespace

Timeline::Timeline(World &world, const TraceLog &trace, TimelineOptions options)
    : m_world(world)
    , m_trace(trace)
    , m_options(options)
{
    for (std::size_t s = 0; s < world.serviceCount(); ++s) {
        Database *db = &world.service(static_cast<std::int16_t>(s)).database();
        auto it = std::find(m_databases.begin(), m_databases.end(), db);
        if (it == m_databases.end()) {
            m_databases.push_back(db);
            it = m_databases.end() - 1;
        }
        m_databaseOf.push_back(static_cast<std::uint16_t>(it - m_databases.begin()));
    }
    m_applied = world.commits().size();
    m_position = trace.size();
    m_time = world.now();
    takeCheckpoint();
}

Timeline::~Timeline() = default;

SimTime Timeline::time() const
{
    return m_time;
}

bool Timeline::canRewind() const
{
    return m_world.capturesChangesets();
}

void Timeline::sync()
{
    if (!m_live)
        return;
    m_position = m_trace.size();
    m_applied = m_world.commits().size();
    m_time = m_world.now();
    if (m_options.checkpointEveryCommits > 0 &&
        m_applied >= m_checkpoints.back()->commits + m_options.checkpointEveryCommits)
        takeCheckpoint();
}

std::size_t Timeline::positionAtTime(SimTime t) const
{
    return m_trace.countAtOrBefore(t);
}

std::size_t Timeline::commitsAt(std::size_t position) const
{
    const ChangesetStore &store = m_world.commits();
    if (position == 0)
        return 0;
    if (position >= m_trace.size() && m_trace.size() == m_world.lastEventId())
        return store.size();
    const std::uint64_t id = m_trace[position - 1].id;
    std::size_t lo = 0, hi = store.size();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (store.record(mid).traceId <= id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void Timeline::seek(std::size_t position)
{
    position = std::min(position, m_trace.size());
    if (!canRewind() && position != m_trace.size())
        return;
    moveTo(commitsAt(position));
    m_position = position;
    m_live = m_applied == m_world.commits().size() && position == m_trace.size();
    m_time = m_live ? m_world.now() : (position ? m_trace[position - 1].time : 0);
}

void Timeline::seekTime(SimTime t)
{
    t = std::clamp<SimTime>(t, 0, m_world.now());
    seek(positionAtTime(t));
    if (canRewind())
        m_time = t;
}

bool Timeline::stepBack()
{
    if (m_position == 0 || !canRewind())
        return false;
    seek(m_position - 1);
    return true;
}

bool Timeline::stepForward()
{
    if (m_position >= m_trace.size())
        return false;
    seek(m_position + 1);
    return true;
}

void Timeline::goLive()
{
    moveTo(m_world.commits().size());
    m_position = m_trace.size();
    m_live = true;
    m_time = m_world.now();
}

std::vector<bool> Timeline::touchedBetween(std::size_t a, std::size_t b) const
{
    if (a > b)
        std::swap(a, b);
    std::vector<bool> touched(m_databases.size(), false);
    const ChangesetStore &store = m_world.commits();
    // Whole checkpoint intervals inside [a, b) answer from their masks; the ends are scanned.
    std::size_t i = a;
    for (const auto &cp : m_checkpoints) {
        if (cp->commits <= i)
            continue;
        if (cp->commits > b)
            break;
        // cp covers (previous checkpoint, cp]; usable only if the previous one is >= i.
        const auto prev = &cp - &m_checkpoints.front();
        if (prev > 0 && m_checkpoints[static_cast<std::size_t>(prev) - 1]->commits >= i) {
            for (std::size_t d = 0; d < touched.size(); ++d)
                if (cp->changedSincePrevious[d])
                    touched[d] = true;
        } else {
            for (; i < cp->commits; ++i)
                touched[m_databaseOf[static_cast<std::size_t>(store.record(i).service)]] = true;
        }
        i = cp->commits;
    }
    for (; i < b; ++i)
        touched[m_databaseOf[static_cast<std::size_t>(store.record(i).service)]] = true;
    return touched;
}

std::size_t Timeline::restoreCost(const Checkpoint &cp, const std::vector<bool> &touched) const
{
    std::size_t cost = 0;
    for (std::size_t d = 0; d < touched.size(); ++d)
        if (touched[d])
            cost += kRestoreOverhead + cp.images[d]->size() / kImageBytesPerChangeset;
    return cost;
}

void Timeline::moveTo(std::size_t target)
{
    if (target == m_applied)
        return;
    // The cheapest of: straight there, or from the checkpoint just before or just after.
    const auto distance = [](std::size_t a, std::size_t b) { return a > b ? a - b : b - a; };
    std::size_t best = distance(m_applied, target);
    const Checkpoint *via = nullptr;
    std::vector<bool> viaTouched;
    auto after = std::lower_bound(m_checkpoints.begin(), m_checkpoints.end(), target,
                                  [](const auto &cp, std::size_t c) { return cp->commits < c; });
    const auto consider = [&](const Checkpoint &cp) {
        if (distance(cp.commits, target) >= best)
            return;
        std::vector<bool> touched = touchedBetween(m_applied, cp.commits);
        const std::size_t cost = restoreCost(cp, touched) + distance(cp.commits, target);
        if (cost < best) {
            best = cost;
            via = &cp;
            viaTouched = std::move(touched);
        }
    };
    if (after != m_checkpoints.end())
        consider(**after);
    if (after != m_checkpoints.begin())
        consider(**std::prev(after));
    if (via) {
        restore(*via, viaTouched);
        m_applied = via->commits;
    }
    applyRange(m_applied, target);
    m_applied = target;
}

void Timeline::applyRange(std::size_t from, std::size_t to)
{
    if (from == to)
        return;
    // sqlite3changeset_apply prepares its statements on every call, which costs far more than
    // the rows of one small changeset: so the commits of each database are merged into one
    // changeset (a change group, in order; when undoing, the inverted ones newest first) and
    // applied once. A change group refuses tables whose columns differ between changesets (a
    // schema change during the run); then that database falls back to one apply per commit.
    const ChangesetStore &store = m_world.commits();
    const bool undo = to < from;
    const std::size_t lo = std::min(from, to), hi = std::max(from, to);
    std::vector<std::vector<std::size_t>> commitsOf(m_databases.size());
    for (std::size_t i = lo; i < hi; ++i)
        commitsOf[m_databaseOf[static_cast<std::size_t>(store.record(i).service)]].push_back(i);
    BatchTransactions batch(m_databases.size());
    for (std::size_t d = 0; d < m_databases.size(); ++d) {
        std::vector<std::size_t> &list = commitsOf[d];
        if (list.empty())
            continue;
        if (undo)
            std::reverse(list.begin(), list.end());
        batch.use(d, *m_databases[d]);
        const auto fail = [&](std::size_t i, const DatabaseError &e) {
            const CommitRecord &r = store.record(i);
            return DatabaseError(std::string("timeline: cannot ") + (undo ? "undo" : "redo") +
                                     " commit " + std::to_string(i) + " (trace event " +
                                     std::to_string(r.traceId) + ") of " +
                                     m_world.names().endpoint(r.service) + ": " + e.what(),
                                 e.code());
        };
        Changeset merged;
        if (mergeChangesets(store, list, undo, &merged)) {
            try {
                m_databases[d]->applyChangeset(merged);
            } catch (const DatabaseError &e) {
                throw fail(list.front(), e);
            }
        } else {
            Changeset bytes;
            for (std::size_t i : list) {
                const auto span = store.bytes(i);
                bytes.assign(span.begin(), span.end());
                try {
                    m_databases[d]->applyChangeset(undo ? Database::invertChangeset(bytes) : bytes);
                } catch (const DatabaseError &e) {
                    throw fail(i, e);
                }
            }
        }
        m_changesetsMoved += list.size();
    }
    batch.commit();
}

void Timeline::restore(const Checkpoint &cp, const std::vector<bool> &touched)
{
    for (std::size_t d = 0; d < touched.size(); ++d)
        if (touched[d]) {
            m_databases[d]->deserialize(*cp.images[d]);
            // The restore changed the schema cookie: SQLite parses the schema again on the
            // next statement. Do it now, inside the seek, rather than in the next step.
            m_databases[d]->query("SELECT count(*) FROM sqlite_schema");
            ++m_imagesRestored;
        }
}

void Timeline::takeCheckpoint()
{
    auto cp = std::make_unique<Checkpoint>();
    cp->commits = m_applied;
    cp->images.resize(m_databases.size());
    cp->changedSincePrevious.assign(m_databases.size(), true);
    if (!m_checkpoints.empty()) {
        const Checkpoint &prev = *m_checkpoints.back();
        cp->changedSincePrevious = touchedBetween(prev.commits, cp->commits);
        for (std::size_t d = 0; d < m_databases.size(); ++d)
            if (!cp->changedSincePrevious[d])
                cp->images[d] = prev.images[d];
    }
    for (std::size_t d = 0; d < m_databases.size(); ++d)
        if (!cp->images[d])
            cp->images[d] =
                std::make_shared<const std::vector<unsigned char>>(m_databases[d]->serialize());
    m_checkpoints.push_back(std::move(cp));
}

TimelineMemory Timeline::memory() const
{
    TimelineMemory m;
    m.traceBytes = m_trace.memoryBytes();
    m.changesetBytes = m_world.commits().memoryBytes();
    m.checkpoints = m_checkpoints.size();
    std::unordered_set<const void *> seen;
    for (const auto &cp : m_checkpoints)
        for (const auto &image : cp->images)
            if (seen.insert(image.get()).second)
                m.checkpointBytes += image->capacity();
    return m;
}

} // namespace dplab
