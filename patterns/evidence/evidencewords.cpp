#include "patterns/evidence/evidencewords.h"

#include "patterns/evidence/evidencechain.h"
#include "patterns/evidence/evidencecontext.h"

namespace dplab {

std::string evidenceWho(const EvidenceContext &context, std::int32_t endpoint)
{
    return context.names().endpoint(endpoint);
}

std::string evidenceText(const EvidenceContext &context, const TraceEvent &e)
{
    const auto &texts = context.names().texts;
    return e.text < texts.size() ? texts[e.text] : std::string();
}

std::string evidenceOrigin(const EvidenceContext &context, const TraceEvent &e)
{
    if (e.kind == TraceKind::Request)
        return "a client asks " + evidenceWho(context, e.to) + " to " +
               evidenceLabelWords(context, e) + " (key " + std::to_string(e.key) + ")";
    return context.describe(e);
}

std::string evidenceCrash(const EvidenceContext &context, const TraceEvent &e)
{
    const std::string why = evidenceText(context, e);
    return evidenceWho(context, e.from) + " crashes" + (why.empty() ? "" : " (" + why + ")");
}

} // namespace dplab
