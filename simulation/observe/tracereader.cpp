#include "simulation/observe/tracereader.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <vector>

namespace dplab {

TraceReadError::TraceReadError(const std::string &file, std::size_t line, std::size_t column,
                               const std::string &message)
    : std::runtime_error(file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
                         message)
    , m_line(line)
    , m_column(column)
{}

namespace {

bool messageKindFromName(const std::string &name, MessageKind *kind)
{
    for (auto k : {MessageKind::Request, MessageKind::Reply, MessageKind::Event,
                   MessageKind::Command, MessageKind::Compensation, MessageKind::Query}) {
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
    {}

    [[noreturn]] void fail(std::size_t column, const std::string &message) const
    {
        throw TraceReadError(m_file, m_line, column, message);
    }

    /// The next line without its line break; false at the end of the input.
    bool next(std::string *line)
    {
        line->clear();
        if (m_atEnd)
            return false;
        ++m_line;
        for (;;) {
            if (m_pos == m_len) {
                std::streambuf *buf = m_in.rdbuf();
                m_len = buf ? static_cast<std::size_t>(buf->sgetn(
                                  m_chunk.data(), static_cast<std::streamsize>(m_chunk.size())))
                            : 0;
                m_pos = 0;
                if (m_len == 0) {
                    m_atEnd = true;
                    return !line->empty();
                }
            }
            const char *begin = m_chunk.data() + m_pos;
            const auto *nl = static_cast<const char *>(std::memchr(begin, '\n', m_len - m_pos));
            const std::size_t n = nl ? static_cast<std::size_t>(nl - begin) : m_len - m_pos;
            if (line->size() + n > m_limits.maxLineBytes)
                fail(m_limits.maxLineBytes + 1,
                     "line longer than " + std::to_string(m_limits.maxLineBytes) + " bytes");
            line->append(begin, n);
            m_pos += n + (nl ? 1 : 0);
            if (nl)
                break;
        }
        if (!line->empty() && line->back() == '\r')
            line->pop_back();
        return true;
    }

    /// One scalar of a line, as the SAX parser hands it over.
    struct Value
    {
        enum Type { Null, Bool, Signed, Unsigned, Float, String } type = Null;
        bool b = false;
        std::int64_t i = 0;
        std::uint64_t u = 0;
        const std::string *s = nullptr;

        std::string dump() const
        {
            switch (type) {
            case Null:
                return "null";
            case Bool:
                return b ? "true" : "false";
            case Signed:
                return std::to_string(i);
            case Unsigned:
                return std::to_string(u);
            case Float:
                return "a fraction";
            case String:
                return nlohmann::json(*s).dump();
            }
            return {};
        }
    };

    /// Fills one event straight from the parser's callbacks: no JSON tree per line.
    class Sax : public nlohmann::json_sax<nlohmann::json>
    {
    public:
        explicit Sax(LineReader &reader)
            : m_r(reader)
        {}
        TraceEvent event;
        unsigned seen = 0; ///< bit per key, see LineReader::field

        bool null() override { return scalar(Value{}); }
        bool boolean(bool v) override { return scalar(Value{Value::Bool, v, 0, 0, nullptr}); }
        bool number_integer(number_integer_t v) override
        {
            return scalar(Value{Value::Signed, false, v, 0, nullptr});
        }
        bool number_unsigned(number_unsigned_t v) override
        {
            return scalar(Value{Value::Unsigned, false, 0, v, nullptr});
        }
        bool number_float(number_float_t, const string_t &) override
        {
            return scalar(Value{Value::Float, false, 0, 0, nullptr});
        }
        bool string(string_t &v) override { return scalar(Value{Value::String, false, 0, 0, &v}); }
        bool binary(binary_t &) override { return scalar(Value{}); }
        bool start_object(std::size_t) override
        {
            if (m_depth++ > 0)
                m_r.fail(1, "\"" + m_key + "\": expected a number, a string or a boolean");
            return true;
        }
        bool key(string_t &k) override
        {
            m_key = k;
            return true;
        }
        bool end_object() override
        {
            --m_depth;
            return true;
        }
        bool start_array(std::size_t) override
        {
            if (m_depth == 0)
                m_r.fail(1, "expected one JSON object per line");
            m_r.fail(1, "\"" + m_key + "\": expected a number, a string or a boolean");
        }
        bool end_array() override { return true; }
        bool parse_error(std::size_t position, const std::string &,
                         const nlohmann::detail::exception &e) override
        {
            // The position is 1-based and points just past the offending character.
            std::string what = e.what();
            const auto at = what.find("error: ");
            m_r.fail(std::max<std::size_t>(1, position),
                     "not JSON: " + (at == std::string::npos ? what : what.substr(at + 7)));
        }

    private:
        bool scalar(const Value &v)
        {
            if (m_depth == 0)
                m_r.fail(1, "expected one JSON object per line");
            m_r.field(m_key, v, this);
            return true;
        }

        LineReader &m_r;
        int m_depth = 0;
        std::string m_key;
    };

    TraceEvent parse(const std::string &line)
    {
        Sax sax(*this);
        nlohmann::json::sax_parse(line, &sax);
        constexpr unsigned required = 1u << 0 | 1u << 1 | 1u << 2 | 1u << 3;
        if ((sax.seen & required) != required) {
            const char *missing = !(sax.seen & 1u)   ? "id"
                                  : !(sax.seen & 2u) ? "t_us"
                                  : !(sax.seen & 4u) ? "kind"
                                                     : "value";
            fail(1, std::string("missing \"") + missing + "\"");
        }
        const TraceEvent &e = sax.event;
        if (!m_events->empty()) {
            if (e.id <= m_events->back().id)
                fail(1, "\"id\": " + std::to_string(e.id) + " does not follow " +
                            std::to_string(m_events->back().id));
            if (e.time < m_events->back().time)
                fail(1, "\"t_us\": time goes backwards (" + std::to_string(e.time) + " after " +
                            std::to_string(m_events->back().time) + ")");
        }
        return e;
    }

    /// One key of a line into the event; bit numbers of `seen` follow kKeys.
    void field(const std::string &key, const Value &v, Sax *sax)
    {
        static constexpr std::array<std::string_view, 15> kKeys = {
            "id",    "t_us", "kind",  "value", "from",    "to",   "msg",    "msg_kind",
            "label", "key",  "cause", "ok",    "attempt", "text", "summary"};
        std::size_t k = 0;
        while (k < kKeys.size() && kKeys[k] != key)
            ++k;
        if (k == kKeys.size())
            fail(1, "unknown key \"" + key + "\"");
        if (sax->seen & (1u << k))
            fail(1, "\"" + key + "\" appears twice");
        sax->seen |= 1u << k;
        TraceEvent &e = sax->event;
        switch (k) {
        case 0:
            e.id = unsignedOf(key, v);
            break;
        case 1:
            e.time = signedOf(key, v);
            break;
        case 2:
            if (v.type != Value::String || !traceKindFromName(*v.s, &e.kind))
                fail(1, "\"kind\": unknown event kind " + v.dump());
            break;
        case 3:
            e.value = signedOf(key, v);
            break;
        case 4:
            e.from = endpoint(key, v);
            break;
        case 5:
            e.to = endpoint(key, v);
            break;
        case 6:
            e.msg = unsignedOf(key, v);
            break;
        case 7:
            if (v.type != Value::String || !messageKindFromName(*v.s, &e.msgKind))
                fail(1, "\"msg_kind\": unknown message kind " + v.dump());
            break;
        case 8:
            e.label = m_names->label(stringOf(key, v));
            checkNames();
            break;
        case 9:
            e.key = signedOf(key, v);
            break;
        case 10:
            e.cause = unsignedOf(key, v);
            break;
        case 11:
            if (v.type != Value::Bool)
                fail(1, "\"ok\": expected true or false");
            e.ok = v.b;
            break;
        case 12: {
            const std::uint64_t a = unsignedOf(key, v);
            if (a > std::numeric_limits<std::uint8_t>::max())
                fail(1, "\"attempt\": at most 255");
            e.attempt = static_cast<std::uint8_t>(a);
            break;
        }
        case 13: {
            const std::string &t = stringOf(key, v);
            if (t.empty()) { // addText keeps index 0 for "no text"; an explicit "" is kept
                m_names->texts.push_back(t);
                e.text = static_cast<std::uint32_t>(m_names->texts.size() - 1);
            } else {
                e.text = m_names->addText(t);
            }
            checkNames();
            break;
        }
        default:
            stringOf(key, v); // the summary derives from the rest: checked, then written anew
        }
    }

    std::size_t line() const { return m_line; }

private:
    std::uint64_t unsignedOf(const std::string &key, const Value &v) const
    {
        if (v.type != Value::Unsigned)
            fail(1, "\"" + key + "\": expected a non-negative integer");
        return v.u;
    }

    std::int64_t signedOf(const std::string &key, const Value &v) const
    {
        if (v.type == Value::Unsigned) {
            if (v.u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                fail(1, "\"" + key + "\": too large");
            return static_cast<std::int64_t>(v.u);
        }
        if (v.type != Value::Signed)
            fail(1, "\"" + key + "\": expected an integer");
        return v.i;
    }

    const std::string &stringOf(const std::string &key, const Value &v) const
    {
        if (v.type != Value::String)
            fail(1, "\"" + key + "\": expected a string");
        return *v.s;
    }

    std::int16_t endpoint(const std::string &key, const Value &v)
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
            fail(1, "\"" + key + "\": more than " + std::to_string(m_limits.maxServices) +
                        " services");
        const auto index = static_cast<std::int16_t>(m_names->services.size());
        m_names->services.push_back(name);
        m_services.emplace(name, index);
        return index;
    }

    void checkNames() const
    {
        if (m_names->labels.size() + m_names->texts.size() > m_limits.maxNames)
            fail(1,
                 "more than " + std::to_string(m_limits.maxNames) + " distinct labels and texts");
    }

    std::istream &m_in;
    const std::string &m_file;
    const TraceLog *m_events;
    NameTable *m_names;
    const TraceReadLimits &m_limits;
    std::size_t m_line = 0;
    bool m_atEnd = false;
    std::vector<char> m_chunk = std::vector<char>(std::size_t{1} << 16);
    std::size_t m_pos = 0, m_len = 0;
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
