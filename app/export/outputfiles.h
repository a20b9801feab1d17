#pragma once

#include <functional>
#include <ostream>
#include <string>

namespace dplab {

/**
 * Writes a file atomically: into a temporary file beside it, flushed, then renamed over the
 * target, so a reader never sees half a file and a failed write leaves the old one intact.
 * Returns an empty string or the reason it failed.
 */
std::string writeFileAtomically(const std::string &path,
                                const std::function<void(std::ostream &)> &write);

/// Creates a directory and its parents; returns an empty string or the reason it failed.
std::string makeDirectories(const std::string &path);

} // namespace dplab
