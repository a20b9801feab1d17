#include "patterns/sweep/sweepshard.h"

#include <charconv>

namespace dplab {

std::optional<SweepShard> SweepShard::parse(std::string_view text, std::string *why)
{
    const auto slash = text.find('/');
    SweepShard s;
    auto number = [](std::string_view t, std::size_t *v) {
        const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), *v);
        return ec == std::errc() && ptr == t.data() + t.size() && !t.empty();
    };
    if (slash == std::string_view::npos || !number(text.substr(0, slash), &s.index) ||
        !number(text.substr(slash + 1), &s.count) || s.count == 0 || s.count > 100000 ||
        s.index >= s.count) {
        *why = "expected I/N with 0 <= I < N (shards are numbered from 0), such as 0/4, got \"" +
               std::string(text) + "\"";
        return std::nullopt;
    }
    return s;
}

} // namespace dplab
