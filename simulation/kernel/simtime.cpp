#include "simulation/kernel/simtime.h"

#include "simulation/kernel/durationunits.h"

#include <charconv>
#include <cmath>

namespace dplab {

namespace {

bool fail(std::string *error, std::string message)
{
    if (error)
        *error = std::move(message);
    return false;
}

} // namespace

std::optional<SimTime> durationFromMilliseconds(double ms, std::string *error)
{
    if (!std::isfinite(ms)) {
        fail(error, "expected a finite duration");
        return std::nullopt;
    }
    if (ms < 0) {
        fail(error, "expected a duration >= 0");
        return std::nullopt;
    }
    const double us = ms * 1000.0;
    if (us > static_cast<double>(kSimTimeMax)) {
        fail(error, "duration is too large");
        return std::nullopt;
    }
    return static_cast<SimTime>(std::llround(us));
}

std::optional<SimTime> parseDuration(std::string_view text, std::string *error)
{
    const std::string original(text);
    auto bad = [&](const char *why) -> std::optional<SimTime> {
        fail(error, "expected a duration such as \"250us\", \"4ms\", \"2s\" or \"1.5min\", got \"" +
                        original + "\"" + (why[0] ? std::string(" (") + why + ")" : ""));
        return std::nullopt;
    };
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    if (text.empty())
        return bad("empty");
    if (text.front() == '-')
        return bad("negative");

    // Number part: digits with an optional fraction; no exponent, no sign, no hex.
    std::size_t i = 0;
    bool digits = false;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        ++i;
        digits = true;
    }
    if (i < text.size() && text[i] == '.') {
        ++i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            ++i;
            digits = true;
        }
    }
    if (!digits)
        return bad("");
    if (i > 40)
        return bad("too many digits");
    const std::string number(text.substr(0, i));
    std::string_view unit = text.substr(i);
    while (!unit.empty() && unit.front() == ' ')
        unit.remove_prefix(1);

    double scale = unit.empty() ? static_cast<double>(kMillisecond) : 0; // us per unit
    for (const DurationUnit &u : kDurationUnits)
        if (unit == u.suffix)
            scale = static_cast<double>(u.length);
    if (scale == 0)
        return bad("unknown unit; use us, ms, s, min or h");

    // from_chars, not strtod: a GUI that sets a locale with a decimal comma must not change
    // what "1.5min" means.
    double value = 0;
    std::from_chars(number.data(), number.data() + number.size(), value);
    const double us = value * scale;
    if (!std::isfinite(us) || us > static_cast<double>(kSimTimeMax))
        return bad("too large");
    return static_cast<SimTime>(std::llround(us));
}

std::string formatDuration(SimTime t)
{
    const bool negative = t < 0;
    const std::uint64_t a =
        negative ? static_cast<std::uint64_t>(-(t + 1)) + 1 : static_cast<std::uint64_t>(t);
    // to_chars gives the shortest text that reads back to the same double, independent of
    // the locale; every value below 2^53 us survives the round trip.
    auto fmt = [&](std::uint64_t unit, const char *suffix) {
        char buf[64];
        const double v = static_cast<double>(a) / static_cast<double>(unit);
        auto r = std::to_chars(buf, buf + sizeof buf, v);
        return std::string(negative ? "-" : "") + std::string(buf, r.ptr) + suffix;
    };
    if (a == 0)
        return "0s";
    if (a % kMinute == 0 && a >= static_cast<std::uint64_t>(kMinute))
        return fmt(kMinute, "min");
    if (a >= static_cast<std::uint64_t>(kSecond))
        return fmt(kSecond, "s");
    if (a >= static_cast<std::uint64_t>(kMillisecond))
        return fmt(kMillisecond, "ms");
    return fmt(1, "us");
}

} // namespace dplab
