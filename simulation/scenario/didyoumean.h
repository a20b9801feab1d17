#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dplab {

/// Edit distance with adjacent transpositions (optimal string alignment), case-insensitive
/// for ASCII letters: "wokers" -> "workers" is 1, "ordres" -> "orders" is 1.
std::size_t editDistance(std::string_view a, std::string_view b);

/// The candidate closest to word: edit distance <= 2 (<= 1 for words of 2-3 bytes, 0 for one byte),
/// else a candidate that word is a prefix of, or that is a prefix of word (at least 3 bytes
/// shared). Ties go to the earlier candidate. Nothing when no candidate is close.
std::optional<std::string> closestMatch(std::string_view word,
                                        const std::vector<std::string_view> &candidates);

/// "; did you mean \"workers\"?" or "" when nothing is close.
std::string didYouMean(std::string_view word, const std::vector<std::string_view> &candidates);

} // namespace dplab
