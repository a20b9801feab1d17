#include "patterns/sweep/sweepparameter.h"

#include "simulation/kernel/simtime.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>

namespace dplab {

namespace {

/// The values of "V1,V2,...": split at the commas outside brackets and quotes.
std::vector<std::string> splitSweepList(std::string_view text)
{
    std::vector<std::string> out;
    std::string current;
    int depth = 0;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '\\' && i + 1 < text.size()) {
                current += c;
                current += text[++i];
                continue;
            }
            if (c == '"')
                quoted = false;
        } else if (c == '"') {
            quoted = true;
        } else if (c == '[' || c == '{') {
            ++depth;
        } else if (c == ']' || c == '}') {
            --depth;
        } else if (c == ',' && depth == 0) {
            out.push_back(current);
            current.clear();
            continue;
        }
        current += c;
    }
    out.push_back(current);
    return out;
}

/// "10ms" -> 10 and "ms"; "0.5" -> 0.5 and "".
bool splitSweepNumber(std::string_view text, double *number, std::string *unit)
{
    const char *end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, *number);
    if (ec != std::errc() || ptr == text.data() || !std::isfinite(*number))
        return false;
    *unit = std::string(ptr, end);
    for (char c : *unit)
        if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z'))
            return false;
    return true;
}

/// A value of a range, without the float noise of A + i * STEP (0.30000000000000004).
std::string sweepRangeValue(double v, const std::string &unit)
{
    char text[40];
    std::snprintf(text, sizeof text, "%.12g", v);
    return text + unit;
}

} // namespace

std::optional<SweepParameter> SweepParameter::parse(std::string_view text, std::string *why)
{
    const auto eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 >= text.size()) {
        *why = "expected PATH=V1,V2,... or PATH=A..B:STEP, got \"" + std::string(text) + "\"";
        return std::nullopt;
    }
    SweepParameter p;
    p.path = std::string(text.substr(0, eq));
    const std::string_view values = text.substr(eq + 1);
    const auto dots = values.find("..");
    const auto colon = values.rfind(':');
    if (dots != std::string_view::npos && colon != std::string_view::npos && colon > dots &&
        values.front() != '[' && values.front() != '{' && values.front() != '"') {
        double a = 0, b = 0, step = 0;
        std::string ua, ub, us;
        if (!splitSweepNumber(values.substr(0, dots), &a, &ua) ||
            !splitSweepNumber(values.substr(dots + 2, colon - dots - 2), &b, &ub) ||
            !splitSweepNumber(values.substr(colon + 1), &step, &us)) {
            *why = p.path + ": a range is A..B:STEP with numbers, such as 0.1..0.9:0.1 or " +
                   "10ms..100ms:10ms, got \"" + std::string(values) + "\"";
            return std::nullopt;
        }
        if (ua != ub || ua != us) {
            *why = p.path + ": A, B and STEP of a range need the same unit, got \"" +
                   std::string(values) + "\"";
            return std::nullopt;
        }
        if (!(step > 0) || b < a) {
            *why =
                p.path + ": a range needs A <= B and STEP > 0, got \"" + std::string(values) + "\"";
            return std::nullopt;
        }
        const double count = std::floor((b - a) / step + 1e-9) + 1;
        if (count > 10000) {
            *why = p.path + ": the range has more than 10000 values";
            return std::nullopt;
        }
        for (int i = 0; i < static_cast<int>(count); ++i)
            p.values.push_back(sweepRangeValue(a + i * step, ua));
        return p;
    }
    p.values = splitSweepList(values);
    for (const std::string &v : p.values) {
        if (v.empty()) {
            *why = p.path + ": an empty value in \"" + std::string(values) + "\"";
            return std::nullopt;
        }
    }
    return p;
}

std::optional<double> SweepParameter::axisValue(std::size_t index) const
{
    const std::string &v = values.at(index);
    const auto json = nlohmann::json::parse(v, nullptr, false);
    if (!json.is_discarded()) {
        if (json.is_number())
            return json.get<double>();
        if (json.is_boolean())
            return json.get<bool>() ? 1.0 : 0.0;
        if (!json.is_string())
            return std::nullopt;
    }
    if (const auto t = parseDuration(v))
        return static_cast<double>(*t) / static_cast<double>(kMillisecond);
    return std::nullopt;
}

bool SweepParameter::numeric() const
{
    for (std::size_t i = 0; i < values.size(); ++i)
        if (!axisValue(i))
            return false;
    return true;
}

std::string SweepParameter::axisTitle() const
{
    for (const std::string &v : values) {
        const auto json = nlohmann::json::parse(v, nullptr, false);
        if (!json.is_discarded() && !json.is_string())
            continue;
        if (parseDuration(v))
            return path + " (ms)";
    }
    // The scenario's few quantities whose unit the path implies.
    auto endsWith = [this](std::string_view tail) {
        return path.size() >= tail.size() &&
               path.compare(path.size() - tail.size(), tail.size(), tail) == 0;
    };
    if (path.rfind("workload", 0) == 0 && endsWith(".rate"))
        return path + " (requests/s)";
    if (endsWith("failure_rate"))
        return path + " (probability)";
    if (endsWith("workers"))
        return path + " (workers)";
    return path;
}

} // namespace dplab
