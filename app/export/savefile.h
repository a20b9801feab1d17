#pragma once

class QSaveFile;

namespace dplab {

/// Commits `file` only when every byte written reached the disk; else false, the old file (if
/// any) stays as it was, the temporary one is discarded, and file.errorString() says why.
bool commitFully(QSaveFile &file);

} // namespace dplab
