#include "app/gui/recentfiles.h"

#include <QFileInfo>
#include <QSettings>

namespace dplab {

namespace {
const char *const kKey = "recentFiles";
}

RecentFiles::RecentFiles(QObject *parent)
    : QObject(parent)
{}

QStringList RecentFiles::files()
{
    const QStringList stored = QSettings().value(kKey).toStringList();
    QStringList existing;
    for (const QString &f : stored)
        if (QFileInfo::exists(f) && !existing.contains(f))
            existing << f;
    if (existing != stored)
        store(existing);
    return existing.mid(0, kMaxFiles);
}

void RecentFiles::add(const QString &path)
{
    if (path.isEmpty() || path.startsWith(":/"))
        return;
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = QSettings().value(kKey).toStringList();
    list.removeAll(absolute);
    list.prepend(absolute);
    store(list.mid(0, kMaxFiles));
    emit changed();
}

void RecentFiles::remove(const QString &path)
{
    QStringList list = QSettings().value(kKey).toStringList();
    if (list.removeAll(path) > 0) {
        store(list);
        emit changed();
    }
}

void RecentFiles::clear()
{
    store({});
    emit changed();
}

void RecentFiles::store(const QStringList &files)
{
    QSettings settings;
    settings.setValue(kKey, files);
}

} // namespace dplab
