#include "simulation/observe/sequencediagram.h"

#include "simulation/observe/messageflights.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <unordered_map>
#include <vector>

namespace dplab {

namespace {

// The words of Mermaid's sequence grammar (its lexer, sequenceDiagram.jison). The lexer is case
// insensitive and matches a word even at the start of a longer one ("office" lexes as "off"
// and "ice"), so an id that begins with any of them, in any case, is never used as is.
constexpr std::array<std::string_view, 34> kKeywords = {"sequencediagram",
                                                        "participant",
                                                        "actor",
                                                        "create",
                                                        "destroy",
                                                        "box",
                                                        "as",
                                                        "loop",
                                                        "rect",
                                                        "opt",
                                                        "alt",
                                                        "else",
                                                        "par",
                                                        "par_over",
                                                        "and",
                                                        "critical",
                                                        "option",
                                                        "break",
                                                        "end",
                                                        "left",
                                                        "right",
                                                        "links",
                                                        "link",
                                                        "properties",
                                                        "details",
                                                        "over",
                                                        "note",
                                                        "activate",
                                                        "deactivate",
                                                        "title",
                                                        "acctitle",
                                                        "accdescr",
                                                        "autonumber",
                                                        "off"};

bool isKeyword(const std::string &id)
{
    std::string lower = id;
    for (char &c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (std::string_view k : kKeywords)
        if (lower.compare(0, k.size(), k) == 0)
            return true;
    return false;
}

std::string sanitizeId(std::string_view name)
{
    std::string id;
    for (char c : name)
        id += std::isalnum(static_cast<unsigned char>(c)) || c == '_' ? c : '_';
    return id;
}

/// "12.3 ms": virtual time in milliseconds, to the microsecond, without trailing zeros.
std::string formatMs(SimTime t)
{
    const bool negative = t < 0;
    const std::uint64_t u =
        negative ? static_cast<std::uint64_t>(-t) : static_cast<std::uint64_t>(t);
    std::string frac = std::to_string(u % 1000);
    frac.insert(0, 3 - frac.size(), '0');
    while (frac.size() > 1 && frac.back() == '0')
        frac.pop_back();
    return (negative ? "-" : "") + std::to_string(u / 1000) + "." + frac + " ms";
}

/// An operation or topic label without its "op:" / "topic:" prefix.
std::string_view shortLabel(const std::string &label)
{
    const auto colon = label.find(':');
    return colon == std::string::npos ? std::string_view(label)
                                      : std::string_view(label).substr(colon + 1);
}

struct Item
{
    std::size_t index = 0; ///< event index in the log
    bool note = false;
    int step = -1;         ///< the step it is (SequenceHighlights::steps), or -1
    bool marked = false;   ///< drawn highlighted: a step, or a message of one
    bool stepOnly = false; ///< not drawn otherwise: only the step's note, where it happened
};

bool validEndpoint(std::int32_t e, const NameTable &names)
{
    return e == kClientEndpoint || e == kBusEndpoint ||
           (e >= 0 && static_cast<std::size_t>(e) < names.services.size());
}

class SequenceBuilder
{
public:
    SequenceBuilder(const TraceLog &events, const MessageFlights &flights, const NameTable &names,
                    const SequenceWindow &window, const SequenceHighlights &highlights)
        : m_events(events)
        , m_flights(flights)
        , m_names(names)
        , m_window(window)
        , m_highlights(highlights)
    {}

    std::string build()
    {
        for (std::size_t i = 0; i < m_highlights.steps.size(); ++i) {
            const std::uint64_t id = m_highlights.steps[i].event;
            m_steps.emplace(id, static_cast<int>(i));
            if (id >= 1 && id <= m_events.size() && m_events[id - 1].msg)
                m_stepMessages.insert(m_events[id - 1].msg);
        }
        collect();
        assignIds();
        return write();
    }

private:
    /// Arrow, note or nothing: what an event becomes in the diagram.
    enum class Role { None, Arrow, Note, GlobalNote };

    Role roleOf(std::size_t index) const
    {
        const TraceEvent &e = m_events[index];
        switch (e.kind) {
        case TraceKind::Send:
        case TraceKind::Reply:
        case TraceKind::Publish:
            return validEndpoint(e.from, m_names) && validEndpoint(e.to, m_names) ? Role::Arrow
                                                                                  : Role::None;
        case TraceKind::Drop: {
            const DropKind kind = m_flights.dropKind(m_events, index);
            // A loss in flight belongs to its send's arrow, when that send is in the window.
            if (kind == DropKind::OnTheWay &&
                m_events[m_flights.endedBy(index)->send].time >= m_window.from)
                return Role::None;
            // Arrived, then ignored (a late reply): a note at the receiver, not a second arrow.
            if (kind == DropKind::AfterDelivery && validEndpoint(e.to, m_names))
                return Role::Note;
            return validEndpoint(e.from, m_names) && validEndpoint(e.to, m_names) ? Role::Arrow
                                                                                  : Role::None;
        }
        case TraceKind::Crash:
        case TraceKind::Restart:
        case TraceKind::Timeout:
        case TraceKind::Failure:
        case TraceKind::Breaker:
            return validEndpoint(e.from, m_names) ? Role::Note : Role::None;
        case TraceKind::FaultStart:
        case TraceKind::FaultEnd:
        case TraceKind::Intervention:
            return Role::GlobalNote;
        default:
            return Role::None;
        }
    }

    void collect()
    {
        // The trace is in time order: find the window's first event by bisection.
        std::size_t lo = 0, hi = m_events.size();
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo) / 2;
            if (m_events[mid].time < m_window.from)
                lo = mid + 1;
            else
                hi = mid;
        }
        std::size_t arrows = 0;
        for (std::size_t i = lo; i < m_events.size() && m_events[i].time <= m_window.to; ++i) {
            const TraceEvent &e = m_events[i];
            const Role role = roleOf(i);
            const auto step = m_steps.find(e.id);
            const bool marked = step != m_steps.end() ||
                                (role == Role::Arrow && e.msg && m_stepMessages.count(e.msg));
            if (step != m_steps.end() && role == Role::None) {
                // Not drawn by itself (a commit, a delivery): the step's note where it happened.
                const std::int32_t at = stepEndpoint(e);
                if (at == kNoEndpoint)
                    continue;
                Item item{i, true, step->second, true, true};
                m_items.push_back(item);
                use(at);
                continue;
            }
            if (role == Role::None)
                continue;
            if (arrows >= m_window.maxArrows && !marked) {
                if (!m_cut)
                    m_cutAt = e.time;
                m_cut = true;
                (role == Role::Arrow ? m_omittedArrows : m_omittedNotes) += 1;
                continue;
            }
            m_items.push_back(Item{i, role != Role::Arrow,
                                   step == m_steps.end() ? -1 : step->second, marked, false});
            if (role == Role::Arrow)
                ++arrows;
            if (role == Role::GlobalNote)
                m_hasGlobalNote = true;
            else
                use(e.from);
            if (role == Role::Arrow)
                use(e.to);
            if (role == Role::Note && e.kind == TraceKind::Drop)
                use(e.to);
        }
    }

    /// Where a step that is not drawn by itself happened: its service.
    std::int32_t stepEndpoint(const TraceEvent &e) const
    {
        const bool atReceiver = e.kind == TraceKind::Deliver || e.kind == TraceKind::Start ||
                                e.kind == TraceKind::Process || e.kind == TraceKind::Duplicate ||
                                e.kind == TraceKind::Redeliver || e.kind == TraceKind::Hold;
        const std::int32_t first = atReceiver ? e.to : e.from;
        const std::int32_t second = atReceiver ? e.from : e.to;
        if (first != kNoEndpoint && validEndpoint(first, m_names))
            return first;
        if (second != kNoEndpoint && validEndpoint(second, m_names))
            return second;
        return kNoEndpoint;
    }

    void use(std::int32_t endpoint)
    {
        if (endpoint == kClientEndpoint)
            m_usesClient = true;
        else if (endpoint == kBusEndpoint)
            m_usesBus = true;
        else if (endpoint >= 0)
            m_services.insert(endpoint);
    }

    void assignIds()
    {
        std::set<std::string> taken;
        auto claim = [&](const std::string &name, const std::string &fallbackPrefix) {
            std::string id = sanitizeId(name);
            if (id.empty() || std::isdigit(static_cast<unsigned char>(id[0])) || isKeyword(id) ||
                taken.count(id))
                id = fallbackPrefix + "_" + id;
            for (int n = 2; taken.count(id); ++n)
                id = fallbackPrefix + "_" + sanitizeId(name) + "_" + std::to_string(n);
            taken.insert(id);
            return id;
        };
        if (m_usesClient)
            m_clientId = claim("client", "c");
        for (std::int32_t s : m_services)
            m_serviceIds[s] =
                claim(m_names.services[static_cast<std::size_t>(s)], "s" + std::to_string(s));
        if (m_usesBus)
            m_busId = claim("bus", "b");
    }

    const std::string &idOf(std::int32_t endpoint) const
    {
        if (endpoint == kClientEndpoint)
            return m_clientId;
        if (endpoint == kBusEndpoint)
            return m_busId;
        return m_serviceIds.at(endpoint);
    }

    std::string text(std::uint32_t i) const
    {
        return i < m_names.texts.size() ? m_names.texts[i] : "";
    }

    /// "place_order request key 3": what a message is.
    std::string what(const TraceEvent &e) const
    {
        std::string s(shortLabel(m_names.labelName(e.label)));
        const char *kind = messageKindName(e.msgKind);
        if (*kind)
            s += s.empty() ? kind : std::string(" ") + kind;
        if (e.key)
            s += " key " + std::to_string(e.key);
        return s;
    }

    std::string arrowLine(std::size_t index) const
    {
        const TraceEvent &e = m_events[index];
        std::string label = formatMs(e.time) + " ";
        const bool reply = e.msgKind == MessageKind::Reply;
        // Events flow one way (async); requests, commands and compensations expect handling.
        const bool async = e.msgKind == MessageKind::Event || e.msgKind == MessageKind::None;
        std::string arrow = reply ? "-->>" : async ? "-)" : "->>";
        if (e.kind == TraceKind::Publish) {
            label += "publish " + what(e);
        } else if (e.kind == TraceKind::Drop) {
            label += what(e) + " lost";
            if (const std::string why = text(e.text); !why.empty())
                label += ": " + why;
            arrow = reply ? "--x" : "-x";
        } else {
            label += what(e);
            if (e.kind == TraceKind::Reply)
                label += e.ok ? " ok" : " failed";
            if (e.from == kBusEndpoint && e.attempt)
                label += " redelivery";
            else if (e.attempt)
                label += " attempt " + std::to_string(e.attempt + 1);
            const Flight *flight = m_flights.sentBy(index);
            if (flight && flight->duplicate)
                label += " duplicate";
            const FlightFate fate = flight ? flight->fate : FlightFate::InAir;
            const std::string why = flight && flight->end != Flight::kNoEvent
                                        ? text(m_events[flight->end].text)
                                        : std::string();
            if (fate == FlightFate::Dropped) {
                label += " lost" + (why.empty() ? "" : ": " + why);
                arrow = reply ? "--x" : "-x";
            } else if (fate == FlightFate::Held) {
                label += " held" + (why.empty() ? "" : ": " + why);
            } else if (fate == FlightFate::InAir) {
                label += " (still in flight at the end of the trace)";
            }
        }
        return idOf(e.from) + arrow + idOf(e.to) + ": " + mermaidEscape(label);
    }

    std::string noteLine(std::size_t index) const
    {
        const TraceEvent &e = m_events[index];
        const std::string at = formatMs(e.time) + " ";
        const std::string why = text(e.text);
        switch (e.kind) {
        case TraceKind::FaultStart:
            return "Note over " + m_span + ": " + mermaidEscape(at + "fault starts: " + why);
        case TraceKind::FaultEnd:
            return "Note over " + m_span + ": " + mermaidEscape(at + "fault ends: " + why);
        case TraceKind::Intervention:
            return "Note over " + m_span + ": " + mermaidEscape(at + "intervention: " + why);
        case TraceKind::Drop:
            return "Note over " + idOf(e.to) + ": " +
                   mermaidEscape(at + what(e) + " ignored: " + why);
        case TraceKind::Crash:
            return "Note over " + idOf(e.from) + ": " + mermaidEscape(at + "crash: " + why);
        case TraceKind::Restart:
            return "Note over " + idOf(e.from) + ": " + mermaidEscape(at + "restart");
        case TraceKind::Timeout:
            return "Note over " + idOf(e.from) + ": " +
                   mermaidEscape(at + "timeout waiting for " + m_names.endpoint(e.to) + " " +
                                 what(e));
        case TraceKind::Failure:
            return "Note over " + idOf(e.from) + ": " +
                   mermaidEscape(at + "failure" + (why.empty() ? "" : ": " + why));
        case TraceKind::Breaker:
            return "Note over " + idOf(e.from) + ": " + mermaidEscape(at + why);
        default:
            return {};
        }
    }

    /// "Note over orders: evidence 2 of 4 - orders crashes right after that commit".
    std::string stepLine(const Item &item) const
    {
        const TraceEvent &e = m_events[item.index];
        std::int32_t at = item.stepOnly ? stepEndpoint(e) : kNoEndpoint;
        if (at == kNoEndpoint)
            at = validEndpoint(e.from, m_names) ? e.from : e.to;
        std::string over = validEndpoint(at, m_names) && at != kNoEndpoint ? idOf(at) : m_span;
        if (!item.stepOnly && !item.note && validEndpoint(e.to, m_names) && e.to != e.from)
            over += "," + idOf(e.to);
        const auto &h = m_highlights.steps[static_cast<std::size_t>(item.step)];
        return "Note over " + over + ": " +
               mermaidEscape("evidence " + std::to_string(item.step + 1) + " of " +
                             std::to_string(m_highlights.steps.size()) + " (event " +
                             std::to_string(e.id) + ", " + formatMs(e.time) + ") - " + h.says);
    }

    std::string write()
    {
        std::vector<std::pair<std::string, std::string>> participants; // id, display name
        if (m_usesClient)
            participants.emplace_back(m_clientId, "client");
        for (std::int32_t s : m_services)
            participants.emplace_back(m_serviceIds[s],
                                      m_names.services[static_cast<std::size_t>(s)]);
        if (m_usesBus)
            participants.emplace_back(m_busId, "bus");
        if (participants.empty() && (m_hasGlobalNote || m_cut))
            participants.emplace_back("simulation", "simulation");
        if (!participants.empty())
            m_span = participants.size() == 1
                         ? participants.front().first
                         : participants.front().first + "," + participants.back().first;

        std::string out = "sequenceDiagram\n";
        out += "    %% dplab trace window " + formatMs(m_window.from) + " .. " +
               (m_window.to >= kSimTimeMax ? std::string("end") : formatMs(m_window.to)) + "\n";
        if (!m_highlights.steps.empty())
            out += "    %% evidence: " + mermaidEscape(m_highlights.title) + " (" +
                   std::to_string(m_highlights.steps.size()) + " steps, highlighted)\n";
        for (const auto &[id, name] : participants)
            out += "    participant " + id + " as " +
                   (name.empty() ? "(no name)" : mermaidEscape(name)) + "\n";
        for (const Item &item : m_items) {
            if (item.marked)
                out += "    rect rgb(255, 236, 179)\n";
            if (!item.stepOnly) {
                out += "    ";
                out += item.note ? noteLine(item.index) : arrowLine(item.index);
                out += '\n';
            }
            if (item.step >= 0)
                out += "    " + stepLine(item) + "\n";
            if (item.marked)
                out += "    end\n";
        }
        if (m_cut) {
            std::string left = std::to_string(m_omittedArrows) + " more message" +
                               (m_omittedArrows == 1 ? "" : "s");
            if (m_omittedNotes)
                left += " and " + std::to_string(m_omittedNotes) + " note" +
                        (m_omittedNotes == 1 ? "" : "s");
            out += "    Note over " + m_span + ": " +
                   mermaidEscape(left + " from " + formatMs(m_cutAt) + " on left out (limit " +
                                 std::to_string(m_window.maxArrows) +
                                 " arrows; narrow the window to see them)") +
                   "\n";
        }
        return out;
    }

    const TraceLog &m_events;
    const MessageFlights &m_flights;
    const NameTable &m_names;
    SequenceWindow m_window;
    const SequenceHighlights &m_highlights;
    std::vector<Item> m_items;
    std::unordered_map<std::uint64_t, int> m_steps; ///< highlighted event id -> its step
    std::set<std::uint64_t> m_stepMessages;         ///< messages of highlighted events
    std::set<std::int32_t> m_services;
    std::unordered_map<std::int32_t, std::string> m_serviceIds;
    std::string m_clientId, m_busId, m_span;
    bool m_usesClient = false, m_usesBus = false, m_hasGlobalNote = false, m_cut = false;
    std::size_t m_omittedArrows = 0, m_omittedNotes = 0;
    SimTime m_cutAt = 0;
};

} // namespace

std::string mermaidEscape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case ';':
            out += "#59;";
            break;
        case '#':
            out += "#35;";
            break;
        case ':':
            out += "#58;";
            break;
        case '"':
            out += "#quot;";
            break;
        case '<':
            out += "#lt;";
            break;
        case '>':
            out += "#gt;";
            break;
        case '%':
            out += "#37;"; // "%%" would start a comment
            break;
        default:
            out += c < 0x20 || c == 0x7f ? ' ' : ch;
        }
    }
    return out;
}

std::string mermaidSequence(const TraceLog &events, const NameTable &names,
                            const SequenceWindow &window, const SequenceHighlights &highlights)
{
    MessageFlights flights;
    flights.update(events);
    return mermaidSequence(events, flights, names, window, highlights);
}

std::string mermaidSequence(const TraceLog &events, const MessageFlights &flights,
                            const NameTable &names, const SequenceWindow &window,
                            const SequenceHighlights &highlights)
{
    return SequenceBuilder(events, flights, names, window, highlights).build();
}

} // namespace dplab
