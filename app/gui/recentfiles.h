#pragma once

#include <QObject>
#include <QStringList>

namespace dplab {

/** The "Open Recent" list: at most ten existing files, newest first, kept in QSettings. */
class RecentFiles : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMaxFiles = 10;

    explicit RecentFiles(QObject *parent = nullptr);

    /// The files, newest first; files that no longer exist are dropped (and forgotten).
    QStringList files();
    void add(const QString &path);
    void remove(const QString &path);
    void clear();

signals:
    void changed();

private:
    void store(const QStringList &files);
};

} // namespace dplab
