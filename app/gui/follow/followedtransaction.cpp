#include "app/gui/follow/followedtransaction.h"

#include <algorithm>
#include <unordered_set>

namespace dplab {

void FollowedTransaction::clear()
{
    m_mode = Mode::Off;
    m_through = -1;
    m_label = 0;
    m_root = TraceEvent{};
    m_scanned = 0;
    m_ids.clear();
    m_hops.clear();
    m_last = 0;
}

void FollowedTransaction::followNextRequest(std::size_t from, int through, std::uint32_t label)
{
    clear();
    m_mode = Mode::Armed;
    m_scanned = from;
    m_through = through;
    m_label = label;
}

void FollowedTransaction::followEvent(const TraceLog &log, std::size_t position)
{
    clear();
    if (position >= log.size())
        return;
    // Up the causes to the first one: a client's request, a timer, a fault.
    const TraceEvent *e = &log[position];
    std::size_t at = position;
    while (e->cause != 0) {
        const TraceEvent *cause = log.byId(e->cause);
        if (!cause)
            break;
        e = cause;
        at = static_cast<std::size_t>(cause->id - 1);
    }
    start(*e);
    m_scanned = at + 1;
}

void FollowedTransaction::followEvents(const TraceLog &log, const std::vector<std::uint64_t> &ids)
{
    clear();
    std::unordered_set<std::uint64_t> chain, messages;
    for (std::uint64_t id : ids)
        if (const TraceEvent *e = log.byId(id)) {
            chain.insert(id);
            if (e->msg != 0)
                messages.insert(e->msg);
        }
    if (chain.empty())
        return;
    m_mode = Mode::Fixed;
    m_root = *log.byId(*std::min_element(chain.begin(), chain.end()));
    m_ids = chain;
    // One pass: the sends of the chain's messages, and those its events caused.
    for (std::size_t i = 0; i < log.size(); ++i) {
        const TraceEvent &e = log[i];
        const bool hop = e.kind == TraceKind::Send || e.kind == TraceKind::Reply;
        if (!hop || !(messages.count(e.msg) != 0 || chain.count(e.cause) != 0 || chain.count(e.id)))
            continue;
        m_ids.insert(e.id);
        m_hops.push_back({e.time, e.time + std::max<SimTime>(0, e.value)});
        m_last = std::max(m_last, e.time);
    }
    m_scanned = log.size();
}

void FollowedTransaction::start(const TraceEvent &root)
{
    m_mode = Mode::Following;
    m_root = root;
    m_ids.insert(root.id);
    m_last = root.time;
}

void FollowedTransaction::update(const TraceLog &log)
{
    if (m_mode == Mode::Off)
        return;
    if (m_mode == Mode::Fixed) {
        if (log.size() < m_scanned) // the trace was replaced: the chain is gone
            clear();
        return;
    }
    if (log.size() < m_scanned) {
        // The trace was replaced (a fork, a reset): what we followed is gone.
        clear();
        return;
    }
    for (; m_scanned < log.size(); ++m_scanned) {
        const TraceEvent &e = log[m_scanned];
        if (m_mode == Mode::Armed) {
            if (m_through >= 0 && (e.kind == TraceKind::Send || e.kind == TraceKind::Reply) &&
                e.to == m_through) {
                // Its tree from its first cause, read again from there.
                followEvent(log, m_scanned);
                update(log);
                return;
            }
            if (m_through < 0 && e.kind == TraceKind::Request && e.from == kClientEndpoint &&
                (m_label == 0 || e.label == m_label))
                start(e);
            continue;
        }
        if (e.cause != 0 && m_ids.count(e.cause) != 0)
            read(e);
    }
}

void FollowedTransaction::read(const TraceEvent &e)
{
    m_ids.insert(e.id);
    m_last = std::max(m_last, e.time);
    // A Send or a Reply puts a message on its way; its value is the time it takes.
    if (e.kind == TraceKind::Send || e.kind == TraceKind::Reply)
        m_hops.push_back({e.time, e.time + std::max<SimTime>(0, e.value)});
}

std::optional<double> FollowedTransaction::slowSpeedAt(SimTime t) const
{
    SimTime shortest = kSimTimeMax;
    for (const Hop &h : m_hops) {
        if (h.sent > t)
            break;
        if (t < h.arrives)
            shortest = std::min(shortest, h.arrives - h.sent);
    }
    if (shortest == kSimTimeMax)
        return std::nullopt;
    return static_cast<double>(shortest) / (kWallPerHop * static_cast<double>(kSecond));
}

std::optional<SimTime> FollowedTransaction::hopLeavingIn(SimTime after, SimTime upTo) const
{
    auto it = std::upper_bound(m_hops.begin(), m_hops.end(), after,
                               [](SimTime t, const Hop &h) { return t < h.sent; });
    for (; it != m_hops.end() && it->sent <= upTo; ++it)
        if (it->arrives > it->sent) // a hop that takes no time has nothing to watch
            return it->sent;
    return std::nullopt;
}

int FollowedTransaction::hopsSentBy(SimTime t) const
{
    return static_cast<int>(std::upper_bound(m_hops.begin(), m_hops.end(), t,
                                             [](SimTime v, const Hop &h) { return v < h.sent; }) -
                            m_hops.begin());
}

int FollowedTransaction::hopsInAir(SimTime t) const
{
    int n = 0;
    for (const Hop &h : m_hops) {
        if (h.sent > t)
            break;
        n += t < h.arrives ? 1 : 0;
    }
    return n;
}

bool FollowedTransaction::doneAt(SimTime t) const
{
    return m_mode == Mode::Following && t >= m_last + kQuiet && hopsInAir(t) == 0;
}

} // namespace dplab
