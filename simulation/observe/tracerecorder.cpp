#include "simulation/observe/tracerecorder.h"

#include <cstdio>

namespace dplab {

TraceRecorder::TraceRecorder(std::size_t maxEvents)
    : m_max(maxEvents)
{}

void TraceRecorder::onEvent(const TraceEvent &event, const World &)
{
    if (m_events.size() < m_max)
        m_events.push_back(event);
    else
        ++m_overflow;
}

void appendJsonString(std::string &out, std::string_view text)
{
    out += '"';
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += ch;
            }
        }
    }
    out += '"';
}

std::string traceEventToJson(const TraceEvent &e, const NameTable &names)
{
    std::string s;
    s.reserve(256);
    s += "{\"id\":";
    s += std::to_string(e.id);
    s += ",\"t_us\":";
    s += std::to_string(e.time);
    s += ",\"kind\":\"";
    s += traceKindName(e.kind);
    s += '"';
    if (e.from != kNoEndpoint) {
        s += ",\"from\":";
        appendJsonString(s, names.endpoint(e.from));
    }
    if (e.to != kNoEndpoint) {
        s += ",\"to\":";
        appendJsonString(s, names.endpoint(e.to));
    }
    if (e.msg) {
        s += ",\"msg\":";
        s += std::to_string(e.msg);
    }
    if (e.msgKind != MessageKind::None) {
        s += ",\"msg_kind\":\"";
        s += messageKindName(e.msgKind);
        s += '"';
    }
    if (e.label) {
        s += ",\"label\":";
        appendJsonString(s, names.labelName(e.label));
    }
    if (e.key) {
        s += ",\"key\":";
        s += std::to_string(e.key);
    }
    s += ",\"value\":";
    s += std::to_string(e.value);
    if (e.cause) {
        s += ",\"cause\":";
        s += std::to_string(e.cause);
    }
    if (!e.ok)
        s += ",\"ok\":false";
    if (e.attempt) {
        s += ",\"attempt\":";
        s += std::to_string(e.attempt);
    }
    if (e.text && e.text < names.texts.size()) {
        s += ",\"text\":";
        appendJsonString(s, names.texts[e.text]);
    }
    s += ",\"summary\":";
    appendJsonString(s, describeEvent(e, names));
    s += '}';
    return s;
}

void writeTraceJsonl(std::ostream &out, const TraceLog &events, const NameTable &names)
{
    std::string line;
    for (const auto &e : events) {
        line = traceEventToJson(e, names);
        line += '\n';
        out.write(line.data(), static_cast<std::streamsize>(line.size()));
    }
}

} // namespace dplab
