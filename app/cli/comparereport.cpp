#include "app/cli/comparereport.h"

#include <algorithm>
#include <cmath>
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

std::string shown(const ComparisonValue &v)
{
    return v.present ? v.text : "-";
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
    if (r.a.present != r.b.present)
        return what + ": " + r.change + " (" + shown(r.a) + " → " + shown(r.b) + ")";
    std::string line = what + ": " + r.a.text + " → " + r.b.text;
    if (r.relative)
        line += r.change.substr(r.change.find(' ') == std::string::npos ? r.change.size()
                                                                        : r.change.find(' '));
    return line;
}

} // namespace

std::string comparisonMarkdown(const ComparisonReportInfo &info,
                               const std::vector<ComparisonRow> &rows)
{
    std::ostringstream md;
    md << "# A/B comparison: " << info.scenario << "\n\n";
    md << "Both variants run `" << info.file << "` with seed " << info.seedA;
    if (info.seedB != info.seedA)
        md << " (B: seed " << info.seedB << ", changed by an override: the runs differ by "
           << "chance too)";
    md << ": the same workload and the same fault schedule. Only these changes set them "
          "apart:\n\n";
    md << "| variant | changes to the file |\n|---|---|\n";
    md << "| **A** (solid lines) | " << overridesText(info.overridesA) << " |\n";
    md << "| **B** (dashed lines) | " << overridesText(info.overridesB) << " |\n\n";

    md << "## What changed\n\n";
    const auto notable = notableRows(rows);
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
    for (const ComparisonRow &r : rows) {
        if (r.section != section) {
            section = r.section;
            md << "\n### " << section << "\n\n| figure | A | B | B − A |\n|---|--:|--:|--:|\n";
        }
        md << "| " << bold(cell(r.label), r.notable) << " | " << bold(cell(shown(r.a)), r.notable)
           << " | " << bold(cell(shown(r.b)), r.notable) << " | " << bold(cell(r.change), r.notable)
           << " |\n";
    }

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
