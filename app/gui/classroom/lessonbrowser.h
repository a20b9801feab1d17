#pragma once

#include <QDialog>
#include <QStringList>

class QListWidget;
class QListWidgetItem;
class QTextBrowser;

namespace dplab {

/**
 * File > Lessons: every lesson built into the app, in teaching order, each with a picture of
 * its canvas and its description (learning goals, what to watch). Open starts the chosen one.
 * Shown on the first start too, so a teacher needs no manual to begin.
 */
class LessonBrowser : public QDialog
{
    Q_OBJECT

public:
    explicit LessonBrowser(QWidget *parent = nullptr);

    /// Resource paths of the lessons, in the order shown.
    static QStringList lessonPaths();
    QListWidget *list() const { return m_list; }
    QTextBrowser *details() const { return m_details; }
    /// Thumbnails drawn so far (they are drawn one by one after the dialog opens).
    int thumbnailsDone() const { return m_thumbnailsDone; }
    /// Draws every missing thumbnail now (tests, and screenshots).
    void drawAllThumbnails();

signals:
    void lessonChosen(const QString &path);

private:
    void showDetails(QListWidgetItem *item);
    void drawNextThumbnail();
    void choose();

    QListWidget *m_list;
    QTextBrowser *m_details;
    int m_thumbnailsDone = 0;
};

} // namespace dplab
