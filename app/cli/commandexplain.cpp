#include "app/cli/cli.h"
#include "app/cli/evidenceprint.h"
#include "simulation/scenario/jsondocument.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <set>
#include <sstream>
#include <string_view>

namespace dplab {

namespace {

struct ExplainArgs
{
    std::string file;
    std::string check;
    std::string entity;
};

std::string parseExplainArgs(const std::vector<std::string> &args, ExplainArgs *a)
{
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string &arg = args[i];
        if (arg == "--check" || arg == "--entity") {
            if (i + 1 >= args.size())
                return arg + " needs a value";
            (arg == "--check" ? a->check : a->entity) = args[++i];
        } else if (!arg.empty() && arg[0] == '-') {
            return "unknown option " + arg;
        } else if (a->file.empty()) {
            a->file = arg;
        } else {
            return "one FILE only (a run's summary.json or its output folder)";
        }
    }
    if (a->file.empty())
        return "FILE is missing (a run's summary.json or its output folder)";
    return {};
}

/// The summaries of these event ids from trace.jsonl (one pass, stops once all are found).
std::map<std::uint64_t, std::string> explainSummaries(const std::string &trace,
                                                      const std::set<std::uint64_t> &ids)
{
    std::map<std::uint64_t, std::string> out;
    std::ifstream in(trace);
    std::string line;
    constexpr std::string_view prefix = "{\"id\":";
    while (out.size() < ids.size() && std::getline(in, line)) {
        if (line.compare(0, prefix.size(), prefix) != 0)
            continue;
        std::uint64_t id = 0;
        const char *begin = line.data() + prefix.size();
        if (std::from_chars(begin, line.data() + line.size(), id).ec != std::errc() ||
            !ids.count(id))
            continue;
        const auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_object())
            out[id] = j.value("summary", std::string());
    }
    return out;
}

/// True when the chain is about `entity`: its entity exactly, or its last word (the key).
bool explainEntityMatches(const std::string &chain, const std::string &entity)
{
    if (entity.empty() || chain == entity)
        return true;
    const auto space = chain.find_last_of(' ');
    const std::string key = space == std::string::npos ? chain : chain.substr(space + 1);
    if (key == entity)
        return true;
    // "order 323 at order-view" style entities: any word equal to the key counts.
    std::istringstream words(chain);
    for (std::string w; words >> w;)
        if (w == entity)
            return true;
    return false;
}

} // namespace

int commandExplain(const std::vector<std::string> &args, std::ostream &out, std::ostream &err)
{
    ExplainArgs a;
    if (std::string why = parseExplainArgs(args, &a); !why.empty()) {
        err << "dplab-cli explain: " << why << " (see dplab-cli --help)\n";
        return ExitUsage;
    }
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path summaryPath = a.file;
    if (fs::is_directory(summaryPath, ec))
        summaryPath /= "summary.json";
    std::ifstream in(summaryPath, std::ios::binary);
    if (!in) {
        err << "dplab-cli explain: cannot read " << summaryPath.string()
            << (fs::exists(summaryPath, ec) ? "" : ": no such file")
            << " (give a run's summary.json or the folder dplab-cli run wrote)\n";
        return ExitUsage;
    }
    std::ostringstream text;
    text << in.rdbuf();
    const JsonDocument doc = JsonDocument::parse(text.str());
    if (!doc.parsed()) {
        const JsonIssue &issue = doc.issues().front();
        err << summaryPath.string() << ":" << issue.pos.line << ":" << issue.pos.column << ": "
            << issue.message << "\n";
        return ExitUsage;
    }
    const auto &summary = doc.root();
    if (!summary.is_object() || !summary.contains("checks") || !summary["checks"].is_array()) {
        err << "dplab-cli explain: " << summaryPath.string()
            << " is not a run's summary.json (it has no \"checks\")\n";
        return ExitUsage;
    }
    std::vector<const nlohmann::ordered_json *> withEvidence;
    for (const auto &c : summary["checks"])
        if (c.is_object() && c.contains("evidence") && c["evidence"].is_array() &&
            !c["evidence"].empty())
            withEvidence.push_back(&c);
    if (!a.check.empty()) {
        std::vector<const nlohmann::ordered_json *> chosen;
        for (const auto *c : withEvidence)
            if (c->value("id", std::string()) == a.check)
                chosen.push_back(c);
        if (chosen.empty()) {
            err << "dplab-cli explain: no evidence for check \"" << a.check << "\" in "
                << summaryPath.string() << "; ";
            if (withEvidence.empty()) {
                err << "no check of this run has evidence\n";
            } else {
                err << "checks with evidence:";
                for (const auto *c : withEvidence)
                    err << " " << c->value("id", std::string());
                err << "\n";
            }
            return ExitUsage;
        }
        withEvidence = chosen;
    }
    // The chains to print, and the event ids whose trace summaries go with them.
    std::vector<
        std::pair<const nlohmann::ordered_json *, std::vector<const nlohmann::ordered_json *>>>
        shown;
    std::set<std::uint64_t> ids;
    std::set<std::string> entities;
    for (const auto *c : withEvidence) {
        std::vector<const nlohmann::ordered_json *> chains;
        for (const auto &e : (*c)["evidence"]) {
            const std::string entity = e.value("entity", std::string());
            entities.insert(entity);
            if (!explainEntityMatches(entity, a.entity))
                continue;
            chains.push_back(&e);
            for (const auto &step : e.value("steps", nlohmann::ordered_json::array()))
                ids.insert(step.value("event", std::uint64_t{0}));
        }
        if (!chains.empty())
            shown.emplace_back(c, std::move(chains));
    }
    if (!a.entity.empty() && shown.empty()) {
        err << "dplab-cli explain: no chain about \"" << a.entity << "\"; the chains are about:";
        for (const auto &e : entities)
            err << " \"" << e << "\"";
        err << "\n";
        return ExitUsage;
    }
    if (withEvidence.empty()) {
        out << summaryPath.string() << ": no failed check has evidence"
            << " (every check held, or the run kept no trace)\n";
        return ExitOk;
    }
    const fs::path tracePath = summaryPath.parent_path() / "trace.jsonl";
    std::map<std::uint64_t, std::string> summaries;
    const bool haveTrace = fs::exists(tracePath, ec);
    if (haveTrace)
        summaries = explainSummaries(tracePath.string(), ids);
    const EvidenceSummaryOf summaryOf = [&summaries](std::uint64_t id) {
        const auto it = summaries.find(id);
        return it == summaries.end() ? std::string() : it->second;
    };
    bool first = true;
    for (const auto &[check, chains] : shown) {
        const bool expected = check->value("expected_failure", false);
        out << (first ? "" : "\n") << (expected ? "[xfail] " : "[FAIL] ")
            << check->value("id", std::string()) << " - " << check->value("name", std::string())
            << "\n  " << check->value("detail", std::string()) << "\n";
        first = false;
        for (std::size_t i = 0; i < chains.size(); ++i) {
            out << "\n";
            printEvidence(out, *chains[i], "  ", haveTrace ? summaryOf : EvidenceSummaryOf(),
                          "chain " + std::to_string(i + 1) + " of " +
                              std::to_string(chains.size()) + ": ");
        }
    }
    if (!haveTrace)
        out << "\n(no trace.jsonl beside " << summaryPath.filename().string()
            << ": the steps are shown without the trace's own summaries)\n";
    return ExitOk;
}

} // namespace dplab
