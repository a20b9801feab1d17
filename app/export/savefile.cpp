#include "app/export/savefile.h"

#include <QSaveFile>

namespace dplab {

bool commitFully(QSaveFile &file)
{
    // Qt 6.4's commit() renames the temporary file over the old one even after a short write
    // (EFBIG, a full disk): its final flush fails, yet commit() returns true. Flushing first
    // catches it while the old file is still whole; an uncommitted QSaveFile removes its
    // temporary file when destroyed.
    if (!file.flush() || file.error() != QFileDevice::NoError)
        return false;
    return file.commit();
}

} // namespace dplab
