#include "tracereader.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <limits>
#include <map>

namespace dplab {

TraceReadError::TraceReadError(const std::string &file, std::size_t line, std::size_t column,
                               const std::string &message)
    : std::runtime_error(file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message)
    , m_line(line)
    , m_column(column)
{
}

namespace {

bool messageKindFromName(const std::string &name, MessageKind *kind)
{
    for (auto k : {MessageKind::Request, MessageKind::Reply, MessageKind::Event, MessageKind::Command,
                   MessageKind::Compensation, MessageKind::Query}) {
        if (name == messageKindName(k)) {
            *kind = k;
            return true;
        }
    }
    return false;
}

class LineReader
{
public:
    LineReader(std::istream &in, const std::string &file, const TraceLog *events, NameTable *names,
               const TraceReadLimits &limits)
        : m_in(in)
        , m_file(file)
        , m_events(events)
        , m_names(names)
        , m_limits(limits)
    {
    }

    [[noreturn]] void fail(std::size_t column, const std::string &message) const
    {
        throw TraceReadError(m_file, m_line, column, message);
    }

    /// The next line without its line break; false at the end of the input.
    bool next(std::string *line)
    {
        line->clear();
        std::streambuf *buf = m_in.rdbuf();
        if (!buf || m_atEnd)
            return false;
        ++m_line;
        for (;;) {
            const int c = buf->sbumpc();
            if (c == std::char_traits<char>::eof()) {
                m_atEnd = true;
                return !line->empty();
            }
            if (c == '\n')
                break;
            if (line->size() >= m_limits.maxLineBytes)
                fail(line->size() + 1, "line longer than " + std::to_string(m_limits.maxLineBytes) + " bytes");
            line->push_back(static_cast<char>(c));
        }
        if (!line->empty() && line->back() == '\r')
            line->pop_back();
        return true;
    }

    TraceEvent parse(const std::string &line)
    {
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(line);
        } catch (const nlohmann::json::parse_error &e) {
            // e.byte is 1-based and points just past the offending character.
            std::string what = e.what();
            const auto at = what.find("error: ");
            fail(std::max<std::size_t>(1, e.byte), "not JSON: " + (at == std::string::npos ? what : what.substr(at + 7)));
        }
        if (!j.is_object())
            fail(1, "expected one JSON object per line");
        TraceEvent e;
        bool hasId = false, hasTime = false, hasKind = false, hasValue = false;
        for (const auto &[key, v] : j.items()) {
            if (key == "id") {
                e.id = unsignedOf(key, v);
                hasId = true;
            } else if (key == "t_us") {
                e.time = signedOf(key, v);
                hasTime = true;
            } else if (key == "kind") {
                if (!v.is_string() || !traceKindFromName(v.get_ref<const std::string &>(), &e.kind))
                    fail(1, "\"kind\": unknown event kind " + v.dump());
                hasKind = true;
            } else if (key == "from") {
                e.from = endpoint(key, v);
            } else if (key == "to") {
                e.to = endpoint(key, v);
            } else if (key == "msg") {
                e.msg = unsignedOf(key, v);
            } else if (key == "msg_kind") {
                if (!v.is_string() || !messageKindFromName(v.get_ref<const std::string &>(), &e.msgKind))
                    fail(1, "\"msg_kind\": unknown message kind " + v.dump());
            } else if (key == "label") {
                e.label = m_names->label(stringOf(key, v));
                checkNames();
            } else if (key == "key") {
                e.key = signedOf(key, v);
            } else if (key == "value") {
                e.value = signedOf(key, v);
                hasValue = true;
            } else if (key == "cause") {
                e.cause = unsignedOf(key, v);
            } else if (key == "ok") {
                if (!v.is_boolean())
                    fail(1, "\"ok\": expected true or false");
                e.ok = v.get<bool>();
            } else if (key == "attempt") {
                const std::uint64_t a = unsignedOf(key, v);
                if (a > std::numeric_limits<std::uint8_t>::max())
                    fail(1, "\"attempt\": at most 255");
                e.attempt = static_cast<std::uint8_t>(a);
            } else if (key == "text") {
                const std::string &t = stringOf(key, v);
                if (t.empty()) { // addText keeps index 0 for "no text"; an explicit "" is kept
                    m_names->texts.push_back(t);
                    e.text = static_cast<std::uint32_t>(m_names->texts.size() - 1);
                } else {
                    e.text = m_names->addText(t);
                }
                checkNames();
            } else if (key == "summary") {
                stringOf(key, v); // derived from the rest: checked, then written anew
            } else {
                fail(1, "unknown key \"" + key + "\"");
            }
        }
        if (!hasId || !hasTime || !hasKind || !hasValue)
            fail(1, std::string("missing \"") + (!hasId ? "id" : !hasTime ? "t_us" : !hasKind ? "kind" : "value") + "\"");
        if (!m_events->empty()) {
            if (e.id <= m_events->back().id)
                fail(1, "\"id\": " + std::to_string(e.id) + " does not follow " + std::to_string(m_events->back().id));
            if (e.time < m_events->back().time)
                fail(1, "\"t_us\": time goes backwards (" + std::to_string(e.time) + " after " +
                            std::to_string(m_events->back().time) + ")");
        }
        return e;
    }

    std::size_t line() const { return m_line; }

private:
    std::uint64_t unsignedOf(const std::string &key, const nlohmann::json &v) const
    {
        if (!v.is_number_unsigned())
            fail(1, "\"" + key + "\": expected a non-negative integer");
        return v.get<std::uint64_t>();
    }

    std::int64_t signedOf(const std::string &key, const nlohmann::json &v) const
    {
        if (v.is_number_unsigned()) {
            if (v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                fail(1, "\"" + key + "\": too large");
            return static_cast<std::int64_t>(v.get<std::uint64_t>());
        }
        if (!v.is_number_integer())
            fail(1, "\"" + key + "\": expected an integer");
        return v.get<std::int64_t>();
    }

    const std::string &stringOf(const std::string &key, const nlohmann::json &v) const
    {
        if (!v.is_string())
            fail(1, "\"" + key + "\": expected a string");
        return v.get_ref<const std::string &>();
    }

    std::int16_t endpoint(const std::string &key, const nlohmann::json &v)
    {
        const std::string &name = stringOf(key, v);
        if (name == "client")
            return static_cast<std::int16_t>(kClientEndpoint);
        if (name == "bus")
            return static_cast<std::int16_t>(kBusEndpoint);
        const auto it = m_services.find(name);
        if (it != m_services.end())
            return it->second;
        if (m_names->services.size() >= m_limits.maxServices)
            fail(1, "\"" + key + "\": more than " + std::to_string(m_limits.maxServices) + " services");
        const auto index = static_cast<std::int16_t>(m_names->services.size());
        m_names->services.push_back(name);
        m_services.emplace(name, index);
        return index;
    }

    void checkNames() const
    {
        if (m_names->labels.size() + m_names->texts.size() > m_limits.maxNames)
            fail(1, "more than " + std::to_string(m_limits.maxNames) + " distinct labels and texts");
    }

    std::istream &m_in;
    const std::string &m_file;
    const TraceLog *m_events;
    NameTable *m_names;
    const TraceReadLimits &m_limits;
    std::size_t m_line = 0;
    bool m_atEnd = false;
    std::map<std::string, std::int16_t> m_services;
};

} // namespace

void readTraceJsonl(std::istream &in, const std::string &fileName, TraceLog *events,
                    NameTable *names, const TraceReadLimits &limits)
{
    events->clear();
    *names = NameTable();
    LineReader reader(in, fileName, events, names, limits);
    std::string line;
    while (reader.next(&line)) {
        if (line.find_first_not_of(" \t") == std::string::npos)
            continue;
        if (events->size() >= limits.maxEvents)
            reader.fail(1, "more than " + std::to_string(limits.maxEvents) + " events");
        events->push_back(reader.parse(line));
    }
}

void readTraceJsonlFile(const std::string &path, TraceLog *events, NameTable *names,
                        const TraceReadLimits &limits)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw TraceReadError(path, 0, 0, "cannot open the file");
    readTraceJsonl(in, path, events, names, limits);
}

} // namespace dplab
