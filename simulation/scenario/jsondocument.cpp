#include "simulation/scenario/jsondocument.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <unordered_set>

namespace dplab {

namespace {

using Json = JsonDocument::Json;

bool isSimpleKey(std::string_view key)
{
    if (key.empty())
        return false;
    return std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-' || c == '$';
    });
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void appendUtf8(std::string &out, std::uint32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

/// Length of the well-formed UTF-8 sequence at text[i] (Unicode table 3-7), or 0.
std::size_t utf8SequenceLength(std::string_view text, std::size_t i)
{
    auto byte = [&](std::size_t k) -> unsigned {
        return k < text.size() ? static_cast<unsigned char>(text[k]) : 0x100u;
    };
    auto cont = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) {
        const unsigned b = byte(k);
        return b >= lo && b <= hi;
    };
    const unsigned b0 = byte(i);
    if (b0 < 0x80)
        return 1;
    if (b0 >= 0xC2 && b0 <= 0xDF)
        return cont(i + 1) ? 2 : 0;
    if (b0 == 0xE0)
        return cont(i + 1, 0xA0, 0xBF) && cont(i + 2) ? 3 : 0;
    if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF)
        return cont(i + 1) && cont(i + 2) ? 3 : 0;
    if (b0 == 0xED) // excludes the UTF-16 surrogates
        return cont(i + 1, 0x80, 0x9F) && cont(i + 2) ? 3 : 0;
    if (b0 == 0xF0)
        return cont(i + 1, 0x90, 0xBF) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    if (b0 >= 0xF1 && b0 <= 0xF3)
        return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    if (b0 == 0xF4)
        return cont(i + 1, 0x80, 0x8F) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    return 0;
}

} // namespace

/** Recursive-descent parser behind JsonDocument::parse; throws Failure on the first syntax error.
 */
class JsonParser
{
public:
    JsonParser(std::string_view text, const JsonParseLimits &limits, JsonDocument &doc)
        : m_text(text)
        , m_limits(limits)
        , m_doc(doc)
    {}

    void run()
    {
        try {
            if (m_text.substr(0, 3) == "\xEF\xBB\xBF") // a byte order mark is tolerated
                m_i = 3;
            m_lineStarts.push_back(m_i);
            const std::size_t start = m_i;
            skipSpace();
            if (atEnd())
                fail(start, "the text is empty; expected a JSON value");
            m_doc.m_root = parseValue("", 1, m_doc.m_rootPos);
            skipSpace();
            if (!atEnd())
                unexpected("nothing after the end of the JSON value");
            m_doc.m_parsed = true;
        } catch (const Failure &failure) {
            m_doc.m_root = nullptr;
            m_doc.m_rootPos = {};
            m_doc.m_parsed = false;
            m_doc.m_issues.push_back({failure.pos, {}, failure.message});
        }
    }

private:
    struct Failure
    {
        SourcePos pos;
        std::string message;
    };

    [[noreturn]] void fail(std::size_t offset, std::string message) const
    {
        throw Failure{posAt(offset), std::move(message)};
    }

    SourcePos posAt(std::size_t offset) const
    {
        auto it = std::upper_bound(m_lineStarts.begin(), m_lineStarts.end(), offset);
        const std::size_t line = static_cast<std::size_t>(it - m_lineStarts.begin());
        const std::size_t start = line > 0 ? m_lineStarts[line - 1] : 0;
        return {static_cast<int>(line), static_cast<int>(offset - start + 1)};
    }

    bool atEnd() const { return m_i >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_i]; }

    void skipSpace()
    {
        while (!atEnd()) {
            const char c = m_text[m_i];
            if (c == '\n') {
                ++m_i;
                m_lineStarts.push_back(m_i);
            } else if (c == ' ' || c == '\t' || c == '\r') {
                ++m_i;
            } else {
                break;
            }
        }
    }

    /// What sits at offset, for "expected X, got Y" messages.
    std::string describe(std::size_t offset) const
    {
        if (offset >= m_text.size())
            return "end of text";
        const unsigned char c = static_cast<unsigned char>(m_text[offset]);
        if (c >= 0x20 && c < 0x7F)
            return std::string("'") + static_cast<char>(c) + "'";
        char buf[32];
        std::snprintf(buf, sizeof buf, "byte 0x%02X", c);
        return buf;
    }

    /// Fails at the current position with a message that recognises common non-JSON habits.
    [[noreturn]] void unexpected(const std::string &expected) const
    {
        const char c = peek();
        if (c == '/' && m_i + 1 < m_text.size() &&
            (m_text[m_i + 1] == '/' || m_text[m_i + 1] == '*'))
            fail(m_i, "comments are not allowed in JSON");
        if (c == '\'')
            fail(m_i, "strings need double quotes, not single quotes");
        fail(m_i, "expected " + expected + ", got " + describe(m_i));
    }

    Json parseValue(const std::string &path, int depth, JsonDocument::PosNode &node)
    {
        node.value = posAt(m_i);
        const char c = peek();
        if (c == '{')
            return parseObject(path, depth, node);
        if (c == '[')
            return parseArray(path, depth, node);
        if (c == '"')
            return parseString();
        if (c == '-' || isDigit(c))
            return parseNumber();
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            return parseWord();
        if (c == '.' || c == '+')
            fail(m_i, "a number must start with a digit or '-'");
        unexpected("a JSON value");
    }

    void enter(int depth) const
    {
        if (depth > m_limits.maxDepth)
            fail(m_i, "nested deeper than " + std::to_string(m_limits.maxDepth) + " levels");
    }

    Json parseObject(const std::string &path, int depth, JsonDocument::PosNode &node)
    {
        enter(depth);
        ++m_i; // '{'
        Json object = Json::object();
        auto &members =
            static_cast<Json::object_t::Container &>(object.get_ref<Json::object_t &>());
        std::unordered_set<std::string> seen;
        skipSpace();
        if (peek() == '}') {
            ++m_i;
            return object;
        }
        for (;;) {
            skipSpace();
            if (peek() != '"')
                unexpected("a key in double quotes");
            const std::size_t keyOffset = m_i;
            std::string key = parseString().get<std::string>();
            const std::string childPath = JsonDocument::memberPath(path, key);
            skipSpace();
            if (peek() != ':')
                unexpected("':' after the key \"" + key + "\"");
            ++m_i;
            skipSpace();
            JsonDocument::PosNode child;
            child.key = posAt(keyOffset);
            Json value = parseValue(childPath, depth + 1, child);
            if (!seen.insert(key).second) {
                m_doc.m_issues.push_back(
                    {posAt(keyOffset), childPath, "duplicate key " + Json(key).dump()});
            } else {
                // Appending to the underlying vector skips ordered_map's linear key search;
                // uniqueness is already ensured by `seen`.
                members.emplace_back(std::move(key), std::move(value));
                node.children.push_back(std::move(child));
            }
            skipSpace();
            if (peek() == ',') {
                const std::size_t comma = m_i++;
                skipSpace();
                if (peek() == '}')
                    fail(comma, "trailing comma before '}'");
                continue;
            }
            if (peek() == '}') {
                ++m_i;
                return object;
            }
            unexpected("',' or '}' after a member of an object");
        }
    }

    Json parseArray(const std::string &path, int depth, JsonDocument::PosNode &node)
    {
        enter(depth);
        ++m_i; // '['
        Json array = Json::array();
        skipSpace();
        if (peek() == ']') {
            ++m_i;
            return array;
        }
        for (;;) {
            skipSpace();
            JsonDocument::PosNode child;
            array.push_back(
                parseValue(JsonDocument::elementPath(path, array.size()), depth + 1, child));
            node.children.push_back(std::move(child));
            skipSpace();
            if (peek() == ',') {
                const std::size_t comma = m_i++;
                skipSpace();
                if (peek() == ']')
                    fail(comma, "trailing comma before ']'");
                continue;
            }
            if (peek() == ']') {
                ++m_i;
                return array;
            }
            unexpected("',' or ']' after an element of an array");
        }
    }

    std::uint32_t parseHex4(std::size_t at) const
    {
        if (at + 4 > m_text.size())
            fail(at, "expected 4 hex digits after \\u");
        std::uint32_t v = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            const int h = hexValue(m_text[at + k]);
            if (h < 0)
                fail(at + k, "expected 4 hex digits after \\u");
            v = v * 16 + static_cast<std::uint32_t>(h);
        }
        return v;
    }

    Json parseString()
    {
        const std::size_t start = m_i++;
        std::string out;
        for (;;) {
            if (atEnd())
                fail(start, "unterminated string");
            if (out.size() > m_limits.maxStringBytes)
                fail(start,
                     "string longer than " + std::to_string(m_limits.maxStringBytes) + " bytes");
            const unsigned char c = static_cast<unsigned char>(m_text[m_i]);
            if (c == '"') {
                ++m_i;
                break;
            }
            if (c == '\n' || c == '\r')
                fail(m_i, "line break inside a string (a closing quote may be missing)");
            if (c < 0x20) {
                char buf[64];
                std::snprintf(buf, sizeof buf, "control character U+%04X inside a string", c);
                fail(m_i, buf);
            }
            if (c == '\\') {
                parseEscape(out);
                continue;
            }
            if (c >= 0x80) {
                const std::size_t n = utf8SequenceLength(m_text, m_i);
                if (n == 0)
                    fail(m_i, "invalid UTF-8 in a string");
                out.append(m_text.substr(m_i, n));
                m_i += n;
                continue;
            }
            out += static_cast<char>(c);
            ++m_i;
        }
        if (out.size() > m_limits.maxStringBytes)
            fail(start, "string longer than " + std::to_string(m_limits.maxStringBytes) + " bytes");
        return Json(std::move(out));
    }

    void parseEscape(std::string &out)
    {
        const std::size_t at = m_i;
        if (m_i + 1 >= m_text.size())
            fail(at, "unterminated string");
        const char e = m_text[m_i + 1];
        m_i += 2;
        switch (e) {
        case '"':
            out += '"';
            return;
        case '\\':
            out += '\\';
            return;
        case '/':
            out += '/';
            return;
        case 'b':
            out += '\b';
            return;
        case 'f':
            out += '\f';
            return;
        case 'n':
            out += '\n';
            return;
        case 'r':
            out += '\r';
            return;
        case 't':
            out += '\t';
            return;
        case 'u':
            break;
        default:
            fail(at, std::string("invalid escape \\") +
                         (e >= 0x20 && e < 0x7F ? std::string(1, e) : "?") + " in a string");
        }
        std::uint32_t cp = parseHex4(m_i);
        m_i += 4;
        if (cp >= 0xDC00 && cp <= 0xDFFF)
            fail(at, "unpaired surrogate in a \\u escape");
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (m_text.substr(m_i, 2) != "\\u")
                fail(at, "unpaired surrogate in a \\u escape");
            const std::uint32_t low = parseHex4(m_i + 2);
            if (low < 0xDC00 || low > 0xDFFF)
                fail(at, "unpaired surrogate in a \\u escape");
            m_i += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        appendUtf8(out, cp);
    }

    Json parseNumber()
    {
        const std::size_t start = m_i;
        bool integral = true;
        if (peek() == '-') {
            ++m_i;
            if (peek() == 'I' || peek() == 'N')
                fail(start, "NaN and Infinity are not JSON numbers");
            if (!isDigit(peek()))
                fail(m_i, "expected a digit after '-'");
        }
        if (peek() == '0' && m_i + 1 < m_text.size() && isDigit(m_text[m_i + 1]))
            fail(start, "numbers must not have leading zeros");
        while (isDigit(peek()))
            ++m_i;
        if (peek() == '.') {
            integral = false;
            ++m_i;
            if (!isDigit(peek()))
                fail(m_i, "expected a digit after '.'");
            while (isDigit(peek()))
                ++m_i;
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            ++m_i;
            if (peek() == '+' || peek() == '-')
                ++m_i;
            if (!isDigit(peek()))
                fail(m_i, "expected a digit in the exponent");
            while (isDigit(peek()))
                ++m_i;
        }
        const char *first = m_text.data() + start;
        const char *last = m_text.data() + m_i;
        if (integral) {
            if (*first == '-') {
                std::int64_t v = 0;
                if (std::from_chars(first, last, v).ec == std::errc())
                    return Json(v);
            } else {
                std::uint64_t v = 0;
                if (std::from_chars(first, last, v).ec == std::errc())
                    return Json(v);
            }
        }
        double d = 0;
        const auto result = std::from_chars(first, last, d);
        if (result.ec != std::errc() || result.ptr != last)
            fail(start, "number out of range");
        return Json(d);
    }

    Json parseWord()
    {
        const std::size_t start = m_i;
        while (!atEnd() && ((peek() >= 'a' && peek() <= 'z') || (peek() >= 'A' && peek() <= 'Z') ||
                            isDigit(peek()) || peek() == '_'))
            ++m_i;
        const std::string_view word = m_text.substr(start, m_i - start);
        if (word == "true")
            return Json(true);
        if (word == "false")
            return Json(false);
        if (word == "null")
            return Json(nullptr);
        if (word == "NaN" || word == "Infinity")
            fail(start, "NaN and Infinity are not JSON numbers");
        std::string shown(word.substr(0, 40));
        fail(start, "unexpected word \"" + shown +
                        "\" (strings need double quotes; the literals are true, false and null)");
    }

    std::string_view m_text;
    JsonParseLimits m_limits;
    JsonDocument &m_doc;
    std::size_t m_i = 0;
    std::vector<std::size_t> m_lineStarts;
};

JsonDocument JsonDocument::parse(std::string_view text, const JsonParseLimits &limits)
{
    JsonDocument doc;
    JsonParser(text, limits, doc).run();
    return doc;
}

std::string JsonDocument::memberPath(const std::string &parent, std::string_view key)
{
    if (isSimpleKey(key))
        return parent.empty() ? std::string(key) : parent + "." + std::string(key);
    return parent + "[" +
           Json(std::string(key)).dump(-1, ' ', false, Json::error_handler_t::replace) + "]";
}

std::string JsonDocument::elementPath(const std::string &parent, std::size_t index)
{
    return parent + "[" + std::to_string(index) + "]";
}

const JsonDocument::PosNode *JsonDocument::findNode(const std::string &path) const
{
    const PosNode *node = &m_rootPos;
    const Json *value = &m_root;
    std::size_t i = 0;
    while (i < path.size()) {
        if (path[i] == '[' && i + 1 < path.size() && isDigit(path[i + 1])) {
            const std::size_t close = path.find(']', i);
            if (close == std::string::npos || !value->is_array())
                return nullptr;
            std::size_t index = 0;
            if (std::from_chars(path.data() + i + 1, path.data() + close, index).ec != std::errc())
                return nullptr;
            if (index >= value->size() || index >= node->children.size())
                return nullptr;
            value = &(*value)[index];
            node = &node->children[index];
            i = close + 1;
            continue;
        }
        std::string key;
        if (path[i] == '[') {
            // A quoted key: a JSON string followed by ']'; find the closing quote.
            std::size_t k = i + 2;
            while (k < path.size() && path[k] != '"')
                k += path[k] == '\\' ? 2 : 1;
            if (k + 1 >= path.size() || path[k + 1] != ']')
                return nullptr;
            try {
                key = Json::parse(path.substr(i + 1, k - i)).get<std::string>();
            } catch (const Json::exception &) {
                return nullptr;
            }
            i = k + 2;
        } else {
            if (path[i] == '.')
                ++i;
            const std::size_t end = path.find_first_of(".[", i);
            key = path.substr(i, end == std::string::npos ? std::string::npos : end - i);
            i = end == std::string::npos ? path.size() : end;
        }
        if (!value->is_object())
            return nullptr;
        const auto it = value->find(key);
        if (it == value->end())
            return nullptr;
        const auto index = static_cast<std::size_t>(std::distance(value->begin(), it));
        if (index >= node->children.size())
            return nullptr;
        value = &*it;
        node = &node->children[index];
    }
    return node;
}

SourcePos JsonDocument::valuePos(const std::string &path) const
{
    const PosNode *node = findNode(path);
    return node ? node->value : SourcePos{};
}

SourcePos JsonDocument::keyPos(const std::string &path) const
{
    const PosNode *node = findNode(path);
    if (!node)
        return {};
    return node->key.line > 0 ? node->key : node->value;
}

std::string compactJson(const nlohmann::ordered_json &value, std::size_t maxBytes)
{
    std::string text = value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    if (text.size() <= maxBytes || maxBytes < 4)
        return text;
    std::size_t cut = maxBytes - 3;
    // Never cut a UTF-8 sequence in half.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    text.resize(cut);
    return text + "...";
}

} // namespace dplab
