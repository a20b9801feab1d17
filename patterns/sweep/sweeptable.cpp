#include "patterns/sweep/sweeptable.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <istream>
#include <limits>
#include <ostream>
#include <stdexcept>

namespace dplab {

namespace {

std::string sweepCsvField(const std::string &text)
{
    if (text.find_first_of(",\"\n\r") == std::string::npos)
        return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

/// One line of CSV (RFC 4180, no line breaks inside fields) into its fields.
std::vector<std::string> sweepCsvFields(const std::string &line)
{
    std::vector<std::string> out(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"')
                out.back() += line[++i];
            else if (c == '"')
                quoted = false;
            else
                out.back() += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.emplace_back();
        } else {
            out.back() += c;
        }
    }
    return out;
}

/// A figure for people: 6 significant digits (points.csv keeps more).
std::string sweepFigure(double v, const char *format = "%.6g")
{
    if (std::isnan(v))
        return {};
    char text[40];
    std::snprintf(text, sizeof text, format, v);
    return text;
}

std::string sweepShellQuoted(const std::string &text)
{
    if (text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                               "._-/:=,@+") == std::string::npos)
        return text;
    std::string out = "'";
    for (char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

} // namespace

SweepTable::SweepTable(SweepSpec spec)
    : m_spec(std::move(spec))
    , m_values(m_spec.runCount())
{}

void SweepTable::setValues(std::size_t run, std::vector<double> values)
{
    if (values.size() != m_spec.metrics.size())
        throw std::invalid_argument("SweepTable: one value per metric");
    m_values.at(run) = std::move(values);
}

bool SweepTable::complete() const
{
    for (const auto &v : m_values)
        if (v.empty())
            return false;
    return true;
}

std::string SweepTable::exactNumber(double v)
{
    if (std::isnan(v))
        return {};
    char text[40];
    const auto [ptr, ec] = std::to_chars(text, text + sizeof text, v);
    return ec == std::errc() ? std::string(text, ptr) : std::string();
}

std::string SweepTable::chartStem(const std::string &metric)
{
    std::string out;
    for (char c : metric) {
        const char l = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9'))
            out += l;
        else if (!out.empty() && out.back() != '-')
            out += '-';
    }
    while (!out.empty() && out.back() == '-')
        out.pop_back();
    return out.empty() ? "metric" : out.substr(0, 80);
}

std::string SweepTable::runsHeader() const
{
    std::string h = "run";
    for (const SweepParameter &p : m_spec.parameters)
        h += "," + sweepCsvField(p.path);
    h += ",seed";
    for (const std::string &m : m_spec.metrics)
        h += "," + sweepCsvField(m);
    return h;
}

void SweepTable::writeRunsCsv(std::ostream &out, const std::vector<std::size_t> &runs) const
{
    out << runsHeader() << "\n";
    for (std::size_t run : runs) {
        out << run;
        for (const std::string &v : m_spec.pointOverrides(m_spec.pointOf(run)))
            out << "," << sweepCsvField(v.substr(v.find('=') + 1));
        out << "," << m_spec.seedOf(run);
        for (double v : m_values.at(run))
            out << "," << exactNumber(v);
        out << "\n";
    }
}

std::string SweepTable::readRunsCsv(std::istream &in, const std::vector<std::size_t> &runs)
{
    std::string line;
    if (!std::getline(in, line) || line != runsHeader())
        return "runs.csv does not have the columns of this study (expected \"" + runsHeader() +
               "\")";
    const std::size_t metricsFrom = 2 + m_spec.parameters.size();
    for (std::size_t run : runs) {
        if (!std::getline(in, line))
            return "runs.csv ends before run " + std::to_string(run);
        const std::vector<std::string> f = sweepCsvFields(line);
        if (f.size() != metricsFrom + m_spec.metrics.size() || f[0] != std::to_string(run) ||
            f[metricsFrom - 1] != std::to_string(m_spec.seedOf(run)))
            return "runs.csv: expected run " + std::to_string(run) + " with seed " +
                   std::to_string(m_spec.seedOf(run)) + ", got \"" + line + "\"";
        std::vector<double> values;
        for (std::size_t i = metricsFrom; i < f.size(); ++i) {
            double v = std::numeric_limits<double>::quiet_NaN();
            if (!f[i].empty()) {
                const auto [ptr, ec] = std::from_chars(f[i].data(), f[i].data() + f[i].size(), v);
                if (ec != std::errc() || ptr != f[i].data() + f[i].size())
                    return "runs.csv: run " + std::to_string(run) + ": \"" + f[i] +
                           "\" is not a number";
            }
            values.push_back(v);
        }
        m_values.at(run) = std::move(values);
    }
    if (std::getline(in, line) && !line.empty())
        return "runs.csv has more rows than its shard's runs";
    return {};
}

SampleStatistics SweepTable::statistics(std::size_t point, std::size_t metric) const
{
    std::vector<double> sample;
    for (std::size_t k = 0; k < m_spec.seeds; ++k)
        sample.push_back(m_values.at(point * m_spec.seeds + k).at(metric));
    return SampleStatistics::of(sample);
}

void SweepTable::writePointsCsv(std::ostream &out) const
{
    out << "point";
    for (const SweepParameter &p : m_spec.parameters)
        out << "," << sweepCsvField(p.path);
    out << ",runs";
    for (const std::string &m : m_spec.metrics)
        for (const char *s : {".n", ".mean", ".sd", ".ci95_low", ".ci95_high"})
            out << "," << sweepCsvField(m + s);
    out << "\n";
    for (std::size_t p = 0; p < m_spec.pointCount(); ++p) {
        out << p;
        for (const std::string &v : m_spec.pointOverrides(p))
            out << "," << sweepCsvField(v.substr(v.find('=') + 1));
        out << "," << m_spec.seeds;
        for (std::size_t m = 0; m < m_spec.metrics.size(); ++m) {
            const SampleStatistics s = statistics(p, m);
            out << "," << s.n << "," << sweepFigure(s.mean, "%.10g") << ","
                << sweepFigure(s.sd, "%.10g") << "," << sweepFigure(s.ciLow, "%.10g") << ","
                << sweepFigure(s.ciHigh, "%.10g");
        }
        out << "\n";
    }
}

void SweepTable::writeReport(std::ostream &out, bool charts) const
{
    const SweepSpec &s = m_spec;
    out << "# Parameter study: " << s.scenarioName << "\n\n";
    out << "```\ndplab-cli sweep " << sweepShellQuoted(s.file);
    for (const std::string &o : s.overrides)
        out << " --set " << sweepShellQuoted(o);
    for (const SweepParameter &p : s.parameters) {
        std::string values;
        for (const std::string &v : p.values)
            values += (values.empty() ? "" : ",") + v;
        out << " --vary " << sweepShellQuoted(p.path + "=" + values);
    }
    out << " --seeds " << s.seeds;
    for (const std::string &m : s.metrics)
        out << " --metric " << sweepShellQuoted(m);
    out << "\n```\n\n";
    out << s.pointCount() << " points";
    for (const SweepParameter &p : s.parameters)
        out << (&p == &s.parameters.front() ? " (" : " x ") << p.values.size() << " values of `"
            << p.path << "`";
    out << "), " << s.seeds << " seed" << (s.seeds == 1 ? "" : "s") << " each: " << s.runCount()
        << " runs. Every point runs with the seeds " << s.baseSeed;
    if (s.seeds > 1)
        out << " to " << s.baseSeed + s.seeds - 1;
    out << " (the scenario's seed and the next ones), so two points differ by the parameters, "
           "not by their random draws. Replay one run with `dplab-cli run` and the same --set "
           "and --seed.\n\n";
    out << "Each figure is the mean over the seeds, with the standard deviation and the 95% "
           "confidence interval of the mean (Student t with seeds - 1 degrees of freedom). "
           "runs.csv has every run, points.csv these statistics.\n";
    for (std::size_t m = 0; m < s.metrics.size(); ++m) {
        out << "\n## " << s.metrics[m] << "\n\n";
        if (charts)
            out << "![" << s.metrics[m] << "](" << chartStem(s.metrics[m]) << ".png)\n\n";
        out << "|";
        for (const SweepParameter &p : s.parameters)
            out << " " << p.path << " |";
        out << " mean | sd | 95% CI |\n|";
        for (std::size_t i = 0; i < s.parameters.size() + 3; ++i)
            out << "---:|";
        out << "\n";
        for (std::size_t p = 0; p < s.pointCount(); ++p) {
            const SampleStatistics st = statistics(p, m);
            out << "|";
            for (const std::string &v : s.pointOverrides(p))
                out << " " << v.substr(v.find('=') + 1) << " |";
            out << " " << (st.n ? sweepFigure(st.mean) : "no value") << " | " << sweepFigure(st.sd)
                << " | ";
            if (st.n >= 2)
                out << sweepFigure(st.ciLow) << " .. " << sweepFigure(st.ciHigh);
            out << " |\n";
        }
    }
}

std::vector<std::string> SweepTable::missingMetrics() const
{
    std::vector<std::string> out;
    for (std::size_t m = 0; m < m_spec.metrics.size(); ++m) {
        bool seen = false;
        for (const auto &v : m_values)
            seen = seen || (!v.empty() && !std::isnan(v[m]));
        if (!seen)
            out.push_back(m_spec.metrics[m]);
    }
    return out;
}

} // namespace dplab
