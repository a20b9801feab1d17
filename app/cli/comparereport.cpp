#include "app/cli/comparereport.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

namespace dplab {

namespace {

/// Text for a Markdown table cell: pipes escaped, no line breaks.
std::string cell(const std::string &text)
{
    std::string out;
    for (char c : text) {
        if (c == '|')
            out += "\\|";
        else if (c == '\n' || c == '\r')
            out += ' ';
        else
            out += c;
    }
    return out;
}

std::string bold(const std::string &text, bool on)
{
    return on && !text.empty() ? "**" + text + "**" : text;
}

/// A count of things that happened (losses, polls, crashes): a run without the figure counted
/// none, so it compares as 0. Not a measure (latency, lag, ratio, utilisation), a setting or a
/// text, which a run without it simply does not have.
bool isCounter(const ComparisonRow &r)
{
    const ComparisonValue &v = r.a.present ? r.a : r.b;
    if (r.section == "Run" || r.section == "Checks" || !v.number || *v.number < 0 ||
        std::floor(*v.number) != *v.number || v.text == "true" || v.text == "false")
        return false;
    const std::string last = r.key.substr(r.key.rfind('.') + 1);
    for (const char *measure : {"ms", "ratio", "mean", "p50", "p95", "p99", "max", "min",
                                "utilization", "seed", "workers", "mode"})
        if (last.find(measure) != std::string::npos)
            return false;
    return true;
}

/// A counter only one variant has: the other counted 0.
bool countsAsZero(const ComparisonRow &r)
{
    return r.a.present != r.b.present && isCounter(r);
}

std::string shown(const ComparisonRow &r, const ComparisonValue &v)
{
    return v.present ? v.text : countsAsZero(r) ? "0" : "–";
}

/// The change column: for a counter only one variant has, the difference from 0.
std::string changeText(const ComparisonRow &r)
{
    if (!countsAsZero(r))
        return r.change;
    const double a = r.a.present ? *r.a.number : 0, b = r.b.present ? *r.b.number : 0;
    if (a == b)
        return r.change;
    return (b > a ? "+" : "") + formatComparisonNumber(b - a) + " (" + r.change + ")";
}

/// Bold and listed: the core's rule, except that a counter one variant lacks and the other
/// has at 0 did not change (both counted none).
bool notableHere(const ComparisonRow &r)
{
    if (!countsAsZero(r))
        return r.notable;
    return (r.a.present ? *r.a.number : 0) != (r.b.present ? *r.b.number : 0);
}

/// Rows of a section that repeat a Consistency row (a read side that is the only one has the
/// same figures as the consistency totals): shown once, under Consistency.
bool repeatsConsistency(const ComparisonRow &r, const std::vector<ComparisonRow> &rows)
{
    if (r.section == "Consistency")
        return false;
    return std::any_of(rows.begin(), rows.end(), [&r](const ComparisonRow &c) {
        return c.section == "Consistency" && c.label == r.label && c.a == r.a && c.b == r.b;
    });
}

std::string overridesText(const std::vector<std::string> &overrides)
{
    if (overrides.empty())
        return "none: the file as it is";
    std::string out;
    for (const std::string &o : overrides)
        out += (out.empty() ? "" : ", ") + std::string("`") + cell(o) + "`";
    return out;
}

/// One line of the "what changed" list.
std::string changeLine(const ComparisonRow &r)
{
    const std::string what = r.section == "Checks" ? "check *" + r.label + "*" : "`" + r.key + "`";
    if (countsAsZero(r))
        return what + ": " + shown(r, r.a) + " → " + shown(r, r.b) + " (" + r.change +
               "; the other counted none)";
    if (r.a.present != r.b.present)
        return what + ": " + r.change + " (" + shown(r, r.a) + " → " + shown(r, r.b) + ")";
    std::string line = what + ": " + r.a.text + " → " + r.b.text;
    if (r.relative)
        line += r.change.substr(r.change.find(' ') == std::string::npos ? r.change.size()
                                                                        : r.change.find(' '));
    return line;
}

} // namespace

std::string displayedPath(const std::string &typed)
{
    namespace fs = std::filesystem;
    fs::path path = fs::path(typed).lexically_normal();
    std::error_code error;
    const fs::path here = fs::current_path(error);
    if (path.is_absolute() && !error) {
        // Under the folder the command ran in: relative, as one would type it there.
        const fs::path relative = path.lexically_relative(here);
        if (!relative.empty() && *relative.begin() != "..")
            path = relative;
    }
    return path.generic_string();
}

std::string comparisonMarkdown(const ComparisonReportInfo &info,
                               const std::vector<ComparisonRow> &rows)
{
    std::ostringstream md;
    md << "# A/B comparison: " << info.scenario << "\n\n";
    md << "Both variants run `" << cell(displayedPath(info.file)) << "` with seed " << info.seedA;
    if (info.seedB != info.seedA)
        md << " (B: seed " << info.seedB << ", changed by an override: the runs differ by "
           << "chance too)";
    md << ": the same workload and the same fault schedule. Only these changes set them "
          "apart:\n\n";
    md << "| variant | changes to the file |\n|---|---|\n";
    md << "| **A** (solid lines) | " << overridesText(info.overridesA) << " |\n";
    md << "| **B** (dashed lines) | " << overridesText(info.overridesB) << " |\n\n";

    md << "## What changed\n\n";
    std::vector<const ComparisonRow *> notable;
    for (const ComparisonRow *r : notableRows(rows))
        if (notableHere(*r) && !repeatsConsistency(*r, rows))
            notable.push_back(r);
    constexpr std::size_t kListed = 15;
    if (notable.empty()) {
        md << "Nothing notable: ";
        bool allEqual = true;
        for (const ComparisonRow &r : rows)
            allEqual = allEqual && r.equal();
        md << (allEqual ? "every figure is the same in A and B.\n\n"
                        : "no figure moves by more than 10 %, and no check flips.\n\n");
    } else {
        for (std::size_t i = 0; i < notable.size() && i < kListed; ++i)
            md << "- " << changeLine(*notable[i]) << "\n";
        if (notable.size() > kListed)
            md << "- ... and " << notable.size() - kListed << " more, in bold below\n";
        md << "\n";
    }
    md << "Rows in **bold** differ notably: a check that flips, a figure that only one variant "
          "has, one that leaves or reaches 0, or one that moves by more than "
       << static_cast<int>(kNotableRelativeChange * 100)
       << " % of the larger value. The scenario's `expect` entries are left out: they judge "
          "the file as written, not a variant of it.\n\n";

    md << "## Figures\n";
    std::string section;
    std::size_t repeated = 0;
    const auto endSection = [&] {
        if (repeated > 0)
            md << "\n"
               << repeated << (repeated == 1 ? " figure" : " figures")
               << " of this section equal to Consistency's (the only read side) "
               << (repeated == 1 ? "is" : "are") << " not repeated.\n";
        repeated = 0;
    };
    for (const ComparisonRow &r : rows) {
        if (r.section != section) {
            endSection();
            section = r.section;
            md << "\n### " << section << "\n\n| figure | A | B | B − A |\n|---|--:|--:|--:|\n";
        }
        if (repeatsConsistency(r, rows)) {
            ++repeated;
            continue;
        }
        const bool strong = notableHere(r);
        md << "| " << bold(cell(r.label), strong) << " | " << bold(cell(shown(r, r.a)), strong)
           << " | " << bold(cell(shown(r, r.b)), strong) << " | "
           << bold(cell(changeText(r)), strong) << " |\n";
    }
    endSection();

    md << "\n## Charts\n\n";
    if (info.charts.empty()) {
        md << "No charts (they were not asked for, or no chart has data).\n";
    } else {
        md << "A's lines are solid, B's dashed in the same colour; shaded bands are faults (a "
              "band only B had is labelled \"B:\"). Each chart is also there as SVG, and its "
              "series as CSV.\n\n";
        for (const std::string &png : info.charts)
            md << "![" << png.substr(0, png.size() - 4) << "](" << png << ")\n\n";
    }
    return md.str();
}

} // namespace dplab
