#include "simulation/scenario/didyoumean.h"

#include <algorithm>
#include <limits>

namespace dplab {

namespace {

char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool startsWith(std::string_view text, std::string_view prefix)
{
    if (prefix.size() > text.size())
        return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (lower(text[i]) != lower(prefix[i]))
            return false;
    return true;
}

} // namespace

std::size_t editDistance(std::string_view a, std::string_view b)
{
    // Three rolling rows are enough for the transposition case.
    const std::size_t n = b.size();
    std::vector<std::size_t> prev2(n + 1), prev(n + 1), cur(n + 1);
    for (std::size_t j = 0; j <= n; ++j)
        prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= n; ++j) {
            const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
                lower(a[i - 2]) == lower(b[j - 1]))
                cur[j] = std::min(cur[j], prev2[j - 2] + 1);
        }
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return prev[n];
}

std::optional<std::string> closestMatch(std::string_view word,
                                        const std::vector<std::string_view> &candidates)
{
    if (word.empty())
        return std::nullopt;
    // One-letter names are too short for a typo to be recognisable.
    const std::size_t limit = word.size() <= 1 ? 0 : word.size() <= 3 ? 1 : 2;
    std::size_t best = std::numeric_limits<std::size_t>::max();
    std::string_view bestWord;
    for (std::string_view c : candidates) {
        // Cheap bound first: lengths that differ by more than the limit cannot match.
        const std::size_t diff =
            c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
        if (diff > limit)
            continue;
        const std::size_t d = editDistance(word, c);
        if (d <= limit && d < best) {
            best = d;
            bestWord = c;
        }
    }
    if (best != std::numeric_limits<std::size_t>::max())
        return std::string(bestWord);
    for (std::string_view c : candidates) {
        if ((word.size() >= 3 && startsWith(c, word)) || (c.size() >= 3 && startsWith(word, c)))
            return std::string(c);
    }
    return std::nullopt;
}

std::string didYouMean(std::string_view word, const std::vector<std::string_view> &candidates)
{
    if (auto match = closestMatch(word, candidates))
        return "; did you mean \"" + *match + "\"?";
    return {};
}

} // namespace dplab
