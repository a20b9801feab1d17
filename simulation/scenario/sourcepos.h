#pragma once

namespace dplab {

/** Where a value came from in its file, for error messages raised after loading. */
struct SourcePos
{
    int line = 0;
    int column = 0;
};

} // namespace dplab
