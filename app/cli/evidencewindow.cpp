#include "app/cli/evidencewindow.h"

#include <algorithm>

namespace dplab {

EvidenceSequenceWindow evidenceSequenceWindow(const nlohmann::ordered_json &summary,
                                              const TraceLog &events, const std::string &checkId)
{
    EvidenceSequenceWindow out;
    bool checkFound = false;
    for (const auto &c : summary.value("checks", nlohmann::ordered_json::array())) {
        const std::string id = c.value("id", std::string());
        if (!checkId.empty() && id != checkId)
            continue;
        checkFound = true;
        if (c.value("ok", true) || !c.contains("evidence") || c["evidence"].empty())
            continue;
        const auto &chain = c["evidence"][0];
        SequenceWindow w;
        SequenceHighlights h;
        SimTime first = kSimTimeMax, last = 0;
        for (const auto &s : chain.value("steps", nlohmann::ordered_json::array())) {
            const std::uint64_t event = s.value("event", std::uint64_t{0});
            const TraceEvent *e = events.byId(event);
            if (!e)
                continue;
            first = std::min(first, e->time);
            last = std::max(last, e->time);
            h.steps.push_back({event, s.value("says", std::string())});
        }
        if (h.steps.empty())
            continue;
        const SimTime pad = std::max<SimTime>((last - first) / 10, 2 * kMillisecond);
        w.from = std::max<SimTime>(0, first - pad);
        // And at least the ten messages sent before the first step: what led to it.
        std::size_t i = events.countAtOrBefore(first), arrows = 0;
        while (i > 0 && arrows < 10) {
            const TraceKind k = events[--i].kind;
            arrows += k == TraceKind::Send || k == TraceKind::Reply || k == TraceKind::Publish;
        }
        w.from = std::min(w.from, events.empty() ? 0 : events[i].time);
        w.to = last + pad;
        h.title = id + ": " + chain.value("class", std::string()) + ", " +
                  chain.value("entity", std::string());
        out.window = w;
        out.highlights = std::move(h);
        out.note = "    %% evidence window: the first chain of " + id + " (" +
                   mermaidEscape(chain.value("class", std::string()) + ", " +
                                 chain.value("entity", std::string())) +
                   "), its steps highlighted; dplab-cli explain lists every chain";
        return out;
    }
    out.note = checkId.empty() || checkFound
                   ? "    %% evidence window: no failed check" +
                         (checkId.empty() ? std::string() : " " + mermaidEscape(checkId)) +
                         " has evidence; this is the default window"
                   : "    %% evidence window: no check " + mermaidEscape(checkId) +
                         " in this run; this is the default window";
    return out;
}

} // namespace dplab
