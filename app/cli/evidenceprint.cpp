#include "app/cli/evidenceprint.h"

#include "simulation/kernel/simtime.h"

#include <iomanip>
#include <ostream>
#include <sstream>

namespace dplab {

namespace {

/// Words of `text` on lines of at most `width` characters after `indent`.
void printWrapped(std::ostream &out, const std::string &text, const std::string &indent,
                  std::size_t width)
{
    std::istringstream words(text);
    std::string word, line;
    while (words >> word) {
        if (!line.empty() && line.size() + 1 + word.size() > width) {
            out << indent << line << "\n";
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
    }
    if (!line.empty())
        out << indent << line << "\n";
}

std::string evidenceString(const nlohmann::ordered_json &j, const char *key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace

void printEvidence(std::ostream &out, const nlohmann::ordered_json &evidence,
                   const std::string &indent, const EvidenceSummaryOf &summaryOf,
                   const std::string &lead)
{
    out << indent << lead << evidenceString(evidence, "class") << ": "
        << evidenceString(evidence, "entity") << "\n";
    const std::string inner = indent + "  ";
    for (const auto &step : evidence.value("steps", nlohmann::ordered_json::array())) {
        const auto id = step.value("event", std::uint64_t{0});
        std::ostringstream head;
        head << std::setw(10) << formatDuration(step.value("t_us", std::int64_t{0})) << "  #"
             << std::left << std::setw(8) << id << std::right;
        out << inner << head.str() << evidenceString(step, "says") << "\n";
        if (summaryOf) {
            const std::string summary = summaryOf(id);
            if (!summary.empty())
                out << inner << std::string(head.str().size(), ' ') << "(trace: " << summary
                    << ")\n";
        }
    }
    for (const auto &row : evidence.value("rows", nlohmann::ordered_json::array())) {
        const auto asOf = row.value("as_of_event", std::uint64_t{0});
        out << inner << "row " << evidenceString(row, "service") << "."
            << evidenceString(row, "table") << " " << evidenceString(row, "key")
            << (asOf ? " right after #" + std::to_string(asOf) : std::string(" at the end")) << ": "
            << row.value("values", nlohmann::ordered_json()).dump() << "\n";
        printWrapped(out, evidenceString(row, "says"), inner + "    ", 96);
    }
    const std::string why = evidenceString(evidence, "explanation");
    if (!why.empty())
        printWrapped(out, "why: " + why, inner, 96);
}

} // namespace dplab
